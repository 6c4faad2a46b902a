import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, endOfDay, isCalendarDate, localDate, parseUserDate } from '../../src/domain/calendar.ts';

describe('calendar dates', () => {
  it.each([
    ['2026-11-30', true],
    ['2028-02-29', true],
    ['2025-02-29', false],
    ['2026-02-30', false],
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-1-5', false],
    ['26-11-30', false],
    ['2026-11-30 ', false],
  ])('isCalendarDate(%s) = %s', (s, valid) => {
    expect(isCalendarDate(s)).toBe(valid);
  });

  it('adds days across month and year ends', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('counts days between dates, both ways', () => {
    expect(daysBetween('2026-11-30', '2026-12-02')).toBe(2);
    expect(daysBetween('2026-12-02', '2026-11-30')).toBe(-2);
    expect(daysBetween('2026-02-28', '2026-03-01')).toBe(1);
    expect(daysBetween('2026-12-31', '2027-01-01')).toBe(1);
    // Across America's DST change the count is still whole days.
    expect(daysBetween('2026-03-07', '2026-03-09')).toBe(2);
  });

  it('reads the local date of an instant in the county’s zone', () => {
    expect(localDate(new Date('2026-11-30T16:30:00Z'), 'Asia/Shanghai')).toBe('2026-12-01');
    expect(localDate(new Date('2026-11-30T15:59:59Z'), 'Asia/Shanghai')).toBe('2026-11-30');
    expect(localDate(new Date('2026-11-30T16:30:00Z'), 'UTC')).toBe('2026-11-30');
  });

  it('ends a day at its last local millisecond', () => {
    expect(endOfDay('2026-11-30', 'Asia/Shanghai').toISOString()).toBe('2026-11-30T15:59:59.999Z');
    expect(endOfDay('2026-12-31', 'Asia/Shanghai').toISOString()).toBe('2026-12-31T15:59:59.999Z');
    // New York: EST (−5) before 2026-03-08, EDT (−4) after; the day of the change has 23 hours.
    expect(endOfDay('2026-03-07', 'America/New_York').toISOString()).toBe('2026-03-08T04:59:59.999Z');
    expect(endOfDay('2026-03-08', 'America/New_York').toISOString()).toBe('2026-03-09T03:59:59.999Z');
    expect(endOfDay('2026-11-01', 'America/New_York').toISOString()).toBe('2026-11-02T04:59:59.999Z');
  });

  it.each([
    ['2026-11-30', '2026-11-30'],
    ['2026/12/1', '2026-12-01'],
    ['2026.12.01', '2026-12-01'],
    ['2026年12月10日', '2026-12-10'],
    ['２０２６－１２－１０', '2026-12-10'],
    ['12-10', '2026-12-10'],
    ['12月10日', '2026-12-10'],
    ['11/1', '2026-11-01'],
    // Today is 2026-12-05: "1月15日" is the coming January.
    ['1月15日', '2027-01-15'],
  ])('parseUserDate(%s) on 2026-12-05 = %s', (text, date) => {
    expect(parseUserDate(text, text === '11/1' ? '2026-11-20' : '2026-12-05')).toBe(date);
  });

  it.each(['2026-02-30', '2025-02-29', '2026-13-01', '13月1日', '2/30', 'tomorrow', '', '2026-11', '🎉', '<b>2026-11-30</b>', '2026-11-30T00:00'])(
    'rejects %j',
    (text) => {
      expect(parseUserDate(text, '2026-11-20')).toBeNull();
    },
  );
});
