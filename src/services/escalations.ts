import { LONG_TRANSACTION, type Db, type Tx } from '../db/types.ts';
import { writeAudits, type AuditEntry } from './audit.ts';

/** A unit's late part of a task one level up (or back to 0), as an escalation run decided it. */
interface TaskStep {
  taskId: number;
  unit: { id: number; name: string };
  current: number;
  step: number;
  /** who was told: the supervising post's name, or the leadership */
  to: string;
}

/** An open problem one level up, taken only if it is still open at `current` when the run records it. */
interface ProblemStep {
  problemId: number;
  current: number;
  step: number;
  to: string;
}

export interface EscalationRun {
  taskSteps: TaskStep[];
  taskResets: Omit<TaskStep, 'step' | 'to'>[];
  problemSteps: ProblemStep[];
  problemResets: Omit<ProblemStep, 'step' | 'to'>[];
}

/** Pairs or ids per statement: far below both databases' bound-parameter limits. */
const PER_STATEMENT = 500;

const chunks = <T>(items: readonly T[]): T[][] => Array.from({ length: Math.ceil(items.length / PER_STATEMENT) }, (_, i) => items.slice(i * PER_STATEMENT, (i + 1) * PER_STATEMENT));

/** Groups items by a key, keeping their order. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return [...groups.values()];
}

/**
 * The steps late work (a unit's part of a task, or a problem it has not put right) has gone up its
 * responsibility chain. A run's steps and resets are stored, audited and owe their messages in ONE transaction of
 * a few statements, however many steps: rows inserted and updated in batches, grouped by level.
 */
export class TaskEscalations {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  /** The level each part (`taskId:unitId`) has reached. */
  async levels(): Promise<Map<string, number>> {
    const reached = await this.db.escalation.findMany({ select: { taskId: true, unitId: true, level: true } });
    const levels = new Map<string, number>();
    for (const r of reached) levels.set(`${r.taskId}:${r.unitId}`, Math.max(levels.get(`${r.taskId}:${r.unitId}`) ?? 0, r.level));
    return levels;
  }

  /**
   * Records a run. A problem fixed or stepped by someone else meanwhile is left out (its step is not taken);
   * `owe` gets the ids of the problems that were stepped and returns after recording the run's messages in `tx`.
   * Returns how many steps were taken.
   */
  async record(run: EscalationRun, owe: (tx: Tx, steppedProblems: ReadonlySet<number>) => Promise<unknown>): Promise<number> {
    const at = this.now();
    return this.db.$transaction(async (tx) => {
      const audits: AuditEntry[] = [];
      for (const part of chunks(run.taskResets)) {
        await tx.escalation.deleteMany({ where: { OR: part.map((r) => ({ taskId: r.taskId, unitId: r.unit.id })) } });
      }
      audits.push(...run.taskResets.map((r) => ({ at, action: 'task.escalation-reset', entity: 'task', entityId: r.taskId, before: { level: r.current }, after: { unit: r.unit.name, level: 0 } })));
      for (const part of chunks(run.taskSteps)) {
        await tx.escalation.createMany({ data: part.map((s) => ({ taskId: s.taskId, unitId: s.unit.id, level: s.step, at })) });
      }
      audits.push(...run.taskSteps.map((s) => ({ at, action: 'task.escalate', entity: 'task', entityId: s.taskId, before: { level: s.current }, after: { unit: s.unit.name, level: s.step, to: s.to } })));
      // Problems: a reset unless a fix already did it, a step only while open at the level the run saw.
      for (const group of groupBy(run.problemResets, (r) => String(r.current))) {
        for (const part of chunks(group)) {
          const reset = await tx.problem.updateManyAndReturn({ where: { id: { in: part.map((r) => r.problemId) }, escalationLevel: part[0]!.current }, data: { escalationLevel: 0 }, select: { id: true } });
          audits.push(...reset.map((p) => ({ at, action: 'problem.escalation-reset', entity: 'problem', entityId: p.id, before: { level: part[0]!.current }, after: { level: 0 } })));
        }
      }
      const stepped = new Set<number>();
      for (const group of groupBy(run.problemSteps, (s) => `${s.current}:${s.step}`)) {
        for (const part of chunks(group)) {
          const { current, step } = part[0]!;
          const taken = await tx.problem.updateManyAndReturn({ where: { id: { in: part.map((s) => s.problemId) }, escalationLevel: current, status: 'open' }, data: { escalationLevel: step }, select: { id: true } });
          for (const p of taken) stepped.add(p.id);
        }
      }
      audits.push(...run.problemSteps.filter((s) => stepped.has(s.problemId)).map((s) => ({ at, action: 'problem.escalate', entity: 'problem', entityId: s.problemId, before: { level: s.current }, after: { level: s.step, to: s.to } })));
      await writeAudits(tx, audits);
      await owe(tx, stepped);
      return run.taskSteps.length + stepped.size;
    }, LONG_TRANSACTION);
  }
}
