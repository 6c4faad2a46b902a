/**
 * Calendar dates ('YYYY-MM-DD') in the county's time zone. A deadline is a date; it ends at the end of
 * that local day. Day arithmetic is done on UTC midnights of the dates, so zones and DST never shift it;
 * only localDate, endOfDay, localTime and zonedInstant look at a zone, through Intl.DateTimeFormat.
 *
 * Dates given to these functions are trusted values (from the database, from localDate, from config):
 * one that is not a real calendar date is a bug, and throws a RangeError. Text typed by people goes
 * through parseUserDate, which never throws on the text and answers null instead.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

const isLeapYear = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysInMonth = (y: number, m: number) => (m === 2 ? (isLeapYear(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31);

/** The year, month and day of a real calendar date, or null. */
function partsOf(s: string): [number, number, number] | null {
  const match = DATE.exec(s);
  if (!match) return null;
  const y = Number(match[1]);
  const m = Number(match[2]);
  const d = Number(match[3]);
  return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m) ? [y, m, d] : null;
}

/** UTC midnight of a day, as ms; unlike Date.UTC, years 0–99 are not taken for 1900–1999. */
function utcMidnight(y: number, m: number, d: number): number {
  const t = new Date(0);
  t.setUTCFullYear(y, m - 1, d);
  return t.getTime();
}

function utcOf(date: string): number {
  const parts = partsOf(date);
  if (!parts) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  return utcMidnight(...parts);
}

function fromUtc(ms: number): string {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  if (!(y >= 1 && y <= 9999)) throw new RangeError('date out of range (years 0001–9999)');
  return `${pad(y, 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/**
 * 'YYYY-MM-DD', exactly, and a day that exists (2028-02-29 does, 2025-02-29 does not), in the years
 * 0001–9999 (0000-01-01 is a placeholder, not a date).
 */
export function isCalendarDate(s: string): boolean {
  return partsOf(s) !== null;
}

/** The date n days after (n < 0: before) a date. n must be a whole number. */
export function addDays(date: string, n: number): string {
  if (!Number.isSafeInteger(n)) throw new RangeError(`addDays: not a whole number of days: ${n}`);
  return fromUtc(utcOf(date) + n * DAY_MS);
}

/** to − from in calendar days: 1 from a day to the next, negative when `to` comes first. */
export function daysBetween(from: string, to: string): number {
  return Math.round((utcOf(to) - utcOf(from)) / DAY_MS);
}

// ---------------------------------------------------------------------------------------------------
// Zones

const formatters = new Map<string, Intl.DateTimeFormat>();
const formatterFor = (timeZone: string) => {
  let f = formatters.get(timeZone);
  if (!f) {
    // Throws a RangeError for a zone that does not exist, before it is cached.
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
};

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** An instant's wall clock in a zone: the one place instants become local dates and times. */
export const wallClock = (instant: number, timeZone: string): WallClock => {
  const parts = formatterFor(timeZone).formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
};

const dateOfWall = (w: WallClock) => `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
const localDateMs = (instant: number, timeZone: string) => dateOfWall(wallClock(instant, timeZone));

/** The local date of an instant in a zone: 2026-11-30T16:30Z is already 2026-12-01 in Asia/Shanghai. */
export function localDate(instant: Date, timeZone: string): string {
  return localDateMs(instant.getTime(), timeZone);
}

/** Whether a zone name is one the runtime knows (an IANA name like Asia/Shanghai). */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The local wall-clock time of an instant, HH:MM. */
export function localTime(instant: Date, timeZone: string): string {
  const w = wallClock(instant.getTime(), timeZone);
  return `${pad(w.hour)}:${pad(w.minute)}`;
}

/** The zone's offset from UTC at an instant, in ms (local wall clock − UTC). */
const offsetAt = (instant: number, timeZone: string): number => {
  const w = wallClock(instant, timeZone);
  const wall = utcMidnight(w.year, w.month, w.day) + w.hour * HOUR_MS + w.minute * 60_000 + w.second * 1000;
  return wall - Math.floor(instant / 1000) * 1000;
};

/**
 * The instants at which the zone's clock reads `wall` (a local date and time written as UTC ms), earliest
 * first: one as a rule, two in the repeated hour after a DST change back, none in the skipped hour.
 * Zone offsets stay within ±16 h and do not change twice in two days: when the offset a day before and a
 * day after agree, nothing changed in between (the common case, two lookups).
 */
function instantsAtWall(wall: number, timeZone: string): number[] {
  const before = offsetAt(wall - DAY_MS, timeZone);
  const after = offsetAt(wall + DAY_MS, timeZone);
  if (before === after) return [wall - before];
  const offsets = new Set([before, after, offsetAt(wall - before, timeZone), offsetAt(wall - after, timeZone)]);
  return [...offsets]
    .map((offset) => wall - offset)
    .filter((instant) => offsetAt(instant, timeZone) === wall - instant)
    .sort((a, b) => a - b);
}

/**
 * The first instant of a local day: its midnight, or the first moment of the day when a DST change skips
 * midnight; for a day the zone skipped altogether (Pacific/Apia, 2011-12-30), the start of the next one.
 */
function startOfDay(date: string, timeZone: string): number {
  const isStart = (t: number) => localDateMs(t, timeZone) >= date && localDateMs(t - 1, timeZone) < date;
  const wall = utcOf(date);
  // Nearly always: the offset is the same a day either side, and midnight is simply wall − offset.
  const offset = offsetAt(wall - DAY_MS, timeZone);
  if (offset === offsetAt(wall + DAY_MS, timeZone)) return wall - offset;
  // A change of offset near the day: midnight once or twice (the earlier one is the start), or skipped.
  const midnight = instantsAtWall(wall, timeZone)[0];
  if (midnight !== undefined && isStart(midnight)) return midnight;
  // Otherwise a change of offset lands near midnight (a skipped midnight, or an hour repeated across it):
  // search the instants where the local date moves on. Zone offsets stay within ±16 h of UTC.
  let before = wall - 18 * HOUR_MS;
  let after = wall + 18 * HOUR_MS;
  while (after - before > 1) {
    const mid = before + Math.floor((after - before) / 2);
    if (localDateMs(mid, timeZone) >= date) after = mid;
    else before = mid;
  }
  return after;
}

/**
 * The last millisecond of a local day, 23:59:59.999 local: a deadline on `date` has passed after this
 * instant. On a day with a DST change it is still the instant before the next local day begins.
 */
export function endOfDay(date: string, timeZone: string): Date {
  return new Date(startOfDay(addDays(date, 1), timeZone) - 1);
}

/**
 * The instant a local date reaches a local time (HH:MM, 00:00–23:59). A time that happens twice (the
 * hour repeated when DST ends) gives the earlier instant; a time the clock skips (DST starting) is moved
 * on by the length of the skip: 02:30 on the day New York springs forward is 03:30 EDT.
 */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!match) throw new RangeError(`not a time (HH:MM): ${JSON.stringify(time)}`);
  const wall = utcOf(date) + Number(match[1]) * HOUR_MS + Number(match[2]) * 60_000;
  const exact = instantsAtWall(wall, timeZone)[0];
  // In a skipped stretch, read the wall time with the offset in force before it: the clock shows it later.
  return new Date(exact ?? wall - offsetAt(wall - DAY_MS, timeZone));
}

// ---------------------------------------------------------------------------------------------------
// Dates as people type them

/** Longer text is not a date; it is not worth normalising. */
const MAX_DATE_TEXT = 40;

const FULL_DATE = [
  /^(\d{4})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{1,2})$/u, // 2026-11-30, 2026/11/30, 2026.11.30
  /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$/u, // 2026年11月30日
];
const MONTH_DAY = [
  /^(\d{1,2})\s*[-/.]\s*(\d{1,2})$/u, // 11-30, 11/30, 11.30
  /^(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$/u, // 11月30日, 11月30号, 11月30
];

/** How long after a month-and-day has passed it is still taken for this year's (a late report). */
export const PAST_DATE_GRACE_DAYS = 30;

const dateFrom = (y: number, m: number, d: number): string | null => {
  const date = `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
  return isCalendarDate(date) ? date : null;
};

/**
 * A date as people type it: 2026-11-30, 2026/11/30, 2026.11.30, 2026年11月30日 (日 or 号, or neither),
 * or without the year: 11-30, 11/30, 11.30, 11月30日. Zero padding is optional; full-width digits and
 * separators are read as ASCII (NFKC); one separator throughout (2026-11/30 is refused).
 *
 * Without a year, the date is in today's year, unless that date passed more than 30 days
 * (PAST_DATE_GRACE_DAYS) before today: then it is next year's. On 2026-12-05, "1月15日" is 2027-01-15,
 * while "11月20日" is 2026-11-20 (15 days ago: a date in the past, for the caller to judge). February 29
 * counts as February 28 for this rule and must exist in the year chosen.
 *
 * Anything else, impossible dates included (2026-02-30, 2025-02-29, 13月1日) and year 0000,
 * gives null. A date long past (0100-01-01) is still a date: the caller refuses it as past.
 * `today` is the county's local date ('YYYY-MM-DD'); a malformed `today` throws.
 */
export function parseUserDate(text: string, today: string): string | null {
  utcOf(today);
  if (text.length > MAX_DATE_TEXT) return null;
  const s = text.normalize('NFKC').trim();
  for (const pattern of FULL_DATE) {
    const m = pattern.exec(s);
    if (!m) continue;
    const [y, mo, d] = pattern === FULL_DATE[0] ? [m[1], m[3], m[4]] : [m[1], m[2], m[3]];
    return dateFrom(Number(y), Number(mo), Number(d));
  }
  for (const pattern of MONTH_DAY) {
    const m = pattern.exec(s);
    if (!m) continue;
    const month = Number(m[1]);
    const day = Number(m[2]);
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(2000, month)) return null;
    const year = Number(today.slice(0, 4));
    // Feb 29 is judged as Feb 28, which every year has.
    const thisYears = dateFrom(year, month, month === 2 && day === 29 ? 28 : day)!;
    const passedLongAgo = daysBetween(thisYears, today) > PAST_DATE_GRACE_DAYS;
    return passedLongAgo ? (year < 9999 ? dateFrom(year + 1, month, day) : null) : dateFrom(year, month, day);
  }
  return null;
}
