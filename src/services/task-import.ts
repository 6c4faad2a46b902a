import { LOCKS } from '../db/session.ts';
import { serialOf } from '../db/sqlite-serial.ts';
import { LONG_TRANSACTION, type Db, type Tx } from '../db/types.ts';
import type { ActionContext } from '../domain/actor.ts';
import { importKey, IMPORT_MATCHES, taskChanges, type ExistingTask, type PartAfter, type TaskChange } from '../domain/task-import.ts';
import { taskCode } from '../domain/tasks.ts';
import type { SheetError, SheetRejection, SheetTask } from '../sheets/task-import.ts';
import { writeAudit } from './audit.ts';
import { insertTask, type TaskService } from './tasks.ts';

/** What /import was given, as its draft keeps it between the preview and Confirm. */
export interface ImportSheet {
  fileName: string;
  tasks: SheetTask[];
  rejected: SheetRejection[];
}

/** What one task of the sheet does (or did) to the tasks, with the sheet rows it came from. */
export type ImportRow =
  | { outcome: 'added'; rows: number[]; title: string; taskId: number | null; dueDate: string; measure: string | null; parts: PartAfter[] }
  | { outcome: 'updated'; rows: number[]; title: string; taskId: number; measure: string | null; changes: TaskChange[]; parts: PartAfter[] }
  | { outcome: 'unchanged'; rows: number[]; title: string; taskId: number }
  | { outcome: 'rejected'; rows: number[]; title: string; errors: SheetError[] };

/** An import, row by row in the sheet's order, with the names its rows are shown with. */
export interface ImportPlan {
  rows: ImportRow[];
  units: Record<number, string>;
  /** Committees by id, their short names. */
  committees: Record<number, string>;
}

type Client = Db | Tx;

/**
 * The key-task list imported as the office's tasks, never twice: a sheet task whose task exists already (the same
 * title and lead unit, not closed or cancelled) updates it or leaves it alone. The preview and the import plan the
 * same way; the import plans again inside its transaction, so a second Confirm, or a file whose tasks came in
 * meanwhile, adds nothing.
 */
export class TaskImports {
  constructor(
    private readonly db: Db,
    private readonly tasks: TaskService,
    private readonly now: () => Date,
  ) {}

  /** What importing the sheet would do now; nothing is written. */
  preview(sheet: ImportSheet): Promise<ImportPlan> {
    return this.plan(this.db, sheet);
  }

  /** Imports the sheet as the tasks stand now, in one transaction, with an audit row per task and one for the import. */
  apply(at: ActionContext, sheet: ImportSheet): Promise<ImportPlan> {
    return this.db.$transaction(async (tx) => {
      // Two imports at once on PostgreSQL would both plan "added": the second waits (SQLite runs one transaction at a time).
      if (!serialOf(this.db)) await tx.$queryRaw`SELECT 1 FROM pg_advisory_xact_lock(${LOCKS.taskImport}::bigint)`;
      const plan = await this.plan(tx, sheet);
      const inputs = new Map(sheet.tasks.map((t) => [t.rows[0]!, t.input]));
      const now = this.now();
      for (const row of plan.rows) {
        if (row.outcome === 'added') row.taskId = (await insertTask(tx, at, inputs.get(row.rows[0]!)!, now)).id;
        if (row.outcome === 'updated') await this.update(tx, at, row, inputs.get(row.rows[0]!)!.dueDate, plan.units, now);
      }
      const codes = (outcome: ImportRow['outcome']) => plan.rows.flatMap((r) => (r.outcome === outcome && 'taskId' in r && r.taskId !== null ? [taskCode(r.taskId)] : []));
      await writeAudit(tx, {
        at: now,
        actorTelegramId: at.actor.telegramId,
        chatId: at.chatId,
        action: 'task.import',
        entity: 'import',
        after: { file: sheet.fileName, added: codes('added'), updated: codes('updated'), unchanged: codes('unchanged'), rejectedRows: plan.rows.flatMap((r) => (r.outcome === 'rejected' ? r.rows : [])) },
      });
      return plan;
    }, LONG_TRANSACTION);
  }

  private async plan(client: Client, sheet: ImportSheet): Promise<ImportPlan> {
    const rows: ImportRow[] = sheet.rejected.map((r) => ({ outcome: 'rejected', rows: r.rows, title: r.title, errors: r.errors }));
    const inputs = sheet.tasks.map((t) => t.input);
    const offices = new Map((await this.tasks.officeLeads(inputs, client)).map((o) => [o.index, o.unit]));
    const leadOf = (input: SheetTask['input']) => input.assignments.find((a) => a.role === 'lead')!.unitId;
    const existing = await client.task.findMany({
      where: { status: { in: [...IMPORT_MATCHES] }, assignments: { some: { role: 'lead', unitId: { in: [...new Set(inputs.map(leadOf))] } } } },
      select: { id: true, title: true, status: true, committeeId: true, description: true, dueDate: true, measure: true, assignments: { select: { unitId: true, role: true, quota: true, dueDate: true, doneAt: true } } },
      orderBy: { id: 'asc' },
    });
    const byKey = new Map<string, typeof existing>();
    for (const task of existing) {
      const lead = task.assignments.find((a) => a.role === 'lead');
      if (!lead) continue;
      const key = importKey(task.title, lead.unitId);
      byKey.set(key, [...(byKey.get(key) ?? []), task]);
    }

    for (const [index, { rows: sheetRows, input, pastDue }] of sheet.tasks.entries()) {
      const reject = (key: string, vars?: Record<string, string | number>) =>
        rows.push({ outcome: 'rejected', rows: sheetRows, title: input.title, errors: [{ row: sheetRows[0]!, column: '', key, ...(vars ? { vars } : {}) }] });
      const rejectPastDue = (error: SheetError) => rows.push({ outcome: 'rejected', rows: sheetRows, title: input.title, errors: [error] });
      const office = offices.get(index);
      if (office) {
        reject('task-lead-office', { unit: office });
        continue;
      }
      const matches = byKey.get(importKey(input.title, leadOf(input))) ?? [];
      if (matches.length > 1) {
        reject('import-task-ambiguous', { codes: matches.map((m) => taskCode(m.id)).join('、') });
        continue;
      }
      const task = matches[0];
      if (!task) {
        if (pastDue) {
          rejectPastDue(pastDue);
          continue;
        }
        const checked = this.tasks.check(input);
        if (!checked.ok) reject(checked.error.key, checked.error.vars);
        else rows.push({ outcome: 'added', rows: sheetRows, title: input.title, taskId: null, dueDate: input.dueDate, measure: input.measure, parts: input.assignments.map((a) => ({ ...a, dueDate: input.dueDate, added: true, moved: false })) });
        continue;
      }
      const { changes, parts } = taskChanges({ ...task, parts: task.assignments } satisfies ExistingTask, input);
      // The same list again after its deadline: the deadline it restates is no change; a new one in the past is wrong.
      if (pastDue && changes.some((c) => c.kind === 'due')) {
        rejectPastDue(pastDue);
        continue;
      }
      const code = taskCode(task.id);
      if (changes.length === 0) {
        rows.push({ outcome: 'unchanged', rows: sheetRows, title: input.title, taskId: task.id });
        continue;
      }
      // A task the lead said is done waits for the office's verdict: it is sent back (/reject) before it changes.
      if (task.status === 'done') {
        reject('import-task-done', { code });
        continue;
      }
      const busy = await this.partWithWork(client, task.id, changes);
      if (busy !== null) {
        reject('import-unit-has-work', { code, unit: busy });
        continue;
      }
      rows.push({ outcome: 'updated', rows: sheetRows, title: input.title, taskId: task.id, measure: input.measure, changes, parts });
    }
    rows.sort((a, b) => a.rows[0]! - b.rows[0]!);
    return { rows, ...(await this.names(client, rows)) };
  }

  /** The first unit the row would take off the task that has work on it (reports, a done, an extension request). */
  private async partWithWork(client: Client, taskId: number, changes: readonly TaskChange[]): Promise<string | null> {
    for (const change of changes) {
      if (change.kind !== 'unit-removed') continue;
      const where = { taskId, unitId: change.unitId };
      const part = await client.taskAssignment.findUnique({ where: { taskId_unitId: where }, select: { doneAt: true, unit: { select: { name: true } } } });
      if (!part) continue;
      if (part.doneAt !== null || (await client.progressReport.count({ where })) > 0 || (await client.extension.count({ where })) > 0) return part.unit.name;
    }
    return null;
  }

  private async update(tx: Tx, at: ActionContext, row: Extract<ImportRow, { outcome: 'updated' }>, dueDate: string, units: Record<number, string>, now: Date): Promise<void> {
    const taskId = row.taskId;
    const fields: { dueDate?: string; committeeId?: number; description?: string | null; measure?: string | null } = {};
    let before: string | null = null;
    for (const change of row.changes) {
      if (change.kind === 'due') [fields.dueDate, before] = [change.to, change.from];
      if (change.kind === 'committee') fields.committeeId = change.to;
      if (change.kind === 'description') fields.description = change.to;
      if (change.kind === 'measure') fields.measure = change.to;
      if (change.kind === 'unit-removed') await tx.taskAssignment.delete({ where: { taskId_unitId: { taskId, unitId: change.unitId } } });
    }
    if (Object.keys(fields).length > 0) await tx.task.update({ where: { id: taskId }, data: fields, select: { id: true } });
    const quotaChanged = new Set(row.changes.flatMap((c) => (c.kind === 'quota' ? [c.unitId] : [])));
    for (const part of row.parts) {
      if (part.added) await tx.taskAssignment.create({ data: { taskId, unitId: part.unitId, role: part.role, quota: part.quota, dueDate: part.dueDate }, select: { id: true } });
      else if (part.moved || quotaChanged.has(part.unitId)) {
        await tx.taskAssignment.update({ where: { taskId_unitId: { taskId, unitId: part.unitId } }, data: { quota: part.quota, dueDate: part.dueDate }, select: { id: true } });
      }
    }
    // The trail shows a deadline change like /edit's: from, to, and the units whose parts moved with it.
    const moved = row.parts.filter((p) => p.moved).map((p) => units[p.unitId] ?? '');
    await writeAudit(tx, {
      at: now,
      actorTelegramId: at.actor.telegramId,
      chatId: at.chatId,
      action: 'task.import-update',
      entity: 'task',
      entityId: taskId,
      before: before === null ? {} : { dueDate: before },
      after: { ...(before === null ? {} : { dueDate, units: moved }), changes: row.changes },
    });
  }

  private async names(client: Client, rows: readonly ImportRow[]): Promise<Omit<ImportPlan, 'rows'>> {
    const unitIds = new Set<number>();
    const committeeIds = new Set<number>();
    for (const row of rows) {
      if (row.outcome === 'added' || row.outcome === 'updated') for (const p of row.parts) unitIds.add(p.unitId);
      if (row.outcome === 'updated') {
        for (const c of row.changes) {
          if (c.kind === 'unit-removed') unitIds.add(c.unitId);
          if (c.kind === 'committee') [c.from, c.to].forEach((id) => committeeIds.add(id));
        }
      }
    }
    const units = await client.unit.findMany({ where: { id: { in: [...unitIds] } }, select: { id: true, name: true } });
    const committees = await client.committee.findMany({ where: { id: { in: [...committeeIds] } }, select: { id: true, shortName: true } });
    return { units: Object.fromEntries(units.map((u) => [u.id, u.name])), committees: Object.fromEntries(committees.map((c) => [c.id, c.shortName])) };
  }
}
