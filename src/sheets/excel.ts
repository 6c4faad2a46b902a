import type ExcelJS from 'exceljs';

/**
 * A new workbook. ExcelJS (with its zip, csv and stream libraries, a thousand modules) is loaded here, when a
 * sheet is first read or written, not when the bot starts: most starts never import or export anything.
 */
export async function newWorkbook(): Promise<ExcelJS.Workbook> {
  const { default: excel } = await import('exceljs');
  return new excel.Workbook();
}
