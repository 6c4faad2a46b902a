import type { InlineKeyboardMarkup } from 'grammy/types';
import { outboxKeys, robotKeys } from '../delivery/keys.ts';
import { localDate } from '../domain/calendar.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { taskCode } from '../domain/tasks.ts';
import { Html, plainText, splitMessage, type Translate } from '../render/html.ts';
import { buttonData } from '../render/buttons.ts';
import { htmlMessages, PROMPT_MARK } from '../render/messages.ts';
import { formatPercent } from '../render/format.ts';
import { problemBulletinLines } from '../render/problems.ts';
import type { Publication } from '../services/bulletins.ts';
import { deliverableFrom, type BroadcastDeps } from './context.ts';
import { robotMessages } from './robots.ts';

/** A bulletin's length at most (about three Telegram messages), as published: the units with most overdue work first. */
export const BULLETIN_MAX_CHARS = 10_000;
/** Tasks named per unit; the rest of the unit's are counted. */
const BULLETIN_TASKS_PER_UNIT = 10;
/** The first bulletin's period, there being no earlier one to start from. */
const FIRST_PERIOD_DAYS = 7;
/** Telegram's limit for one message, less the draft's mark line above every part. */
const DRAFT_PART_LIMIT = 4096 - 64;

/** When a bulletin is numbered: a draft is not yet. */
type Numbering = { year: number; number: number; publishedAt: Date } | null;

/**
 * The bulletin (通报) as a county office issues it: 第 N 期 of the year, then what was completed and closed since the
 * last one, the units with overdue work (each part with its days), the outcome ranking the digest uses, open
 * problems, and the 落款 (the committee office and the date). The office gets a draft it may edit by replying to
 * it, with Publish / Discard; nothing goes further without a press, and publishing happens once.
 */
export class BulletinBroadcast {
  constructor(private readonly deps: BroadcastDeps) {}

  /** The draft's editable text (everything but the numbered title and the 落款) as HTML, or null when there is nothing to report. */
  async text(): Promise<string | null> {
    const { deps } = this;
    const t = deps.t;
    const now = deps.now();
    const today = localDate(now, deps.config.timeZone);
    const since = (await deps.bulletins.lastPublishedAt()) ?? new Date(now.getTime() - FIRST_PERIOD_DAYS * 24 * 3600 * 1000);
    const [overdue, problems, completed, digest] = await Promise.all([
      deps.tasks.queries.summaries({ overdueOnly: true }),
      deps.problems.open(),
      deps.bulletins.completedSince(since),
      // The digest's own ranking, not a second one: the same scores the leadership reads every morning.
      deps.digests.compute(now, since),
    ]);
    const overdueByUnit = new Map<string, string[]>();
    for (const task of overdue) {
      for (const part of task.parts) {
        if (part.light !== 'red') continue;
        overdueByUnit.set(part.unitName, [...(overdueByUnit.get(part.unitName) ?? []), t('bulletin-task', { code: task.code, title: task.title, days: part.overdueDays })]);
      }
    }
    const overdueTasks = overdue.filter((task) => task.parts.some((p) => p.light === 'red')).length;
    if (overdueTasks === 0 && problems.length === 0 && completed.parts.length === 0 && completed.closed.length === 0) return null;

    const doneByUnit = new Map<string, string[]>();
    for (const part of completed.parts) doneByUnit.set(part.unitName, [...(doneByUnit.get(part.unitName) ?? []), t('bulletin-done-task', { code: taskCode(part.taskId), title: part.title })]);
    const unitLine = (unit: string, items: string[]) =>
      t('bulletin-unit', {
        unit,
        tasks: new Html(items.length > BULLETIN_TASKS_PER_UNIT ? `${items.slice(0, BULLETIN_TASKS_PER_UNIT).join('；')}${t('bulletin-unit-more', { count: items.length })}` : items.join('；')),
      });
    const unitLines = (byUnit: Map<string, string[]>) =>
      [...byUnit].sort((a, b) => b[1].length - a[1].length).map(([unit, items]) => ({ tasks: items.length, line: unitLine(unit, items) }));

    const completedHead = [
      t('bulletin-section-completed', { from: this.day(localDate(since, deps.config.timeZone)), to: this.day(today) }),
      completed.parts.length + completed.closed.length === 0 ? t('bulletin-completed-none') : t('bulletin-completed-intro', { parts: completed.parts.length, closed: completed.closed.length }),
    ];
    const closedLine = completed.closed.length === 0 ? [] : [t('bulletin-closed', { tasks: new Html(completed.closed.map((c) => t('bulletin-done-task', { code: taskCode(c.taskId), title: c.title })).join('；')) })];
    const overdueHead = ['', t('bulletin-section-overdue'), overdueTasks === 0 ? t('bulletin-overdue-none') : t('bulletin-intro', { units: overdueByUnit.size, tasks: overdueTasks })];
    const scoring = deps.config.rules.scoring;
    // One line per kind of unit: the ranked ones, then those not ranked yet (fewer parts due than the rule asks).
    const ranking = (key: string, { ranked, notRanked }: typeof digest.townships) => {
      const parts = [
        ...ranked.map((u) => t('bulletin-rank', { rank: u.rank, unit: u.unitName, score: u.score })),
        ...(notRanked.length === 0 ? [] : [t('digest-not-ranked', { min: scoring.minDueParts, units: notRanked.map((u) => u.unitName).join('、') })]),
      ];
      return parts.length === 0 ? [] : [t(key, { units: new Html(parts.join('；')) })];
    };
    const rankingLines = ['', t('bulletin-section-ranking'), ...ranking('bulletin-ranking-townships', digest.townships), ...ranking('bulletin-ranking-departments', digest.departments)];
    if (rankingLines.length === 2) rankingLines.push(t('bulletin-ranking-none'));
    else rankingLines.push(t('digest-footer', { min: scoring.minDueParts, perDay: formatPercent(scoring.lateCreditPerDay), floor: formatPercent(scoring.minFinishedLateCredit) }));
    const problemAll = problemBulletinLines(t, problems, today);
    const problemsHead = problemAll.length === 0 ? [] : ['', t('bulletin-section-problems'), problemAll[1]!];
    const problemLines = problemAll.slice(2);
    const closing = ['', t('bulletin-closing')];

    // Bounded: every unit group gets it, so it stays a few phone screens; what does not fit is counted in one line.
    // The overdue units come first, then the problems, then the units' completed work.
    const fixed = [...completedHead, ...closedLine, ...overdueHead, ...rankingLines, ...problemsHead, ...closing];
    let room = BULLETIN_MAX_CHARS - this.frameLength() - fixed.join('\n').length - 2 * t('bulletin-more', { units: 99_999, tasks: 99_999, problems: 99_999 }).length;
    const fitting = <T>(items: T[], text: (item: T) => string) => {
      let n = 0;
      while (n < items.length && (room -= text(items[n]!).length + 1) >= 0) n++;
      room = Math.max(0, room);
      return items.slice(0, n);
    };
    const overdueUnits = unitLines(overdueByUnit);
    const doneUnits = unitLines(doneByUnit);
    const shownOverdue = fitting(overdueUnits, (u) => u.line);
    const shownProblems = fitting(problemLines, (line) => line);
    const shownDone = fitting(doneUnits, (u) => u.line);
    const hidden = {
      units: overdueUnits.length - shownOverdue.length,
      tasks: overdueUnits.slice(shownOverdue.length).reduce((n, u) => n + u.tasks, 0),
      problems: problemLines.length - shownProblems.length,
    };
    const hiddenDone = { units: doneUnits.length - shownDone.length, tasks: doneUnits.slice(shownDone.length).reduce((n, u) => n + u.tasks, 0) };
    return [
      ...completedHead,
      ...shownDone.map((u) => u.line),
      ...(hiddenDone.units > 0 ? [t('bulletin-completed-more', hiddenDone)] : []),
      ...closedLine,
      ...overdueHead,
      ...shownOverdue.map((u) => u.line),
      ...rankingLines,
      ...problemsHead,
      ...shownProblems,
      ...(hidden.units + hidden.problems > 0 ? ['', t('bulletin-more', hidden)] : []),
      ...closing,
    ].join('\n');
  }

  /**
   * The bulletin as published (or, unnumbered, as the draft shows it): the title with 第 N 期, the text, and the
   * 落款 — the committee office's name from the organisation file and the date.
   */
  frame(text: string, numbered: Numbering, issuer: string, t: Translate = this.deps.t): string {
    const date = localDate(numbered?.publishedAt ?? this.deps.now(), this.deps.config.timeZone);
    return [...this.head(numbered, date, t), '', text, '', ...this.signature(issuer, date, t)].join('\n');
  }

  /** The draft as the office sees it, in parts under Telegram's limit, each marked so that a reply to any part edits it. */
  async draftMessages(draftId: number, text: string, t: Translate = this.deps.t): Promise<string[]> {
    const framed = `${this.frame(text, null, await this.issuer(), t)}\n\n${t('bulletin-draft-footer')}`;
    return splitMessage(framed, DRAFT_PART_LIMIT).map((part) => `${draftMark(draftId)}\n${part}`);
  }

  /**
   * The office's edit: the text of its reply (HTML) replaces the draft's, less any lines of the frame it copied
   * along (the mark, the title, the 落款). Refused, changing nothing, when empty or when the bulletin would be
   * longer than BULLETIN_MAX_CHARS. Returns the new text.
   */
  async edit(draftId: number, html: string, by: bigint, t: Translate = this.deps.t): Promise<Result<string>> {
    const issuer = await this.issuer();
    const text = this.withoutFrame(draftId, html, issuer, t);
    if (plainText(text).trim() === '') return fail('bulletin-edit-empty');
    const length = this.frame(text, { year: 9999, number: 999, publishedAt: this.deps.now() }, issuer).length;
    if (length > BULLETIN_MAX_CHARS) return fail('bulletin-edit-too-long', { length, max: BULLETIN_MAX_CHARS });
    const edited = await this.deps.bulletins.edit(draftId, text, by);
    return edited.ok ? ok(text) : edited;
  }

  /** The weekly job: the draft to the office's chats. */
  async run(slot: string): Promise<number> {
    const { deps } = this;
    const text = await this.text();
    const officeChats = await deps.chats.officeChats();
    if (text === null || officeChats.length === 0) return 0;
    const draftId = await deps.bulletins.saveDraft(officeChats[0]!, text);
    const keyboard = this.draftKeyboard(draftId);
    const parts = await this.draftMessages(draftId, text);
    const added = await deps.outbox.enqueue(
      officeChats.flatMap((chatId) =>
        parts.map((part, i) => ({
          key: i === 0 ? outboxKeys.bulletinDraft(slot, chatId) : `${outboxKeys.bulletinDraft(slot, chatId)}:part:${i + 1}`,
          chatId,
          kind: 'bulletin',
          method: 'sendMessage',
          params: { text: part, parse_mode: 'HTML', link_preview_options: { is_disabled: true }, ...(i === parts.length - 1 ? { reply_markup: keyboard } : {}) },
        })),
      ),
    );
    deps.nudge();
    return added;
  }

  /** Publish / Discard under a draft. */
  draftKeyboard(draftId: number, t = this.deps.t): InlineKeyboardMarkup {
    return {
      inline_keyboard: [
        [
          { text: t('bulletin-publish-button'), callback_data: buttonData.bulletin('publish', draftId) },
          { text: t('bulletin-discard-button'), callback_data: buttonData.bulletin('discard', draftId) },
        ],
      ],
    };
  }

  /**
   * Publishes the draft once, numbered, to the groups it goes to now: the leadership group, every unit group and
   * their robots (outside quiet hours). A second press answers with the first publication and sends nothing.
   */
  async publish(draftId: number, by: bigint): Promise<Result<Publication & { chats: number }>> {
    const { deps } = this;
    const chats = [...(await deps.chats.leadershipChats()), ...(await deps.chats.unitGroups()).map((g) => g.chatId)];
    const robots = [...(await deps.robots.leadership()), ...(await deps.robots.ofUnits())];
    const issuer = await this.issuer();
    const notBefore = deliverableFrom(deps);
    const published = await deps.bulletins.publish(
      draftId,
      by,
      (text, numbered) => this.frame(text, numbered, issuer),
      async (tx, text) => {
        const forRobots = await robotMessages(deps, robots, (robotId) => robotKeys.bulletin(draftId, robotId), 'bulletin', { html: text }, notBefore);
        await deps.outbox.enqueue([...chats.flatMap((chatId) => htmlMessages(outboxKeys.bulletin(draftId, chatId), chatId, 'bulletin', text, {}, notBefore)), ...forRobots], tx);
        return chats.length + robots.length;
      },
    );
    if (!published.ok) return published;
    if (!published.value.already) deps.nudge();
    return ok({ ...published.value, chats: chats.length + robots.length });
  }

  /** Who issues it (落款): the organisation file's office (`office: true`), or the committee office by its usual name. */
  private async issuer(): Promise<string> {
    return (await this.deps.org.units()).find((u) => u.office)?.name ?? plainText(this.deps.t('bulletin-issuer'));
  }

  private head(numbered: Numbering, date: string, t: Translate): string[] {
    return [
      t('bulletin-title'),
      numbered ? t('bulletin-number', { year: String(numbered.year), number: numbered.number }) : t('bulletin-number-draft', { year: date.slice(0, 4) }),
    ];
  }

  private signature(issuer: string, date: string, t: Translate): string[] {
    return [t('bulletin-issuer-line', { issuer }), t('bulletin-date', { year: date.slice(0, 4), month: String(Number(date.slice(5, 7))), day: String(Number(date.slice(8, 10))) })];
  }

  /** A date as the bulletin's period names it (12月2日). */
  private day(date: string): string {
    return plainText(this.deps.t('bulletin-day', { month: String(Number(date.slice(5, 7))), day: String(Number(date.slice(8, 10))) }));
  }

  /** The frame's length around the text: title, number, 落款, the blank lines between. */
  private frameLength(): number {
    return this.frame('', { year: 9999, number: 999, publishedAt: this.deps.now() }, '县生态环境保护委员会办公室（最长的落款）').length;
  }

  /** The reply's lines without those of the draft's frame at its start and end (copied along with the text). */
  private withoutFrame(draftId: number, html: string, issuer: string, t: Translate): string {
    const date = localDate(this.deps.now(), this.deps.config.timeZone);
    const plain = (line: string) => plainText(line).trim();
    const headLines = new Set([draftMark(draftId), ...this.head(null, date, t)].map(plain));
    const tailLines = new Set([...this.signature(issuer, date, t), t('bulletin-draft-footer')].map(plain));
    const lines = html.split('\n');
    let start = 0;
    let end = lines.length;
    while (start < end && (plain(lines[start]!) === '' || headLines.has(plain(lines[start]!)))) start++;
    while (end > start && (plain(lines[end - 1]!) === '' || tailLines.has(plain(lines[end - 1]!)))) end--;
    return lines.slice(start, end).join('\n');
  }
}

/** The first line of every part of a draft: a reply to it is routed to /bulletin as an edit of this draft. */
export const draftMark = (draftId: number): string => `${PROMPT_MARK} /bulletin edit ${draftId}`;
