import { localDate, localTime } from '../domain/calendar.ts';

/** Dates and numbers as the county reads them. */

/** An instant as MM-DD HH:MM in the county's zone. */
export const formatDateTime = (instant: Date, timeZone: string): string => `${localDate(instant, timeZone).slice(5)} ${localTime(instant, timeZone)}`;

/** A quantity without float noise: 2.5, 3, 0.33. */
export const formatAmount = (value: number): string => String(Math.round(value * 100) / 100);

export const formatPercent = (ratio: number): string => `${Math.round(ratio * 100)}%`;

/** At most `max` characters of what someone typed, cut between characters (never inside an emoji). */
export const clip = (text: string, max = 20): string => [...text].slice(0, max).join('');
