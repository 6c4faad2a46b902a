import type { Db, Tx } from '../db/types.ts';
import { serialOf } from '../db/sqlite-serial.ts';
import type { ActionContext } from '../domain/actor.ts';
import type { ReportValue } from '../domain/reports.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { nextStatus, taskCode, type TaskStatus } from '../domain/tasks.ts';
import { writeAudit } from './audit.ts';

/**
 * Which report: a unit's last one on a task (what a liaison may take back), or any report by its number (the
 * office's, with a reason).
 */
export type ReportTarget = { kind: 'last'; taskId: number; unitId: number } | { kind: 'id'; reportId: number };

interface CorrectionReceipt {
  reportId: number;
  code: string;
  unitName: string;
  /** What the report said before, and after (null when withdrawn). */
  before: ReportValue;
  after: ReportValue | null;
}

const valueOf = (r: { amount: number | null; percent: number | null }): ReportValue =>
  r.amount !== null ? { kind: 'amount', amount: r.amount } : { kind: 'percent', percent: r.percent ?? 0 };

const plain = (v: ReportValue) => (v.kind === 'amount' ? { amount: v.amount } : { percent: v.percent });

/**
 * Taking back or correcting a report. A unit's liaison may withdraw or correct the unit's last report within
 * `windowHours` of sending it, while the unit's part is not done; the office may withdraw or correct any report
 * on an open task, with a reason. A withdrawn report stays in the record and counts for nothing; a corrected one
 * counts its new value. Each change is one transaction and one audit row (before, after, reason), shown in /task.
 */
export class ReportCorrections {
  constructor(
    private readonly db: Db,
    private readonly windowHours: number,
    private readonly now: () => Date,
  ) {}

  withdraw(at: ActionContext, target: ReportTarget, reason: string | null): Promise<Result<CorrectionReceipt>> {
    return this.change(at, target, null, reason);
  }

  correct(at: ActionContext, target: ReportTarget, value: ReportValue, reason: string | null): Promise<Result<CorrectionReceipt>> {
    return this.change(at, target, value, reason);
  }

  private change(at: ActionContext, target: ReportTarget, value: ReportValue | null, reason: string | null): Promise<Result<CorrectionReceipt>> {
    const { actor } = at;
    const admin = actor.role === 'admin';
    if (!admin && actor.role !== 'liaison') return Promise.resolve(fail('errors-not-allowed-action'));
    if (target.kind === 'id' && !admin) return Promise.resolve(fail('correct-office-only'));
    if (admin && target.kind === 'id' && reason === null) return Promise.resolve(fail('correct-needs-reason'));
    return this.db.$transaction(async (tx) => {
      const report = await this.find(tx, target);
      if (!report) return target.kind === 'id' ? fail('correct-unknown-report', { id: target.reportId }) : fail('correct-nothing', { code: taskCode(target.taskId) });
      const code = taskCode(report.taskId);
      if (!admin && actor.unitId !== report.unitId) return fail('task-not-your-unit');
      const open = nextStatus(report.task.status as TaskStatus, 'report');
      if (!open.ok) return fail(open.reason, { code });
      const part = await tx.taskAssignment.findUnique({ where: { taskId_unitId: { taskId: report.taskId, unitId: report.unitId } } });
      if (!part) return fail('task-not-assigned', { code });
      await this.lockPart(tx, part.id);
      if (!admin) {
        if (part.doneAt) return fail('correct-part-done', { code });
        if (this.now().getTime() - report.createdAt.getTime() > this.windowHours * 3_600_000) return fail('correct-window-passed', { code, hours: this.windowHours });
      }
      const before = valueOf(report);
      if (value !== null) {
        if (value.kind !== before.kind) return fail(value.kind === 'amount' ? 'report-needs-percent' : 'report-needs-amount', { code, quota: part.quota ?? 0, measure: report.task.measure ?? '' });
        if (value.kind === 'amount' && part.quota !== null) {
          const counted = await tx.progressReport.aggregate({ where: { taskId: report.taskId, unitId: report.unitId, withdrawnAt: null }, _sum: { amount: true } });
          const others = (counted._sum.amount ?? 0) - (report.amount ?? 0);
          const remaining = Math.max(0, part.quota - others);
          if (value.amount > remaining + 1e-9) return fail('report-over-quota', { code, quota: part.quota, remaining, measure: report.task.measure ?? '' });
        }
      }
      const when = this.now();
      await tx.progressReport.update({
        where: { id: report.id },
        data: value === null ? { withdrawnAt: when, changeReason: reason } : { ...plain(value), correctedAt: when, changeReason: reason },
      });
      await writeAudit(tx, {
        at: when,
        actorTelegramId: actor.telegramId,
        chatId: at.chatId,
        action: value === null ? 'task.report-withdrawn' : 'task.report-corrected',
        entity: 'task',
        entityId: report.taskId,
        before: { report: report.id, ...plain(before) },
        after: { report: report.id, unit: report.unit.name, ...(value === null ? { withdrawn: true } : plain(value)), reason },
      });
      return ok({ reportId: report.id, code, unitName: report.unit.name, before, after: value });
    });
  }

  private find(tx: Tx, target: ReportTarget) {
    const include = { task: { select: { status: true, measure: true } }, unit: { select: { name: true } } } as const;
    if (target.kind === 'id') return tx.progressReport.findFirst({ where: { id: target.reportId, withdrawnAt: null }, include });
    return tx.progressReport.findFirst({
      where: { taskId: target.taskId, unitId: target.unitId, withdrawnAt: null },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      include,
    });
  }

  /** On PostgreSQL a correction and a report of the same part wait for each other (the quota check). */
  private async lockPart(tx: Tx, partId: number): Promise<void> {
    if (serialOf(this.db)) return;
    await tx.$queryRaw`SELECT 1 FROM "TaskAssignment" WHERE "id" = ${partId} FOR UPDATE`;
  }
}
