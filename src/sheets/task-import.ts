import { daysBetween } from '../domain/calendar.ts';
import type { NewTaskInput } from '../domain/tasks.ts';
import { dateOf, namesOf, quotaOf, textOf, type Cell } from './cells.ts';
import { readTables, type RawRow, type Table } from './tables.ts';
import { FIELDS, fieldOfHeader, HEADERS, REQUIRED, type Field } from './task-columns.ts';
import { lengthOf, textKey } from '../domain/text.ts';
import { TASK_LIMITS } from '../domain/tasks.ts';

/**
 * The office's key-task list (重点工作清单) as a spreadsheet in.
 * Pure: bytes in, tasks or errors out; names are resolved by the resolver the caller passes.
 */

type Resolved = { ok: true; value: { id: number; name: string } } | { ok: false; error: { key: string; vars?: Record<string, string | number> } };

export interface SheetResolver {
  unit(name: string): Resolved;
  committee(name: string): Resolved;
}

export interface SheetError {
  /** The sheet row as the office sees it (the header is row 1); 0 for the whole file. */
  row: number;
  /** The header text of the column as written in the file, or '' for a whole row or the whole file. */
  column: string;
  key: string;
  vars?: Record<string, string | number>;
}

/** A task the sheet describes, and the rows that describe it (one, or one per unit it is split over). */
export interface SheetTask {
  rows: number[];
  input: NewTaskInput;
  /**
   * Its deadline has passed: wrong for a new task or a new deadline, not for a row that restates an existing
   * task's deadline (the same list imported again later), so whoever plans the import decides.
   */
  pastDue?: SheetError;
}

/** Rows that import nothing, and why: a task's rows when any of them is wrong, or a row without a title. */
export interface SheetRejection {
  rows: number[];
  title: string;
  errors: SheetError[];
}

/**
 * The file as a whole unreadable (no header, empty, too long): errors, nothing else. Otherwise the tasks it
 * describes and the rows it rejects, each row in one or the other: a wrong row costs its own task only.
 */
type SheetResult = { ok: true; tasks: SheetTask[]; rejected: SheetRejection[] } | { ok: false; errors: SheetError[] };

const MAX_SHEET_ROWS = 5000;
const MAX_DESCRIPTION_LENGTH = 2000;
const MAX_MEASURE_LENGTH = 20;
/** How far down a title line or two may push the header. */
const HEADER_SEARCH_ROWS = 10;


interface Header {
  row: number;
  columns: Map<Field, number[]>;
  names: Map<number, string>; // column index → header text as written
}

function findHeader(table: Table): Header | null {
  for (const { row, cells } of table.rows.slice(0, HEADER_SEARCH_ROWS)) {
    const columns = new Map<Field, number[]>();
    const names = new Map<number, string>();
    cells.forEach((cell, index) => {
      const field = fieldOfHeader(textOf(cell));
      if (!field) return;
      columns.set(field, [...(columns.get(field) ?? []), index]);
      names.set(index, textOf(cell));
    });
    if (REQUIRED.every((f) => columns.has(f))) return { row, columns, names };
  }
  return null;
}

interface SheetRow {
  row: number;
  title: string;
  committee: string;
  lead: string;
  with: string[];
  dueText: string;
  due: string | null;
  quotaText: string;
  quota: number | null;
  measure: string;
  unit: string;
  description: string;
}

export async function readTaskSheet(bytes: Buffer, fileName: string, resolver: SheetResolver, today: string): Promise<SheetResult> {
  void fileName; // the content decides: Excel files are zips whatever they are called, everything else must be text
  const fileError = (key: string, vars?: Record<string, string | number>): SheetResult => ({
    ok: false,
    errors: [{ row: 0, column: '', key, ...(vars ? { vars } : {}) }],
  });

  if (bytes.length === 0) return fileError('sheet-empty');
  const tables = await readTables(bytes);
  if (tables === null) return fileError('sheet-unreadable');
  const found = tables.map((table) => ({ table, header: findHeader(table) })).find((t) => t.header !== null);
  if (!found) {
    const first = tables[0];
    const candidates = (first?.rows ?? []).filter((r) => r.cells.some((c) => textOf(c) !== '')).slice(0, HEADER_SEARCH_ROWS);
    if (candidates.length === 0) return fileError('sheet-empty');
    // The header is the row that looks most like one (a title line may sit above it); name the required columns it lacks.
    const fieldsOf = (r: RawRow) => new Set(r.cells.map((c) => fieldOfHeader(textOf(c))).filter((f) => f !== undefined));
    const headerRow = candidates.reduce((best, r) => (fieldsOf(r).size > fieldsOf(best).size ? r : best));
    const present = fieldsOf(headerRow);
    return {
      ok: false,
      errors: REQUIRED.filter((f) => !present.has(f)).map((f) => ({
        row: headerRow.row,
        column: HEADERS[f][0]!,
        key: 'sheet-missing-column',
        vars: { column: HEADERS[f][0]! },
      })),
    };
  }
  const table = found.table;
  const header = found.header!;

  const errors: SheetError[] = [];
  const columnName = (field: Field): string => {
    const index = header.columns.get(field)?.[0];
    return index === undefined ? HEADERS[field][0]! : header.names.get(index)!;
  };
  const pastDueRows = new Set<number>();
  const error = (row: number, field: Field | '', key: string, vars?: Record<string, string | number>) =>
    errors.push({ row, column: field === '' ? '' : columnName(field), key, ...(vars ? { vars } : {}) });

  for (const field of FIELDS) {
    const indexes = header.columns.get(field) ?? [];
    // Several description columns (备注 and 说明) are joined; any other field must come once.
    if (field !== 'description' && indexes.length > 1) {
      for (const index of indexes.slice(1)) {
        errors.push({ row: header.row, column: header.names.get(index)!, key: 'sheet-duplicate-column', vars: { column: header.names.get(indexes[0]!)! } });
      }
    }
  }
  if (errors.length > 0) return { ok: false, errors };

  const cellsOf = (cells: Cell[], field: Field): Cell[] => (header.columns.get(field) ?? []).map((i) => cells[i] ?? null);
  const cell = (cells: Cell[], field: Field): Cell | undefined => cellsOf(cells, field)[0];
  const known = [...header.columns.values()].flat();
  const body = table.rows.filter((r) => r.row > header.row && known.some((i) => textOf(r.cells[i]) !== ''));
  if (body.length === 0) return fileError('sheet-empty');
  if (body.length > MAX_SHEET_ROWS) return fileError('sheet-too-many-rows', { max: MAX_SHEET_ROWS, count: body.length });

  // Each name is resolved once; an unknown one is still reported on every row that uses it.
  const unitCache = new Map<string, Resolved>();
  const committeeCache = new Map<string, Resolved>();
  const resolveWith = (cache: Map<string, Resolved>, lookup: (name: string) => Resolved, name: string) => {
    let result = cache.get(name);
    if (!result) cache.set(name, (result = lookup(name)));
    return result;
  };
  const resolve = (kind: 'unit' | 'committee', row: number, field: Field, name: string): { id: number; name: string } | null => {
    const result =
      kind === 'unit'
        ? resolveWith(unitCache, (n) => resolver.unit(n), name)
        : resolveWith(committeeCache, (n) => resolver.committee(n), name);
    if (result.ok) return result.value;
    error(row, field, result.error.key, result.error.vars);
    return null;
  };

  // Row by row: what each cell says, and whether it is well-formed.
  const rows: SheetRow[] = body.map(({ row, cells }) => {
    const parsed: SheetRow = {
      row,
      title: textOf(cell(cells, 'title')).replace(/\s+/gu, ' '),
      committee: textOf(cell(cells, 'committee')),
      lead: textOf(cell(cells, 'lead')),
      with: namesOf(textOf(cell(cells, 'with'))),
      dueText: textOf(cell(cells, 'due')),
      due: null,
      quotaText: textOf(cell(cells, 'quota')),
      quota: null,
      measure: textOf(cell(cells, 'measure')),
      unit: textOf(cell(cells, 'unit')),
      description: cellsOf(cells, 'description').map(textOf).filter(Boolean).join('\n'),
    };
    for (const field of REQUIRED) if (textOf(cell(cells, field)) === '') error(row, field, 'sheet-required');
    if (lengthOf(parsed.title) > TASK_LIMITS.title) error(row, 'title', 'sheet-too-long', { max: TASK_LIMITS.title });
    if ([...parsed.measure].length > MAX_MEASURE_LENGTH) error(row, 'measure', 'sheet-too-long', { max: MAX_MEASURE_LENGTH });
    if ([...parsed.description].length > MAX_DESCRIPTION_LENGTH) error(row, 'description', 'sheet-too-long', { max: MAX_DESCRIPTION_LENGTH });
    if (parsed.dueText !== '') {
      parsed.due = dateOf(cell(cells, 'due'), today);
      if (parsed.due === null) error(row, 'due', 'sheet-bad-date', { text: parsed.dueText.slice(0, 30) });
      else if (daysBetween(today, parsed.due) < 0) {
        error(row, 'due', 'sheet-past-date', { date: parsed.due, today });
        pastDueRows.add(row);
      }
    }
    if (parsed.quotaText !== '') {
      parsed.quota = quotaOf(cell(cells, 'quota'));
      if (parsed.quota === null) error(row, 'quota', 'sheet-bad-quota', { text: parsed.quotaText.slice(0, 30) });
    }
    return parsed;
  });

  // Rows with the same title are one task: one row per task, or one row per unit the task is split over.
  const groups = new Map<string, SheetRow[]>();
  for (const row of rows) {
    if (row.title === '') continue;
    const key = textKey(row.title);
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  // Rows without a title belong to no task, but their names are still checked so every problem is reported at once.
  for (const row of rows.filter((r) => r.title === '')) {
    if (row.committee) resolve('committee', row.row, 'committee', row.committee);
    if (row.lead) resolve('unit', row.row, 'lead', row.lead);
    for (const name of row.with) resolve('unit', row.row, 'with', name);
    if (row.unit) resolve('unit', row.row, 'unit', row.unit);
  }

  const tasks: (SheetTask & { group: SheetRow[] })[] = [];
  const brokenGroups: SheetRow[][] = [];
  for (const group of groups.values()) {
    const first = group[0]!;
    const split = group.length > 1;
    let committee: { id: number; name: string } | null = null;
    let lead: { id: number; name: string } | null = null;
    let broken = false;
    const assignments = new Map<number, { role: 'lead' | 'cooperating'; quota: number | null }>();
    const quotaRows = new Map<number, number>(); // unit id → the row that gave its quota (or named it as 分解单位)

    for (const row of group) {
      const isFirst = row === first;
      const conflict = (field: Field, expected: string) => {
        error(row.row, field, 'sheet-conflict', { first: first.row, expected });
        broken = true;
      };

      // Committee, lead, due date and measure are the task's: every row must say the same.
      const rowCommittee = row.committee ? resolve('committee', row.row, 'committee', row.committee) : null;
      const rowLead = row.lead ? resolve('unit', row.row, 'lead', row.lead) : null;
      if (!rowCommittee || !rowLead || row.due === null) broken = true;
      if (isFirst) {
        committee = rowCommittee;
        lead = rowLead;
        if (rowLead) assignments.set(rowLead.id, { role: 'lead', quota: null });
      } else {
        // Compare what the names resolve to; when a name does not resolve (already reported), compare the text.
        const differ = (a: { id: number } | null, b: { id: number } | null, textA: string, textB: string) =>
          textA !== '' && textB !== '' && (a && b ? a.id !== b.id : textKey(textA) !== textKey(textB));
        if (differ(rowCommittee, committee, row.committee, first.committee)) conflict('committee', first.committee);
        if (differ(rowLead, lead, row.lead, first.lead)) conflict('lead', first.lead);
        if (row.due !== null && first.due !== null && row.due !== first.due) conflict('due', first.due);
        const firstMeasure = group.find((r) => r.measure !== '' && r.row < row.row)?.measure;
        if (row.measure && firstMeasure && textKey(row.measure) !== textKey(firstMeasure)) conflict('measure', firstMeasure);
      }

      // 配合单位: cooperating units; a name twice in one cell is a mistake, the same list on every row of a split task is not.
      const seenInCell = new Set<number>();
      for (const name of row.with) {
        const unit = resolve('unit', row.row, 'with', name);
        if (!unit) {
          broken = true;
          continue;
        }
        if (seenInCell.has(unit.id)) {
          error(row.row, 'with', 'sheet-duplicate-unit', { unit: unit.name });
          broken = true;
          continue;
        }
        seenInCell.add(unit.id);
        if (rowLead && unit.id === rowLead.id) {
          error(row.row, 'with', 'sheet-lead-cooperating', { unit: unit.name });
          broken = true;
          continue;
        }
        if (!assignments.has(unit.id)) assignments.set(unit.id, { role: 'cooperating', quota: null });
      }

      // 分解单位 owns this row's quota; without it, the quota of a one-row task is the lead's.
      if (row.unit !== '') {
        const unit = resolve('unit', row.row, 'unit', row.unit);
        if (!unit) {
          broken = true;
          continue;
        }
        if (quotaRows.has(unit.id)) {
          error(row.row, 'unit', 'sheet-duplicate-unit', { unit: unit.name, first: quotaRows.get(unit.id)! });
          broken = true;
          continue;
        }
        quotaRows.set(unit.id, row.row);
        const existing = assignments.get(unit.id);
        if (existing) existing.quota = row.quota;
        else assignments.set(unit.id, { role: 'cooperating', quota: row.quota });
      } else if (row.quotaText !== '') {
        if (split) {
          error(row.row, 'quota', 'sheet-quota-without-unit');
          broken = true;
        } else if (rowLead) {
          assignments.get(rowLead.id)!.quota = row.quota;
        }
      }
    }

    if (broken || !committee || !lead || first.due === null) {
      brokenGroups.push(group);
      continue;
    }
    const descriptions = [...new Set(group.map((r) => r.description).filter(Boolean))];
    tasks.push({
      rows: group.map((r) => r.row),
      group,
      input: {
        title: first.title,
        committeeId: committee.id,
        description: descriptions.length > 0 ? descriptions.join('\n') : null,
        dueDate: first.due,
        measure: group.find((r) => r.measure !== '')?.measure ?? null,
        assignments: [...assignments].map(([unitId, a]) => ({ unitId, role: a.role, quota: a.quota })),
      },
    });
  }

  const order = (e: SheetError) => {
    const index = [...header.names].find(([, name]) => name === e.column)?.[0];
    return index ?? -1;
  };
  const seen = new Set<string>();
  const unique = errors
    .filter((e) => {
      const key = `${e.row}\u0000${e.column}\u0000${e.key}\u0000${JSON.stringify(e.vars ?? {})}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.row - b.row || order(a) - order(b));
  // A task with any wrong row is rejected whole (its other rows with it); so is a row without a title.
  // A past deadline alone does not reject a row here (see SheetTask.pastDue); with any other error it is reported too.
  const isPastDue = (e: SheetError) => e.key === 'sheet-past-date' && pastDueRows.has(e.row);
  const wrongRows = new Set(unique.filter((e) => !isPastDue(e)).map((e) => e.row));
  const rejectedGroups = [...brokenGroups, ...tasks.filter((t) => t.rows.some((r) => wrongRows.has(r))).map((t) => t.group), ...rows.filter((r) => r.title === '').map((r) => [r])];
  const rejected: SheetRejection[] = rejectedGroups
    .map((group) => {
      const rowsOf = new Set(group.map((r) => r.row));
      return { rows: group.map((r) => r.row), title: group[0]!.title, errors: unique.filter((e) => rowsOf.has(e.row)) };
    })
    .sort((a, b) => a.rows[0]! - b.rows[0]!);
  const good = tasks
    .filter((t) => !t.rows.some((r) => wrongRows.has(r)))
    .map(({ rows, input }) => {
      const pastDue = unique.find((e) => isPastDue(e) && rows.includes(e.row));
      return pastDue ? { rows, input, pastDue } : { rows, input };
    });
  if (good.length === 0 && rejected.length === 0) return fileError('sheet-empty');
  return { ok: true, tasks: good, rejected };
}
