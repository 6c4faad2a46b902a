/**
 * Every message the bot can say, rendered with sample values, for a person to read (npm run messages:preview)
 * and for a test to check: no key left untranslated, no variable left unfilled, no stray space between
 * Chinese characters ("李主任 已批准"), no English "1 days".
 */
import { readFileSync } from 'node:fs';
import { LOCALES, type Locale } from '../domain/locales.ts';
import { createI18n, LOCALES_DIR } from '../i18n/index.ts';
import { escapeVars, plainText, type TranslationVars } from './html.ts';
import { sampleDigest } from './digest-sample.ts';

/** Sample values by variable name: what a county office would see, so the rendering reads like the real thing. */
const SAMPLES: Record<string, string> = {
  who: '李主任', name: '李主任', actor: '李主任', head: '赵书记', liaison: '城关张', role: '联络员',
  unit: '城关镇', units: '城关镇、王庄镇', whose: '城关镇', lead: '生态环境局', office: '县生态委办公室', parent: '城关镇',
  bound: '城关镇', candidates: '城关镇、城关镇第一管区', closest: '城关镇', alias: '城关', short: '城关',
  title: '村庄生活污水治理', task: 'T12', code: 'T12', tasks: 'T12、T15', committee: '大气', kind: '乡镇', item: 'T12',
  first: 'T12', last: 'T15', id: '7', level: '橙色', light: '🔴', icon: '🔴', status: '推进中', where: '王庄村东',
  text: '第一批验收合格', note: '第一批验收合格', reason: '雨季施工受阻', description: '玉米秸秆焚烧', word: '提醒',
  date: '2026-12-05', due: '2026-12-05', deadline: '2026-12-05', to: '2026-12-10', from: '2026-11-30', until: '2026-12-10',
  today: '2026-12-02', at: '2026-12-02 09:30', before: '2026-11-30', after: '2026-12-10', time: '08:30',
  job: '早间提醒', field: '时限', column: '时限', value: '2026-12-05', measure: '村', quota: '5村', progress: '3/5村',
  command: 'alert', place: '单位工作群', places: '单位工作群、私聊', chat: '城关镇工作群', chats: '2', groups: '2',
  error: '连接超时', token: 'T12', robot: '钉钉', robots: '2', lat: '34.50', lon: '114.25', expected: 'T12 3',
  evidence: '2', photos: '2', found: '巡查发现', action: '销号', score: '86', rank: '3', ratio: '80%',
  completion: '80%', onTime: '75%', part: '城关镇', page: '2', pages: '3', row: '4',
  verb: '取消', past: '已取消', codes: 'T16、T17', why: '已取消',
  line: '/report T13 1 完成1个村', since: '昨日', delta: '+2', perDay: '10%', floor: '50%', month: '12', day: '4', file: '重点工作清单.xlsx', binding: '城关镇工作群',
  rows: '2–3', changes: '完成时限 2026-11-30 → 2026-12-10；城关镇目标 5 → 7',
  // Fragments one message puts in another: the empty case reads as most lines do.
  state: '', override: '', change: '', detail: '', redChange: '', yellowChange: '',
};
/** Where a variable means something else in one message: the unit an escalation goes to, a count of units. */
const OVERRIDES: Record<string, Record<string, string | number>> = {
  'escalation-up': { level: 2, to: '分管城建交通副县长' },
  'escalation-unit-notice': { to: '分管城建交通副县长' },
  'problem-audit-escalate': { level: 2, to: '分管城建交通副县长' },
  'problem-escalation-up': { level: 2, to: '分管城建交通副县长' },
  'problem-escalation-unit-notice': { to: '分管城建交通副县长' },
  'alert-escalated': { to: '分管城建交通副县长' },
  'bulletin-intro': { units: 3, tasks: 5 },
  'alert-sent': { units: 3 },
  'import-error-line': { message: '时限已过' },
  'args-task-range-reversed': { from: 'T30', to: 'T16' },
  'digest-completion': { tasks: 12 },
  'digest-on-time': { due: 20 },
  'import-error-row': { message: '已有多个同名任务（T12、T15），请先取消重复的任务再导入。' },
  'bulletin-more': { units: 3, tasks: 5 },
  'bulletin-number': { year: '2026', number: 12 },
  'bulletin-number-draft': { year: '2026' },
  'bulletin-date': { year: '2026', month: '12', day: '2' },
  'bulletin-day': { month: '11', day: '25' },
  'bulletin-published': { year: '2026', number: 12 },
  'bulletin-already-published': { year: '2026', number: 12 },
  'bulletin-completed-intro': { parts: 5, closed: 2 },
  'bulletin-completed-more': { units: 3, tasks: 5 },
  'bulletin-edit-too-long': { length: 10_480, max: 10_000 },
  'bulletin-issuer-line': { issuer: '县生态委办公室' },
  'bulletin-ranking-townships': { units: '1. 城关镇 95 分；2. 王庄镇 80 分' },
  'bulletin-ranking-departments': { units: '1. 生态环境局 90 分；2. 住建局 72 分' },
};

/** Spaces a person types, shown as an example: not stray. */
const TYPED_SPACES = new Set(['problem-guided-placeholder']);

/** Numbers: each message is read with 1 and with 3, so a plural that is wrong in English shows. */
const NUMBERS = new Set([
  'count', 'days', 'n', 'minutes', 'total', 'done', 'red', 'yellow', 'overdue', 'finished', 'remaining', 'sends', 'sent',
  'send', 'messages', 'max', 'acked', 'stale', 'chats', 'groups', 'robots', 'photos', 'evidence', 'yellowDays', 'hours',
  'onTimeCount', 'problems', 'min', 'added', 'updated', 'unchanged', 'rejected', 'changed',
]);

export interface CatalogEntry {
  key: string;
  /** The section heading (## …) the key stands under in the zh-CN file. */
  section: string;
  text: Record<Locale, string>;
  /** The English text with every number 1: where "1 days" would show. */
  englishSingular: string;
}

const MESSAGE = /^([a-z][a-z0-9-]*)\s*=/u;

/** The keys of a locale file in order, with the section each stands under and the variables its text uses. */
function keysOf(locale: Locale): { key: string; section: string; vars: Set<string> }[] {
  const lines = readFileSync(`${LOCALES_DIR}${locale}.ftl`, 'utf8').split('\n');
  const entries: { key: string; section: string; vars: Set<string> }[] = [];
  let section = '';
  for (const line of lines) {
    if (line.startsWith('## ')) section = line.slice(3).trim();
    const m = MESSAGE.exec(line);
    if (m) entries.push({ key: m[1]!, section, vars: new Set() });
    const current = entries.at(-1);
    if (current) for (const v of line.matchAll(/\{\s*\$([A-Za-z]+)/gu)) current.vars.add(v[1]!);
  }
  return entries;
}

/** Every key of the zh-CN file rendered in each locale with sample values. */
export function renderCatalog(): CatalogEntry[] {
  const i18n = createI18n('zh-CN', () => undefined);
  const zh = keysOf('zh-CN');
  const varsOf = new Map<string, Set<string>>();
  for (const locale of LOCALES) for (const e of keysOf(locale)) varsOf.set(e.key, new Set([...(varsOf.get(e.key) ?? []), ...e.vars]));
  return zh.map(({ key, section }) => {
    const sample = (one: boolean) => ({
      ...Object.fromEntries([...(varsOf.get(key) ?? [])].map((v) => [v, NUMBERS.has(v) ? (one ? 1 : 3) : (SAMPLES[v] ?? `⟦${v}⟧`)])),
      ...Object.fromEntries(Object.entries(OVERRIDES[key] ?? {}).map(([v, value]) => [v, typeof value === 'number' && one ? 1 : value])),
    });
    const text = Object.fromEntries(LOCALES.map((l) => [l, i18n.t(l, key, sample(false))])) as Record<Locale, string>;
    return { key, section, text, englishSingular: i18n.t('en', key, sample(true)) };
  });
}

/** The sample Monday digest in one locale, as Telegram's HTML. */
function sampleDigestIn(locale: Locale): string {
  const i18n = createI18n('zh-CN', () => undefined);
  return sampleDigest((key: string, vars?: TranslationVars) => i18n.t(locale, key, vars && escapeVars(vars)));
}

/** The keys one locale file has and the other lacks. */
export function missingKeys(): Record<Locale, string[]> {
  const all = new Set(LOCALES.flatMap((l) => keysOf(l).map((e) => e.key)));
  return Object.fromEntries(LOCALES.map((l) => {
    const own = new Set(keysOf(l).map((e) => e.key));
    return [l, [...all].filter((k) => !own.has(k))];
  })) as Record<Locale, string[]>;
}

const HAN = '\\p{Script=Han}';
/** A space between two Chinese characters, or between one and full-width punctuation: never in written Chinese. */
const STRAY_SPACE = new RegExp(`[${HAN}][ \\u3000]+[${HAN}，。：；、（）「」？！]|[，。：；、（）「」][ \\u3000]+[${HAN}]`, 'u');
const UNFILLED = /⟦\w+⟧|\{\s*\$|\$[a-z]+/u;
/** "1 days", "1 units": an English plural after one (but "1 is", "1 has"). */
const ONE_PLURAL = /\b1 (?!is\b|has\b|was\b|its\b|this\b|as\b)[a-z]+s\b/u;

/** What reads wrong in a rendered message, one line each; none for a good one. */
export function problemsOf(entry: CatalogEntry): string[] {
  const problems: string[] = [];
  for (const [locale, text] of Object.entries(entry.text)) {
    if (text === entry.key || text.trim() === '') problems.push(`${locale}: untranslated`);
    if (UNFILLED.test(text)) problems.push(`${locale}: a variable left unfilled: ${text}`);
  }
  // Commands and @names are typed with spaces between their parts: those are not stray.
  const zh = plainText(entry.text['zh-CN'])
    .replace(/\/[a-z_]+(?: [^\s，。；：、（）]+)*/gu, '/cmd')
    .replace(/@\S+/gu, '@user');
  const stray = STRAY_SPACE.exec(zh);
  if (stray && !TYPED_SPACES.has(entry.key)) problems.push(`zh-CN: a stray space in “${stray[0]}”: ${zh}`);
  const one = ONE_PLURAL.exec(plainText(entry.englishSingular));
  if (one) problems.push(`en: “${one[0]}”: ${entry.englishSingular}`);
  if (/\(s\)/u.test(entry.text.en)) problems.push(`en: a “(s)” plural: ${entry.text.en}`);
  return problems;
}

/** The catalog as a file a person reads: by section, each key with its Chinese and English. */
export function catalogDocument(entries: readonly CatalogEntry[]): string {
  const out = ['# Duban — every message, rendered with sample values', '', '（npm run messages:preview 生成；修改 src/i18n/locales/*.ftl 后重新生成）', ''];
  let section: string | null = null;
  for (const entry of entries) {
    if (entry.section !== section) {
      section = entry.section;
      out.push(`## ${section || '—'}`, '');
    }
    out.push(`### ${entry.key}`, '', ...entry.text['zh-CN'].split('\n').map((l) => `    ${l}`), '', ...entry.text.en.split('\n').map((l) => `    ${l}`), '');
    for (const problem of problemsOf(entry)) out.push(`> ⚠️ ${problem}`, '');
  }
  out.push('## Whole messages', '', '### The daily digest (a sample county, Monday 2026-12-07, compared with Friday)', '');
  for (const locale of LOCALES) out.push(...sampleDigestIn(locale).split('\n').map((l) => `    ${l}`), '');
  return out.join('\n');
}
