import type { Tx } from '../db/types.ts';
import { htmlMessages } from '../render/messages.ts';
import type { OwedMessage } from '../delivery/outbox.ts';
import {
  ackData,
  alertMessageText,
  AlertService,
  alertSendKey,
  dueResends,
  refreshData,
  rollCallText,
  type AlertWithTargets,
} from '../services/alerts.ts';
import { splitMessage } from '../render/html.ts';
import { writeAudit } from '../services/audit.ts';
import type { JobContext } from './jobs.ts';

/** The "received, response started" button under every copy of an alert. */
export const ackKeyboard = (ctx: JobContext, alertId: number) => ({
  inline_keyboard: [[{ text: ctx.t('alert-ack-button'), callback_data: ackData(alertId) }]],
});

export const refreshKeyboard = (ctx: JobContext, alertId: number) => ({
  inline_keyboard: [[{ text: ctx.t('alert-refresh-button'), callback_data: refreshData(alertId) }]],
});

/** Copy number `send` of an alert, to the given targets' chats. */
export function alertCopies(ctx: JobContext, alert: { id: number; level: string; text: string }, chatIds: bigint[], send: number): OwedMessage[] {
  const text = alertMessageText(ctx.t, alert, send);
  return chatIds.flatMap((chatId) => htmlMessages(alertSendKey(alert.id, send, chatId), chatId, 'alert', text, { reply_markup: ackKeyboard(ctx, alert.id) }));
}

/** What a new alert owes: its first copy to every target group, and the roll-call to the office's chats. */
export async function oweNewAlert(ctx: JobContext, tx: Tx, alert: AlertWithTargets): Promise<void> {
  const offices = await tx.chatBinding.findMany({ where: { kind: 'admin' }, select: { chatId: true } });
  const rollCall = rollCallText(ctx.t, ctx.timeZone, alert, ctx.now());
  await ctx.outbox.enqueue(
    [
      ...alertCopies(ctx, alert, alert.targets.map((target) => target.chatId), 1),
      ...offices.flatMap((office) => htmlMessages(`alert:${alert.id}:rollcall:chat:${office.chatId}`, office.chatId, 'alert', rollCall, { reply_markup: refreshKeyboard(ctx, alert.id) })),
    ],
    tx,
  );
}

/**
 * The roll-call's minute tick: for every open alert, copies not acknowledged in time are sent again (each
 * copy once: the target's send count is claimed in the same transaction that owes it, and the key carries
 * the copy's number), and after the last copy the unit is escalated up its chain once — to the leaders of
 * its supervising post privately, or, with none known, to the leadership group — and the office is told.
 * Returns how many targets were acted on.
 */
export async function alertTick(ctx: JobContext): Promise<number> {
  const open = await ctx.db.alert.findMany({ where: { status: 'open' }, select: { id: true } });
  let acted = 0;
  let updated = 0;
  for (const { id } of open) {
    const alert = await AlertService.loadWith(ctx.db, id);
    if (!alert) continue;
    const actedOn = await resendOrEscalate(ctx, alert);
    acted += actedOn;
    // The roll-call as this tick left it.
    const current = actedOn > 0 ? ((await AlertService.loadWith(ctx.db, id)) ?? alert) : alert;
    updated += await ctx.outbox.enqueue(await rollCallUpdates(ctx, current));
  }
  if (acted > 0 || updated > 0) ctx.nudge();
  return acted;
}

/** Copies due again are owed and claimed; units past their last copy are escalated. Returns the targets acted on. */
async function resendOrEscalate(ctx: JobContext, alert: AlertWithTargets): Promise<number> {
  let acted = 0;
  const now = ctx.now();
  const due = dueResends(alert.targets, now, ctx.rules.alerts);
  if (due.length === 0) return 0;
  const byId = new Map(alert.targets.map((t) => [t.id, t]));
  const resends = due.filter((d) => d.action === 'resend');
  const escalations = due.filter((d) => d.action === 'escalate');
  await ctx.db.$transaction(async (tx) => {
    const messages: OwedMessage[] = [];
    for (const item of resends) {
      const target = byId.get(item.targetId)!;
      // Claim this copy: another instance (or a racing tick) that got here first leaves the count moved on.
      const claimed = await tx.alertTarget.updateMany({ where: { id: target.id, sends: item.send - 1, ackedAt: null }, data: { sends: item.send, lastSentAt: now } });
      if (claimed.count === 0) continue;
      messages.push(...alertCopies(ctx, alert, [target.chatId], item.send));
      acted++;
    }
    const escalated: typeof alert.targets = [];
    for (const item of escalations) {
      const target = byId.get(item.targetId)!;
      const claimed = await tx.alertTarget.updateMany({ where: { id: target.id, escalatedAt: null, ackedAt: null }, data: { escalatedAt: now } });
      if (claimed.count === 0) continue;
      escalated.push(target);
      acted++;
    }
    if (escalated.length > 0) messages.push(...(await escalationMessages(ctx, tx, alert, escalated)));
    await ctx.outbox.enqueue(messages, tx);
  });
  return acted;
}

/** What the roll-call shows, but for the time of the update: a new state is worth an edit, the same is not. */
function rollCallState(alert: AlertWithTargets): string {
  const acked = alert.targets.filter((t) => t.ackedAt).length;
  const sends = alert.targets.reduce((sum, t) => sum + t.sends, 0);
  const escalated = alert.targets.filter((t) => t.escalatedAt).length;
  return `${alert.status}-${acked}-${sends}-${escalated}`;
}

/**
 * Keeps the office's roll-call current: an edit of each roll-call message already delivered, owed once per
 * state (the key carries it), so acknowledgements coming in fast cost one edit a minute, not one each, and
 * an alert just closed gets its final tally. The state it was first sent in needs none.
 */
export async function rollCallUpdates(ctx: JobContext, alert: AlertWithTargets): Promise<OwedMessage[]> {
  const state = rollCallState(alert);
  if (state === `open-0-${alert.targets.length}-0`) return [];
  const keys = new Map((await ctx.db.chatBinding.findMany({ where: { kind: 'admin' }, select: { chatId: true } })).map((c) => [`alert:${alert.id}:rollcall:chat:${c.chatId}`, c.chatId]));
  const delivered = await ctx.db.outbox.findMany({ where: { key: { in: [...keys.keys()] }, status: 'sent', messageId: { not: null } }, select: { key: true, messageId: true } });
  const text = rollCallText(ctx.t, ctx.timeZone, alert, ctx.now());
  if (splitMessage(text).length > 1) return [];
  return delivered.map((row) => ({
    key: `alert:${alert.id}:rollcall:${state}:chat:${keys.get(row.key)!}`,
    chatId: keys.get(row.key)!,
    kind: 'alert',
    method: 'editMessageText',
    params: { message_id: row.messageId, text, parse_mode: 'HTML', ...(alert.status === 'open' ? { reply_markup: refreshKeyboard(ctx, alert.id) } : {}) },
  }));
}

/** One message per recipient chat naming the units it is told about; keyed by the first target, claimed once. */
async function escalationMessages(ctx: JobContext, tx: Tx, alert: AlertWithTargets, targets: AlertWithTargets['targets']): Promise<OwedMessage[]> {
  const leadership = await tx.chatBinding.findMany({ where: { kind: 'leadership' }, select: { chatId: true } });
  const offices = await tx.chatBinding.findMany({ where: { kind: 'admin' }, select: { chatId: true } });
  const parentIds = [...new Set(targets.map((t) => t.unit.parentId).filter((p): p is number => p !== null))];
  const leaders = parentIds.length > 0 ? await tx.member.findMany({ where: { role: 'leader', unitId: { in: parentIds } }, select: { telegramId: true, unitId: true } }) : [];
  const posts = parentIds.length > 0 ? await tx.unit.findMany({ where: { id: { in: parentIds } }, select: { id: true, name: true } }) : [];
  // Recipient chat → the units it hears about, and the link of the chain it is.
  const byChat = new Map<bigint, { units: string[]; to: string }>();
  const add = (chatId: bigint, unit: string, to: string) => {
    const entry = byChat.get(chatId) ?? { units: [], to };
    if (!entry.units.includes(unit)) entry.units.push(unit);
    byChat.set(chatId, entry);
  };
  for (const target of targets) {
    const own = leaders.filter((l) => l.unitId === target.unit.parentId);
    const post = posts.find((p) => p.id === target.unit.parentId);
    if (own.length > 0 && post) for (const leader of own) add(leader.telegramId, target.unit.name, post.name);
    else for (const chat of leadership) add(chat.chatId, target.unit.name, ctx.t('escalation-leadership'));
  }
  const first = Math.min(...targets.map((t) => t.id));
  const units = [...new Set(targets.map((t) => t.unit.name))];
  const vars = (list: string[]) => ({ id: alert.id, level: ctx.t(`alert-level-${alert.level}`), units: list.join('、'), count: list.length, sends: targets[0]!.sends });
  const messages = [...byChat].flatMap(([chatId, entry]) =>
    htmlMessages(`alert:${alert.id}:escalate:${first}:chat:${chatId}`, chatId, 'escalation', ctx.t('alert-escalated', { ...vars(entry.units), to: entry.to })),
  );
  for (const office of offices) {
    messages.push(...htmlMessages(`alert:${alert.id}:escalate:${first}:office:${office.chatId}`, office.chatId, 'escalation', ctx.t('alert-escalated-office', vars(units))));
  }
  await writeAudit(tx, { at: ctx.now(), action: 'alert.escalate', entity: 'alert', entityId: alert.id, after: { units, to: [...byChat.values()].map((e) => e.to) } });
  return messages;
}
