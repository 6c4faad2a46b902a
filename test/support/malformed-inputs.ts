/**
 * Deterministic generators of malformed /report and /newtask command lines, for end-to-end tests that check
 * each one is refused with an error and writes nothing. Every case says which locale keys may explain the
 * refusal (any one of them must appear in the reply); the lists are plain combinatorics plus a seeded PRNG,
 * so the same cases come out on every run.
 */

export interface MalformedCase {
  /** short and unique: the family, a number and a preview of the input */
  label: string;
  text: string;
  /** send as a photo captioned with `text` instead of a text message */
  photo?: boolean;
  /** locale keys of which at least one must appear in the reply */
  expect: string[];
}

/** The tasks the cases refer to, by code. */
export interface TaskFixture {
  /** 城关镇 has a quota of 5 and 3 remaining */
  quota: string;
  /** 城关镇 reports percentages */
  percent: string;
  /** not assigned to 城关镇 */
  foreign: string;
  /** 城关镇's, closed */
  closed: string;
}

/** mulberry32: small, fast, good enough to pick test inputs. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rand: () => number, items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;

/** A string of exactly `length` UTF-16 code units cycling through `alphabet` (whole code points only). */
export function filler(length: number, alphabet: string): string {
  const points = [...alphabet];
  let out = '';
  for (let i = 0; out.length < length; i++) {
    const next = points[i % points.length]!;
    if (out.length + next.length > length) break;
    out += next;
  }
  return out.padEnd(length, 'x');
}

/** Telegram takes up to 4,096 characters in a message: the huge cases are just under that. */
const HUGE = 4090;
/** `template` with its NUL replaced by filler, HUGE characters in all. */
const huge = (template: string, alphabet: string): string => template.replace('\0', filler(HUGE - (template.length - 1), alphabet));

const preview = (text: string): string => {
  const points = [...text];
  if (points.length <= 48) return JSON.stringify(text);
  return `${JSON.stringify(`${points.slice(0, 40).join('')}…`)} (${text.length} chars)`;
};

class CaseList {
  readonly cases: MalformedCase[] = [];
  private readonly seen = new Set<string>();
  /** `shorten` drops what every case shares from the label, so the label shows what is wrong. */
  constructor(private readonly shorten: (text: string) => string = (text) => text) {}
  add(family: string, text: string, expect: string | string[], extra: { photo?: boolean } = {}): void {
    const key = `${extra.photo ? 'photo:' : ''}${text}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.cases.push({ label: `${family} #${this.cases.length + 1}: ${preview(this.shorten(text))}`, text, expect: Array.isArray(expect) ? expect : [expect], ...extra });
  }
}

// ───────────────────────────── shared junk ─────────────────────────────

const ZW = ['\u200b', '\u200c', '\u200d', '\u2060', '\u00ad'];
const EMOJI = ['🔥', '🏭', '🌊', '👨‍👩‍👧‍👦', '🇨🇳', '5️⃣', '🧪'];
const HTML = ['<b>', '</b>', '<script>alert(1)</script>', '<a href="http://x">x</a>', '&amp;', '&lt;', '<i', '>', '&', '<pre>', '<tg-spoiler>'];
const MARKDOWN = ['*x*', '_x_', '`x`', '```', '[x](http://x)', '~~x~~', '||x||', '\\'];
/** Without the ones that contain a field separator. */
const NO_BAR = (items: readonly string[]) => items.filter((s) => !/[|｜]/u.test(s));

// ───────────────────────────── /report ─────────────────────────────

/** ≥ 100 /report lines (some as photo captions), each wrong in a way the bot must explain and not record. */
export function reportCases(task: TaskFixture): MalformedCase[] {
  const list = new CaseList();
  const { quota: Q, percent: P, foreign: F, closed: C } = task;

  // Task codes that are no task code at all (the value after them is fine).
  const badCodes = [
    'T0', 'T-1', 'T99999999999', 'T2147483648', 't0', '#0', '#-5', 'T', 'TT1', 'T1.5', 'T1,2', 'T+1', 'T_1',
    'Ｔ０', 'T1\u200b', '\u200bT1', 'T\u200d1', '<b>T1</b>', '<T1>', '&T1', 'T1&amp;', '*T1*', '[T1](http://x)', '`T1`',
    '🔥', 'T🔥', 'NaN', 'Infinity', '-Infinity', '1e400', '-1', '0', '0x1', 'T1e2', 'null', '{}', 'T١', 'TⅠ', 'T一',
    'T12345678901234567890', '١', 'T1/2', '../T1',
  ];
  for (const code of badCodes) list.add('bad task code', `/report ${code} 1`, 'args-task-code');
  list.add('bad task code', `/report ${'T'.repeat(30)}1 1`, 'args-task-code');
  list.add('bad task code', `/report ${EMOJI.join('')}${EMOJI.join('')}${EMOJI.join('')} 1`, 'args-task-code');
  list.add('bad task code', `/report ${'<b>'.repeat(10)} 1`, 'args-task-code');
  list.add('bad task code', `/report ${'&'.repeat(25)} 1`, 'args-task-code');
  // The code is quoted back cut to 20 UTF-16 units: here the cut falls inside an emoji.
  list.add('bad task code', `/report ${'T'.repeat(19)}🔥 1`, 'args-task-code');

  // Well-formed codes of tasks that do not exist.
  for (const code of ['T999', 'T2147483647', '#4242', '31337', 'Ｔ９９９', 't1000000000', 'T⁹⁹']) {
    list.add('unknown task', `/report ${code} 1`, 'task-unknown');
    list.add('unknown task', `/report ${code} 50%`, 'task-unknown');
  }

  // Values that are no amount and no percentage.
  const badValues = [
    'abc', 'NaN', 'Infinity', '∞', '五', '½', '0', '0.0', '00', '+0', '0.0000', '+', '++5', '+-5', '%', '60%%', '50%村',
    '12345678901', '99999999999', '1000000001', '<b>5</b>', '&lt;5', '**5**', '_5_', '[5](x)', '🔟', '\u200b5', '.5',
    'T1', 'null', '{"amount":5}', '[5]', 'true', '0x10', '五十%',
    // Numbers whose leading digits alone are an amount: they mean something else, or nothing.
    '1e400', '1e-5', '2e3', '1,000', '1/2', '1.23456',
  ];
  for (const value of badValues) list.add('bad value', `/report ${Q} ${value}`, 'args-report-value');
  list.add('missing value', `/report ${Q}`, 'args-report-value');
  list.add('missing value', `/report ${P}   `, 'args-report-value');
  list.add('missing value', `/report@duban_test_bot ${Q}`, 'args-report-value');
  list.add('swapped arguments', `/report 1 ${Q}`, ['args-report-value', 'task-unknown']);
  list.add('swapped arguments', `/report 50% ${P}`, 'args-task-code');

  // Negative numbers, in the ways people type a minus.
  for (const value of ['-1', '-0', '-5.5', '－3', '-Infinity', '-1e400', '﹣2', '-', '--5', '-50%']) {
    list.add('negative', `/report ${Q} ${value}`, 'args-report-negative');
  }

  // Percentages over 100.
  for (const value of ['101%', '100.5%', '150％', '1000%', '100.0001%', '１０１％']) {
    list.add('percent over 100', `/report ${P} ${value}`, 'args-report-percent');
  }
  list.add('percent over 100', `/report ${P} 9999999999%`, ['args-report-percent', 'args-report-value']);

  // The wrong kind of value for the task.
  for (const value of ['5', '1', '0.5', '1000000000']) list.add('amount for a percent task', `/report ${P} ${value}`, 'report-needs-percent');
  for (const value of ['50%', '100%', '0.5%', '５０％']) list.add('percent for a quota task', `/report ${Q} ${value}`, 'report-needs-amount');

  // More than what is left of the quota (5, of which 2 are reported).
  for (const value of ['6', '3.0001', '1000000000', '999999999.9999', '+7', '８', '4 超额完成']) {
    list.add('over quota', `/report ${Q} ${value}`, 'report-over-quota');
  }

  // Tasks 城关镇 cannot report on.
  for (const value of ['1', '50%']) {
    list.add('not assigned', `/report ${F} ${value}`, 'task-not-assigned');
    list.add('closed task', `/report ${C} ${value}`, 'task-is-closed');
  }
  list.add('closed task', `/report ${C} 100% 再补充一点`, 'task-is-closed');

  // Notes over 2,000 characters (code points, as the limit counts them: 4,800 UTF-16 units are at least 2,400), of every kind.
  const longNotes: Array<[string, string]> = [
    ['ascii', filler(2001, 'abcdefghij')],
    ['chinese', filler(2100, '已完成验收工作')],
    ['html', filler(2300, '<b>粗体</b>&amp;<script>')],
    ['markdown', filler(2200, MARKDOWN.join(''))],
    ['emoji', filler(4800, EMOJI.join(''))],
    ['zero-width', `完成${filler(2100, ZW.join(''))}`],
  ];
  for (const [kind, note] of longNotes) list.add(`note too long (${kind})`, `/report ${Q} 1 ${note}`, 'args-text-too-long');
  list.add('note too long', `/report ${P} 10% ${filler(2001, '说明')}`, 'args-text-too-long');

  // Commands spelled differently, still malformed.
  list.add('command spelling', '/REPORT T0 1', 'args-task-code');
  list.add('command spelling', '/Report@duban_test_bot T-1 5', 'args-task-code');
  list.add('command spelling', `/report\n${Q}\n0`, 'args-report-value');

  // As photo captions: evidence must not be kept for a refused report.
  list.add('photo caption', `/report T0 1 现场照片`, 'args-task-code', { photo: true });
  list.add('photo caption', `/report ${Q} 0 现场照片`, 'args-report-value', { photo: true });
  list.add('photo caption', `/report ${Q} 9 现场照片`, 'report-over-quota', { photo: true });
  list.add('photo caption', `/report ${C} 1`, 'task-is-closed', { photo: true });
  list.add('photo caption', `/report ${F} 50%`, 'task-not-assigned', { photo: true });
  list.add('photo caption', `/report ${P} 120%`, 'args-report-percent', { photo: true });

  // 4,000+ characters in one message.
  list.add('huge', huge('/report \0 1', 'T1'), 'args-task-code');
  list.add('huge', huge(`/report ${Q} \0`, '9'), 'args-report-value');
  list.add('huge', huge(`/report ${Q} 1 \0`, '很长的说明<b>&'), 'args-text-too-long');
  list.add('huge', huge(`/report ${P} 50% \0`, EMOJI.join('')), 'args-text-too-long');
  list.add('huge', huge(`/report ${Q} \0x`, ' '), 'args-report-value');

  // Seeded combinations: one wrong part at a time, among random junk elsewhere.
  const rand = prng(20261120);
  // No digits-first junk ("5️⃣" reads as 5) and no spaces: each wrong part stays the only wrong part.
  const junk = [...ZW, ...EMOJI, ...HTML, ...MARKDOWN, 'Ｘ'].filter((s) => !/^\d|\s/u.test(s));
  for (let i = 0; i < 24; i++) {
    const kind = i % 4;
    const noise = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pick(rand, junk)).join('');
    if (kind === 0) list.add('random code', `/report ${pick(rand, ['T', '#', 't', ''])}${noise}${Math.floor(rand() * 100)} 1 ${noise}`, 'args-task-code');
    else if (kind === 1) list.add('random value', `/report ${Q} ${noise}${pick(rand, ['', '5', '%'])}`, ['args-report-value', 'args-report-negative']);
    else if (kind === 2) list.add('random negative', `/report ${pick(rand, [Q, P])} -${1 + Math.floor(rand() * 1e6)}${pick(rand, ['', '%'])} ${noise}`, 'args-report-negative');
    else list.add('random percent', `/report ${P} ${101 + Math.floor(rand() * 1e6)}% ${noise}`, 'args-report-percent');
  }
  return list.cases;
}

// ───────────────────────────── /newtask ─────────────────────────────

type Fields = Array<[string, string]>;

/** A line that would be valid: the title, then the fields. */
const BASE: Fields = [
  ['committee', '水'],
  ['lead', '生态环境局'],
  ['with', '城关镇, 王庄镇'],
  ['due', '2026-11-30'],
  ['quota', '城关镇=5, 王庄镇=7 村'],
];

const line = (title: string, fields: Fields, command = '/newtask'): string =>
  [`${command} ${title}`, ...fields.map(([name, value]) => `${name}: ${value}`)].join(' | ');

const replace = (field: string, value: string, fields: Fields = BASE): Fields => fields.map(([n, v]) => [n, n === field ? value : v]);
const without = (...names: string[]): Fields => BASE.filter(([n]) => !names.includes(n));

/**
 * ≥ 100 /newtask lines for an office admin in private, each with at least one thing wrong; none of them
 * may produce a preview (and the draft that goes with it). "Today" is 2026-11-20.
 */
export function newtaskCases(): MalformedCase[] {
  const title = '村庄生活污水治理验收';
  const head = `/newtask ${title}`;
  const baseParts = new Set(BASE.map(([name, value]) => `${name}: ${value}`));
  const list = new CaseList((text) => {
    const [first = '', ...parts] = text.split(' | ');
    return [first.startsWith(head) ? `…${first.slice(head.length)}` : first, ...parts.filter((p) => !baseParts.has(p))].join(' | ');
  });

  // Required fields missing or empty.
  for (const names of [['committee'], ['lead'], ['due'], ['committee', 'lead'], ['committee', 'lead', 'due'], ['due', 'quota']]) {
    list.add(`missing ${names.join('+')}`, line(title, without(...names)), 'args-newtask-missing');
  }
  for (const field of ['committee', 'lead', 'due']) list.add(`empty ${field}`, line(title, replace(field, '')), 'args-newtask-missing');
  list.add('missing field', line(title, [['with', '城关镇']]), 'args-newtask-missing');
  list.add('missing field', line(title, [['note', '只有说明']]), 'args-newtask-missing');

  // No title, or a title nobody can see.
  for (const t of ['', '   ', '\u3000', '\t']) list.add('no title', line(t, BASE), 'args-newtask-title');
  list.add('no title', '/newtask |', 'args-newtask-title');
  list.add('no title', '/newtask ｜｜｜', 'args-newtask-title');
  list.add('invisible title', line('\u200b', BASE), 'args-newtask-title');
  list.add('invisible title', line('\u200b\u200c\u200d\u2060', BASE), 'args-newtask-title');

  // Titles over 200 characters.
  for (const [kind, alphabet] of [['chinese', '污水治理'], ['html', '<b>&amp;</b>'], ['emoji', EMOJI.join('')], ['markdown', NO_BAR(MARKDOWN).join('')]] as const) {
    list.add(`title too long (${kind})`, line(filler(201 + kind.length * 50, alphabet), BASE), 'args-text-too-long');
  }

  // Committees that do not exist, or are ambiguous.
  for (const committee of ['火星', '<b>水</b>', '水\u200b', '🌊', 'water2', '水水', '*水*', '&amp;', '０', '[水](http://x)', '污染', 'ｗａｔｅｒｘ', '<script>水']) {
    list.add('unknown committee', line(title, replace('committee', committee)), ['committee-unknown', 'committee-unknown-closest']);
  }
  list.add('ambiguous committee', line(title, replace('committee', 'a')), 'committee-ambiguous');

  // Units that do not exist, or are ambiguous.
  for (const lead of ['火星局', '<script>alert(1)</script>', '生态\u200b环境局', '🏭', '[生态环境局](http://x)', '生态环境局局', 'Ｘ局', '&lt;局&gt;', '_环境_']) {
    list.add('unknown lead', line(title, replace('lead', lead)), ['unit-unknown', 'unit-unknown-closest']);
  }
  list.add('ambiguous lead', line(title, replace('lead', '城关镇第')), 'unit-ambiguous');
  for (const units of ['城关镇, 火星镇', '城关镇、<b>王庄镇</b>', '🏘️', '城关镇 王庄镇 月球乡', 'a&b']) {
    list.add('unknown cooperating unit', line(title, replace('with', units, without('quota'))), ['unit-unknown', 'unit-unknown-closest']);
  }

  // A unit twice, or the lead also cooperating.
  for (const units of ['城关镇, 城关镇', '城关镇 城关', '生态环境局', '城关镇, 王庄镇, 生态环境', '王庄，王庄镇']) {
    list.add('unit twice', line(title, replace('with', units, without('quota'))), 'task-unit-twice');
  }

  // Dates that do not exist.
  for (const due of ['2026-02-30', '2026-02-29', '2027-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '2026-11-00', '2026-11-31', '11-31', '2月30日', '2026年13月1日', '0000-01-01']) {
    list.add('impossible date', line(title, replace('due', due)), 'args-bad-date');
  }
  // Dates in the past.
  for (const due of ['2026-11-19', '2025-12-31', '2000-01-01', '0100-01-01', '11-19', '11月19日', '2026/1/5']) {
    list.add('past date', line(title, replace('due', due)), 'task-due-in-past');
  }
  // Dates that are no dates.
  for (const due of ['明天下午', 'someday', '2026-11-30T00:00', '30/11/2026', '+1d', '1e400', 'NaN', '🗓️', '<b>2026-11-30</b>', '2026-11-30\u200b', '202611300', '2026-11', '99999-01-01', 'Infinity', '-1']) {
    list.add('not a date', line(title, replace('due', due)), 'args-bad-date');
  }

  // Quotas that are no positive amount.
  for (const item of ['城关镇=0', '城关镇=-1', '城关镇=NaN', '城关镇=Infinity', '城关镇=99999999999', '城关镇=1000000001', '城关镇=', '=5', '城关镇5', '城关镇=五', '城关镇=0.0', '城关镇=-0.5', '城关镇=<b>5</b>', '城关镇=∞']) {
    list.add('bad quota', line(title, replace('quota', `${item}, 王庄镇=7 村`)), 'args-newtask-quota');
  }
  list.add('bad quota', line(title, replace('quota', '城关镇==5, 王庄镇=7 村')), ['args-newtask-quota', 'unit-unknown', 'unit-unknown-closest']);
  // The suffix after a quota is the measure, at most 8 characters: a longer tail is no quota.
  list.add('bad quota', line(title, replace('quota', '城关镇=5 村村村村村村村村村')), 'args-newtask-quota');
  // Numbers whose leading digits alone are an amount: they mean something else, or nothing.
  for (const item of ['城关镇=1e400', '城关镇=2e3', '城关镇=5.12345', '城关镇=10000000000', '城关镇=1/2']) {
    list.add('bad quota', line(title, replace('quota', item)), ['args-newtask-quota', 'task-bad-quota']);
  }
  // Two quotas for one unit.
  list.add('bad quota', line(title, replace('quota', '城关镇=5, 城关镇=6')), ['newtask-quota-twice']);
  // Quotas for units that are unknown, or not part of the task.
  for (const item of ['火星镇=5', '<b>城关镇</b>=5', '城关\u200b镇=5']) {
    list.add('quota for unknown unit', line(title, replace('quota', item)), ['unit-unknown', 'unit-unknown-closest']);
  }
  for (const item of ['大屯镇=5', '城关镇=5, 柳林镇=2', '发改局=1']) {
    list.add('quota for unassigned unit', line(title, replace('quota', item)), 'newtask-quota-unassigned');
  }
  list.add('quota for unassigned unit', line(title, replace('quota', '王庄镇=7', without('with'))), 'newtask-quota-unassigned');

  // Fields given twice, under the same or another name.
  for (const [first, again, value] of [
    ['committee', '专委会', '大气'], ['lead', '牵头', '发改局'], ['due', '时限', '2026-12-01'], ['due', 'deadline', '2026-12-01'],
    ['with', '配合单位', '大屯镇'], ['quota', '目标', '城关镇=1'], ['note', '说明', '再说一遍'], ['measure', '计量单位', '户'], ['committee', 'committee', '水'],
  ] as const) {
    const fields: Fields = [...BASE, ...(first === 'note' || first === 'measure' ? ([[first, 'x']] as Fields) : []), [again, value]];
    list.add('repeated field', line(title, fields), 'args-newtask-repeated');
  }

  // Field names nobody knows.
  for (const part of ['foo: bar', 'priority: high', 'committee 水', '<b>: x', '🔥: x', ': x', 'http://example.com', '*lead*: 生态环境局', 'lead\u200b: 生态环境局', '牵头单位单位: 发改局']) {
    list.add('unknown field', `${line(title, BASE)} | ${part}`, 'args-newtask-field');
  }

  // Problems are quoted back cut to 20 UTF-16 units: here the cut falls inside an emoji.
  list.add('emoji cut in half', `${line(title, BASE)} | ${'x'.repeat(19)}🔥: y`, 'args-newtask-field');
  list.add('emoji cut in half', line(title, replace('quota', `${'城'.repeat(19)}🔥`)), 'args-newtask-quota');
  list.add('emoji cut in half', line(title, replace('due', `${'2'.repeat(19)}🔥`)), 'args-bad-date');

  // Field values over 500 characters.
  list.add('value too long', line(title, [...BASE, ['note', filler(2001, '说明文字')]]), 'args-text-too-long');
  list.add('value too long', line(title, replace('committee', filler(600, '水'))), 'args-text-too-long');
  list.add('value too long', line(title, replace('with', filler(700, '城关镇, '), without('quota'))), 'args-text-too-long');
  list.add('value too long', line(title, [...BASE, ['measure', filler(501, '村')]]), 'args-text-too-long');

  // Commands spelled differently, still malformed.
  list.add('command spelling', line(title, without('due'), '/NEWTASK'), 'args-newtask-missing');
  list.add('command spelling', line(title, replace('due', '2026-02-30'), '/newtask@duban_test_bot'), 'args-bad-date');
  list.add('full-width separators', `/newtask ${title} ｜ 专委会：火星 ｜ 牵头：生态环境局 ｜ 时限：２０２６－１１－３０`, ['committee-unknown', 'committee-unknown-closest']);

  // 4,000+ characters in one message.
  list.add('huge', huge(line('\0', BASE), '标题'), 'args-text-too-long');
  list.add('huge', huge(line(title, [...BASE, ['note', '\0']]), '<i>说明</i>'), 'args-text-too-long');
  list.add('huge', huge(`${line(title, BASE)} \0`, '| due: 2026-12-01 '), 'args-newtask-repeated');
  list.add('huge', huge(`${line(title, BASE)} \0`, '| 🔥: '), 'args-newtask-field');
  // Every name wrong at once, every field as long as allowed: the list of problems must still be one message.
  list.add('all names wrong', line(filler(200, '标题'), [
    ['committee', filler(500, '未知')],
    ['lead', filler(500, '未知局')],
    ['with', Array.from({ length: 166 }, (_, i) => `乙${i}`).join(' ').slice(0, 500)],
    ['due', '2026-02-30'],
    ['quota', Array.from({ length: 80 }, (_, i) => `丙${i}=1`).join(',').slice(0, 500)],
    ['note', filler(500, '说')],
    ['measure', filler(500, '个')],
  ]), ['committee-unknown', 'committee-unknown-closest', 'unit-unknown', 'unit-unknown-closest']);

  // Seeded combinations: one broken field among valid ones, with noise in the title.
  const rand = prng(4242);
  const noises = NO_BAR([...ZW, ...EMOJI, ...HTML, ...MARKDOWN, 'Ｘ', '＜b＞']);
  const breakers: Array<[string, () => string, string | string[]]> = [
    ['committee', () => `${pick(rand, ['火星', '冥王星', '月球', 'zz'])}${pick(rand, noises)}`, ['committee-unknown', 'committee-unknown-closest']],
    ['lead', () => `${pick(rand, ['火星', '月球', '不存在'])}${pick(rand, noises)}局`, ['unit-unknown', 'unit-unknown-closest']],
    ['due', () => `2026-${pick(rand, ['02-30', '02-31', '04-31', '06-31', '09-31', '13-13', '00-00'])}`, 'args-bad-date'],
    ['due', () => `20${10 + Math.floor(rand() * 15)}-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 10)}`, 'task-due-in-past'],
    ['quota', () => `城关镇=${pick(rand, ['-', '=-', 'NaN', '<', '∞'])}${Math.floor(rand() * 10)}`, 'args-newtask-quota'],
    ['quota', () => `${pick(rand, ['大屯镇', '柳林镇', '河东乡', '水利局'])}=${1 + Math.floor(rand() * 99)}`, 'newtask-quota-unassigned'],
  ];
  for (let i = 0; i < 24; i++) {
    const [field, make, key] = breakers[i % breakers.length]!;
    const noisyTitle = `${title}${pick(rand, noises)}${pick(rand, noises)}`;
    list.add(`random ${field}`, line(noisyTitle, replace(field, make())), key);
  }
  return list.cases;
}
