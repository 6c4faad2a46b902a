import type { Db, Tx } from '../db/types.ts';
import { writeAudit } from './audit.ts';

/**
 * The steps a unit's late part of a task has gone up its responsibility chain. Each step is stored, audited and
 * owes its messages in one transaction; a part no longer red is reset.
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

  async reset(taskId: number, unit: { id: number; name: string }, current: number): Promise<void> {
    await this.db.$transaction(async (tx) => {
      await tx.escalation.deleteMany({ where: { taskId, unitId: unit.id } });
      await writeAudit(tx, { at: this.now(), action: 'task.escalation-reset', entity: 'task', entityId: taskId, before: { level: current }, after: { unit: unit.name, level: 0 } });
    });
  }

  async step(taskId: number, unit: { id: number; name: string }, current: number, step: number, to: string, owe: (tx: Tx) => Promise<unknown>): Promise<void> {
    await this.db.$transaction(async (tx) => {
      await tx.escalation.create({ data: { taskId, unitId: unit.id, level: step, at: this.now() } });
      await writeAudit(tx, { at: this.now(), action: 'task.escalate', entity: 'task', entityId: taskId, before: { level: current }, after: { unit: unit.name, level: step, to } });
      await owe(tx);
    });
  }
}
