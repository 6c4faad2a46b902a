import type { Tx } from '../db/types.ts';
import { outboxKeys, robotKeys } from '../delivery/keys.ts';
import type { OwedMessage } from '../delivery/outbox.ts';
import { daysBetween, localDate } from '../domain/calendar.ts';
import { escalationLevelDue, nextEscalationStep } from '../domain/escalation.ts';
import { problemCode } from '../domain/problems.ts';
import { Html } from '../render/html.ts';
import { htmlMessages } from '../render/messages.ts';
import { problemPlace } from '../render/problems.ts';
import type { BroadcastDeps } from './context.ts';
import { robotMessages } from './robots.ts';

interface Chain {
  units: Map<number, { id: number; name: string; parentId: number | null }>;
  leadershipChats: bigint[];
}

type Recipient = { chat: bigint } | { notice: bigint } | { robot: number };

/**
 * Escalation: a unit's part of a task, or a problem it has not put right, still red past its grace goes one
 * level up its responsibility chain per run — first to the leaders of its supervising post, then to the
 * leadership group. A report or an extension that clears a task's red resets it, as does a problem reported
 * fixed; a rejected fix restarts the problem's clock from the rejection, when it is the unit's again. Each step
 * is stored, audited (so /task and /problem show it) and announced; its messages are keyed by the slot, so a
 * step reached again after a reset is announced again while a rerun of the same slot owes nothing new.
 */
export class EscalationBroadcast {
  constructor(private readonly deps: BroadcastDeps) {}

  async run(slot: string): Promise<number> {
    const chain: Chain = {
      units: new Map((await this.deps.org.units()).map((u) => [u.id, { id: u.id, name: u.name, parentId: u.parentId }])),
      leadershipChats: await this.deps.chats.leadershipChats(),
    };
    const steps = (await this.escalateTasks(slot, chain)) + (await this.escalateProblems(slot, chain));
    this.deps.nudge();
    return steps;
  }

  private async escalateTasks(slot: string, chain: Chain): Promise<number> {
    const { deps } = this;
    const tasks = await deps.tasks.queries.summaries();
    const levelOf = await deps.escalations.levels();
    let steps = 0;
    for (const task of tasks) {
      for (const part of task.parts) {
        const current = levelOf.get(`${task.id}:${part.unitId}`) ?? 0;
        const due = escalationLevelDue(
          {
            // The part's own deadline: an extension for another unit leaves this one red.
            dueDate: part.dueDate,
            lastReportDate: part.lastReportAt ? localDate(part.lastReportAt, deps.config.timeZone) : null,
            finished: task.status === 'done' || part.light === 'done',
          },
          slot,
          deps.config.rules.escalationGraceDays,
        );
        const unit = { id: part.unitId, name: part.unitName };
        if (due === 0 && current > 0) {
          await deps.escalations.reset(task.id, unit, current);
          continue;
        }
        const step = nextEscalationStep(current, due);
        if (step === null) continue;
        const to = await this.recipients(chain, part.unitId, step);
        const vars = { code: task.code, title: task.title, unit: part.unitName, days: part.overdueDays, level: step, to: to.to };
        const key = (recipient: Recipient) =>
          'robot' in recipient ? robotKeys.taskEscalation(task.id, part.unitId, step, slot, recipient.robot) : outboxKeys.taskEscalation(task.id, part.unitId, step, slot, recipient);
        const messages = await this.stepMessages(key, part.unitId, to, deps.t('escalation-up', vars), deps.t('escalation-unit-notice', vars));
        await deps.escalations.step(task.id, unit, current, step, to.to, (tx: Tx) => deps.outbox.enqueue(messages, tx));
        steps++;
      }
    }
    return steps;
  }

  /** Open problems past their rectification deadline go up the chain as a red task does; one fixed is reset. */
  private async escalateProblems(slot: string, chain: Chain): Promise<number> {
    const { deps } = this;
    let steps = 0;
    for (const problem of await deps.problems.escalationCandidates()) {
      const current = problem.escalationLevel;
      const due = escalationLevelDue(
        {
          dueDate: problem.dueDate,
          lastReportDate: problem.rejectedAt ? localDate(problem.rejectedAt, deps.config.timeZone) : null,
          finished: problem.status !== 'open',
        },
        slot,
        deps.config.rules.escalationGraceDays,
      );
      if (due === 0 && current > 0) {
        await deps.problems.resetEscalation(problem.id, current);
        continue;
      }
      const step = nextEscalationStep(current, due);
      if (step === null) continue;
      const to = await this.recipients(chain, problem.unitId, step);
      const vars = {
        code: problemCode(problem.id),
        kind: new Html(deps.t(`problem-kind-${problem.kind}`)),
        where: problemPlace(deps.t, problem),
        unit: problem.unit.name,
        days: daysBetween(problem.dueDate, slot),
        level: step,
        to: to.to,
      };
      const key = (recipient: Recipient) => ('robot' in recipient ? robotKeys.problemEscalation(problem.id, step, slot, recipient.robot) : outboxKeys.problemEscalation(problem.id, step, slot, recipient));
      const messages = await this.stepMessages(key, problem.unitId, to, deps.t('problem-escalation-up', vars), deps.t('problem-escalation-unit-notice', vars));
      if (await deps.problems.escalate(problem.id, current, step, to.to, (tx) => deps.outbox.enqueue(messages, tx))) steps++;
    }
    return steps;
  }

  /**
   * Who hears of step `step` for a unit: at level 1 the leaders of its supervising post, privately; at level 2,
   * or with no such leader known, the leadership group.
   */
  private async recipients(chain: Chain, unitId: number, step: number): Promise<{ chatIds: bigint[]; to: string; leadership: boolean }> {
    const unit = chain.units.get(unitId);
    const post = unit?.parentId ? chain.units.get(unit.parentId) : undefined;
    if (step === 1 && post) {
      const leaders = await this.deps.members.leadersOf([post.id]);
      if (leaders.length > 0) return { chatIds: leaders.map((l) => l.telegramId), to: post.name, leadership: false };
    }
    return { chatIds: chain.leadershipChats, to: this.deps.t('escalation-leadership'), leadership: true };
  }

  /**
   * The escalation notice to the chain (the leadership's robots too, when it goes to the leadership group), and the
   * note to the unit's own groups and robots that it went up.
   */
  private async stepMessages(key: (to: Recipient) => string, unitId: number, to: { chatIds: bigint[]; leadership: boolean }, up: string, notice: string): Promise<OwedMessage[]> {
    const { deps } = this;
    const unitChats = await deps.chats.unitGroups([unitId]);
    const upRobots = to.leadership ? await deps.robots.leadership() : [];
    return [
      ...to.chatIds.flatMap((chatId) => htmlMessages(key({ chat: chatId }), chatId, 'escalation', up)),
      ...unitChats.flatMap((group) => htmlMessages(key({ notice: group.chatId }), group.chatId, 'escalation', notice)),
      ...(await robotMessages(deps, upRobots, (robot) => key({ robot }), 'escalation', { html: up })),
      ...(await robotMessages(deps, await deps.robots.ofUnits([unitId]), (robot) => key({ robot }), 'escalation', { html: notice })),
    ];
  }
}
