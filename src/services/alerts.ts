import type { Db, Tx } from '../db/types.ts';
import { localTime } from '../domain/calendar.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { formatDateTime } from '../render/format.ts';
import { escapeHtml } from '../render/html.ts';
import type { Translate } from '../i18n/index.ts';
import { writeAudit } from './audit.ts';
import type { AlertRules } from '../domain/rules.ts';

/**
 * Heavy-pollution weather alerts (重污染天气预警) and their roll-call: one copy per bound unit group, each
 * acknowledged once per unit ("收到，已启动响应"); copies nobody acknowledged are sent again, then escalated.
 * The decisions (level words, what is due) are pure and live here; the writes are in AlertService and the
 * periodic tick in src/scheduler/alerts.ts.
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

/** The outbox key of one copy of an alert to one chat. */
export const alertSendKey = (alertId: number, send: number, chatId: bigint) => `alert:${alertId}:send:${send}:chat:${chatId}`;
export const ACK_PREFIX = 'al';
export const ackData = (alertId: number) => `${ACK_PREFIX}:ack:${alertId}`;
export const refreshData = (alertId: number) => `${ACK_PREFIX}:status:${alertId}`;

export type AlertWithTargets = NonNullable<Awaited<ReturnType<AlertService['load']>>>;

export interface AlertActor {
  telegramId: bigint;
  displayName: string;
  role: string;
  unitId: number | null;
}

export type AckResult =
  | { kind: 'acked'; unitName: string; at: Date; text: string; level: string; sends: number }
  | { kind: 'already'; by: string; at: Date }
  | { kind: 'closed' }
  | { kind: 'not-target' }
  | { kind: 'not-member'; unitName: string };

/** The unit groups an alert reaches, with their units. */
export interface AlertRecipient {
  unitId: number;
  unitName: string;
  chatId: bigint;
}

export class AlertService {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  /** The bound unit groups in a scope, in the organisation's order; an unknown committee is an error. */
  async recipients(scope: AlertScope): Promise<Result<AlertRecipient[]>> {
    const where: { kind: 'unit'; unitId: { not: null } | { in: number[] }; unit?: { kind: string } } = { kind: 'unit', unitId: { not: null } };
    if (scope.kind === 'townships') where.unit = { kind: 'township' };
    if (scope.kind === 'departments') where.unit = { kind: 'department' };
    if (scope.kind === 'committee') {
      const committees = await this.db.committee.findMany({ select: { id: true, name: true, shortName: true, code: true, officeUnitId: true } });
      const wanted = scope.name.normalize('NFKC').toLowerCase();
      const names = (c: (typeof committees)[number]) => [c.name, c.shortName, c.code].filter((n): n is string => !!n).map((n) => n.normalize('NFKC').toLowerCase());
      let found = committees.filter((c) => names(c).includes(wanted));
      if (found.length === 0) found = committees.filter((c) => names(c).some((n) => n.startsWith(wanted)));
      if (found.length !== 1) return fail(found.length === 0 ? 'alert-committee-unknown' : 'alert-committee-ambiguous', { name: scope.name });
      const committee = found[0]!;
      const assigned = await this.db.taskAssignment.findMany({ where: { task: { committeeId: committee.id } }, select: { unitId: true } });
      const unitIds = [...new Set([...assigned.map((a) => a.unitId), ...(committee.officeUnitId ? [committee.officeUnitId] : [])])];
      where.unitId = { in: unitIds };
    }
    const chats = await this.db.chatBinding.findMany({
      where,
      select: { chatId: true, unitId: true, unit: { select: { name: true, sortOrder: true } } },
    });
    const list = chats
      .filter((c) => c.unitId !== null && c.unit)
      .sort((a, b) => a.unit!.sortOrder - b.unit!.sortOrder || a.unitId! - b.unitId! || (a.chatId < b.chatId ? -1 : 1))
      .map((c) => ({ unitId: c.unitId!, unitName: c.unit!.name, chatId: c.chatId }));
    if (list.length === 0) return fail('alert-no-groups');
    return ok(list);
  }

  /** Records an alert and its targets (first copy counted as sent now), calling `owe` in the same transaction. */
  async create(
    by: { telegramId: bigint; chatId: bigint },
    input: { level: AlertLevel; text: string; scope: AlertScope; recipients: AlertRecipient[] },
    owe: (tx: Tx, alert: AlertWithTargets) => Promise<void>,
  ): Promise<AlertWithTargets> {
    const now = this.now();
    return this.db.$transaction(async (tx) => {
      const alert = await tx.alert.create({ data: { level: input.level, text: input.text, createdByTelegramId: by.telegramId, createdAt: now } });
      await tx.alertTarget.createMany({
        data: input.recipients.map((r) => ({ alertId: alert.id, unitId: r.unitId, chatId: r.chatId, sends: 1, lastSentAt: now })),
      });
      const loaded = (await AlertService.loadWith(tx, alert.id))!;
      await writeAudit(tx, {
        at: now,
        actorTelegramId: by.telegramId,
        chatId: by.chatId,
        action: 'alert.create',
        entity: 'alert',
        entityId: alert.id,
        after: { level: input.level, scope: input.scope, groups: input.recipients.length },
      });
      await owe(tx, loaded);
      return loaded;
    });
  }

  load(alertId: number) {
    return AlertService.loadWith(this.db, alertId);
  }

  static loadWith(db: Db | Tx, alertId: number) {
    return db.alert.findUnique({
      where: { id: alertId },
      include: { targets: { include: { unit: { select: { name: true, parentId: true, sortOrder: true } } }, orderBy: [{ unit: { sortOrder: 'asc' } }, { unitId: 'asc' }, { id: 'asc' }] } },
    });
  }

  /** The latest alert (open first if any). */
  async latest(openOnly = false): Promise<AlertWithTargets | null> {
    const row = await this.db.alert.findFirst({ where: openOnly ? { status: 'open' } : {}, orderBy: { id: 'desc' }, select: { id: true } });
    return row ? this.load(row.id) : null;
  }

  /**
   * A press of "received" in a unit group. The presser must belong to the group's unit (or be the office);
   * the first press of a unit counts for all of that unit's copies, later ones change nothing.
   */
  async acknowledge(alertId: number, chatId: bigint, actor: AlertActor): Promise<AckResult> {
    const now = this.now();
    return this.db.$transaction(async (tx) => {
      const alert = await tx.alert.findUnique({ where: { id: alertId } });
      const target = alert && (await tx.alertTarget.findUnique({ where: { alertId_chatId: { alertId, chatId } }, include: { unit: { select: { name: true } } } }));
      if (!alert || !target) return { kind: 'not-target' } as const;
      if (actor.role !== 'admin' && actor.unitId !== target.unitId) {
        await writeAudit(tx, { at: now, actorTelegramId: actor.telegramId, chatId, action: 'alert.ack-refused', entity: 'alert', entityId: alertId, after: { unit: target.unit.name, actorUnitId: actor.unitId } });
        return { kind: 'not-member', unitName: target.unit.name } as const;
      }
      if (target.ackedAt) return { kind: 'already', by: target.ackedByName ?? '', at: target.ackedAt } as const;
      if (alert.status !== 'open') return { kind: 'closed' } as const;
      const claimed = await tx.alertTarget.updateMany({
        where: { alertId, unitId: target.unitId, ackedAt: null },
        data: { ackedAt: now, ackedByTelegramId: actor.telegramId, ackedByName: actor.displayName },
      });
      if (claimed.count === 0) {
        const fresh = await tx.alertTarget.findUniqueOrThrow({ where: { id: target.id } });
        return { kind: 'already', by: fresh.ackedByName ?? '', at: fresh.ackedAt ?? now } as const;
      }
      await writeAudit(tx, { at: now, actorTelegramId: actor.telegramId, chatId, action: 'alert.ack', entity: 'alert', entityId: alertId, after: { unit: target.unit.name, who: actor.displayName } });
      return { kind: 'acked', unitName: target.unit.name, at: now, text: alert.text, level: alert.level, sends: target.sends } as const;
    });
  }

  /** Closes the latest open alert; null when none is open. */
  async closeLatest(by: { telegramId: bigint; chatId: bigint }): Promise<AlertWithTargets | null> {
    const now = this.now();
    const open = await this.db.alert.findFirst({ where: { status: 'open' }, orderBy: { id: 'desc' }, select: { id: true } });
    if (!open) return null;
    const closed = await this.db.$transaction(async (tx) => {
      const changed = await tx.alert.updateMany({ where: { id: open.id, status: 'open' }, data: { status: 'closed', closedAt: now } });
      if (changed.count === 0) return false;
      await writeAudit(tx, { at: now, actorTelegramId: by.telegramId, chatId: by.chatId, action: 'alert.close', entity: 'alert', entityId: open.id });
      return true;
    });
    return closed ? this.load(open.id) : null;
  }
}

// ───────────────────────────── rendering ─────────────────────────────

const levelName = (t: Translate, level: string) => t(`alert-level-${ALERT_LEVELS.includes(level as AlertLevel) ? level : 'red'}`);

/** The copy a unit group gets: the warning, the instruction and, on a re-send, which copy it is. */
export function alertMessageText(t: Translate, alert: { id: number; level: string; text: string }, send: number): string {
  const icon = LEVEL_ICONS[alert.level as AlertLevel] ?? '⚠️';
  const lines = [t('alert-message-title', { icon, level: levelName(t, alert.level), id: alert.id }), '', alert.text.length > 0 ? escapeHtml(alert.text) : ''];
  if (send > 1) lines.unshift(t('alert-message-resend', { send }));
  lines.push('', t('alert-message-footer'));
  return lines.join('\n');
}

/** The same copy after its unit acknowledged: its own tally under the text. */
export function alertAckedText(t: Translate, timeZone: string, alert: { id: number; level: string; text: string }, send: number, who: string, at: Date): string {
  return `${alertMessageText(t, alert, send)}\n\n${t('alert-acked-line', { who, time: localTime(at, timeZone) })}`;
}

/** The office's roll-call: who acknowledged when, who has not (with how many copies went out). */
export function rollCallText(t: Translate, timeZone: string, alert: AlertWithTargets, now: Date): string {
  const icon = LEVEL_ICONS[alert.level as AlertLevel] ?? '⚠️';
  // A unit counts once, however many groups it has.
  const units = new Map<number, { name: string; acked: (typeof alert.targets)[number] | null; sends: number; escalated: boolean }>();
  for (const target of alert.targets) {
    const unit = units.get(target.unitId) ?? { name: target.unit.name, acked: null, sends: 0, escalated: false };
    if (target.ackedAt && !unit.acked) unit.acked = target;
    unit.sends = Math.max(unit.sends, target.sends);
    unit.escalated ||= target.escalatedAt !== null;
    units.set(target.unitId, unit);
  }
  const all = [...units.values()];
  const acked = all.filter((u) => u.acked).sort((a, b) => a.acked!.ackedAt!.getTime() - b.acked!.ackedAt!.getTime());
  const waiting = all.filter((u) => !u.acked);
  const lines = [
    t('alert-rollcall-title', { icon, level: levelName(t, alert.level), id: alert.id, time: formatDateTime(alert.createdAt, timeZone) }),
    escapeHtml(clipText(alert.text, 80)),
    t(alert.status === 'open' ? 'alert-rollcall-open' : 'alert-rollcall-closed', { acked: acked.length, total: all.length, time: alert.closedAt ? formatDateTime(alert.closedAt, timeZone) : '' }),
  ];
  if (waiting.length > 0) {
    lines.push('', t('alert-rollcall-waiting', { count: waiting.length }));
    for (const unit of waiting) lines.push(t(unit.escalated ? 'alert-rollcall-waiting-escalated' : 'alert-rollcall-waiting-line', { unit: unit.name, sends: unit.sends }));
  }
  if (acked.length > 0) {
    lines.push('', t('alert-rollcall-acked', { count: acked.length }));
    for (const unit of acked) {
      const minutes = Math.max(0, Math.round((unit.acked!.ackedAt!.getTime() - alert.createdAt.getTime()) / 60_000));
      lines.push(t('alert-rollcall-acked-line', { unit: unit.name, who: unit.acked!.ackedByName ?? '', time: localTime(unit.acked!.ackedAt!, timeZone), minutes }));
    }
  }
  lines.push('', t('alert-rollcall-updated', { time: formatDateTime(now, timeZone) }));
  return lines.join('\n');
}

const clipText = (text: string, max: number) => {
  const points = [...text];
  return points.length > max ? `${points.slice(0, max).join('')}…` : text;
};

