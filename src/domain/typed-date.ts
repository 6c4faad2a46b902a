/**
 * Dates and times as people type them, in Chinese or English: the one parser behind every command and the
 * import. Pure: "today" (the county's local date) and the working calendar are passed in, so the same text
 * reads the same in a test, in a dry run and in the bot.
 *
 * Text never throws: anything not understood answers null and the caller says so. A malformed `today` is a
 * bug and throws a RangeError.
 */
import { addDays, daysBetween, isCalendarDate } from './calendar.ts';

/** Which days are working days: the official calendar (holidays, 调休 weekends) in the bot, any rule in a test. */
export interface WorkCalendar {
  isWorkday(date: string): boolean;
}

interface DateContext {
  /** The county's local date, 'YYYY-MM-DD'. */
  today: string;
  calendar: WorkCalendar;
}

/** Longer text is not a date; it is not worth normalising. */
const MAX_DATE_TEXT = 40;
/** "N 天后" and "in N working days" beyond this are typos, not plans. */
const MAX_RELATIVE_DAYS = 3660;
const MAX_WORKDAYS = 500;

/** How long after a month-and-day has passed it is still taken for this year's (a late report). */
export const PAST_DATE_GRACE_DAYS = 30;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const isLeapYear = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysInMonth = (y: number, m: number) => (m === 2 ? (isLeapYear(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31);

const dateFrom = (y: number, m: number, d: number): string | null => {
  const date = `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
  return isCalendarDate(date) ? date : null;
};

/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
const weekdayOf = (date: string): number => {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
};

const endOfMonth = (y: number, m: number) => dateFrom(y, m, daysInMonth(y, m))!;
const yearOf = (date: string) => Number(date.slice(0, 4));
const monthOf = (date: string) => Number(date.slice(5, 7));

const FULL_DATE = [
  /^(\d{4})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{1,2})$/u, // 2026-11-30, 2026/11/30, 2026.11.30
  /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$/u, // 2026年11月30日
];
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/u; // 20261130
const MONTH_DAY = [
  /^(\d{1,2})\s*[-/.]\s*(\d{1,2})$/u, // 11-30, 11/30, 11.30
  /^(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$/u, // 11月30日, 11月30号, 11月30
];

const MONTHS_EN = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const monthOfWord = (word: string): number | null => {
  const i = MONTHS_EN.indexOf(word.slice(0, 3));
  return i >= 0 && (word.length === 3 || 'january february march april may june july august september october november december'.split(' ')[i]!.startsWith(word) || word === 'sept') ? i + 1 : null;
};
const EN_MONTH_DAY = /^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?$/u; // Dec 5, December 5th
const EN_DAY_MONTH = /^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?$/u; // 5 Dec, 5th December

const WEEKDAY_ZH: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7, '1': 1, '2': 2, '3': 3, '4': 4, '5': 5, '6': 6, '7': 7 };
const WEEKDAY_EN: Record<string, number> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };
const weekdayOfEnglish = (word: string): number | null => {
  const day = WEEKDAY_EN[word.slice(0, 3)];
  const full = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
  return day !== undefined && (full[day - 1]!.startsWith(word) || ['tues', 'thur', 'thurs'].includes(word)) ? day : null;
};

const ZH_DIGITS: Record<string, number> = { 一: 1, 两: 2, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };
/** 3, 十, 十五, 二十, 三十: the small counts people write in words. */
const countOf = (s: string): number | null => {
  if (/^\d{1,4}$/u.test(s)) return Number(s);
  const m = /^([一二两三四五六七八九])?(十)?([一二三四五六七八九])?$/u.exec(s);
  if (!m || s === '') return null;
  if (!m[2]) return m[3] ? null : ZH_DIGITS[m[1]!]!;
  return (m[1] ? ZH_DIGITS[m[1]]! : 1) * 10 + (m[3] ? ZH_DIGITS[m[3]]! : 0);
};

/** The nth working day after today (today itself not counted). */
const nthWorkdayAfter = (today: string, n: number, calendar: WorkCalendar): string => {
  let date = today;
  for (let found = 0; found < n; ) {
    date = addDays(date, 1);
    if (calendar.isWorkday(date)) found += 1;
  }
  return date;
};

/** Today's year, unless that date passed more than PAST_DATE_GRACE_DAYS ago: then next year's. */
const monthDay = (month: number, day: number, today: string): string | null => {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(2000, month)) return null;
  const year = yearOf(today);
  // Feb 29 is judged as Feb 28, which every year has.
  const thisYears = dateFrom(year, month, month === 2 && day === 29 ? 28 : day)!;
  const passedLongAgo = daysBetween(thisYears, today) > PAST_DATE_GRACE_DAYS;
  return passedLongAgo ? (year < 9999 ? dateFrom(year + 1, month, day) : null) : dateFrom(year, month, day);
};

/** Words for a day relative to today, Chinese and English. */
function relativeDate(s: string, { today, calendar }: DateContext): string | null | undefined {
  const near: Record<string, number> = { 今天: 0, 今日: 0, 明天: 1, 明日: 1, 后天: 2, 大后天: 3, today: 0, tomorrow: 1, tmr: 1, 'day after tomorrow': 2 };
  if (s in near) return addDays(today, near[s]!);

  // 下周一 … 下周日, 下星期五, 下礼拜三; 本周五, 这周五, 周五 (the coming one, today included).
  let m = /^(下下|下|本|这|这个|下个)?(?:周|星期|礼拜)([一二三四五六日天1-7])$/u.exec(s);
  if (m) {
    const weekday = WEEKDAY_ZH[m[2]!]!;
    const monday = addDays(today, 1 - weekdayOf(today));
    if (m[1] === '下' || m[1] === '下个') return addDays(monday, 7 + weekday - 1);
    if (m[1] === '下下') return addDays(monday, 14 + weekday - 1);
    if (m[1]) return addDays(monday, weekday - 1);
    return addDays(today, (weekday - weekdayOf(today) + 7) % 7);
  }
  m = /^(next|this|coming)?\s*([a-z]+)$/u.exec(s);
  const enWeekday = m ? weekdayOfEnglish(m[2]!) : null;
  if (m && enWeekday !== null) {
    const monday = addDays(today, 1 - weekdayOf(today));
    if (m[1] === 'next') return addDays(monday, 7 + enWeekday - 1);
    if (m[1] === 'this') return addDays(monday, enWeekday - 1);
    return addDays(today, (enWeekday - weekdayOf(today) + 7) % 7);
  }

  // 月底, 本月底, 月末; 下月底, 下个月底; 年底; 周末 is not a deadline anyone means exactly: left out.
  if (/^(本月|这个月|月)(底|末)$/u.test(s) || /^(end of (the )?month|month end|eom)$/u.test(s)) return endOfMonth(yearOf(today), monthOf(today));
  if (/^下(个)?月(底|末)$/u.test(s) || /^end of next month$/u.test(s)) {
    const month = monthOf(today) === 12 ? 1 : monthOf(today) + 1;
    return endOfMonth(monthOf(today) === 12 ? yearOf(today) + 1 : yearOf(today), month);
  }
  if (/^(今年|年)(底|末)$/u.test(s) || /^(end of (the )?year|year end)$/u.test(s)) return dateFrom(yearOf(today), 12, 31);

  // 下个工作日, next working day; 3个工作日后, 三个工作日内, in 3 working days.
  if (/^(下(一)?个工作日|next (working|business) day)$/u.test(s)) return nthWorkdayAfter(today, 1, calendar);
  m = /^([\d一二两三四五六七八九十]+)\s*个?\s*工作日(后|内|以内)?$/u.exec(s) ?? /^in\s+(\d+)\s+(?:working|business)\s+days?$/u.exec(s);
  if (m) {
    const n = countOf(m[1]!);
    return n !== null && n >= 1 && n <= MAX_WORKDAYS ? nthWorkdayAfter(today, n, calendar) : null;
  }
  // 3天后, 三天内, 10日内, in 3 days.
  m = /^([\d一二两三四五六七八九十]+)\s*[天日](后|内|以内|之内)$/u.exec(s) ?? /^in\s+(\d+)\s+days?$/u.exec(s);
  if (m) {
    const n = countOf(m[1]!);
    return n !== null && n >= 0 && n <= MAX_RELATIVE_DAYS ? addDays(today, n) : null;
  }
  return undefined;
}

/**
 * A date as people type it:
 * - a full date: 2026-11-30, 2026/11/30, 2026.11.30, 2026年11月30日 (日 or 号, or neither), 20261130;
 * - a month and day: 11-30, 11/30, 11.30, 11月30日, Dec 5, 5 December;
 * - a day in words: 今天, 明天, 后天, 大后天, 下周一…下周日, 本周五, 周五, 月底, 下月底, 年底, 下个工作日,
 *   3个工作日内, 5天后; today, tomorrow, next friday, this friday, friday, end of month, in 3 (working) days.
 * Zero padding is optional; full-width digits and separators are read as ASCII (NFKC); case is ignored.
 *
 * A month and day without a year is in today's year, unless that date passed more than 30 days
 * (PAST_DATE_GRACE_DAYS) before today: then it is next year's. February 29 counts as February 28 for this
 * rule and must exist in the year chosen. 下周五 is the Friday of next week, 本周五 this week's (perhaps
 * already past: the caller judges), 周五 alone the coming one (today if today is Friday). Working days come
 * from `calendar`, today never counted.
 *
 * Impossible dates (2026-02-30, 13月1日) and year 0000 give null. A date long past (0100-01-01) is still a
 * date: the caller refuses it as past.
 */
export function parseUserDate(text: string, context: DateContext): string | null {
  const { today } = context;
  if (!isCalendarDate(today)) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${JSON.stringify(today)}`);
  if (text.length > MAX_DATE_TEXT) return null;
  const s = text.normalize('NFKC').trim().toLowerCase().replace(/\s+/gu, ' ');
  for (const pattern of FULL_DATE) {
    const m = pattern.exec(s);
    if (!m) continue;
    const [y, mo, d] = pattern === FULL_DATE[0] ? [m[1], m[3], m[4]] : [m[1], m[2], m[3]];
    return dateFrom(Number(y), Number(mo), Number(d));
  }
  const compact = COMPACT_DATE.exec(s);
  if (compact) return dateFrom(Number(compact[1]), Number(compact[2]), Number(compact[3]));
  for (const pattern of MONTH_DAY) {
    const m = pattern.exec(s);
    if (m) return monthDay(Number(m[1]), Number(m[2]), today);
  }
  const enMonthDay = EN_MONTH_DAY.exec(s);
  if (enMonthDay && monthOfWord(enMonthDay[1]!) !== null) return monthDay(monthOfWord(enMonthDay[1]!)!, Number(enMonthDay[2]), today);
  const enDayMonth = EN_DAY_MONTH.exec(s);
  if (enDayMonth && monthOfWord(enDayMonth[2]!) !== null) return monthDay(monthOfWord(enDayMonth[2]!)!, Number(enDayMonth[1]), today);
  return relativeDate(s, context) ?? null;
}

/**
 * A time of day as people type it, as HH:MM (00:00–23:59): 8:00, 08:00, 8：00, 8点, 8点半, 8点30, 8点30分,
 * 下午3点, 晚上8点, 8am, 8:30pm, 20:30. Anything else is null.
 */
export function parseClockTime(text: string): string | null {
  if (text.length > MAX_DATE_TEXT) return null;
  const s = text.normalize('NFKC').trim().toLowerCase().replace(/\s+/gu, '');
  let hour: number;
  let minute: number;
  let m = /^(\d{1,2})[:.](\d{2})$/u.exec(s);
  if (m) {
    hour = Number(m[1]);
    minute = Number(m[2]);
  } else if ((m = /^(上午|早上|早晨|中午|下午|晚上|傍晚)?(\d{1,2})(?:点|时)(半|(\d{1,2})分?)?$/u.exec(s))) {
    hour = Number(m[2]);
    minute = m[3] === '半' ? 30 : m[4] ? Number(m[4]) : 0;
    const afternoon = m[1] === '下午' || m[1] === '晚上' || m[1] === '傍晚' || (m[1] === '中午' && hour < 11);
    if (m[1] && hour > 12) return null;
    if (afternoon && hour < 12) hour += 12;
  } else if ((m = /^(\d{1,2})(?::(\d{2}))?(am|pm)$/u.exec(s))) {
    hour = Number(m[1]);
    minute = m[2] ? Number(m[2]) : 0;
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (m[3] === 'pm' ? 12 : 0);
  } else return null;
  return hour <= 23 && minute <= 59 ? `${pad(hour)}:${pad(minute)}` : null;
}
