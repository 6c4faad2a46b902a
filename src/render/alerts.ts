import { localTime } from '../domain/calendar.ts';
import { ALERT_LEVELS, LEVEL_ICONS, unreachedUnits, type AlertLevel } from '../domain/alerts.ts';
import type { AlertWithTargets } from '../services/alerts.ts';
import type { Translate } from './html.ts';
import { formatDateTime } from './format.ts';
import { escapeHtml } from './html.ts';

const levelName = (t: Translate, level: string) => t(`alert-level-${ALERT_LEVELS.includes(level as AlertLevel) ? level : 'red'}`);

/** The copy a unit group gets: the warning, the instruction and, on a re-send, which copy it is. */
export function alertMessageText(t: Translate, alert: { id: number; level: string; text: string }, send: number, footer = 'alert-message-footer'): string {
  const icon = LEVEL_ICONS[alert.level as AlertLevel] ?? '⚠️';
  const lines = [t('alert-message-title', { icon, level: levelName(t, alert.level), id: alert.id }), '', alert.text.length > 0 ? escapeHtml(alert.text) : ''];
  if (send > 1) lines.unshift(t('alert-message-resend', { send }));
  lines.push('', t(footer));
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
  const units = new Map<number, { name: string; acked: (typeof alert.targets)[number] | null; sends: number; escalated: boolean; robotsOnly: boolean; kinds: string[] }>();
  for (const target of alert.targets) {
    const kinds = [...new Set(target.unit.robots.map((r) => r.kind))];
    const unit = units.get(target.unitId) ?? { name: target.unit.name, acked: null, sends: 0, escalated: false, robotsOnly: true, kinds };
    unit.robotsOnly &&= target.chatId === null;
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
    for (const unit of waiting) {
      // A robot cannot take a button press: such a unit is acknowledged in Telegram or by the office, by hand.
      const robots = unit.robotsOnly ? unit.kinds.map((k) => t(`robot-kind-${k}`)).join('/') : '';
      const key = unit.escalated ? 'alert-rollcall-waiting-escalated' : unit.robotsOnly ? 'alert-rollcall-waiting-robot' : 'alert-rollcall-waiting-line';
      lines.push(t(key, { unit: unit.name, sends: unit.sends, robots }));
    }
  }
  const unreached = unreachedUnits(alert);
  if (unreached.length > 0) lines.push('', t('alert-rollcall-unreached', { count: unreached.length }), escapeHtml(unreached.join('、')));
  if (acked.length > 0) {
    lines.push('', t('alert-rollcall-acked', { count: acked.length }));
    for (const unit of acked) {
      const minutes = Math.max(0, Math.round((unit.acked!.ackedAt!.getTime() - alert.createdAt.getTime()) / 60_000));
      const who = unit.acked!.ackNote ? `${unit.acked!.ackedByName ?? ''}（${unit.acked!.ackNote}）` : (unit.acked!.ackedByName ?? '');
      lines.push(t('alert-rollcall-acked-line', { unit: unit.name, who, time: localTime(unit.acked!.ackedAt!, timeZone), minutes }));
    }
  }
  lines.push('', t('alert-rollcall-updated', { time: formatDateTime(now, timeZone) }));
  return lines.join('\n');
}

const clipText = (text: string, max: number) => {
  const points = [...text];
  return points.length > max ? `${points.slice(0, max).join('')}…` : text;
};

