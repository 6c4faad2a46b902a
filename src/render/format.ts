/** Dates and numbers as the county reads them. */

export function formatDateTime(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** A quantity without float noise: 2.5, 3, 0.33. */
export const formatAmount = (value: number): string => String(Math.round(value * 100) / 100);

export const formatPercent = (ratio: number): string => `${Math.round(ratio * 100)}%`;

/** At most `max` characters of what someone typed, cut between characters (never inside an emoji). */
export const clip = (text: string, max = 20): string => [...text].slice(0, max).join('');
