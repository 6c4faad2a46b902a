import type { InlineKeyboardMarkup } from 'grammy/types';
import { outboxKeys, robotKeys } from '../delivery/keys.ts';
import { localDate } from '../domain/calendar.ts';
import { Html } from '../render/html.ts';
import { buttonData } from '../render/buttons.ts';
import { htmlMessages } from '../render/messages.ts';
import { problemBulletinLines } from '../render/problems.ts';
import type { BroadcastDeps } from './context.ts';
import { robotMessages } from './robots.ts';

/** A bulletin's length at most (about three Telegram messages): the units with most overdue work first. */
export const BULLETIN_MAX_CHARS = 10_000;
/** Tasks named per unit; the rest of the unit's are counted. */
const BULLETIN_TASKS_PER_UNIT = 10;

/**
 * The weekly bulletin (通报): overdue units and their tasks, and open problems. The office gets a draft with
 * Publish / Discard; nothing goes further without a press. /bulletin drafts the same text on demand.
 */
export class BulletinBroadcast {
  constructor(private readonly deps: BroadcastDeps) {}

  /** The bulletin's text as HTML, or null when there is nothing to bulletin. */
  async text(): Promise<string | null> {
    const { deps } = this;
    const today = localDate(deps.now(), deps.config.timeZone);
    const overdue = (await deps.tasks.queries.summaries({ overdueOnly: true })).filter((t) => t.light === 'red');
    const problems = await deps.problems.open();
    if (overdue.length === 0 && problems.length === 0) return null;
    const byUnit = new Map<string, string[]>();
    for (const task of overdue) {
      for (const part of task.parts) {
        if (part.doneAt) continue;
        byUnit.set(part.unitName, [...(byUnit.get(part.unitName) ?? []), deps.t('bulletin-task', { code: task.code, title: task.title, days: task.overdueDays })]);
      }
    }
    const head = [deps.t('bulletin-title', { date: today })];
    if (overdue.length > 0) head.push(deps.t('bulletin-intro', { units: byUnit.size, tasks: overdue.length }));
    const unitLines = [...byUnit]
      .sort((a, b) => b[1].length - a[1].length)
      .map(([unit, items]) => ({
        tasks: items.length,
        line: deps.t('bulletin-unit', {
          unit,
          tasks: new Html(items.length > BULLETIN_TASKS_PER_UNIT ? `${items.slice(0, BULLETIN_TASKS_PER_UNIT).join('；')}${deps.t('bulletin-unit-more', { count: items.length })}` : items.join('；')),
        }),
      }));
    const problemAll = problemBulletinLines(deps.t, problems, today);
    const problemsHeading = problemAll.slice(0, 2);
    const problemLines = problemAll.slice(2);
    const closing = ['', deps.t('bulletin-closing')];
    // Bounded: every unit group gets it, so it stays a few phone screens; what does not fit is counted in one line.
    let room = BULLETIN_MAX_CHARS - [...head, ...problemsHeading, ...closing].join('\n').length - 200;
    const fitting = <T>(items: T[], text: (item: T) => string) => {
      let n = 0;
      while (n < items.length && (room -= text(items[n]!).length + 1) >= 0) n++;
      room = Math.max(0, room);
      return items.slice(0, n);
    };
    const shownUnits = fitting(unitLines, (u) => u.line);
    const shownProblems = fitting(problemLines, (line) => line);
    const hidden = {
      units: unitLines.length - shownUnits.length,
      tasks: unitLines.slice(shownUnits.length).reduce((n, u) => n + u.tasks, 0),
      problems: problemLines.length - shownProblems.length,
    };
    const lines = [...head, ...shownUnits.map((u) => u.line), ...(problemLines.length > 0 ? problemsHeading : []), ...shownProblems];
    if (hidden.units + hidden.problems > 0) lines.push(deps.t('bulletin-more', hidden));
    lines.push(...closing);
    return lines.join('\n');
  }

  /** The weekly job: the draft to the office's chats. */
  async run(slot: string): Promise<number> {
    const { deps } = this;
    const text = await this.text();
    const officeChats = await deps.chats.officeChats();
    if (text === null || officeChats.length === 0) return 0;
    const draftId = await deps.bulletins.saveDraft(officeChats[0]!, text);
    const keyboard = this.draftKeyboard(draftId);
    const added = await deps.outbox.enqueue(
      officeChats.flatMap((chatId) => htmlMessages(outboxKeys.bulletinDraft(slot, chatId), chatId, 'bulletin', `${text}\n\n${deps.t('bulletin-draft-footer')}`, { reply_markup: keyboard })),
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

  /** Publishing posts the bulletin to the leadership group, every unit group and their robots; returns how many chats and robots. */
  async publish(draftId: number, text: string, by: bigint): Promise<number> {
    const { deps } = this;
    const chats = [...(await deps.chats.leadershipChats()), ...(await deps.chats.unitGroups()).map((g) => g.chatId)];
    const robots = [...(await deps.robots.leadership()), ...(await deps.robots.ofUnits())];
    const forRobots = await robotMessages(deps, robots, (robotId) => robotKeys.bulletin(draftId, robotId), 'bulletin', { html: text });
    await deps.bulletins.publish(draftId, by, chats.length + robots.length, (tx) =>
      deps.outbox.enqueue([...chats.flatMap((chatId) => htmlMessages(outboxKeys.bulletin(draftId, chatId), chatId, 'bulletin', text)), ...forRobots], tx),
    );
    deps.nudge();
    return chats.length + robots.length;
  }
}
