import chineseDays from 'chinese-days';
import { addDays, localDate, zonedInstant } from './calendar.ts';
import type { ScheduleRules } from './rules.ts';
import type { WorkCalendar } from './typed-date.ts';

/** The jobs the bot runs on its own, in the order they run. */
export const JOB_NAMES = ['reminders', 'escalations', 'digest', 'bulletin'] as const;
export type JobName = (typeof JOB_NAMES)[number];

/** The schedule setting each job's time is kept under (editable with /schedule). */
export const TIME_SETTINGS: Record<JobName, keyof ScheduleRules> = {
  reminders: 'reminderTime',
  escalations: 'escalationTime',
  digest: 'digestTime',
  bulletin: 'bulletinTime',
};

/** Local wall-clock time as minutes since midnight. */
const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
};

export const isClockTime = (s: string): boolean => /^([01]\d|2[0-3]):[0-5]\d$/.test(s);

/** Whether a local time falls in quiet hours; the window may wrap past midnight (22:00–07:30). */
export function inQuietHours(localTime: string, quiet: { from: string; to: string } | null): boolean {
  if (!quiet) return false;
  const t = minutesOf(localTime);
  const from = minutesOf(quiet.from);
  const to = minutesOf(quiet.to);
  return from <= to ? t >= from && t < to : t >= from || t < to;
}

/** An official working day: weekdays, minus public holidays, plus 调休 make-up weekends. */
export function isOfficialWorkday(date: string): boolean {
  return chineseDays.isWorkday(date);
}

/** The official calendar, for reading "3个工作日内" as people type it. */
export const OFFICIAL_CALENDAR: WorkCalendar = { isWorkday: isOfficialWorkday };

/** Whether a job runs on a local date: the bulletin on its weekday; the others daily, or on working days only. */
export function runsOn(job: JobName, date: string, rules: Pick<ScheduleRules, 'workdaysOnly' | 'bulletinWeekday'>): boolean {
  if (job === 'bulletin') return isoWeekday(date) === rules.bulletinWeekday;
  return !rules.workdaysOnly || isOfficialWorkday(date);
}

/** The jobs that run on a local date, by their time of day (a day's slot is its date). */
export function jobsOn(
  date: string,
  times: Record<JobName, string>,
  rules: Pick<ScheduleRules, 'workdaysOnly' | 'bulletinWeekday'>,
): { job: JobName; time: string }[] {
  return JOB_NAMES.filter((job) => runsOn(job, date, rules))
    .map((job) => ({ job, time: times[job] }))
    .sort((a, b) => minutesOf(a.time) - minutesOf(b.time));
}

/** ISO weekday of a calendar date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The Monday that starts a date's week: the slot of a weekly job. */
export function weekOf(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

/**
 * The slot a daily job at `time` most recently reached, as of a local date and time, and how many
 * minutes ago: the scheduler runs a slot at most once, and late only within the catch-up window.
 */
export function latestDailySlot(today: string, localTime: string, time: string): { slot: string; minutesLate: number } {
  const now = minutesOf(localTime);
  const at = minutesOf(time);
  return now >= at ? { slot: today, minutesLate: now - at } : { slot: addDays(today, -1), minutesLate: now + 24 * 60 - at };
}

export function latestWeeklySlot(today: string, localTime: string, weekday: number, time: string): { slot: string; minutesLate: number } {
  const daysSince = (isoWeekday(today) - weekday + 7) % 7;
  let date = addDays(today, -daysSince);
  let minutesLate = daysSince * 24 * 60 + minutesOf(localTime) - minutesOf(time);
  if (minutesLate < 0) {
    date = addDays(date, -7);
    minutesLate += 7 * 24 * 60;
  }
  return { slot: date, minutesLate };
}


/**
 * The first instant after `now` at which a job reaches its time on a day it runs, looking a week and a day ahead
 * (so the weekly one is always seen); undefined when nothing runs in that time (a long holiday with WORKDAYS_ONLY).
 */
export function nextSlotStart(
  now: Date,
  times: Record<JobName, string>,
  rules: Pick<ScheduleRules, 'workdaysOnly' | 'bulletinWeekday'>,
  timeZone: string,
): Date | undefined {
  const today = localDate(now, timeZone);
  for (let day = 0; day <= 8; day++) {
    const date = addDays(today, day);
    const starts = JOB_NAMES.filter((job) => runsOn(job, date, rules))
      .map((job) => zonedInstant(date, times[job], timeZone).getTime())
      .filter((at) => at > now.getTime());
    // A later day's slots all come after an earlier day's.
    if (starts.length > 0) return new Date(Math.min(...starts));
  }
  return undefined;
}
