import type { Rules } from '../domain/rules.ts';
import type { Db } from '../db/types.ts';
import { htmlMessages } from '../render/messages.ts';
import type { Outbox, OwedMessage } from '../delivery/outbox.ts';
import { Html, type Translate } from '../i18n/index.ts';
import type { Logger } from '../logger.ts';
import { addDays, daysBetween, localDate, localTime, zonedInstant } from '../domain/calendar.ts';
import { inQuietHours } from '../domain/schedule.ts';
import { isStale, taskCode } from '../domain/tasks.ts';
import { computeDigest } from '../services/digest.ts';
import type { TaskQueries, TaskSummary } from '../services/task-queries.ts';
import { renderDigest } from '../render/digest.ts';
import { escapeHtml } from '../render/html.ts';
import { deadlineText, LIGHT_ICONS, progressText } from '../render/tasks.ts';
import { openProblems } from '../services/problems.ts';
import { problemBulletinLines, problemReminderLines } from '../render/problems.ts';

/** What every scheduled job works with. Messages go to the outbox, never straight to Telegram. */
export interface JobContext {
  db: Db;
  outbox: Outbox;
  queries: TaskQueries;
  rules: Rules;
  timeZone: string;
  now: () => Date;
  /** The default locale's translate, escaping variables: group chats have no single reader. */
  t: Translate;
  renderChart: (input: { title: string; bars: { label: string; value: number; color?: 'red' | 'yellow' | 'green' }[]; valueSuffix?: string }) => Promise<Buffer>;
  logger: Logger;
  /** Tells the sender there is work. */
  nudge: () => void;
}

const mention = (telegramId: bigint, name: string) => `<a href="tg://user?id=${telegramId}">${escapeHtml(name)}</a>`;

/** When a message written now may be delivered: at once, or when quiet hours end. */
function deliverableFrom(ctx: JobContext): Date | undefined {
  const now = ctx.now();
  const quiet = ctx.rules.schedule.quietHours;
  if (!quiet || !inQuietHours(localTime(now, ctx.timeZone), quiet)) return undefined;
  const today = localDate(now, ctx.timeZone);
  const end = zonedInstant(today, quiet.to, ctx.timeZone);
  return end > now ? end : zonedInstant(addDays(today, 1), quiet.to, ctx.timeZone);
}

/**
 * Morning reminders: to each unit's group, its red, yellow and stale work across all committees, grouped by
 * committee, with its liaisons mentioned. A unit with nothing to say, or paused, gets nothing.
 */
export async function remindersJob(ctx: JobContext, slot: string): Promise<number> {
  const now = ctx.now();
  const tasks = (await ctx.queries.summaries()).filter((task) => task.status !== 'done');
  const chats = await ctx.db.chatBinding.findMany({
    where: { kind: 'unit', unitId: { not: null } },
    select: { chatId: true, unitId: true, unit: { select: { name: true, remindersPausedUntil: true } } },
  });
  const liaisons = await ctx.db.member.findMany({
    where: { role: 'liaison', unitId: { in: chats.map((c) => c.unitId!) } },
    select: { telegramId: true, displayName: true, unitId: true, awayUntil: true },
  });
  const notBefore = deliverableFrom(ctx);
  const problems = await openProblems(ctx.db);
  const messages: OwedMessage[] = [];
  for (const chat of chats) {
    const unitId = chat.unitId!;
    if (chat.unit?.remindersPausedUntil && chat.unit.remindersPausedUntil >= slot) continue;
    const lines: { committee: string; line: string }[] = [];
    for (const task of tasks) {
      const part = task.parts.find((p) => p.unitId === unitId);
      if (!part || part.doneAt) continue;
      const stale = isStale(part.lastReportAt ?? task.createdAt, now, ctx.rules.staleDays, ctx.timeZone);
      if (task.light === 'green' && !stale) continue;
      lines.push({ committee: task.committee, line: reminderLine(ctx, task, part, stale, slot) });
    }
    const problemLines = problemReminderLines(ctx.t, problems.filter((p) => p.unitId === unitId), slot);
    if (lines.length === 0 && problemLines.length === 0) continue;
    const present = liaisons.filter((l) => l.unitId === unitId && !(l.awayUntil && l.awayUntil >= slot));
    const body = [ctx.t('reminder-title', { unit: chat.unit?.name ?? '', date: slot })];
    if (present.length > 0) body.push(present.map((l) => mention(l.telegramId, l.displayName)).join(' '));
    for (const committee of [...new Set(lines.map((l) => l.committee))]) {
      body.push('', ctx.t('reminder-committee', { committee }), ...lines.filter((l) => l.committee === committee).map((l) => l.line));
    }
    body.push(...problemLines);
    body.push('', ctx.t('reminder-footer'));
    messages.push(...htmlMessages(`reminder:${slot}:unit:${unitId}:chat:${chat.chatId}`, chat.chatId, 'reminder', body.join('\n'), {}, notBefore));
  }
  const added = await ctx.outbox.enqueue(messages);
  ctx.nudge();
  return added;
}

function reminderLine(ctx: JobContext, task: TaskSummary, part: TaskSummary['parts'][number], stale: boolean, today: string): string {
  const staleNote = stale ? ctx.t('reminder-stale', { days: ctx.rules.staleDays }) : '';
  return ctx.t('reminder-line', {
    light: task.light === 'green' ? '⚪' : LIGHT_ICONS[task.light],
    code: task.code,
    title: task.title,
    deadline: new Html(deadlineText(ctx.t, task, daysBetween(today, task.dueDate))),
    progress: new Html(progressText(ctx.t, part, task.measure)),
    stale: new Html(staleNote),
  });
}

/** The daily digest to the leadership group: the text, then the two ranking charts. */
export async function digestJob(ctx: JobContext, slot: string): Promise<number> {
  const chats = await ctx.db.chatBinding.findMany({ where: { kind: 'leadership' }, select: { chatId: true } });
  if (chats.length === 0) return 0;
  const messages = await digestMessages(ctx, `digest:${slot}`, chats.map((c) => c.chatId));
  const added = await ctx.outbox.enqueue(messages);
  ctx.nudge();
  return added;
}

/** The digest as messages for the given chats, keyed under `keyPrefix`. */
export async function digestMessages(ctx: JobContext, keyPrefix: string, chatIds: bigint[]): Promise<OwedMessage[]> {
  const now = ctx.now();
  const digest = await computeDigest(ctx.db, ctx.rules, ctx.timeZone, now, new Date(now.getTime() - 24 * 3600 * 1000));
  // Problems not yet rectified are listed by name: the rankings only show what they cost.
  const text = renderDigest(ctx.t, digest, problemBulletinLines(ctx.t, await openProblems(ctx.db), digest.today));
  const charts: { name: string; photo: Buffer; caption: string }[] = [];
  for (const [name, units] of [['townships', digest.townships], ['departments', digest.departments]] as const) {
    if (units.length === 0) continue;
    const title = ctx.t(`digest-chart-${name}`, { date: digest.today });
    const photo = await ctx.renderChart({
      title,
      bars: units.map((u) => ({ label: u.unitName, value: u.score, color: u.score >= 80 ? 'green' : u.score >= 60 ? 'yellow' : 'red' })),
      valueSuffix: ctx.t('digest-points'),
    });
    charts.push({ name, photo, caption: title });
  }
  return chatIds.flatMap((chatId) => [
    ...htmlMessages(`${keyPrefix}:chat:${chatId}:text`, chatId, 'digest', text),
    ...charts.map(
      (chart): OwedMessage => ({
        key: `${keyPrefix}:chat:${chatId}:chart:${chart.name}`,
        chatId,
        kind: 'digest',
        method: 'sendPhoto',
        params: { caption: chart.caption, parse_mode: 'HTML' },
        photo: chart.photo,
      }),
    ),
  ]);
}

/** The weekly bulletin (通报): overdue units and their tasks, as HTML. */
export async function bulletinText(ctx: JobContext): Promise<string | null> {
  const today = localDate(ctx.now(), ctx.timeZone);
  const overdue = (await ctx.queries.summaries({ overdueOnly: true })).filter((t) => t.light === 'red');
  const problems = await openProblems(ctx.db);
  if (overdue.length === 0 && problems.length === 0) return null;
  const byUnit = new Map<string, string[]>();
  for (const task of overdue) {
    for (const part of task.parts) {
      if (part.doneAt) continue;
      byUnit.set(part.unitName, [...(byUnit.get(part.unitName) ?? []), ctx.t('bulletin-task', { code: task.code, title: task.title, days: task.overdueDays })]);
    }
  }
  const lines = [ctx.t('bulletin-title', { date: today })];
  if (overdue.length > 0) lines.push(ctx.t('bulletin-intro', { units: byUnit.size, tasks: overdue.length }));
  for (const [unit, items] of [...byUnit].sort((a, b) => b[1].length - a[1].length)) lines.push(ctx.t('bulletin-unit', { unit, tasks: new Html(items.join('；')) }));
  lines.push(...problemBulletinLines(ctx.t, problems, today));
  lines.push('', ctx.t('bulletin-closing'));
  return lines.join('\n');
}

export { taskCode };
