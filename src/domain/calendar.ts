/**
 * Calendar dates ('YYYY-MM-DD') in the county's time zone. A deadline is a date; it ends at the end of
 * that local day. Day arithmetic is done on UTC midnights of the dates, so zones and DST never shift it.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

const utcOf = (date: string): number => {
  const [, y, m, d] = DATE.exec(date)!;
  return Date.UTC(Number(y), Number(m) - 1, Number(d));
};

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const fromUtc = (ms: number): string => {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
};

export function isCalendarDate(s: string): boolean {
  const match = DATE.exec(s);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  if (m < 1 || m > 12 || d < 1) return false;
  return fromUtc(Date.UTC(y, m - 1, d)) === s;
}

export function addDays(date: string, n: number): string {
  return fromUtc(utcOf(date) + n * DAY_MS);
}

/** to − from in calendar days. */
export function daysBetween(from: string, to: string): number {
  return Math.round((utcOf(to) - utcOf(from)) / DAY_MS);
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const formatterFor = (timeZone: string) => {
  let f = formatters.get(timeZone);
  if (!f) {
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

const wallClock = (instant: Date, timeZone: string) => {
  const parts = formatterFor(timeZone).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
};

export function localDate(instant: Date, timeZone: string): string {
  const w = wallClock(instant, timeZone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
}

/** The zone's offset from UTC at an instant, in ms. */
const offsetAt = (instant: number, timeZone: string): number => {
  const w = wallClock(new Date(instant), timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(instant / 1000) * 1000;
};

/** The first instant of a local day (midnight, or the first valid moment when DST skips it). */
function startOfDay(date: string, timeZone: string): number {
  const guess = utcOf(date);
  let instant = guess - offsetAt(guess, timeZone);
  // A second pass settles the offset when the first guess fell on the other side of a DST change.
  instant = guess - offsetAt(instant, timeZone);
  while (localDate(new Date(instant), timeZone) < date) instant += 15 * 60_000;
  return instant;
}

/** The last millisecond of a local day: a deadline on `date` has passed after this instant. */
export function endOfDay(date: string, timeZone: string): Date {
  return new Date(startOfDay(addDays(date, 1), timeZone) - 1);
}

/**
 * A date as people type it: 2026-11-30, 2026/11/30, 2026.11.30, 2026年11月30日, or without the year
 * (11-30, 11/30, 11月30日). Without a year it is this year's date, unless that was more than 30 days ago:
 * then next year's (in December, "1月15日" means the coming January). Impossible dates give null.
 */
export function parseUserDate(text: string, today: string): string | null {
  const s = text.normalize('NFKC').trim();
  const full = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/u.exec(s);
  const short = full ? null : /^(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/u.exec(s);
  let candidate: string;
  if (full) {
    candidate = `${full[1]}-${pad(Number(full[2]))}-${pad(Number(full[3]))}`;
  } else if (short) {
    const year = Number(today.slice(0, 4));
    candidate = `${year}-${pad(Number(short[1]))}-${pad(Number(short[2]))}`;
    if (isCalendarDate(candidate) && daysBetween(candidate, today) > 30) candidate = `${year + 1}-${candidate.slice(5)}`;
  } else {
    return null;
  }
  return isCalendarDate(candidate) ? candidate : null;
}

/** The local wall-clock time of an instant, HH:MM. */
export function localTime(instant: Date, timeZone: string): string {
  const w = wallClock(instant, timeZone);
  return `${pad(w.hour)}:${pad(w.minute)}`;
}

/** The instant a local date reaches a local time (HH:MM). */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const [h, m] = time.split(':').map(Number) as [number, number];
  return new Date(startOfDay(date, timeZone) + (h * 60 + m) * 60_000);
}
