import { describe, expect, it } from 'vitest';
import { OFFICIAL_CALENDAR } from '../../src/domain/schedule.ts';
import { PAST_DATE_GRACE_DAYS, parseClockTime, parseUserDate, type WorkCalendar } from '../../src/domain/typed-date.ts';

// One parser for every date people type (commands and the import): these tables are what it reads.

const read = (text: string, today: string, calendar: WorkCalendar = OFFICIAL_CALENDAR) => parseUserDate(text, { today, calendar });

describe('parseUserDate: written dates', () => {
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
    expect(read(text, TODAY)).toBe(date);
  });

  describe('a date without a year', () => {
    it(`is this year's until it passed more than ${PAST_DATE_GRACE_DAYS} days ago, then next year's`, () => {
      expect(PAST_DATE_GRACE_DAYS).toBe(30);
      const today = '2026-12-05';
      expect(read('12月5日', today)).toBe('2026-12-05'); // today
      expect(read('12/31', today)).toBe('2026-12-31');
      expect(read('11月20日', today)).toBe('2026-11-20'); // 15 days ago: still this year's, in the past
      expect(read('11-05', today)).toBe('2026-11-05'); // exactly 30 days ago
      expect(read('11-04', today)).toBe('2027-11-04'); // 31 days ago: next year's
      expect(read('1月15日', today)).toBe('2027-01-15'); // in December, January is the coming one
    });

    it('crosses the year end both ways', () => {
      expect(read('1/1', '2026-12-31')).toBe('2027-01-01');
      expect(read('12/31', '2027-01-01')).toBe('2027-12-31'); // never last year's
      expect(read('12/25', '2027-01-20')).toBe('2027-12-25');
      expect(read('1/31', '2026-01-31')).toBe('2026-01-31');
      expect(read('1/31', '2026-03-02')).toBe('2026-01-31'); // 30 days
      expect(read('1/31', '2026-03-03')).toBe('2027-01-31'); // 31 days
    });

    it('takes February 29 only in a year that has it', () => {
      expect(read('2月29日', '2028-01-10')).toBe('2028-02-29');
      expect(read('2/29', '2027-01-10')).toBeNull(); // 2027 has no 29 February
      expect(read('2/29', '2027-03-30')).toBeNull(); // judged as the 28th: 30 days, still 2027's
      expect(read('2/29', '2027-03-31')).toBe('2028-02-29'); // 31 days: next year's, which has it
      expect(read('2/29', '2027-12-01')).toBe('2028-02-29');
      expect(read('2/29', '2026-12-01')).toBeNull(); // 2027 has none either
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
    '20261301',
    '20260230',
    '',
    '   ',
    '🎉',
    '11/30🎉',
    '<b>2026-11-30</b>',
    '2026-11-30T00:00',
    '2026-11-30 10:00',
    '٢٠٢٦-١١-٣٠', // Arabic-Indic digits: NFKC leaves them as they are
  ])('refuses %j', (text) => {
    expect(read(text, TODAY)).toBeNull();
  });

  it('refuses long text without reading it', () => {
    expect(read(`2026-11-30${' '.repeat(100)}`, TODAY)).toBeNull();
    expect(read('1'.repeat(100_000), TODAY)).toBeNull();
  });

  it('reads a date long past as a date: refusing it as past is for the caller', () => {
    expect(read('0100-01-01', TODAY)).toBe('0100-01-01');
    expect(read('2025-11-30', TODAY)).toBe('2025-11-30');
  });

  it('throws on a malformed today, which is a bug and not the user’s fault', () => {
    expect(() => read('11/30', '2026-11-31')).toThrow(RangeError);
    expect(() => read('2026-11-30', '20261120')).toThrow(RangeError);
  });
});

describe('parseUserDate: days in words, Chinese and English (today Wednesday 2026-12-02)', () => {
  const WEDNESDAY = '2026-12-02';
  it.each([
    // Chinese
    ['今天', '2026-12-02'],
    ['今日', '2026-12-02'],
    ['明天', '2026-12-03'],
    ['明日', '2026-12-03'],
    ['后天', '2026-12-04'],
    ['大后天', '2026-12-05'],
    ['下周一', '2026-12-07'],
    ['下周二', '2026-12-08'],
    ['下周三', '2026-12-09'],
    ['下周四', '2026-12-10'],
    ['下周五', '2026-12-11'],
    ['下周六', '2026-12-12'],
    ['下周日', '2026-12-13'],
    ['下周天', '2026-12-13'],
    ['下星期五', '2026-12-11'],
    ['下礼拜一', '2026-12-07'],
    ['下个周一', '2026-12-07'],
    ['下下周一', '2026-12-14'],
    ['本周五', '2026-12-04'],
    ['这周五', '2026-12-04'],
    ['本周一', '2026-11-30'], // this week's, already past: the caller refuses it
    ['周五', '2026-12-04'],
    ['周三', '2026-12-02'], // today is Wednesday
    ['周一', '2026-12-07'], // the coming one
    ['星期日', '2026-12-06'],
    ['周5', '2026-12-04'],
    ['月底', '2026-12-31'],
    ['本月底', '2026-12-31'],
    ['月末', '2026-12-31'],
    ['下月底', '2027-01-31'],
    ['下个月底', '2027-01-31'],
    ['年底', '2026-12-31'],
    ['下个工作日', '2026-12-03'],
    ['3个工作日内', '2026-12-07'], // Thu, Fri, Mon
    ['三个工作日后', '2026-12-07'],
    ['5天后', '2026-12-07'],
    ['十天内', '2026-12-12'],
    ['十五日内', '2026-12-17'],
    [' 明天 ', '2026-12-03'],
    // numbers
    ['20261220', '2026-12-20'],
    ['２０２６１２２０', '2026-12-20'],
    ['12.5', '2026-12-05'],
    ['12/5', '2026-12-05'],
    ['12-5', '2026-12-05'],
    ['12月5日', '2026-12-05'],
    ['12月5号', '2026-12-05'],
    ['2026-12-05', '2026-12-05'],
    ['2026年12月5日', '2026-12-05'],
    // English
    ['today', '2026-12-02'],
    ['Today', '2026-12-02'],
    ['tomorrow', '2026-12-03'],
    ['day after tomorrow', '2026-12-04'],
    ['next monday', '2026-12-07'],
    ['next Fri', '2026-12-11'],
    ['next sunday', '2026-12-13'],
    ['this friday', '2026-12-04'],
    ['friday', '2026-12-04'],
    ['Wednesday', '2026-12-02'],
    ['end of month', '2026-12-31'],
    ['month end', '2026-12-31'],
    ['EOM', '2026-12-31'],
    ['end of next month', '2027-01-31'],
    ['in 3 days', '2026-12-05'],
    ['in 3 working days', '2026-12-07'],
    ['next working day', '2026-12-03'],
    ['Dec 5', '2026-12-05'],
    ['December 20', '2026-12-20'],
    ['5 Dec', '2026-12-05'],
    ['20th December', '2026-12-20'],
    ['Jan 15', '2027-01-15'],
  ])('reads %j as %s', (text, date) => {
    expect(read(text, WEDNESDAY)).toBe(date);
  });

  it.each(['下周八', '下周', '周', '本周五五', '下下下周一', '月初', 'next blursday', 'in -3 days', 'in three days', '0个工作日内', '999个工作日内', 'Dec 32', 'Smarch 5', '明天下午', '20261301'])(
    'refuses %j',
    (text) => {
      expect(read(text, WEDNESDAY)).toBeNull();
    },
  );

  it('counts working days from the calendar passed in: holidays and weekends skipped, today never counted', () => {
    const holidays = new Set(['2026-12-03', '2026-12-04']);
    const calendar: WorkCalendar = { isWorkday: (d) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()) && !holidays.has(d) };
    expect(read('下个工作日', WEDNESDAY, calendar)).toBe('2026-12-07');
    expect(read('2个工作日内', WEDNESDAY, calendar)).toBe('2026-12-08');
    expect(read('next working day', '2026-12-05', calendar)).toBe('2026-12-07'); // from a Saturday
    // A make-up working Sunday (调休) counts: the official calendar is the one the bot passes.
    const makeUp: WorkCalendar = { isWorkday: (d) => d === '2026-12-06' || ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()) };
    expect(read('下个工作日', '2026-12-05', makeUp)).toBe('2026-12-06');
  });

  it('reads 月底 in a short month and a leap year', () => {
    expect(read('月底', '2026-02-10')).toBe('2026-02-28');
    expect(read('月底', '2028-02-10')).toBe('2028-02-29');
    expect(read('下月底', '2028-01-31')).toBe('2028-02-29');
    expect(read('end of month', '2026-04-30')).toBe('2026-04-30');
  });

  it('reads the week from Monday to Sunday: 下周一 on a Sunday is the next day', () => {
    expect(read('下周一', '2026-12-06')).toBe('2026-12-07');
    expect(read('本周日', '2026-12-06')).toBe('2026-12-06');
    expect(read('下周日', '2026-12-07')).toBe('2026-12-20');
  });
});

describe('parseClockTime', () => {
  it.each([
    ['8:00', '08:00'],
    ['08:00', '08:00'],
    ['8：00', '08:00'],
    ['８:００', '08:00'],
    ['0:05', '00:05'],
    ['20:30', '20:30'],
    ['23:59', '23:59'],
    ['7.30', '07:30'],
    ['8点', '08:00'],
    ['8点半', '08:30'],
    ['8点30', '08:30'],
    ['8点30分', '08:30'],
    ['8时', '08:00'],
    ['上午9点', '09:00'],
    ['下午3点', '15:00'],
    ['晚上8点', '20:00'],
    ['中午12点', '12:00'],
    ['8am', '08:00'],
    ['8 AM', '08:00'],
    ['8:30pm', '20:30'],
    ['12pm', '12:00'],
    ['12am', '00:00'],
  ])('reads %j as %s', (text, time) => {
    expect(parseClockTime(text)).toBe(time);
  });

  it.each(['24:00', '8:60', '8', '800', '25点', '下午13点', '13pm', '0am', 'noon', '', '8:0', '8:00:00', '明天8点'])('refuses %j', (text) => {
    expect(parseClockTime(text)).toBeNull();
  });
});
