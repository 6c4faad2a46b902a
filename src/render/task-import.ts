import { changesFor, type TaskChange } from '../domain/task-import.ts';
import { taskCode } from '../domain/tasks.ts';
import type { SheetError } from '../sheets/task-import.ts';
import type { ImportPlan, ImportRow } from '../services/task-import.ts';
import { clip, formatAmount } from './format.ts';
import { Html, type Translate } from './html.ts';

/** Lines per section of the office's preview, and characters of a title: the whole fits one phone message. */
const LINES_SHOWN = 8;
const ERRORS_SHOWN = 12;
const TITLE_SHOWN = 24;

/** Sheet rows as people read them: 2–4、7. */
function rowsText(rows: readonly number[]): string {
  const sorted = [...new Set(rows)].sort((a, b) => a - b);
  const ranges: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    ranges.push(j === i ? String(sorted[i]) : `${sorted[i]}–${sorted[j]}`);
    i = j;
  }
  return ranges.join('、');
}

const count = (plan: ImportPlan, outcome: ImportRow['outcome']) => plan.rows.filter((r) => r.outcome === outcome).length;

/** Whether Confirm would write anything. */
export const importWrites = (plan: ImportPlan): boolean => plan.rows.some((r) => r.outcome === 'added' || r.outcome === 'updated');

/** A sheet error as one line: with its row and column, or its row alone, or the whole file's. */
export function sheetErrorLine(t: Translate, e: SheetError): string {
  const message = new Html(t(e.key, e.vars));
  if (e.row === 0) return message.value;
  return e.column === '' ? t('import-error-row', { row: e.row, message }) : t('import-error-line', { row: e.row, column: e.column, message });
}

const amount = (quota: number | null, measure: string | null) => (quota === null ? '-' : `${formatAmount(quota)}${measure ?? ''}`);

function changeText(t: Translate, plan: ImportPlan, change: TaskChange): string {
  const unit = (id: number) => plan.units[id] ?? '';
  switch (change.kind) {
    case 'due':
      return t('import-change-due', { from: change.from, to: change.to });
    case 'committee':
      return t('import-change-committee', { from: plan.committees[change.from] ?? '', to: plan.committees[change.to] ?? '' });
    case 'description':
      return t('import-change-description');
    case 'measure':
      return t('import-change-measure', { from: change.from ?? '-', to: change.to ?? '-' });
    case 'quota':
      return t('import-change-quota', { unit: unit(change.unitId), from: amount(change.from, null), to: amount(change.to, null) });
    case 'unit-added':
      return t('import-change-unit-added', { unit: unit(change.unitId) });
    case 'unit-removed':
      return t('import-change-unit-removed', { unit: unit(change.unitId) });
  }
}

const changesText = (t: Translate, plan: ImportPlan, changes: readonly TaskChange[]) => new Html(changes.map((c) => changeText(t, plan, c)).join('；'));

const leadOf = (plan: ImportPlan, row: Extract<ImportRow, { parts: unknown }>) => plan.units[row.parts.find((p) => p.role === 'lead')?.unitId ?? 0] ?? '';

/** The first `max` lines, then "and N more". */
const clipped = (t: Translate, lines: readonly string[], max: number) => (lines.length > max ? [...lines.slice(0, max), t('import-more', { count: lines.length - max })] : [...lines]);

/**
 * The import row by row, for the office: the counts, then what is rejected and why (first: it needs the office),
 * added, updated with what changes, and the unchanged rows on one line. Each section is clipped for a phone.
 */
export function renderImportPlan(t: Translate, plan: ImportPlan, heading: string): string {
  const lines = [
    heading,
    t('import-counts', { added: count(plan, 'added'), updated: count(plan, 'updated'), unchanged: count(plan, 'unchanged'), rejected: count(plan, 'rejected') }),
  ];
  const title = (r: ImportRow) => clip(r.title, TITLE_SHOWN) || '-';
  const code = (r: ImportRow) => ('taskId' in r && r.taskId !== null ? taskCode(r.taskId) : '');
  const section = (key: string, body: string[]) => {
    if (body.length > 0) lines.push('', t(key), ...body);
  };
  const rejected = plan.rows.filter((r) => r.outcome === 'rejected');
  const errorLines = rejected.flatMap((r) => [t('import-line-rejected', { rows: rowsText(r.rows), title: title(r) }), ...r.errors.map((e) => `　${sheetErrorLine(t, e)}`)]);
  section('import-section-rejected', clipped(t, errorLines, ERRORS_SHOWN));
  section(
    'import-section-added',
    clipped(
      t,
      plan.rows.flatMap((r) => (r.outcome === 'added' ? [t(r.taskId === null ? 'import-line-added' : 'import-line-created', { rows: rowsText(r.rows), code: code(r), title: title(r), lead: leadOf(plan, r), due: r.dueDate })] : [])),
      LINES_SHOWN,
    ),
  );
  section(
    'import-section-updated',
    clipped(t, plan.rows.flatMap((r) => (r.outcome === 'updated' ? [t('import-line-updated', { rows: rowsText(r.rows), code: code(r), title: title(r), changes: changesText(t, plan, r.changes) })] : [])), LINES_SHOWN),
  );
  const unchanged = plan.rows.filter((r) => r.outcome === 'unchanged');
  if (unchanged.length > 0) lines.push('', t('import-section-unchanged', { rows: rowsText(unchanged.flatMap((r) => r.rows)) }));
  return lines.join('\n');
}

/**
 * What each unit is told of an import: one message listing its new tasks and the changes to its parts (lead or
 * cooperating). A unit the import changes nothing for is told nothing. `told`: task id → the units whose
 * message names it as theirs (what a later verdict on the task is told to).
 */
export function importUnitNotices(plan: ImportPlan): { notices: Map<number, (t: Translate) => string>; told: Map<number, number[]> } {
  type Item = { kind: 'added' | 'changed' | 'removed'; line: (t: Translate) => string };
  const told = new Map<number, number[]>();
  const tell = (taskId: number, unitId: number) => told.set(taskId, [...(told.get(taskId) ?? []), unitId]);
  const items = new Map<number, Item[]>();
  const add = (unitId: number, item: Item) => items.set(unitId, [...(items.get(unitId) ?? []), item]);
  for (const row of plan.rows) {
    if (row.outcome !== 'added' && row.outcome !== 'updated') continue;
    const code = taskCode(row.taskId!);
    const lead = leadOf(plan, row);
    for (const part of row.parts) {
      if (part.added) {
        tell(row.taskId!, part.unitId);
        add(part.unitId, {
          kind: 'added',
          line: (t) =>
            t('import-unit-notice-added', {
              code,
              title: row.title,
              role: t(`task-role-${part.role}`),
              lead,
              due: part.dueDate,
              quota: new Html(part.quota === null ? '' : t('import-unit-notice-quota', { quota: amount(part.quota, row.measure) })),
            }),
        });
        continue;
      }
      const changes = row.outcome === 'updated' ? changesFor(part.unitId, row.changes, part) : [];
      if (changes.length > 0) tell(row.taskId!, part.unitId);
      if (changes.length > 0) add(part.unitId, { kind: 'changed', line: (t) => t('import-unit-notice-changed', { code, title: row.title, changes: changesText(t, plan, changes) }) });
    }
    if (row.outcome === 'updated') {
      for (const c of row.changes) if (c.kind === 'unit-removed') add(c.unitId, { kind: 'removed', line: (t) => t('import-unit-notice-removed', { code, title: row.title }) });
    }
  }
  const notices = new Map(
    [...items].map(([unitId, list]) => [
      unitId,
      (t: Translate) =>
        [
          t('import-unit-notice-heading', { added: list.filter((i) => i.kind === 'added').length, changed: list.filter((i) => i.kind !== 'added').length }),
          ...list.map((i) => i.line(t)),
          t('import-unit-notice-hint'),
        ].join('\n'),
    ]),
  );
  return { notices, told };
}
