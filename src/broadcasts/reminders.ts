import { outboxKeys, robotKeys } from '../delivery/keys.ts';
import type { OwedMessage } from '../delivery/outbox.ts';
import { localDates } from '../domain/calendar.ts';
import { isStaleOn } from '../domain/tasks.ts';
import { Html } from '../render/html.ts';
import { mention } from '../render/html.ts';
import { htmlMessages } from '../render/messages.ts';
import { problemReminderLines } from '../render/problems.ts';
import { deadlineText, LIGHT_ICONS, progressText } from '../render/tasks.ts';
import type { TaskSummary } from '../services/task-queries.ts';
import { deliverableFrom, type BroadcastDeps } from './context.ts';
import { robotMessages } from './robots.ts';

/**
 * Morning reminders: to each unit's groups and robots, its red, yellow and stale work across all committees,
 * grouped by committee, with its liaisons mentioned. A unit with nothing to say, or paused, gets nothing.
 */
export class Reminders {
  constructor(private readonly deps: BroadcastDeps) {}

  async run(slot: string): Promise<number> {
    const { deps } = this;
    const now = deps.now();
    const { rules, timeZone } = deps.config;
    // One local date per part: memoized, Intl is slow.
    const dayOf = localDates(timeZone);
    const today = dayOf(now);
    const tasks = (await deps.tasks.queries.summaries()).filter((task) => task.status !== 'done');
    const chats = await deps.chats.unitGroups();
    const robots = await deps.robots.ofUnits();
    const unitsById = new Map((await deps.org.units()).map((u) => [u.id, u]));
    const unitIds = [...new Set([...chats.map((c) => c.unitId), ...robots.map((r) => r.unitId!)])].filter((id) => unitsById.has(id));
    unitIds.sort((a, b) => unitsById.get(a)!.sortOrder - unitsById.get(b)!.sortOrder || a - b);
    const liaisons = await deps.members.liaisonsOf(unitIds);
    const notBefore = deliverableFrom(deps);
    const problems = await deps.problems.open();
    // Each unit's parts, in the tasks' order: looked up per unit, not found by walking every task for each unit
    // (2,000 units × 50,000 tasks at province size).
    const partsByUnit = new Map<number, { task: TaskSummary; part: TaskSummary['parts'][number] }[]>();
    for (const task of tasks) {
      for (const part of task.parts) {
        let own = partsByUnit.get(part.unitId);
        if (!own) partsByUnit.set(part.unitId, (own = []));
        own.push({ task, part });
      }
    }
    const messages: OwedMessage[] = [];
    for (const unitId of unitIds) {
      const unit = unitsById.get(unitId)!;
      if (unit.remindersPausedUntil && unit.remindersPausedUntil >= slot) continue;
      const lines: { committee: string; line: string }[] = [];
      for (const { task, part } of partsByUnit.get(unitId) ?? []) {
        // The unit's own part, by its own deadline: another unit's extension moves nothing here.
        if (part.light === 'done') continue;
        const stale = isStaleOn(dayOf(part.lastReportAt ?? task.createdAt), today, rules.staleDays);
        if (part.light === 'green' && !stale) continue;
        lines.push({ committee: task.committee, line: this.line(task, part, stale) });
      }
      const problemLines = problemReminderLines(deps.t, problems.filter((p) => p.unitId === unitId), slot);
      if (lines.length === 0 && problemLines.length === 0) continue;
      const present = liaisons.filter((l) => l.unitId === unitId && !(l.awayUntil && l.awayUntil >= slot));
      const body = [deps.t('reminder-title', { unit: unit.name, date: slot })];
      if (present.length > 0) body.push(present.map((l) => mention(l.telegramId, l.displayName)).join(' '));
      for (const committee of [...new Set(lines.map((l) => l.committee))]) {
        body.push('', deps.t('reminder-committee', { committee }), ...lines.filter((l) => l.committee === committee).map((l) => l.line));
      }
      body.push(...problemLines);
      body.push('', deps.t('reminder-legend', { yellowDays: deps.config.rules.yellowDays, days: deps.config.rules.staleDays }), deps.t('reminder-footer'));
      const text = body.join('\n');
      for (const chat of chats.filter((c) => c.unitId === unitId)) messages.push(...htmlMessages(outboxKeys.reminder(slot, unitId, chat.chatId), chat.chatId, 'reminder', text, {}, notBefore));
      const own = robots.filter((r) => r.unitId === unitId);
      messages.push(...(await robotMessages(deps, own, (robotId) => robotKeys.reminder(slot, unitId, robotId), 'reminder', { html: text }, notBefore)));
    }
    const added = await deps.outbox.enqueue(messages);
    deps.nudge();
    return added;
  }

  private line(task: TaskSummary, part: TaskSummary['parts'][number], stale: boolean): string {
    const { t, config } = this.deps;
    // After the progress, one space on each side of the dot: "尚未汇报 · ⚠️ …".
    const staleNote = stale ? ` ${t('reminder-stale', { days: config.rules.staleDays })}` : '';
    return t('reminder-line', {
      light: part.light === 'green' ? '⚪' : LIGHT_ICONS[part.light],
      code: task.code,
      title: task.title,
      deadline: new Html(deadlineText(t, part, t(`task-status-${task.status}`))),
      progress: new Html(progressText(t, part, task.measure)),
      stale: new Html(staleNote),
    });
  }
}
