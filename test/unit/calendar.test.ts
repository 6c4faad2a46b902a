import { describe, expect, it } from 'vitest';
import {
  PAST_DATE_GRACE_DAYS,
  addDays,
  daysBetween,
  endOfDay,
  isCalendarDate,
  localDate,
  localTime,
  parseUserDate,
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

describe('parseUserDate', () => {
  const TODAY = '2026-11-20';

  it.each([
    ['2026-11-30', '2026-11-30'],
    ['2026/11/30', '2026-11-30'],
    ['2026.11.30', '2026-11-30'],
    ['2026年11月30日', '2026-11-30'],
    ['2026年11月30号', '2026-11-30'],
    ['2026年11月30', '2026-11-30'],
    ['2026-12-1', '2026-12-01'],
    ['2026/1/5', '2026-01-05'],
    ['2027.01.05', '2027-01-05'],
    ['2026年1月5日', '2026-01-05'],
    ['2026年01月05日', '2026-01-05'],
    ['2028-02-29', '2028-02-29'],
    ['  2026-11-30  ', '2026-11-30'],
    ['2026 年 11 月 30 日', '2026-11-30'],
    ['２０２６－１１－３０', '2026-11-30'], // full-width digits and hyphen
    ['２０２６／１１／３０', '2026-11-30'],
    ['２０２６年１１月３０日', '2026-11-30'],
    ['11-30', '2026-11-30'],
    ['11/30', '2026-11-30'],
    ['11.30', '2026-11-30'],
    ['11月30日', '2026-11-30'],
    ['11月30号', '2026-11-30'],
    ['11月30', '2026-11-30'],
    ['12/1', '2026-12-01'],
    ['12-01', '2026-12-01'],
    ['１２月１日', '2026-12-01'],
    ['１２/１', '2026-12-01'],
  ])('reads %j on 2026-11-20 as %s', (text, date) => {
    expect(parseUserDate(text, TODAY)).toBe(date);
  });

  describe('a date without a year', () => {
    it(`is this year's until it passed more than ${PAST_DATE_GRACE_DAYS} days ago, then next year's`, () => {
      expect(PAST_DATE_GRACE_DAYS).toBe(30);
      const today = '2026-12-05';
      expect(parseUserDate('12月5日', today)).toBe('2026-12-05'); // today
      expect(parseUserDate('12/31', today)).toBe('2026-12-31');
      expect(parseUserDate('11月20日', today)).toBe('2026-11-20'); // 15 days ago: still this year's, in the past
      expect(parseUserDate('11-05', today)).toBe('2026-11-05'); // exactly 30 days ago
      expect(parseUserDate('11-04', today)).toBe('2027-11-04'); // 31 days ago: next year's
      expect(parseUserDate('1月15日', today)).toBe('2027-01-15'); // in December, January is the coming one
    });

    it('crosses the year end both ways', () => {
      expect(parseUserDate('1/1', '2026-12-31')).toBe('2027-01-01');
      expect(parseUserDate('12/31', '2027-01-01')).toBe('2027-12-31'); // never last year's
      expect(parseUserDate('12/25', '2027-01-20')).toBe('2027-12-25');
      expect(parseUserDate('1/31', '2026-01-31')).toBe('2026-01-31');
      expect(parseUserDate('1/31', '2026-03-02')).toBe('2026-01-31'); // 30 days
      expect(parseUserDate('1/31', '2026-03-03')).toBe('2027-01-31'); // 31 days
    });

    it('takes February 29 only in a year that has it', () => {
      expect(parseUserDate('2月29日', '2028-01-10')).toBe('2028-02-29');
      expect(parseUserDate('2/29', '2027-01-10')).toBeNull(); // 2027 has no 29 February
      expect(parseUserDate('2/29', '2027-03-30')).toBeNull(); // judged as the 28th: 30 days, still 2027's
      expect(parseUserDate('2/29', '2027-03-31')).toBe('2028-02-29'); // 31 days: next year's, which has it
      expect(parseUserDate('2/29', '2027-12-01')).toBe('2028-02-29');
      expect(parseUserDate('2/29', '2026-12-01')).toBeNull(); // 2027 has none either
    });
  });

  it.each([
    '2026-02-30',
    '2025-02-29',
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-11-00',
    '0000-01-01', // there is no year 0
    '2026年2月30日',
    '13月1日',
    '１３月１日',
    '0/10',
    '11/0',
    '11/31',
    '2/30',
    '26-11-30',
    '2026-011-30',
    '2026-11/30', // separators mixed
    '2026年11-30',
    '2026-11-30日',
    '11/30/2026',
    '30.11.2026',
    '2026--11-30',
    '-11-30',
    '+2026-11-30',
    '2026-11',
    '2026',
    '11',
    '1130',
    'tomorrow',
    '明天',
    '',
    '   ',
    '🎉',
    '11/30🎉',
    '<b>2026-11-30</b>',
    '2026-11-30T00:00',
    '2026-11-30 10:00',
    '٢٠٢٦-١١-٣٠', // Arabic-Indic digits: NFKC leaves them as they are
  ])('refuses %j', (text) => {
    expect(parseUserDate(text, TODAY)).toBeNull();
  });

  it('refuses long text without reading it', () => {
    expect(parseUserDate(`2026-11-30${' '.repeat(100)}`, TODAY)).toBeNull();
    expect(parseUserDate('1'.repeat(100_000), TODAY)).toBeNull();
  });

  it('reads a date long past as a date: refusing it as past is for the caller', () => {
    expect(parseUserDate('0100-01-01', TODAY)).toBe('0100-01-01');
    expect(parseUserDate('2025-11-30', TODAY)).toBe('2025-11-30');
  });

  it('throws on a malformed today, which is a bug and not the user’s fault', () => {
    expect(() => parseUserDate('11/30', '2026-11-31')).toThrow(RangeError);
    expect(() => parseUserDate('2026-11-30', '20261120')).toThrow(RangeError);
  });
});
