import ExcelJS from 'exceljs';
import { daysBetween, isCalendarDate, parseUserDate } from '../domain/calendar.ts';
import type { NewTaskInput } from '../domain/tasks.ts';

export type { NewTaskInput } from '../domain/tasks.ts';

/**
 * The office's key-task list (重点工作清单) as a spreadsheet in, and the ledger (台账) out.
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

export type SheetResult = { ok: true; tasks: NewTaskInput[] } | { ok: false; errors: SheetError[] };

export const MAX_SHEET_ROWS = 5000;
export const MAX_TITLE_LENGTH = 200;
const MAX_DESCRIPTION_LENGTH = 2000;
const MAX_MEASURE_LENGTH = 20;
/** How far down a title line or two may push the header. */
const HEADER_SEARCH_ROWS = 10;

// ---------------------------------------------------------------------------------------------------------------
// Columns

type Field = 'title' | 'committee' | 'lead' | 'with' | 'due' | 'quota' | 'measure' | 'unit' | 'description';

/** Header names as offices write them; the first is the template's. '单位' alone is deliberately absent: it is ambiguous. */
const HEADERS: Record<Field, readonly string[]> = {
  title: ['任务名称', '工作任务', '任务', '重点任务', '任务事项'],
  committee: ['专委会', '专业委员会', '所属专委会', '责任专委会'],
  lead: ['牵头单位', '牵头部门'],
  with: ['配合单位', '配合部门'],
  due: ['完成时限', '截止日期', '时限', '完成时间', '截止时间'],
  quota: ['目标数量', '任务量', '数量', '目标任务量'],
  measure: ['计量单位'],
  unit: ['分解单位', '分解到单位'],
  description: ['任务描述', '备注', '说明', '工作要求'],
};
const FIELDS = Object.keys(HEADERS) as Field[];
const REQUIRED: readonly Field[] = ['title', 'committee', 'lead', 'due'];

/** Full-width to half-width, no spaces, no required-marks (*), no remarks in brackets: "完成时限（年月日）*" → "完成时限". */
const headerKey = (text: string): string =>
  text
    .normalize('NFKC')
    .replace(/\s+/gu, '')
    .replace(/\(.*?\)|\[.*?\]|【.*?】|〔.*?〕/gu, '')
    .replace(/[*:：]/gu, '');

const HEADER_LOOKUP = new Map<string, Field>(FIELDS.flatMap((field) => HEADERS[field].map((name) => [headerKey(name), field] as const)));

// ---------------------------------------------------------------------------------------------------------------
// Reading the bytes: rows of cells, numbered as the office sees them

type Cell = string | number | Date | null;
interface RawRow {
  row: number;
  cells: Cell[]; // 0-based columns
}
interface Table {
  rows: RawRow[];
}

const isZip = (b: Buffer) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && (b[2] === 0x03 || b[2] === 0x05 || b[2] === 0x07);
const isOle = (b: Buffer) => b.length >= 4 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;

/** The first worksheet whose header carries the required columns, else the first; null when the bytes cannot be read. */
async function readWorkbook(bytes: Buffer): Promise<Table[] | null> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return null;
  }
  if (workbook.worksheets.length === 0) return null;
  return workbook.worksheets.map((sheet) => {
    const rows: RawRow[] = [];
    sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: Cell[] = [];
      // row.values is 1-based and sparse; merged cells read as their master's value.
      const values = row.values as ExcelJS.CellValue[];
      for (let c = 1; c < values.length; c++) cells.push(cellOf(values[c]));
      rows.push({ row: rowNumber, cells });
    });
    return { rows };
  });
}

function cellOf(value: ExcelJS.CellValue | undefined): Cell {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) return value.richText.map((r) => r.text).join('');
    if ('error' in value) return String(value.error);
    if ('result' in value) return cellOf(value.result as ExcelJS.CellValue);
    if ('formula' in value || 'sharedFormula' in value) return null;
    if ('text' in value) return typeof value.text === 'string' ? value.text : cellOf(value.text as ExcelJS.CellValue);
  }
  return null;
}

/** UTF-8 (BOM or not), UTF-16 with a BOM, else GB18030 as Chinese Excel saves "CSV"; null for anything binary. */
function decodeText(bytes: Buffer): string | null {
  const decode = (encoding: string, from = 0): string | null => {
    try {
      return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes.subarray(from));
    } catch {
      return null;
    }
  };
  let text: string | null;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) text = decode('utf-8', 3);
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) text = decode('utf-16le', 2);
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = decode('utf-16be', 2);
  else text = decode('utf-8') ?? decode('gb18030');
  // Text files have no control characters but tab and line breaks; a binary file that happens to decode has plenty.
  if (text === null || /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/u.test(text)) return null;
  return text;
}

/** RFC 4180 with the delimiter guessed from the first line (comma, else tab, else semicolon). */
function parseDelimited(text: string): Table {
  const firstLine = text.slice(0, text.search(/\r|\n|$/u));
  const delimiter = firstLine.includes(',') ? ',' : firstLine.includes('\t') ? '\t' : firstLine.includes(';') ? ';' : ',';
  const records: string[][] = [];
  let record: string[] = [];
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
    else if (ch === delimiter) {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return { rows: records.map((cells, i) => ({ row: i + 1, cells })) };
}

async function readTables(bytes: Buffer): Promise<Table[] | null> {
  if (isZip(bytes)) return readWorkbook(bytes);
  if (isOle(bytes)) return null; // an old binary .xls (or .doc): not supported, the message asks for .xlsx or .csv
  const text = decodeText(bytes);
  return text === null ? null : [parseDelimited(text)];
}

// ---------------------------------------------------------------------------------------------------------------
// Cells to values

const textOf = (cell: Cell | undefined): string => {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return excelDate(cell) ?? '';
  return String(cell).trim();
};

/** An Excel date cell holds the calendar date in its UTC fields (Excel has no zones). */
const excelDate = (date: Date): string | null => {
  const rounded = new Date(Math.round(date.getTime() / 60_000) * 60_000);
  const iso = rounded.toISOString().slice(0, 10);
  return isCalendarDate(iso) ? iso : null;
};

/** Excel serial day numbers from 1990 to 2199, for date cells that lost their date format. */
const SERIAL_MIN = 32874;
const SERIAL_MAX = 109939;

/** A due-date cell: an Excel date, a serial number, 20261130, or text as people type it. */
function dateOf(cell: Cell | undefined, today: string): string | null {
  if (cell instanceof Date) return excelDate(cell);
  if (typeof cell === 'number') {
    if (Number.isInteger(cell) && cell >= SERIAL_MIN && cell <= SERIAL_MAX) return excelDate(new Date(Math.round((cell - 25569) * 86_400_000)));
    return parseUserDate(String(cell), today) ?? compactDate(String(cell), today);
  }
  const text = textOf(cell);
  return parseUserDate(text, today) ?? compactDate(text, today);
}

const compactDate = (text: string, today: string): string | null => {
  const m = /^(\d{4})(\d{2})(\d{2})$/u.exec(text.normalize('NFKC').trim());
  return m ? parseUserDate(`${m[1]}-${m[2]}-${m[3]}`, today) : null;
};

/** A positive number: a number cell, or text like "12", "１２", "1,200", "2.5". */
function quotaOf(cell: Cell | undefined): number | null {
  if (typeof cell === 'number') return Number.isFinite(cell) && cell > 0 ? cell : null;
  const text = textOf(cell).normalize('NFKC').replace(/[,\s]/gu, '');
  if (!/^\+?(\d+(\.\d*)?|\.\d+)$/u.test(text)) return null;
  const n = Number(text);
  return Number.isFinite(n) && n > 0 ? n : null;
}

/** Names in one cell: 、，, ; ； or any spaces (line breaks included) separate them. */
const namesOf = (text: string): string[] => text.split(/[、,，;；\s]+/u).filter((n) => n !== '');

/** Two texts that mean the same to a person reading the sheet. */
const sameKey = (text: string): string => text.normalize('NFKC').replace(/\s+/gu, '').toLowerCase();

// ---------------------------------------------------------------------------------------------------------------
// The import

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
      const field = HEADER_LOOKUP.get(headerKey(textOf(cell)));
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
    const fieldsOf = (r: RawRow) => new Set(r.cells.map((c) => HEADER_LOOKUP.get(headerKey(textOf(c)))).filter((f) => f !== undefined));
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
    if ([...parsed.title].length > MAX_TITLE_LENGTH) error(row, 'title', 'sheet-too-long', { max: MAX_TITLE_LENGTH });
    if ([...parsed.measure].length > MAX_MEASURE_LENGTH) error(row, 'measure', 'sheet-too-long', { max: MAX_MEASURE_LENGTH });
    if ([...parsed.description].length > MAX_DESCRIPTION_LENGTH) error(row, 'description', 'sheet-too-long', { max: MAX_DESCRIPTION_LENGTH });
    if (parsed.dueText !== '') {
      parsed.due = dateOf(cell(cells, 'due'), today);
      if (parsed.due === null) error(row, 'due', 'sheet-bad-date', { text: parsed.dueText.slice(0, 30) });
      else if (daysBetween(today, parsed.due) < 0) error(row, 'due', 'sheet-past-date', { date: parsed.due, today });
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
    const key = sameKey(row.title);
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  // Rows without a title belong to no task, but their names are still checked so every problem is reported at once.
  for (const row of rows.filter((r) => r.title === '')) {
    if (row.committee) resolve('committee', row.row, 'committee', row.committee);
    if (row.lead) resolve('unit', row.row, 'lead', row.lead);
    for (const name of row.with) resolve('unit', row.row, 'with', name);
    if (row.unit) resolve('unit', row.row, 'unit', row.unit);
  }

  const tasks: NewTaskInput[] = [];
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
          textA !== '' && textB !== '' && (a && b ? a.id !== b.id : sameKey(textA) !== sameKey(textB));
        if (differ(rowCommittee, committee, row.committee, first.committee)) conflict('committee', first.committee);
        if (differ(rowLead, lead, row.lead, first.lead)) conflict('lead', first.lead);
        if (row.due !== null && first.due !== null && row.due !== first.due) conflict('due', first.due);
        const firstMeasure = group.find((r) => r.measure !== '' && r.row < row.row)?.measure;
        if (row.measure && firstMeasure && sameKey(row.measure) !== sameKey(firstMeasure)) conflict('measure', firstMeasure);
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

    if (broken || !committee || !lead || first.due === null) continue;
    const descriptions = [...new Set(group.map((r) => r.description).filter(Boolean))];
    tasks.push({
      title: first.title,
      committeeId: committee.id,
      description: descriptions.length > 0 ? descriptions.join('\n') : null,
      dueDate: first.due,
      measure: group.find((r) => r.measure !== '')?.measure ?? null,
      assignments: [...assignments].map(([unitId, a]) => ({ unitId, role: a.role, quota: a.quota })),
    });
  }

  if (errors.length > 0) {
    const order = (e: SheetError) => {
      const index = [...header.names].find(([, name]) => name === e.column)?.[0];
      return index ?? -1;
    };
    const seen = new Set<string>();
    const unique = errors.filter((e) => {
      const key = `${e.row}\u0000${e.column}\u0000${e.key}\u0000${JSON.stringify(e.vars ?? {})}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    return { ok: false, errors: unique.sort((a, b) => a.row - b.row || order(a) - order(b)) };
  }
  if (tasks.length === 0) return fileError('sheet-empty');
  return { ok: true, tasks };
}

/** How wide a text shows in a column: a CJK character takes two. */
const displayWidth = (value: ExcelJS.CellValue): number => {
  if (value === null || value === undefined) return 0;
  const text = typeof value === 'number' ? value.toLocaleString('en-US') : String(value);
  return Math.max(...text.split('\n').map((line) => [...line].reduce((w, ch) => w + (/[\u1100-\u11ff\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]/u.test(ch) ? 2 : 1), 0)));
};

// ---------------------------------------------------------------------------------------------------------------
// The template

const TEMPLATE_COLUMNS: { field: Field; width: number; required: boolean; help: string; example: string }[] = [
  { field: 'title', width: 28, required: true, help: '任务的名称，最多 200 字。同一任务分解到多个单位时，每个单位一行，这几行的任务名称、专委会、牵头单位、完成时限都要相同。', example: '村庄生活污水治理验收' },
  { field: 'committee', width: 24, required: true, help: '任务所属的专业委员会，写全称或简称均可。', example: '水污染防治专业委员会（或“水”）' },
  { field: 'lead', width: 14, required: true, help: '牵头单位，只能写一个，写单位全称或简称。', example: '生态环境局' },
  { field: 'with', width: 24, required: false, help: '配合单位，可写多个，用顿号、逗号、分号或空格隔开。不能包含牵头单位。', example: '城关镇、王庄镇' },
  { field: 'due', width: 13, required: true, help: '完成时限，不能早于今天。Excel 日期，或写成 2026-11-30、2026/11/30、2026年11月30日。', example: '2026-11-30' },
  { field: 'quota', width: 10, required: false, help: '目标数量，必须是正数。填了“分解单位”时是该单位的目标；只有一行的任务不填“分解单位”时是牵头单位的目标。', example: '5' },
  { field: 'measure', width: 10, required: false, help: '目标数量的计量单位。', example: '村、处、台' },
  { field: 'unit', width: 14, required: false, help: '本行目标数量所属的单位（按单位分解任务时填写）。写牵头单位时就是牵头单位自己的目标，写其他单位时该单位即为配合单位。同一任务中同一单位只能出现一次。', example: '城关镇' },
  { field: 'description', width: 40, required: false, help: '任务的具体要求，可不填。', example: '完成验收的村上传验收单照片' },
];

const FILL_REQUIRED = 'FFF8CBAD';
const FILL_OPTIONAL = 'FFDDEBF7';

const nextDate = (today: string, monthDay: string, minDaysAhead: number): string => {
  let year = Number(today.slice(0, 4));
  while (daysBetween(today, `${year}-${monthDay}`) < minDaysAhead) year++;
  return `${year}-${monthDay}`;
};
const dateCell = (date: string): Date => new Date(`${date}T00:00:00Z`);

/**
 * The import template: the headers, examples of both layouts (a task split over two townships with quotas, and a
 * one-row task), a frozen header row, and a sheet 说明 explaining every column. The examples are due on `exampleDue`,
 * or by default on the next 30 November (and 31 December) at least 30 days away.
 */
export async function taskSheetTemplate(exampleDue?: string): Promise<Buffer> {
  const today = new Date().toISOString().slice(0, 10);
  const sewageDue = exampleDue && isCalendarDate(exampleDue) ? exampleDue : nextDate(today, '11-30', 30);
  const coalDue = exampleDue && isCalendarDate(exampleDue) ? exampleDue : `${sewageDue.slice(0, 4)}-12-31`;

  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Duban 督办';
  workbook.title = '重点工作清单';
  const sheet = workbook.addWorksheet('重点工作清单', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = TEMPLATE_COLUMNS.map(({ field, width }) => ({ header: HEADERS[field][0]!, key: field, width }));
  sheet.getColumn('due').numFmt = 'yyyy-mm-dd';
  const headerRow = sheet.getRow(1);
  headerRow.height = 22;
  TEMPLATE_COLUMNS.forEach(({ required, help }, i) => {
    const c = headerRow.getCell(i + 1);
    c.font = { bold: true, color: { argb: required ? 'FF9C0006' : 'FF1F4E78' } };
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: required ? FILL_REQUIRED : FILL_OPTIONAL } };
    c.alignment = { vertical: 'middle', horizontal: 'center' };
    c.border = { bottom: { style: 'thin' } };
    c.note = `${required ? '必填' : '选填'}：${help}`;
  });

  const examples: Partial<Record<Field, string | number | Date>>[] = [
    { title: '村庄生活污水治理验收', committee: '水污染防治专业委员会', lead: '生态环境局', due: dateCell(sewageDue), quota: 5, measure: '村', unit: '城关镇', description: '各乡镇按分解数量完成村庄生活污水治理验收，11月下旬全县通报' },
    { title: '村庄生活污水治理验收', committee: '水污染防治专业委员会', lead: '生态环境局', due: dateCell(sewageDue), quota: 7, measure: '村', unit: '王庄镇' },
    { title: '散煤销售和燃烧清零', committee: '大气污染防治专业委员会', lead: '发改局', with: '城关镇、王庄镇', due: dateCell(coalDue), description: '网格化排查散煤销售点和燃用户，发现一处清理一处' },
  ];
  for (const example of examples) {
    const row = sheet.addRow(example);
    row.getCell('due').numFmt = 'yyyy-mm-dd';
  }

  const help = workbook.addWorksheet('说明', { views: [{ state: 'frozen', ySplit: 1 }] });
  help.columns = [
    { header: '列名', width: 12 },
    { header: '是否必填', width: 10 },
    { header: '填写说明', width: 70 },
    { header: '示例', width: 30 },
  ];
  help.getRow(1).font = { bold: true };
  for (const { field, required, help: text, example } of TEMPLATE_COLUMNS) {
    const others = HEADERS[field].slice(1);
    const explanation = others.length > 0 ? `${text}（列名也可写作：${others.join('、')}）` : text;
    const row = help.addRow([HEADERS[field][0]!, required ? '必填' : '选填', explanation, example]);
    row.getCell(3).alignment = { wrapText: true, vertical: 'top' };
    // Excel does not grow rows for wrapped text on its own: about 34 CJK characters fit a line of this column.
    row.height = 16 * Math.ceil(displayWidth(explanation) / 68) + 2;
  }
  help.addRow([]);
  // Long lines in column A run over the empty cells to their right.
  for (const line of [
    '填写方式（两种可以混用）：',
    '1. 一个任务一行：目标数量（如有）属于牵头单位，配合单位写在“配合单位”列。',
    '2. 一个任务按单位分解成多行：每行写一个“分解单位”和它的目标数量；任务名称、专委会、牵头单位、完成时限、计量单位各行相同。分解单位不是牵头单位的，即为配合单位。',
    '单位和专委会要写系统里已有的名称或简称；写错或有歧义时，导入会提示具体的行和列。',
    '导入时先检查全部行，有任何问题都不会导入，请按提示修改后重新发送。空行会跳过，最多 5000 行。',
    '可以上传 .xlsx 文件，也可以上传 .csv 文件（UTF-8 或 GBK/GB18030 编码均可）。读取第一个含有表头的工作表，本“说明”表不会导入。',
  ]) {
    help.addRow([line]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

// ---------------------------------------------------------------------------------------------------------------
// The ledger (台账)

export interface LedgerRow {
  taskCode: string;
  title: string;
  committee: string;
  /** Already localized. */
  status: string;
  /** Localized: 红/黄/绿/已完成. */
  light: string;
  /** The colour of the light cell, when the localized text does not say it. */
  lightColor?: 'red' | 'yellow' | 'green' | 'done';
  unit: string;
  /** 牵头/配合. */
  role: string;
  quota: number | null;
  done: number | null;
  progressRatio: number | null;
  measure: string | null;
  dueDate: string;
  overdueDays: number;
  lastReportAt: Date | null;
  lastReportNote: string | null;
  /** e.g. "2026-11-30→2026-12-10 已批准". */
  extensions: string;
}

/** A problem ticket (环境问题) as the problems sheet shows it. */
export interface ProblemLedgerRow {
  /** P7. */
  code: string;
  /** Localized, as are foundBy and status. */
  kind: string;
  unit: string;
  /** The place as typed, or "lat, lon" when only a location was sent; '' when neither. */
  where: string;
  foundBy: string;
  description: string;
  dueDate: string;
  overdueDays: number;
  status: string;
  /** The status as stored (open, fixed, closed): the language-independent key to the status cell's colour. */
  state: string;
  beforePhotos: number;
  afterPhotos: number;
  rejections: number;
  createdAt: Date;
  /** When the office verified and closed it (销号). */
  closedAt: Date | null;
  lastRejectReason: string | null;
}

const LIGHT_STYLES: Record<'red' | 'yellow' | 'green' | 'done', { fill: string; font: string }> = {
  red: { fill: 'FFFFC7CE', font: 'FF9C0006' },
  yellow: { fill: 'FFFFEB9C', font: 'FF9C5700' },
  green: { fill: 'FFC6EFCE', font: 'FF006100' },
  done: { fill: 'FFD9D9D9', font: 'FF404040' },
};
type Colour = keyof typeof LIGHT_STYLES;
const LIGHT_WORDS: [RegExp, Colour][] = [
  [/红|red|🔴/iu, 'red'],
  [/黄|yellow|🟡/iu, 'yellow'],
  [/绿|green|🟢/iu, 'green'],
  [/完成|done|finish|closed|✅/iu, 'done'],
];
/** Waiting for the unit is bad news, waiting for the office's check is nearly there, closed is done. */
const PROBLEM_STATE_COLOURS: Partial<Record<string, Colour>> = { open: 'red', fixed: 'yellow', closed: 'green' };
const ALARM_FONT: Partial<ExcelJS.Font> = { color: { argb: 'FF9C0006' }, bold: true };

/** 'badge' is a centred text cell coloured by what it says (a light, a status); text and badges widen their column. */
type ColumnKind = 'text' | 'number' | 'count' | 'percent' | 'date' | 'datetime' | 'badge';
const NUMBER_FORMATS: Partial<Record<ColumnKind, string>> = {
  number: '#,##0.##;-#,##0.##;0',
  count: '0', // whole numbers: Excel shows 3 as "3." under the format above
  percent: '0%',
  date: 'yyyy-mm-dd',
  datetime: 'yyyy-mm-dd hh:mm',
};

interface Column<R> {
  header: string;
  kind: ColumnKind;
  /** Bounds of the width, in characters: a long note must not push the rest off the screen. */
  min: number;
  max: number;
  value: (r: R, timeZone: string) => ExcelJS.CellValue;
  /** A badge's colour, when known. */
  colour?: (r: R) => Colour | undefined;
  /** A number that is bad news (days overdue): red and bold. */
  alarm?: (r: R) => boolean;
}

const dueCell = (dueDate: string): ExcelJS.CellValue => (isCalendarDate(dueDate) ? dateCell(dueDate) : dueDate);

const LEDGER_COLUMNS: Column<LedgerRow>[] = [
  { header: '任务编号', kind: 'text', min: 8, max: 12, value: (r) => r.taskCode },
  { header: '任务名称', kind: 'text', min: 16, max: 40, value: (r) => r.title },
  { header: '专委会', kind: 'text', min: 8, max: 28, value: (r) => r.committee },
  { header: '状态', kind: 'text', min: 8, max: 14, value: (r) => r.status },
  { header: '灯号', kind: 'badge', min: 7, max: 10, value: (r) => r.light, colour: (r) => r.lightColor ?? LIGHT_WORDS.find(([pattern]) => pattern.test(r.light))?.[1] },
  { header: '责任单位', kind: 'text', min: 10, max: 24, value: (r) => r.unit },
  { header: '角色', kind: 'text', min: 6, max: 10, value: (r) => r.role },
  { header: '目标数量', kind: 'number', min: 10, max: 12, value: (r) => r.quota },
  { header: '已完成', kind: 'number', min: 8, max: 12, value: (r) => r.done },
  { header: '完成率', kind: 'percent', min: 8, max: 10, value: (r) => r.progressRatio },
  { header: '计量单位', kind: 'text', min: 10, max: 12, value: (r) => r.measure },
  { header: '完成时限', kind: 'date', min: 12, max: 12, value: (r) => dueCell(r.dueDate) },
  { header: '逾期天数', kind: 'number', min: 10, max: 10, value: (r) => r.overdueDays, alarm: (r) => r.overdueDays > 0 },
  { header: '最近汇报', kind: 'datetime', min: 17, max: 17, value: (r, tz) => (r.lastReportAt ? wallClock(r.lastReportAt, tz) : null) },
  { header: '最近汇报内容', kind: 'text', min: 14, max: 50, value: (r) => r.lastReportNote },
  { header: '延期记录', kind: 'text', min: 10, max: 50, value: (r) => r.extensions || null },
];

const PROBLEM_COLUMNS: Column<ProblemLedgerRow>[] = [
  { header: '问题编号', kind: 'text', min: 10, max: 12, value: (r) => r.code },
  { header: '问题类型', kind: 'text', min: 10, max: 14, value: (r) => r.kind },
  { header: '责任单位', kind: 'text', min: 10, max: 24, value: (r) => r.unit },
  { header: '地点', kind: 'text', min: 12, max: 40, value: (r) => r.where || null },
  { header: '发现层级', kind: 'text', min: 10, max: 16, value: (r) => r.foundBy },
  { header: '问题描述', kind: 'text', min: 16, max: 50, value: (r) => r.description || null },
  { header: '整改时限', kind: 'date', min: 12, max: 12, value: (r) => dueCell(r.dueDate) },
  { header: '逾期天数', kind: 'count', min: 10, max: 10, value: (r) => r.overdueDays, alarm: (r) => r.overdueDays > 0 },
  { header: '状态', kind: 'badge', min: 8, max: 16, value: (r) => r.status, colour: (r) => PROBLEM_STATE_COLOURS[r.state] },
  { header: '整改前照片', kind: 'count', min: 12, max: 12, value: (r) => r.beforePhotos },
  { header: '整改后照片', kind: 'count', min: 12, max: 12, value: (r) => r.afterPhotos },
  { header: '驳回次数', kind: 'count', min: 10, max: 10, value: (r) => r.rejections },
  { header: '登记时间', kind: 'datetime', min: 17, max: 17, value: (r, tz) => wallClock(r.createdAt, tz) },
  { header: '销号时间', kind: 'datetime', min: 17, max: 17, value: (r, tz) => (r.closedAt ? wallClock(r.closedAt, tz) : null) },
  { header: '最近驳回原因', kind: 'text', min: 14, max: 50, value: (r) => r.lastRejectReason },
];

const wallClockFormats = new Map<string, Intl.DateTimeFormat>();
/** The county's wall-clock time of an instant, as a Date whose UTC fields read as local time: Excel has no zones. */
function wallClock(instant: Date, timeZone: string): Date {
  let format = wallClockFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    wallClockFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(instant);
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return new Date(Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')));
}

/**
 * One data sheet: the header in row 1 (bold, filled, frozen with the first `frozenColumns` columns, filters over
 * it), typed and coloured cells, columns as wide as their text within bounds, printed landscape one page wide.
 */
function addTableSheet<R>(workbook: ExcelJS.Workbook, name: string, columns: Column<R>[], rows: R[], timeZone: string, frozenColumns: number): void {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', xSplit: frozenColumns, ySplit: 1 }] });
  const header = sheet.addRow(columns.map((c) => c.header));
  header.height = 20;
  header.eachCell((c) => {
    c.font = { bold: true };
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
    c.alignment = { vertical: 'middle', horizontal: 'center' };
    c.border = { bottom: { style: 'thin' } };
  });

  const widths = columns.map((c) => displayWidth(c.header));
  for (const row of rows) {
    const values = columns.map((c) => c.value(row, timeZone));
    const added = sheet.addRow(values);
    columns.forEach((column, i) => {
      const c = added.getCell(i + 1);
      const format = NUMBER_FORMATS[column.kind];
      if (format) c.numFmt = format;
      if (column.kind === 'badge') {
        const colour = column.colour?.(row);
        if (colour) {
          c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: LIGHT_STYLES[colour].fill } };
          c.font = { color: { argb: LIGHT_STYLES[colour].font } };
        }
        c.alignment = { horizontal: 'center' };
      }
      if (column.alarm?.(row)) c.font = ALARM_FONT;
      if (column.kind === 'text' || column.kind === 'badge') widths[i] = Math.max(widths[i]!, displayWidth(values[i]));
    });
  }
  columns.forEach((column, i) => {
    sheet.getColumn(i + 1).width = Math.min(column.max, Math.max(column.min, widths[i]! + 2));
  });
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: rows.length + 1, column: columns.length } };
  sheet.pageSetup = { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' };
}

/**
 * The ledger as an .xlsx: a sheet 台账 (one row per task and unit), a sheet 问题 (one row per problem ticket),
 * each with its header in row 1 so filters work, and a sheet 说明 with when and where it was made.
 */
export async function ledgerWorkbook(
  rows: LedgerRow[],
  meta: { title: string; generatedAt: Date; timeZone: string },
  problems: ProblemLedgerRow[] = [],
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Duban 督办';
  workbook.title = meta.title;
  workbook.created = meta.generatedAt;
  workbook.modified = meta.generatedAt;

  addTableSheet(workbook, '台账', LEDGER_COLUMNS, rows, meta.timeZone, 2);
  addTableSheet(workbook, '问题', PROBLEM_COLUMNS, problems, meta.timeZone, 2);

  const about = workbook.addWorksheet('说明');
  about.columns = [{ width: 12 }, { width: 40 }];
  about.addRow(['标题', meta.title]);
  const generated = about.addRow(['生成时间', wallClock(meta.generatedAt, meta.timeZone)]);
  generated.getCell(2).numFmt = 'yyyy-mm-dd hh:mm';
  generated.getCell(2).alignment = { horizontal: 'left' };
  about.addRow(['时区', meta.timeZone]);
  about.addRow(['行数', rows.length]).getCell(2).alignment = { horizontal: 'left' };
  about.addRow(['问题行数', problems.length]).getCell(2).alignment = { horizontal: 'left' };
  about.getColumn(1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
