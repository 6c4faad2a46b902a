import type ExcelJS from 'exceljs';
import { displayWidth } from './cells.ts';

const LIGHT_STYLES: Record<'red' | 'yellow' | 'green' | 'done', { fill: string; font: string }> = {
  red: { fill: 'FFFFC7CE', font: 'FF9C0006' },
  yellow: { fill: 'FFFFEB9C', font: 'FF9C5700' },
  green: { fill: 'FFC6EFCE', font: 'FF006100' },
  done: { fill: 'FFD9D9D9', font: 'FF404040' },
};
export type Colour = keyof typeof LIGHT_STYLES;
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

export interface Column<R> {
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

/**
 * One data sheet: the header in row 1 (bold, filled, frozen with the first `frozenColumns` columns, filters over
 * it), typed and coloured cells, columns as wide as their text within bounds, printed landscape one page wide.
 */
export function addTableSheet<R>(workbook: ExcelJS.Workbook, name: string, columns: Column<R>[], rows: R[], timeZone: string, frozenColumns: number): void {
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
