import { createHash } from 'node:crypto';
import type { Tx } from '../db/types.ts';
import { outboxKeys, robotKeys } from '../delivery/keys.ts';
import type { OwedMessage } from '../delivery/outbox.ts';
import { daysBetween, localDate } from '../domain/calendar.ts';
import { escalationLevelDue, nextEscalationStep } from '../domain/escalation.ts';
import { problemCode } from '../domain/problems.ts';
import { Html, type TranslationVars } from '../render/html.ts';
import { htmlMessages } from '../render/messages.ts';
import { problemPlace } from '../render/problems.ts';
import type { EscalationRun } from '../services/escalations.ts';
import { deliverableFrom, type BroadcastDeps } from './context.ts';
import { liaisonMentions, withMentions } from './liaisons.ts';
import { robotMessages } from './robots.ts';

interface Chain {
  units: Map<number, { id: number; name: string; parentId: number | null; office: boolean }>;
  leadershipChats: bigint[];
}

/** Who hears of a run: a chat on the chain, a unit's own group (the notice that it went up), or a robot. */
type Recipient = { chat: bigint } | { notice: bigint } | { robot: number };

/** One step of the run, with what it says up the chain and to the unit. */
interface Announced {
  /** `t:taskId:unitId:level` or `p:problemId:level`: what the run's keys are made of */
  id: string;
  unitId: number;
  problemId?: number;
  step: number;
  to: { chatIds: bigint[]; to: string; leadership: boolean };
  up: string;
  notice: string;
}

/**
 * Escalation: a unit's part of a task, or a problem it has not put right, still red past its grace goes one
 * level up its responsibility chain per run — first to the leaders of its supervising post, then to the
 * leadership group. A report or an extension that clears a task's red resets it, as does a problem reported
 * fixed; a rejected fix restarts the problem's clock from the rejection, when it is the unit's again. Each step
 * is stored and audited (so /task and /problem show it), and announced: each chat (a leader, the leadership
 * group, a unit's group, a robot) gets ONE message per run listing all its steps, keyed by the slot and the steps
 * it lists, so a rerun of the slot owes nothing new while a step reached again after a reset is announced again.
 * The whole run is one transaction of a few statements, whatever the number of steps.
 */
export class EscalationBroadcast {
  constructor(private readonly deps: BroadcastDeps) {}

  async run(slot: string): Promise<number> {
    const { deps } = this;
    const chain: Chain = {
      units: new Map((await deps.org.units()).map((u) => [u.id, { id: u.id, name: u.name, parentId: u.parentId, office: u.office }])),
      leadershipChats: await deps.chats.leadershipChats(),
    };
    const run: EscalationRun = { taskSteps: [], taskResets: [], problemSteps: [], problemResets: [] };
    const pending: Array<Omit<Announced, 'to' | 'up' | 'notice'> & { vars: (to: string) => TranslationVars; keys: { up: string; notice: string }; record: (to: string) => void }> = [];

    const tasks = await deps.tasks.queries.summaries();
    const levelOf = await deps.escalations.levels();
    for (const task of tasks) {
      for (const part of task.parts) {
        const current = levelOf.get(`${task.id}:${part.unitId}`) ?? 0;
        const due = escalationLevelDue(
          {
            // The part's own deadline: an extension for another unit leaves this one red.
            dueDate: part.dueDate,
            lastReportDate: part.lastReportAt ? localDate(part.lastReportAt, deps.config.timeZone) : null,
            finished: task.status === 'done' || part.light === 'done',
            heldByOffice: chain.units.get(part.unitId)?.office ?? false,
          },
          slot,
          deps.config.rules.escalationGraceDays,
        );
        const unit = { id: part.unitId, name: part.unitName };
        if (due === 0 && current > 0) {
          run.taskResets.push({ taskId: task.id, unit, current });
          continue;
        }
        const step = nextEscalationStep(current, due);
        if (step === null) continue;
        pending.push({
          id: `t:${task.id}:${part.unitId}:${step}`,
          unitId: part.unitId,
          step,
          vars: (to) => ({ code: task.code, title: task.title, unit: part.unitName, days: part.overdueDays, level: step, to }),
          keys: { up: 'escalation-up', notice: 'escalation-unit-notice' },
          record: (to) => run.taskSteps.push({ taskId: task.id, unit, current, step, to }),
        });
      }
    }
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
        run.problemResets.push({ problemId: problem.id, current });
        continue;
      }
      const step = nextEscalationStep(current, due);
      if (step === null) continue;
      pending.push({
        id: `p:${problem.id}:${step}`,
        unitId: problem.unitId,
        problemId: problem.id,
        step,
        vars: (to) => ({
          code: problemCode(problem.id),
          kind: new Html(deps.t(`problem-kind-${problem.kind}`)),
          where: problemPlace(deps.t, problem),
          unit: problem.unit.name,
          days: daysBetween(problem.dueDate, slot),
          level: step,
          to,
        }),
        keys: { up: 'problem-escalation-up', notice: 'problem-escalation-unit-notice' },
        record: (to) => run.problemSteps.push({ problemId: problem.id, current, step, to }),
      });
    }

    const recipients = await this.recipients(chain, pending);
    const announced: Announced[] = pending.map((p, i) => {
      const to = recipients[i]!;
      p.record(to.to);
      const vars = p.vars(to.to);
      return { id: p.id, unitId: p.unitId, ...(p.problemId !== undefined ? { problemId: p.problemId } : {}), step: p.step, to, up: deps.t(p.keys.up, vars), notice: deps.t(p.keys.notice, vars) };
    });
    const audience = await this.audience(announced, slot);
    const steps = await deps.escalations.record(run, async (tx: Tx, stepped) => {
      const taken = announced.filter((a) => a.problemId === undefined || stepped.has(a.problemId));
      await deps.outbox.enqueue(await this.messages(slot, taken, audience), tx);
    });
    deps.nudge();
    return steps;
  }

  /**
   * Who hears of each step: at level 1 the leaders of the unit's supervising post, privately; at level 2, or with
   * no such leader known, the leadership group. One query for all the posts.
   */
  private async recipients(chain: Chain, steps: ReadonlyArray<{ unitId: number; step: number }>): Promise<Announced['to'][]> {
    const postOf = (unitId: number) => {
      const unit = chain.units.get(unitId);
      return unit?.parentId ? chain.units.get(unit.parentId) : undefined;
    };
    const posts = [...new Set(steps.filter((s) => s.step === 1).map((s) => postOf(s.unitId)?.id).filter((id): id is number => id !== undefined))];
    const leaders = new Map<number, bigint[]>();
    for (const leader of await this.deps.members.leadersOf(posts)) {
      if (leader.unitId !== null) leaders.set(leader.unitId, [...(leaders.get(leader.unitId) ?? []), leader.telegramId]);
    }
    const leadership = { chatIds: chain.leadershipChats, to: this.deps.t('escalation-leadership'), leadership: true };
    return steps.map((s) => {
      const post = s.step === 1 ? postOf(s.unitId) : undefined;
      const chatIds = post ? leaders.get(post.id) : undefined;
      return post && chatIds ? { chatIds, to: post.name, leadership: false } : leadership;
    });
  }

  /** The units' own groups, robots and liaisons present on the slot's day, and the leadership's robots: read once for the run. */
  private async audience(steps: readonly Announced[], slot: string) {
    const unitIds = [...new Set(steps.map((s) => s.unitId))];
    const groups = unitIds.length > 0 ? await this.deps.chats.unitGroups(unitIds) : [];
    const unitRobots = unitIds.length > 0 ? await this.deps.robots.ofUnits(unitIds) : [];
    const leadershipRobots = steps.some((s) => s.to.leadership) ? await this.deps.robots.leadership() : [];
    const mentions = await liaisonMentions(this.deps.members, [...new Set(groups.map((g) => g.unitId))], slot);
    return { groups, unitRobots, leadershipRobots, mentions };
  }

  /**
   * One message per recipient: every step it hears of in this run, in order, as paragraphs (split only where a
   * message would be too long). The key names the slot, the recipient and a digest of the steps it lists.
   */
  private async messages(slot: string, steps: readonly Announced[], audience: Awaited<ReturnType<EscalationBroadcast['audience']>>): Promise<OwedMessage[]> {
    const { deps } = this;
    const owed = new Map<string, { to: Recipient; ids: string[]; texts: string[]; unitId?: number }>();
    const tell = (to: Recipient, step: Announced, text: string) => {
      const name = JSON.stringify(to, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
      // A unit's group hears of its own unit only: its liaisons are called once, on top.
      const entry = owed.get(name) ?? { to, ids: [], texts: [], ...('notice' in to ? { unitId: step.unitId } : {}) };
      entry.ids.push(step.id);
      entry.texts.push(text);
      owed.set(name, entry);
    };
    for (const step of steps) {
      for (const chat of step.to.chatIds) tell({ chat }, step, step.up);
      if (step.to.leadership) for (const robot of audience.leadershipRobots) tell({ robot: robot.id }, step, step.up);
      for (const group of audience.groups.filter((g) => g.unitId === step.unitId)) tell({ notice: group.chatId }, step, step.notice);
      for (const robot of audience.unitRobots.filter((r) => r.unitId === step.unitId)) tell({ robot: robot.id }, step, step.notice);
    }
    const robots = new Map([...audience.leadershipRobots, ...audience.unitRobots].map((r) => [r.id, r]));
    const notBefore = deliverableFrom(deps);
    const messages: OwedMessage[] = [];
    for (const { to, ids, texts, unitId } of owed.values()) {
      const steps = createHash('sha256').update(ids.join(',')).digest('hex').slice(0, 12);
      const text = texts.join('\n\n');
      if ('robot' in to) messages.push(...(await robotMessages(deps, [robots.get(to.robot)!], (robot) => robotKeys.escalationRun(slot, steps, robot), 'escalation', { html: text }, notBefore)));
      else {
        const chatId = 'chat' in to ? to.chat : to.notice;
        const body = unitId === undefined ? text : withMentions(text, audience.mentions.get(unitId));
        messages.push(...htmlMessages(outboxKeys.escalationRun(slot, steps, to), chatId, 'escalation', body, {}, notBefore));
      }
    }
    return messages;
  }
}
