import type { Db } from '../db/types.ts';
import { daysBetween } from '../domain/calendar.ts';
import { problemCode } from '../domain/problems.ts';
import type { TaskQueries, TaskSummary } from './task-queries.ts';
import { localDate } from '../domain/calendar.ts';
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
    const [rows, problems] = await Promise.all([ledgerRows(this.db, this.queries, t), problemRows(this.db, t, this.queries.today(), this.timeZone)]);
    return ledgerWorkbook(rows, { title, generatedAt: this.now(), timeZone: this.timeZone }, problems);
  }
}

/**
 * The ledger (台账) rows: one per task and unit, each part by its own deadline, with progress, light, days late
 * (at completion for a finished part), when it was finished and the task closed, last report and extensions.
 */
async function ledgerRows(db: Db, queries: TaskQueries, t: Label): Promise<LedgerRow[]> {
  const tasks = await queries.summaries({ includeFinished: true });
  const ids = tasks.map((task) => task.id);
  const [lastReports, extensions, descriptions, closures] = await Promise.all([
    db.progressReport.findMany({
      where: { taskId: { in: ids }, withdrawnAt: null },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      distinct: ['taskId', 'unitId'],
      select: { taskId: true, unitId: true, note: true },
    }),
    db.extension.findMany({ where: { taskId: { in: ids } }, orderBy: { id: 'asc' } }),
    db.task.findMany({ where: { id: { in: ids } }, select: { id: true, description: true } }),
    db.auditLog.findMany({ where: { entity: 'task', action: 'task.close' }, orderBy: [{ at: 'asc' }, { id: 'asc' }], select: { entityId: true, at: true } }),
  ]);
  const notes = new Map(lastReports.map((r) => [`${r.taskId}:${r.unitId}`, r.note]));
  const descriptionOf = new Map(descriptions.map((d) => [d.id, d.description]));
  // The last close of each task (a reopened and closed again task was closed last then).
  const closedAt = new Map(closures.map((c) => [Number(c.entityId), c.at]));
  return [...tasks]
    .sort((a, b) => a.id - b.id)
    .flatMap((task) => {
      const cooperating = task.parts.filter((p) => p.role === 'cooperating').map((p) => p.unitName).join('、');
      return task.parts.map((part) => {
        const own = extensions.filter((e) => e.taskId === task.id && e.unitId === part.unitId);
        const light = task.status === 'cancelled' ? 'cancelled' : part.light;
        return {
          taskCode: task.code,
          title: task.title,
          committee: task.committee,
          status: t(`task-status-${task.status}`),
          light: t(`ledger-light-${light}`),
          lightColor: light === 'cancelled' ? 'done' : light,
          unit: part.unitName,
          role: t(`task-role-${part.role}`),
          quota: part.quota,
          done: part.quota === null ? null : part.done,
          progressRatio: part.ratio,
          measure: task.measure,
          dueDate: part.dueDate,
          overdueDays: part.overdueDays,
          lastReportAt: part.lastReportAt,
          lastReportNote: notes.get(`${task.id}:${part.unitId}`) ?? null,
          extensions: own.map((e) => `${e.fromDate}→${e.toDate} ${t(`extension-status-${e.status}`)}`).join('；'),
          description: descriptionOf.get(task.id) ?? null,
          cooperatingUnits: cooperating,
          originalDueDate: own.find((e) => e.status === 'approved')?.fromDate ?? null,
          finishedAt: part.doneAt ?? (part.finishedOn !== null ? leadDoneAt(task) : null),
          closedAt: task.status === 'closed' ? (closedAt.get(task.id) ?? null) : null,
          doneOverride: part.doneOverride,
        } satisfies LedgerRow;
      });
    });
}

/** When the lead said the task done: the moment a part finished with its task was finished. */
const leadDoneAt = (task: TaskSummary): Date | null => task.parts.find((p) => p.role === 'lead')?.doneAt ?? null;

/**
 * The problems sheet's rows: one per problem ticket whatever its status, by id, with its photos before and after
 * rectification and how often the office sent it back. Three queries, however many problems there are.
 */
async function problemRows(db: Db, t: Label, today: string, timeZone: string): Promise<ProblemLedgerRow[]> {
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
      // Open: late to today; verified (销号): late as it was when verified; fixed, it waits on the office.
      overdueDays:
        p.status === 'open'
          ? Math.max(0, daysBetween(p.dueDate, today))
          : p.status === 'closed' && p.closedAt
            ? Math.max(0, daysBetween(p.dueDate, localDate(p.closedAt, timeZone)))
            : 0,
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
