import ExcelJS from 'exceljs';
import { isCalendarDate, daysBetween, parseUserDate } from '../domain/calendar.ts';
import type { Result } from '../domain/result.ts';
import type { NewTaskInput } from './tasks.ts';

/**
 * The office's key-task list (重点工作清单) as a spreadsheet, in and out. Pure: bytes in, tasks or errors
 * out; names are resolved through the resolver the caller passes.
 */

export interface SheetResolver {
  unit(name: string): Result<{ id: number; name: string }>;
  committee(name: string): Result<{ id: number; name: string }>;
}

export interface SheetError {
  /** The sheet row as the office sees it: the header is row 1. */
  row: number;
  /** The header text of the column, or '' for the whole row or file. */
  column: string;
  key: string;
  vars?: Record<string, string | number>;
}

type Column = 'title' | 'committee' | 'lead' | 'with' | 'due' | 'quota' | 'measure' | 'unit' | 'description';

/** Headers as offices write them; the first is the one the template uses. */
const HEADERS: Record<Column, string[]> = {
  title: ['任务名称', '工作任务', '任务'],
  committee: ['专委会', '专业委员会'],
  lead: ['牵头单位'],
  with: ['配合单位'],
  due: ['完成时限', '截止日期', '时限'],
  quota: ['目标数量', '任务量', '数量'],
  measure: ['计量单位'],
  unit: ['分解单位'],
  description: ['任务描述', '备注', '说明'],
};
const REQUIRED: Column[] = ['title', 'committee', 'lead', 'due'];
export const MAX_SHEET_ROWS = 5000;
const TITLE_MAX = 200;

const clean = (v: string) => v.normalize('NFKC').replace(/\s+/g, '').trim();

type Cell = string | number | Date | null;

/** Rows of cells, header first; null when the bytes are neither a workbook nor text. */
async function readRows(bytes: Buffer, fileName: string): Promise<Cell[][] | null> {
  if (/\.xlsx$/i.test(fileName) || bytes.subarray(0, 2).toString() === 'PK') {
    try {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
      const sheet = workbook.worksheets[0];
      if (!sheet) return [];
      const rows: Cell[][] = [];
      for (let r = 1; r <= sheet.rowCount; r++) {
        const row = sheet.getRow(r);
        const cells: Cell[] = [];
        for (let c = 1; c <= sheet.columnCount; c++) cells.push(cellValue(row.getCell(c).value));
        rows.push(cells);
      }
      return rows;
    } catch {
      return null;
    }
  }
  const text = decodeText(bytes);
  return text === null ? null : parseCsv(text);
}

function cellValue(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null;
  if (value instanceof Date || typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'object' && 'richText' in value) return value.richText.map((r) => r.text).join('');
  if (typeof value === 'object' && 'text' in value) return String(value.text);
  if (typeof value === 'object' && 'result' in value) return cellValue(value.result as ExcelJS.CellValue);
  return null;
}

/** UTF-8 (with or without BOM), else GB18030 as Chinese Excel saves CSV; binary junk is refused. */
function decodeText(bytes: Buffer): string | null {
  if (bytes.includes(0)) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    try {
      return new TextDecoder('gb18030', { fatal: true }).decode(bytes);
    } catch {
      return null;
    }
  }
}

/** RFC 4180: quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

const text = (cell: Cell | undefined): string =>
  cell === null || cell === undefined ? '' : cell instanceof Date ? cell.toISOString().slice(0, 10) : String(cell).trim();

/** A due-date cell: an Excel date (its calendar date as written), or text in any form people type. */
function dateOf(cell: Cell | undefined, today: string): string | null {
  if (cell instanceof Date) {
    const iso = cell.toISOString().slice(0, 10);
    return isCalendarDate(iso) ? iso : null;
  }
  return parseUserDate(text(cell), today);
}

interface Row {
  row: number;
  title: string;
  committee: string;
  lead: string;
  with: string[];
  due: Cell | undefined;
  quota: string;
  measure: string;
  unit: string;
  description: string;
}

export async function readTaskSheet(
  bytes: Buffer,
  fileName: string,
  resolver: SheetResolver,
  today: string,
): Promise<{ ok: true; tasks: NewTaskInput[] } | { ok: false; errors: SheetError[] }> {
  const rows = await readRows(bytes, fileName);
  if (rows === null) return { ok: false, errors: [{ row: 0, column: '', key: 'sheet-unreadable' }] };
  const [header, ...body] = rows;
  if (!header || body.every((r) => r.every((c) => text(c) === ''))) return { ok: false, errors: [{ row: 0, column: '', key: 'sheet-empty' }] };
  if (body.length > MAX_SHEET_ROWS) return { ok: false, errors: [{ row: 0, column: '', key: 'sheet-too-many-rows', vars: { max: MAX_SHEET_ROWS } }] };

  const columns = new Map<Column, number>();
  header.forEach((cell, index) => {
    const name = clean(text(cell));
    for (const [column, names] of Object.entries(HEADERS) as [Column, string[]][]) if (names.includes(name)) columns.set(column, index);
  });
  const missing = REQUIRED.filter((c) => !columns.has(c));
  if (missing.length > 0) {
    return { ok: false, errors: missing.map((c) => ({ row: 1, column: HEADERS[c][0]!, key: 'sheet-missing-column' })) };
  }
  const headerName = (c: Column) => text(header[columns.get(c) ?? -1]) || HEADERS[c][0]!;
  const get = (cells: Cell[], c: Column) => (columns.has(c) ? cells[columns.get(c)!] : undefined);

  const errors: SheetError[] = [];
  const error = (row: number, column: Column | '', key: string, vars?: Record<string, string | number>) =>
    errors.push({ row, column: column ? headerName(column) : '', key, ...(vars ? { vars } : {}) });

  const parsed: Row[] = [];
  body.forEach((cells, i) => {
    if (cells.every((c) => text(c) === '')) return;
    const row: Row = {
      row: i + 2,
      title: text(get(cells, 'title')),
      committee: text(get(cells, 'committee')),
      lead: text(get(cells, 'lead')),
      with: text(get(cells, 'with')).split(/[、，,;；\s]+/u).filter(Boolean),
      due: get(cells, 'due'),
      quota: text(get(cells, 'quota')),
      measure: text(get(cells, 'measure')),
      unit: text(get(cells, 'unit')),
      description: text(get(cells, 'description')),
    };
    for (const c of REQUIRED) if (text(get(cells, c)) === '') error(row.row, c, 'sheet-required');
    if (row.title.length > TITLE_MAX) error(row.row, 'title', 'sheet-too-long', { max: TITLE_MAX });
    parsed.push(row);
  });

  // Rows with the same title, committee and due date are one task split over units.
  const groups = new Map<string, Row[]>();
  for (const row of parsed) {
    const key = `${row.title}\u0000${row.committee}\u0000${text(row.due)}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }

  const tasks: NewTaskInput[] = [];
  for (const group of groups.values()) {
    const first = group[0]!;
    if (first.title === '' || first.committee === '' || first.lead === '') continue;
    for (const row of group.slice(1)) {
      if (row.lead !== first.lead) error(row.row, 'lead', 'sheet-conflict', { first: first.row });
      if (row.measure && first.measure && row.measure !== first.measure) error(row.row, 'measure', 'sheet-conflict', { first: first.row });
    }
    const committee = resolver.committee(first.committee);
    if (!committee.ok) error(first.row, 'committee', committee.error.key, committee.error.vars);
    const dueDate = dateOf(first.due, today);
    if (text(first.due) !== '' && dueDate === null) error(first.row, 'due', 'sheet-bad-date', { text: text(first.due).slice(0, 20) });
    if (dueDate !== null && daysBetween(today, dueDate) < 0) error(first.row, 'due', 'sheet-past-date', { date: dueDate });

    const resolve = (row: Row, column: Column, name: string) => {
      const unit = resolver.unit(name);
      if (!unit.ok) {
        error(row.row, column, unit.error.key, unit.error.vars);
        return null;
      }
      return unit.value.id;
    };
    const lead = resolve(first, 'lead', first.lead);
    const assignments = new Map<number, { role: 'lead' | 'cooperating'; quota: number | null; row: Row }>();
    if (lead !== null) assignments.set(lead, { role: 'lead', quota: null, row: first });
    const addUnit = (row: Row, id: number | null, quota: number | null) => {
      if (id === null) return;
      const existing = assignments.get(id);
      if (existing) {
        if (quota !== null) existing.quota = quota;
        return;
      }
      assignments.set(id, { role: 'cooperating', quota, row });
    };
    const splitUnits = new Set<number>();
    for (const row of group) {
      for (const name of row.with) {
        const id = resolve(row, 'with', name);
        if (id !== null && id === lead) error(row.row, 'with', 'sheet-lead-cooperating');
        else addUnit(row, id, null);
      }
      let quota: number | null = null;
      if (row.quota !== '') {
        quota = Number(row.quota.normalize('NFKC'));
        if (!Number.isFinite(quota) || quota <= 0) {
          error(row.row, 'quota', 'sheet-bad-quota', { text: row.quota.slice(0, 20) });
          quota = null;
        }
      }
      if (row.unit !== '') {
        const id = resolve(row, 'unit', row.unit);
        if (id !== null && splitUnits.has(id)) error(row.row, 'unit', 'sheet-duplicate-unit');
        else if (id !== null) {
          splitUnits.add(id);
          addUnit(row, id, quota);
        }
      } else if (quota !== null) {
        if (group.length > 1) error(row.row, 'quota', 'sheet-quota-without-unit');
        else if (lead !== null) assignments.get(lead)!.quota = quota;
      }
    }
    if (!committee.ok || dueDate === null || lead === null) continue;
    tasks.push({
      title: first.title,
      committeeId: committee.value.id,
      description: group.map((r) => r.description).find(Boolean) ?? null,
      dueDate,
      measure: group.map((r) => r.measure).find(Boolean) ?? null,
      assignments: [...assignments].map(([unitId, a]) => ({ unitId, role: a.role, quota: a.quota })),
    });
  }
  if (errors.length > 0) return { ok: false, errors: errors.sort((a, b) => a.row - b.row) };
  return { ok: true, tasks };
}

const TEMPLATE_HEADERS = ['任务名称', '专委会', '牵头单位', '配合单位', '完成时限', '目标数量', '计量单位', '分解单位', '任务描述'];

/** The import template: the headers, one example of each layout, and a sheet explaining the columns. */
export async function taskSheetTemplate(exampleDue: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('重点工作清单', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(TEMPLATE_HEADERS).font = { bold: true };
  sheet.addRow(['村庄生活污水治理验收', '水', '生态环境局', '', exampleDue, 5, '村', '城关镇', '每个村验收后上传验收单照片']);
  sheet.addRow(['村庄生活污水治理验收', '水', '生态环境局', '', exampleDue, 7, '村', '王庄镇', '']);
  sheet.addRow(['散煤销售燃烧清零', '大气', '发改局', '城关镇、王庄镇', exampleDue, '', '', '', '网格化排查，发现一处清理一处']);
  sheet.columns.forEach((column, i) => (column.width = i === 0 || i === 8 ? 30 : 14));
  const help = workbook.addWorksheet('说明');
  help.addRow(['列', '说明']).font = { bold: true };
  for (const row of [
    ['任务名称', '必填。同一任务分解到多个单位时，每个单位一行，任务名称、专委会、完成时限相同。'],
    ['专委会', '必填。专委会名称或简称，如“水”“大气”。'],
    ['牵头单位', '必填。单位名称或简称。'],
    ['配合单位', '可选。多个单位用顿号、逗号或空格分隔。'],
    ['完成时限', '必填。日期，如 2026-11-30 或 2026年11月30日。'],
    ['目标数量', '可选。正数；填写“分解单位”时是该单位的目标，否则是牵头单位的目标。'],
    ['计量单位', '可选。如“村”“处”“台”。'],
    ['分解单位', '可选。本行目标数量所属的单位；不是牵头单位的即为配合单位。'],
    ['任务描述', '可选。'],
  ]) {
    help.addRow(row);
  }
  help.getColumn(1).width = 14;
  help.getColumn(2).width = 80;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
