import type { Db } from '../db/types.ts';
import type { Translate } from '../i18n/index.ts';
import type { TaskQueries } from './task-queries.ts';
import type { LedgerRow } from './task-sheet.ts';

/** The ledger (台账) rows: one per task and unit, with progress, light, last report and extensions. */
export async function ledgerRows(db: Db, queries: TaskQueries, t: Translate): Promise<LedgerRow[]> {
  const tasks = await queries.summaries({ includeFinished: true });
  const ids = tasks.map((task) => task.id);
  const [lastReports, extensions] = await Promise.all([
    db.progressReport.findMany({
      where: { taskId: { in: ids } },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      distinct: ['taskId', 'unitId'],
      select: { taskId: true, unitId: true, note: true },
    }),
    db.extension.findMany({ where: { taskId: { in: ids } }, orderBy: { id: 'asc' } }),
  ]);
  const notes = new Map(lastReports.map((r) => [`${r.taskId}:${r.unitId}`, r.note]));
  return [...tasks]
    .sort((a, b) => a.id - b.id)
    .flatMap((task) =>
      task.parts.map((part) => ({
        taskCode: task.code,
        title: task.title,
        committee: task.committee,
        status: t(`task-status-${task.status}`),
        light: t(`ledger-light-${task.light}`),
        lightColor: task.light,
        unit: part.unitName,
        role: t(`task-role-${part.role}`),
        quota: part.quota,
        done: part.quota === null ? null : part.done,
        progressRatio: part.ratio,
        measure: task.measure,
        dueDate: task.dueDate,
        overdueDays: task.overdueDays,
        lastReportAt: part.lastReportAt,
        lastReportNote: notes.get(`${task.id}:${part.unitId}`) ?? null,
        extensions: extensions
          .filter((e) => e.taskId === task.id && e.unitId === part.unitId)
          .map((e) => `${e.fromDate}→${e.toDate} ${t(`extension-status-${e.status}`)}`)
          .join('；'),
      })),
    );
}
