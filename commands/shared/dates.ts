import type { Services } from '../../src/container.ts';
import { OFFICIAL_CALENDAR } from '../../src/domain/schedule.ts';
import { parseUserDate } from '../../src/domain/typed-date.ts';

/** A date typed in a command (明天, 下周五, 月底, 20261220, 12.5 …), read against the county's today and working days. */
export const typedDate = (services: Services, text: string, today = services.tasks.queries.today()): string | null =>
  parseUserDate(text, { today, calendar: OFFICIAL_CALENDAR });
