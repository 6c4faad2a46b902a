/**
 * Calendar dates ('YYYY-MM-DD') in the county's time zone. A deadline is a date; it ends at the end of
 * that local day. Day arithmetic is done on UTC midnights of the dates, so zones and DST never shift it;
 * only localDate, endOfDay, localTime and zonedInstant look at a zone, through Intl.DateTimeFormat.
 *
 * Dates given to these functions are trusted values (from the database, from localDate, from config):
 * one that is not a real calendar date is a bug, and throws a RangeError. Text typed by people goes
 * through parseUserDate (typed-date.ts), which never throws on the text and answers null instead.
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

/**
 * localDate for many instants (a job that converts one per part), memoized by the UTC hour: an hour with the
 * same offset at its first and last millisecond had no change of offset within it (a zone's offset never changes
 * twice in an hour), so when both also fall on the same local date every instant of it does. An hour a local
 * midnight cuts (a zone half an hour off UTC) or a change of offset cuts is converted instant by instant.
 */
export function localDates(timeZone: string): (instant: Date) => string {
  const byHour = new Map<number, string | null>();
  return (instant) => {
    const ms = instant.getTime();
    const hour = Math.floor(ms / HOUR_MS);
    let date = byHour.get(hour);
    if (date === undefined) {
      const first = hour * HOUR_MS;
      const last = first + HOUR_MS - 1;
      const whole = localDateMs(first, timeZone);
      date = whole === localDateMs(last, timeZone) && offsetAt(first, timeZone) === offsetAt(last, timeZone) ? whole : null;
      byHour.set(hour, date);
    }
    return date ?? localDateMs(ms, timeZone);
  };
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
 * The zone's offset from UTC over a span of instants: the one in force at `from`, then each change up to `to`
 * with the instant it takes effect (to the millisecond). SQL that turns a column of instants into local dates
 * takes these, so a database's figures agree with localDate. Offsets do not change twice in a day.
 */
export function offsetChanges(timeZone: string, from: Date, to: Date): { since: Date | null; offsetSeconds: number }[] {
  let at = from.getTime();
  let offset = offsetAt(at, timeZone);
  const changes: { since: Date | null; offsetSeconds: number }[] = [{ since: null, offsetSeconds: offset / 1000 }];
  while (at < to.getTime()) {
    const next = Math.min(at + DAY_MS, to.getTime());
    const nextOffset = offsetAt(next, timeZone);
    if (nextOffset !== offset) {
      let before = at;
      let after = next;
      while (after - before > 1) {
        const mid = before + Math.floor((after - before) / 2);
        if (offsetAt(mid, timeZone) === offset) before = mid;
        else after = mid;
      }
      changes.push({ since: new Date(after), offsetSeconds: nextOffset / 1000 });
      offset = nextOffset;
    }
    at = next;
  }
  return changes;
}

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
