import type ExcelJS from 'exceljs';
import { isCalendarDate } from '../domain/calendar.ts';
import { OFFICIAL_CALENDAR } from '../domain/schedule.ts';
import { parseUserDate } from '../domain/typed-date.ts';
import { wallClock as wallClockOf } from '../domain/calendar.ts';

// Cells read from a sheet into values, and values written into cells.

/** A cell as read, from an .xlsx or a CSV. */
export type Cell = string | number | Date | null;

export const textOf = (cell: Cell | undefined): string => {
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

/** A due-date cell: an Excel date, a serial number, or text as people type it (20261130, 12月5日, 月底 …). */
export function dateOf(cell: Cell | undefined, today: string): string | null {
  if (cell instanceof Date) return excelDate(cell);
  if (typeof cell === 'number') {
    if (Number.isInteger(cell) && cell >= SERIAL_MIN && cell <= SERIAL_MAX) return excelDate(new Date(Math.round((cell - 25569) * 86_400_000)));
    return parseUserDate(String(cell), { today, calendar: OFFICIAL_CALENDAR });
  }
  return parseUserDate(textOf(cell), { today, calendar: OFFICIAL_CALENDAR });
}

/** A positive number: a number cell, or text like "12", "１２", "1,200", "2.5". */
export function quotaOf(cell: Cell | undefined): number | null {
  if (typeof cell === 'number') return Number.isFinite(cell) && cell > 0 ? cell : null;
  const text = textOf(cell).normalize('NFKC').replace(/[,\s]/gu, '');
  if (!/^\+?(\d+(\.\d*)?|\.\d+)$/u.test(text)) return null;
  const n = Number(text);
  return Number.isFinite(n) && n > 0 ? n : null;
}

/** Names in one cell: 、，, ; ； or any spaces (line breaks included) separate them. */
export const namesOf = (text: string): string[] => text.split(/[、,，;；\s]+/u).filter((n) => n !== '');

export const dateCell = (date: string): Date => new Date(`${date}T00:00:00Z`);

/** The county's wall-clock time of an instant, as a Date whose UTC fields read as local time: Excel has no zones. */
export function wallClock(instant: Date, timeZone: string): Date {
  const w = wallClockOf(instant.getTime(), timeZone);
  return new Date(Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second));
}

/** How wide a text shows in a column: a CJK character takes two. */
export const displayWidth = (value: ExcelJS.CellValue): number => {
  if (value === null || value === undefined) return 0;
  const text = typeof value === 'number' ? value.toLocaleString('en-US') : String(value);
  return Math.max(...text.split('\n').map((line) => [...line].reduce((w, ch) => w + (/[\u1100-\u11ff\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]/u.test(ch) ? 2 : 1), 0)));
};
