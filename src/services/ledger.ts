import type { Db } from '../db/types.ts';
import { daysBetween } from '../domain/calendar.ts';
import { problemCode } from '../domain/problems.ts';
import type { TaskQueries } from './task-queries.ts';
import { ledgerWorkbook, type LedgerRow, type ProblemLedgerRow } from '../sheets/ledger.ts';

/** The names of statuses, lights, roles and kinds in the reader's language. */
type Label = (key: string) => string;

/** The ledger (台账) as the office exports it: the tasks' sheet, one row per task and unit, and the problems' sheet. */
export class LedgerService {
  constructor(
    private readonly db: Db,
    private readonly queries: TaskQueries,
    private readonly timeZone: string,
    private readonly now: () => Date,
  ) {}

  async workbook(t: Label, title: string): Promise<Buffer> {
    const [rows, problems] = await Promise.all([ledgerRows(this.db, this.queries, t), problemRows(this.db, t, this.queries.today())]);
    return ledgerWorkbook(rows, { title, generatedAt: this.now(), timeZone: this.timeZone }, problems);
  }
}

/** The ledger (台账) rows: one per task and unit, with progress, light, last report and extensions. */
async function ledgerRows(db: Db, queries: TaskQueries, t: Label): Promise<LedgerRow[]> {
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

/**
 * The problems sheet's rows: one per problem ticket whatever its status, by id, with its photos before and after
 * rectification and how often the office sent it back. Three queries, however many problems there are.
 */
async function problemRows(db: Db, t: Label, today: string): Promise<ProblemLedgerRow[]> {
  const [problems, photos, rejections] = await Promise.all([
    db.problem.findMany({ orderBy: { id: 'asc' }, include: { unit: { select: { name: true } } } }),
    db.problemEvidence.groupBy({ by: ['problemId', 'stage'], _count: { _all: true } }),
    db.auditLog.findMany({
      where: { entity: 'problem', action: 'problem.reject' },
      orderBy: [{ at: 'asc' }, { id: 'asc' }],
      select: { entityId: true, after: true },
    }),
  ]);
  const photoCounts = new Map(photos.map((p) => [`${p.problemId}:${p.stage}`, p._count._all]));
  const rejectionsOf = new Map<string, { count: number; lastReason: string | null }>();
  for (const r of rejections) {
    const key = r.entityId ?? '';
    rejectionsOf.set(key, { count: (rejectionsOf.get(key)?.count ?? 0) + 1, lastReason: rejectReason(r.after) });
  }
  return problems.map((p) => {
    const rejected = rejectionsOf.get(String(p.id));
    return {
      code: problemCode(p.id),
      kind: t(`problem-kind-${p.kind}`),
      unit: p.unit.name,
      where: p.location ?? (p.latitude !== null && p.longitude !== null ? `${p.latitude.toFixed(5)}, ${p.longitude.toFixed(5)}` : ''),
      foundBy: t(`problem-found-${p.foundBy}`),
      description: p.description,
      dueDate: p.dueDate,
      // A fixed problem waits on the office, not the unit: only an open one counts as overdue.
      overdueDays: p.status === 'open' ? Math.max(0, daysBetween(p.dueDate, today)) : 0,
      status: t(`problem-status-${p.status}`),
      state: p.status,
      beforePhotos: photoCounts.get(`${p.id}:before`) ?? 0,
      afterPhotos: photoCounts.get(`${p.id}:after`) ?? 0,
      rejections: rejected?.count ?? 0,
      createdAt: p.createdAt,
      closedAt: p.closedAt,
      lastRejectReason: rejected?.lastReason ?? null,
    };
  });
}

/** The reason the office gave when it sent a problem back, as its audit row recorded it. */
function rejectReason(after: string | null): string | null {
  if (!after) return null;
  try {
    const reason = (JSON.parse(after) as { reason?: unknown } | null)?.reason;
    return typeof reason === 'string' && reason !== '' ? reason : null;
  } catch {
    return null; // a damaged audit row must not stop the export
  }
}
