import type { Tx } from '../db/types.ts';
import { htmlMessages } from '../render/messages.ts';
import type { OwedMessage } from '../delivery/outbox.ts';
import { daysBetween, localDate } from '../domain/calendar.ts';
import { escalationLevelDue, nextEscalationStep } from '../domain/escalation.ts';
import { problemCode } from '../domain/problems.ts';
import { Html } from '../i18n/index.ts';
import { problemPlace } from '../render/problems.ts';
import { writeAudit } from '../services/audit.ts';
import type { JobContext } from './jobs.ts';

interface UnitLink {
  id: number;
  name: string;
  parentId: number | null;
}

interface Chain {
  units: Map<number, UnitLink>;
  leadershipChats: bigint[];
}

/**
 * Who hears of step `step` for a unit: at level 1 the leaders of its supervising post, privately; at level 2,
 * or with no such leader known, the leadership group.
 */
async function recipients(ctx: JobContext, chain: Chain, unitId: number, step: number): Promise<{ chatIds: bigint[]; to: string }> {
  const unit = chain.units.get(unitId);
  const post = unit?.parentId ? chain.units.get(unit.parentId) : undefined;
  if (step === 1 && post) {
    const leaders = await ctx.db.member.findMany({ where: { role: 'leader', unitId: post.id }, select: { telegramId: true } });
    if (leaders.length > 0) return { chatIds: leaders.map((l) => l.telegramId), to: post.name };
  }
  return { chatIds: chain.leadershipChats, to: ctx.t('escalation-leadership') };
}

/** The escalation notice to the chain, and the note to the unit's own groups that it went up. */
async function stepMessages(ctx: JobContext, key: string, unitId: number, to: { chatIds: bigint[] }, up: string, notice: string): Promise<OwedMessage[]> {
  const unitChats = await ctx.db.chatBinding.findMany({ where: { kind: 'unit', unitId }, select: { chatId: true } });
  return [
    ...to.chatIds.flatMap((chatId) => htmlMessages(`${key}:chat:${chatId}`, chatId, 'escalation', up)),
    ...unitChats.flatMap((chat) => htmlMessages(`${key}:notice:${chat.chatId}`, chat.chatId, 'escalation', notice)),
  ];
}

/**
 * Escalation: a unit's part of a task, or a problem it has not put right, still red past its grace goes one
 * level up its responsibility chain per run — first to the leaders of its supervising post, then to the
 * leadership group. A report or an extension that clears a task's red resets it, as does a problem reported
 * fixed; a rejected fix restarts the problem's clock from the rejection, when it is the unit's again. Each step is stored, audited (so /task and
 * /problem show it) and announced; its messages are keyed by the slot, so a step reached again after a reset
 * is announced again while a rerun of the same slot owes nothing new.
 */
export async function escalationJob(ctx: JobContext, slot: string): Promise<number> {
  const chain: Chain = {
    units: new Map((await ctx.db.unit.findMany({ select: { id: true, name: true, parentId: true } })).map((u) => [u.id, u])),
    leadershipChats: (await ctx.db.chatBinding.findMany({ where: { kind: 'leadership' }, select: { chatId: true } })).map((c) => c.chatId),
  };
  const steps = (await escalateTasks(ctx, slot, chain)) + (await escalateProblems(ctx, slot, chain));
  ctx.nudge();
  return steps;
}

async function escalateTasks(ctx: JobContext, slot: string, chain: Chain): Promise<number> {
  const tasks = await ctx.queries.summaries();
  const reached = await ctx.db.escalation.findMany({ select: { taskId: true, unitId: true, level: true } });
  const levelOf = new Map<string, number>();
  for (const r of reached) levelOf.set(`${r.taskId}:${r.unitId}`, Math.max(levelOf.get(`${r.taskId}:${r.unitId}`) ?? 0, r.level));
  let steps = 0;
  for (const task of tasks) {
    for (const part of task.parts) {
      const current = levelOf.get(`${task.id}:${part.unitId}`) ?? 0;
      const due = escalationLevelDue(
        {
          dueDate: task.dueDate,
          lastReportDate: part.lastReportAt ? localDate(part.lastReportAt, ctx.timeZone) : null,
          finished: task.status === 'done' || part.doneAt !== null,
        },
        slot,
        ctx.rules.escalationGraceDays,
      );
      if (due === 0 && current > 0) {
        await ctx.db.$transaction(async (tx) => {
          await tx.escalation.deleteMany({ where: { taskId: task.id, unitId: part.unitId } });
          await writeAudit(tx, { at: ctx.now(), action: 'task.escalation-reset', entity: 'task', entityId: task.id, before: { level: current }, after: { unit: part.unitName, level: 0 } });
        });
        continue;
      }
      const step = nextEscalationStep(current, due);
      if (step === null) continue;
      const to = await recipients(ctx, chain, part.unitId, step);
      const vars = { code: task.code, title: task.title, unit: part.unitName, days: task.overdueDays, level: step, to: to.to };
      const messages = await stepMessages(ctx, `escalation:${task.id}:unit:${part.unitId}:level:${step}:slot:${slot}`, part.unitId, to, ctx.t('escalation-up', vars), ctx.t('escalation-unit-notice', vars));
      await ctx.db.$transaction(async (tx) => {
        await tx.escalation.create({ data: { taskId: task.id, unitId: part.unitId, level: step, at: ctx.now() } });
        await writeAudit(tx, { at: ctx.now(), action: 'task.escalate', entity: 'task', entityId: task.id, before: { level: current }, after: { unit: part.unitName, level: step, to: to.to } });
        await ctx.outbox.enqueue(messages, tx);
      });
      steps++;
    }
  }
  return steps;
}

/** Open problems past their rectification deadline go up the chain as a red task does; one fixed is reset. */
async function escalateProblems(ctx: JobContext, slot: string, chain: Chain): Promise<number> {
  const problems = await ctx.db.problem.findMany({
    where: { OR: [{ status: 'open' }, { escalationLevel: { gt: 0 } }] },
    orderBy: { id: 'asc' },
    include: { unit: { select: { name: true } } },
  });
  let steps = 0;
  for (const problem of problems) {
    const current = problem.escalationLevel;
    const due = escalationLevelDue(
      {
        dueDate: problem.dueDate,
        lastReportDate: problem.rejectedAt ? localDate(problem.rejectedAt, ctx.timeZone) : null,
        finished: problem.status !== 'open',
      },
      slot,
      ctx.rules.escalationGraceDays,
    );
    const audit = (tx: Tx, action: string, after: Record<string, unknown>) =>
      writeAudit(tx, { at: ctx.now(), action, entity: 'problem', entityId: problem.id, before: { level: current }, after });
    if (due === 0 && current > 0) {
      await ctx.db.$transaction(async (tx) => {
        // Conditional: a fix that lands meanwhile has already been judged by this same rule.
        const { count } = await tx.problem.updateMany({ where: { id: problem.id, escalationLevel: current }, data: { escalationLevel: 0 } });
        if (count === 1) await audit(tx, 'problem.escalation-reset', { level: 0 });
      });
      continue;
    }
    const step = nextEscalationStep(current, due);
    if (step === null) continue;
    const to = await recipients(ctx, chain, problem.unitId, step);
    const vars = {
      code: problemCode(problem.id),
      kind: new Html(ctx.t(`problem-kind-${problem.kind}`)),
      where: problemPlace(ctx.t, problem),
      unit: problem.unit.name,
      days: daysBetween(problem.dueDate, slot),
      level: step,
      to: to.to,
    };
    const messages = await stepMessages(ctx, `problem:${problem.id}:escalation:${step}:slot:${slot}`, problem.unitId, to, ctx.t('problem-escalation-up', vars), ctx.t('problem-escalation-unit-notice', vars));
    await ctx.db.$transaction(async (tx) => {
      const { count } = await tx.problem.updateMany({ where: { id: problem.id, escalationLevel: current, status: 'open' }, data: { escalationLevel: step } });
      if (count === 0) return;
      await audit(tx, 'problem.escalate', { level: step, to: to.to });
      await ctx.outbox.enqueue(messages, tx);
      steps++;
    });
  }
  return steps;
}
