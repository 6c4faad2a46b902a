import type { AlertRules } from './rules.ts';

/**
 * Heavy-pollution weather alerts (重污染天气预警): the words people type for a level and a scope, and what is
 * due for the copies nobody acknowledged (sent again, then escalated). The writes are in
 * src/services/alerts.ts, the messages in src/broadcasts/alerts.ts.
 */

export const ALERT_LEVELS = ['blue', 'yellow', 'orange', 'red'] as const;
export type AlertLevel = (typeof ALERT_LEVELS)[number];

export const LEVEL_ICONS: Record<AlertLevel, string> = { blue: '🔵', yellow: '🟡', orange: '🟠', red: '🔴' };

/** What people type for a level: English, Chinese colour, colour + 预警, and the IV–I grades (IV = blue). */
const LEVEL_WORDS: Record<string, AlertLevel> = {};
for (const [level, words] of [
  ['blue', ['blue', '蓝', '蓝色', '蓝色预警', 'iv', 'Ⅳ', 'Ⅳ级', 'iv级', '四级']],
  ['yellow', ['yellow', '黄', '黄色', '黄色预警', 'iii', 'Ⅲ', 'Ⅲ级', 'iii级', '三级']],
  ['orange', ['orange', '橙', '橙色', '橙色预警', 'ii', 'Ⅱ', 'Ⅱ级', 'ii级', '二级']],
  ['red', ['red', '红', '红色', '红色预警', 'i', 'Ⅰ', 'Ⅰ级', 'i级', '一级']],
] as const) {
  for (const word of words) LEVEL_WORDS[word.normalize('NFKC').toLowerCase()] = level;
}

/** The level a word names, or null. Case and full-width forms do not matter. */
export function parseLevel(word: string): AlertLevel | null {
  return LEVEL_WORDS[word.normalize('NFKC').trim().toLowerCase()] ?? null;
}

/** Which unit groups an alert goes to. */
export type AlertScope = { kind: 'all' } | { kind: 'townships' } | { kind: 'departments' } | { kind: 'committee'; name: string };

const SCOPE_WORDS: Record<string, 'all' | 'townships' | 'departments'> = {
  all: 'all', 全部: 'all', 所有: 'all', 全体: 'all', 全县: 'all',
  townships: 'townships', township: 'townships', 乡镇: 'townships', 乡镇街道: 'townships', 乡镇街区: 'townships',
  departments: 'departments', department: 'departments', 部门: 'departments', 县直部门: 'departments', 县直: 'departments',
};

const COMMITTEE_PREFIX = /^(?:committee|专委会?)[:：=](.*)$/i;

/** A scope word (`townships`, `乡镇`, `专委:大气` …) or null when the token is not one. */
export function parseScope(token: string): AlertScope | null {
  const word = token.normalize('NFKC').trim().toLowerCase();
  const fixed = SCOPE_WORDS[word];
  if (fixed) return { kind: fixed };
  const committee = COMMITTEE_PREFIX.exec(token.normalize('NFKC').trim());
  if (committee) return { kind: 'committee', name: committee[1]!.trim() };
  return null;
}

export const STATUS_WORDS = new Set(['status', '状态', '点名', '查看', 'rollcall', 'roll-call']);
export const CLOSE_WORDS = new Set(['close', '关闭', '解除', '结束', 'lift']);

/** The longest alert text accepted: the message with its header and tally stays well under Telegram's 4,096. */
export const ALERT_TEXT_MAX = 1500;

/** What the tick needs of a target to decide. */
export interface TargetState {
  id: number;
  sends: number;
  lastSentAt: Date | null;
  ackedAt: Date | null;
  escalatedAt: Date | null;
}

export interface DueAction {
  targetId: number;
  /** resend: the number of this copy (2, 3 …); escalate: the copies that went out */
  action: 'resend' | 'escalate';
  send: number;
}

/**
 * What is due for an open alert's targets at `now`: a copy not acknowledged `resendMinutes` after the minute of
 * its last send is sent again while fewer than `maxSends` went out, and escalated (once) after the last one.
 */
export function dueResends(targets: readonly TargetState[], now: Date, rules: AlertRules): DueAction[] {
  const out: DueAction[] = [];
  const wait = rules.resendMinutes * 60_000;
  for (const target of targets) {
    if (target.ackedAt || target.escalatedAt) continue;
    // Counted from the minute of the last send: the tick runs each minute, so 14:00:40 is re-sent at the 14:15 tick.
    if (target.lastSentAt && now.getTime() - Math.floor(target.lastSentAt.getTime() / 60_000) * 60_000 < wait) continue;
    if (target.sends < rules.maxSends) out.push({ targetId: target.id, action: 'resend', send: target.sends + 1 });
    else out.push({ targetId: target.id, action: 'escalate', send: target.sends });
  }
  return out;
}

/** The names of the units an alert did not reach, as recorded when it was issued (one per line). */
export const unreachedUnits = (alert: { unreached: string }): string[] => alert.unreached.split('\n').filter((name) => name !== '');
