import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysBetween,
  endOfDay,
  isCalendarDate,
  localDate,
  localDates,
  offsetChanges,
  localTime,
  zonedInstant,
} from '../../src/domain/calendar.ts';

const SHANGHAI = 'Asia/Shanghai';
const NEW_YORK = 'America/New_York';
const iso = (d: Date) => d.toISOString();
const HOUR = 3_600_000;

describe('isCalendarDate', () => {
  it.each([
    ['2026-11-30', true],
    ['2026-01-01', true],
    ['2026-12-31', true],
    ['2026-01-31', true],
    ['2026-04-30', true],
    ['2026-02-28', true],
    ['2028-02-29', true], // leap year
    ['2000-02-29', true], // divisible by 400: leap
    ['2025-02-29', false],
    ['1900-02-29', false], // divisible by 100, not 400: not leap
    ['2100-02-29', false],
    ['2026-02-30', false],
    ['2026-04-31', false],
    ['2026-11-31', false],
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-01-00', false],
    ['2026-01-32', false],
  ])('%s is a real date: %s', (s, valid) => {
    expect(isCalendarDate(s)).toBe(valid);
  });

  it.each(['2026-1-5', '2026-01-5', '26-11-30', '2026/11/30', '2026-11-30 ', ' 2026-11-30', '2026-11-30\n', '2026-11-30T00:00', '２０２６-11-30', '+2026-11-30', '20261130', '', 'tomorrow'])(
    'refuses the format of %j',
    (s) => {
      expect(isCalendarDate(s)).toBe(false);
    },
  );

  it('reads years below 100 as themselves, not as 19xx, and has no year 0', () => {
    expect(isCalendarDate('0001-01-01')).toBe(true);
    expect(isCalendarDate('0050-06-15')).toBe(true);
    expect(isCalendarDate('0004-02-29')).toBe(true);
    expect(addDays('0050-12-31', 1)).toBe('0051-01-01');
    expect(isCalendarDate('0000-01-01')).toBe(false);
    expect(() => addDays('0001-01-01', -1)).toThrow(RangeError);
  });
});

describe('addDays', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-01'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2028-02-29', 1, '2028-03-01'],
    ['2026-04-30', 1, '2026-05-01'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2027-01-01', -1, '2026-12-31'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2028-03-01', -1, '2028-02-29'],
    ['2026-11-30', 0, '2026-11-30'],
    ['2026-11-30', 7, '2026-12-07'],
    ['2026-01-01', 365, '2027-01-01'],
    ['2028-01-01', 365, '2028-12-31'], // a leap year has 366 days
    ['2028-01-01', 366, '2029-01-01'],
    ['2026-03-07', 2, '2026-03-09'], // across New York's DST change: dates have no zone
  ])('%s + %i = %s', (date, n, expected) => {
    expect(addDays(date, n)).toBe(expected);
  });

  it('refuses a fraction of a day and a date that does not exist', () => {
    expect(() => addDays('2026-11-30', 0.5)).toThrow(RangeError);
    expect(() => addDays('2026-11-30', Number.NaN)).toThrow(RangeError);
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => addDays('2026/11/30', 1)).toThrow(RangeError);
    expect(() => addDays('9999-12-31', 1)).toThrow(RangeError);
  });
});

describe('daysBetween', () => {
  it.each([
    ['2026-11-30', '2026-11-30', 0],
    ['2026-11-30', '2026-12-01', 1],
    ['2026-12-01', '2026-11-30', -1],
    ['2026-11-30', '2026-12-02', 2],
    ['2026-12-02', '2026-11-30', -2],
    ['2026-01-31', '2026-02-01', 1],
    ['2026-02-28', '2026-03-01', 1],
    ['2028-02-28', '2028-03-01', 2],
    ['2026-12-31', '2027-01-01', 1],
    ['2026-01-01', '2027-01-01', 365],
    ['2028-01-01', '2029-01-01', 366],
    ['2026-03-07', '2026-03-09', 2], // whole days across New York's spring-forward
    ['2026-10-31', '2026-11-02', 2], // and its fall-back
  ])('from %s to %s: %i', (from, to, n) => {
    expect(daysBetween(from, to)).toBe(n);
  });

  it('undoes addDays', () => {
    for (const date of ['2026-01-31', '2026-02-28', '2028-02-29', '2026-12-31']) {
      for (const n of [-400, -31, -1, 0, 1, 29, 365, 1000]) expect(daysBetween(date, addDays(date, n))).toBe(n);
    }
  });

  it('refuses what is not a date', () => {
    expect(() => daysBetween('2026-11-30', '2026-11-31')).toThrow(RangeError);
    expect(() => daysBetween('garbage', '2026-11-30')).toThrow(RangeError);
  });
});

describe('localDate and localTime', () => {
  it('reads the local date of an instant in the county’s zone', () => {
    // 2026-11-30T16:30Z is 00:30 on 1 December in Shanghai (UTC+8).
    expect(localDate(new Date('2026-11-30T16:30:00Z'), SHANGHAI)).toBe('2026-12-01');
    expect(localDate(new Date('2026-11-30T16:00:00.000Z'), SHANGHAI)).toBe('2026-12-01');
    expect(localDate(new Date('2026-11-30T15:59:59.999Z'), SHANGHAI)).toBe('2026-11-30');
    expect(localDate(new Date('2026-11-30T16:30:00Z'), 'UTC')).toBe('2026-11-30');
    expect(localDate(new Date('2026-12-31T16:00:00Z'), SHANGHAI)).toBe('2027-01-01');
    expect(localDate(new Date('2026-12-01T03:00:00Z'), NEW_YORK)).toBe('2026-11-30'); // 22:00 EST
    expect(localDate(new Date('2026-07-01T03:30:00Z'), NEW_YORK)).toBe('2026-06-30'); // 23:30 EDT
    expect(localDate(new Date('2026-07-01T04:00:00Z'), NEW_YORK)).toBe('2026-07-01'); // 00:00 EDT
  });

  it('reads the wall-clock time, midnight as 00:00', () => {
    expect(localTime(new Date('2026-11-30T16:00:00Z'), SHANGHAI)).toBe('00:00');
    expect(localTime(new Date('2026-11-29T23:30:59Z'), SHANGHAI)).toBe('07:30');
    expect(localTime(new Date('2026-11-30T15:59:59Z'), SHANGHAI)).toBe('23:59');
    expect(localTime(new Date('2026-03-08T07:00:00Z'), NEW_YORK)).toBe('03:00'); // just after spring-forward
  });

  it('refuses a zone that does not exist', () => {
    expect(() => localDate(new Date('2026-11-30T00:00:00Z'), 'Asia/Nowhere')).toThrow(RangeError);
  });

  it('localDates gives localDate for every instant, in zones a whole, half or three quarters of an hour off UTC and across DST', () => {
    // Every 7 minutes and 13 seconds through the days around a local midnight and a change of offset, twice each
    // (the second time from the memo), against localDate itself.
    const spans: [string, string][] = [
      [SHANGHAI, '2026-11-30T12:00:00Z'],
      ['Asia/Kolkata', '2026-11-30T12:00:00Z'], // midnight at 18:30Z
      ['Asia/Kathmandu', '2026-11-30T12:00:00Z'], // midnight at 18:15Z
      [NEW_YORK, '2026-11-01T00:00:00Z'], // back to EST at 06:00Z
      [NEW_YORK, '2026-03-08T00:00:00Z'], // on to EDT at 07:00Z
      ['America/Santiago', '2026-04-04T22:00:00Z'], // back an hour at local midnight
      ['Australia/Lord_Howe', '2026-04-04T12:00:00Z'], // back half an hour
    ];
    for (const [zone, from] of spans) {
      const dayOf = localDates(zone);
      for (let pass = 0; pass < 2; pass++) {
        for (let t = new Date(from).getTime(); t < new Date(from).getTime() + 36 * HOUR; t += 433_000) {
          expect(dayOf(new Date(t)), `${zone} ${new Date(t).toISOString()}`).toBe(localDate(new Date(t), zone));
        }
      }
    }
    const inKolkata = localDates('Asia/Kolkata');
    expect(inKolkata(new Date('2026-11-30T18:29:59.999Z'))).toBe('2026-11-30');
    expect(inKolkata(new Date('2026-11-30T18:30:00.000Z'))).toBe('2026-12-01');
    expect(inKolkata(new Date('2026-11-30T18:00:00.000Z'))).toBe('2026-11-30');
  });
});

describe('endOfDay', () => {
  it('ends a Shanghai day at 23:59:59.999 local, 15:59:59.999Z', () => {
    expect(iso(endOfDay('2026-11-30', SHANGHAI))).toBe('2026-11-30T15:59:59.999Z');
    expect(iso(endOfDay('2026-12-31', SHANGHAI))).toBe('2026-12-31T15:59:59.999Z');
    expect(iso(endOfDay('2028-02-29', SHANGHAI))).toBe('2028-02-29T15:59:59.999Z');
    expect(iso(endOfDay('2026-11-30', 'UTC'))).toBe('2026-11-30T23:59:59.999Z');
  });

  it('puts the deadline between the last millisecond of the day and the first of the next', () => {
    const end = endOfDay('2026-11-30', SHANGHAI);
    expect(localDate(end, SHANGHAI)).toBe('2026-11-30');
    expect(localDate(new Date(end.getTime() + 1), SHANGHAI)).toBe('2026-12-01');
    // The instant of the brief: already December in Shanghai, so past a 30 November deadline.
    expect(new Date('2026-11-30T16:30:00Z') > end).toBe(true);
  });

  it('follows New York across its DST changes (EST −5, EDT −4 from 2026-03-08 to 2026-11-01)', () => {
    expect(iso(endOfDay('2026-03-07', NEW_YORK))).toBe('2026-03-08T04:59:59.999Z'); // EST
    expect(iso(endOfDay('2026-03-08', NEW_YORK))).toBe('2026-03-09T03:59:59.999Z'); // EDT by then
    expect(iso(endOfDay('2026-07-01', NEW_YORK))).toBe('2026-07-02T03:59:59.999Z');
    expect(iso(endOfDay('2026-10-31', NEW_YORK))).toBe('2026-11-01T03:59:59.999Z'); // still EDT
    expect(iso(endOfDay('2026-11-01', NEW_YORK))).toBe('2026-11-02T04:59:59.999Z'); // EST by then
    expect(iso(endOfDay('2026-12-31', NEW_YORK))).toBe('2027-01-01T04:59:59.999Z');
  });

  it('makes the spring-forward day 23 hours long and the fall-back day 25', () => {
    const length = (date: string, zone: string) => endOfDay(date, zone).getTime() - endOfDay(addDays(date, -1), zone).getTime();
    expect(length('2026-03-07', NEW_YORK)).toBe(24 * HOUR);
    expect(length('2026-03-08', NEW_YORK)).toBe(23 * HOUR);
    expect(length('2026-11-01', NEW_YORK)).toBe(25 * HOUR);
    expect(length('2026-11-01', SHANGHAI)).toBe(24 * HOUR);
    expect(length('2026-04-05', 'Australia/Lord_Howe')).toBe(24.5 * HOUR); // a half-hour DST
  });

  it('handles changes at or across midnight (historic tz data)', () => {
    // São Paulo skipped 2018-11-04 00:00–01:00: 4 November began at 01:00 −02.
    expect(iso(endOfDay('2018-11-03', 'America/Sao_Paulo'))).toBe('2018-11-04T02:59:59.999Z');
    // Amman fell back from 01:00 to 00:00 on 2011-10-28: the day began at its first midnight (+03).
    expect(iso(endOfDay('2011-10-27', 'Asia/Amman'))).toBe('2011-10-27T20:59:59.999Z');
    expect(iso(endOfDay('2011-10-28', 'Asia/Amman'))).toBe('2011-10-28T21:59:59.999Z');
    // Samoa skipped 2011-12-30 altogether: it ends when it would have begun, as the 29th does.
    expect(iso(endOfDay('2011-12-29', 'Pacific/Apia'))).toBe('2011-12-30T09:59:59.999Z');
    expect(iso(endOfDay('2011-12-30', 'Pacific/Apia'))).toBe('2011-12-30T09:59:59.999Z');
  });

  it.each([SHANGHAI, NEW_YORK, 'Europe/London', 'Australia/Lord_Howe', 'America/Santiago', 'Asia/Kathmandu', 'Pacific/Chatham'])(
    'ends every day of 2026 exactly where the next begins, in %s',
    (zone) => {
      for (let date = '2026-01-01'; date < '2027-01-01'; date = addDays(date, 1)) {
        const end = endOfDay(date, zone).getTime();
        expect(localDate(new Date(end), zone), date).toBe(date);
        expect(localDate(new Date(end + 1), zone), date).toBe(addDays(date, 1));
      }
    },
  );

  it('refuses a malformed date or zone', () => {
    expect(() => endOfDay('2026-02-30', SHANGHAI)).toThrow(RangeError);
    expect(() => endOfDay('2026-11-30', 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('zonedInstant', () => {
  it('finds a local time on a local date', () => {
    expect(iso(zonedInstant('2026-11-30', '07:30', SHANGHAI))).toBe('2026-11-29T23:30:00.000Z');
    expect(iso(zonedInstant('2026-11-30', '00:00', SHANGHAI))).toBe('2026-11-29T16:00:00.000Z');
    expect(iso(zonedInstant('2026-11-30', '23:59', SHANGHAI))).toBe('2026-11-30T15:59:00.000Z');
  });

  it('reads the clock of the day itself on a DST day in New York', () => {
    expect(iso(zonedInstant('2026-03-08', '01:30', NEW_YORK))).toBe('2026-03-08T06:30:00.000Z'); // EST
    expect(iso(zonedInstant('2026-03-08', '09:00', NEW_YORK))).toBe('2026-03-08T13:00:00.000Z'); // EDT
    // 02:30 does not exist that day: moved on by the hour skipped.
    expect(iso(zonedInstant('2026-03-08', '02:30', NEW_YORK))).toBe('2026-03-08T07:30:00.000Z');
    // 01:30 happens twice on 1 November: the first one, in EDT.
    expect(iso(zonedInstant('2026-11-01', '01:30', NEW_YORK))).toBe('2026-11-01T05:30:00.000Z');
    expect(iso(zonedInstant('2026-11-01', '09:00', NEW_YORK))).toBe('2026-11-01T14:00:00.000Z'); // EST
  });

  it('refuses a time that is not HH:MM', () => {
    for (const time of ['24:00', '7:30', '07:60', '07:30:00', '', 'noon']) expect(() => zonedInstant('2026-11-30', time, SHANGHAI), time).toThrow(RangeError);
  });
});

describe("a zone's offsets over a span, for SQL that turns instants into local dates", () => {
  it('is one offset where the clock never changes, and each change to the millisecond where it does', () => {
    expect(offsetChanges(SHANGHAI, new Date('2020-01-01T00:00:00Z'), new Date('2027-01-01T00:00:00Z'))).toEqual([{ since: null, offsetSeconds: 8 * 3600 }]);
    expect(offsetChanges('America/New_York', new Date('2026-01-01T00:00:00Z'), new Date('2026-12-31T00:00:00Z'))).toEqual([
      { since: null, offsetSeconds: -5 * 3600 },
      { since: new Date('2026-03-08T07:00:00Z'), offsetSeconds: -4 * 3600 },
      { since: new Date('2026-11-01T06:00:00Z'), offsetSeconds: -5 * 3600 },
    ]);
    // Every instant of the span gets the offset localDate would use.
    const changes = offsetChanges('Asia/Kolkata', new Date('2026-06-01T00:00:00Z'), new Date('2026-06-02T00:00:00Z'));
    expect(changes).toEqual([{ since: null, offsetSeconds: 5.5 * 3600 }]);
    expect(localDate(new Date(Date.parse('2026-06-01T18:40:00Z') + changes[0]!.offsetSeconds * 1000), 'UTC')).toBe(localDate(new Date('2026-06-01T18:40:00Z'), 'Asia/Kolkata'));
  });
});
