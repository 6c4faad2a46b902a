import type ExcelJS from 'exceljs';
import { newWorkbook } from './excel.ts';
import type { Cell } from './cells.ts';

// Reading the bytes: rows of cells, numbered as the office sees them.

export interface RawRow {
  row: number;
  cells: Cell[]; // 0-based columns
}
export interface Table {
  rows: RawRow[];
}

const isZip = (b: Buffer) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && (b[2] === 0x03 || b[2] === 0x05 || b[2] === 0x07);
const isOle = (b: Buffer) => b.length >= 4 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;

/** Every worksheet, in order (the import takes the first whose header carries the required columns); null when the bytes cannot be read. */
async function readWorkbook(bytes: Buffer): Promise<Table[] | null> {
  const workbook = await newWorkbook();
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

export async function readTables(bytes: Buffer): Promise<Table[] | null> {
  if (isZip(bytes)) return readWorkbook(bytes);
  if (isOle(bytes)) return null; // an old binary .xls (or .doc): not supported, the message asks for .xlsx or .csv
  const text = decodeText(bytes);
  return text === null ? null : [parseDelimited(text)];
}
