import type { InlineKeyboardMarkup } from 'grammy/types';
import type { Tx } from '../db/types.ts';
import { outboxKeys, robotKeys } from '../delivery/keys.ts';
import type { OwedMessage } from '../delivery/outbox.ts';
import { dueResends } from '../domain/alerts.ts';
import type { Translate } from '../render/html.ts';
import { alertMessageText, rollCallText } from '../render/alerts.ts';
import { buttonData } from '../render/buttons.ts';
import { splitMessage } from '../render/html.ts';
import { htmlMessages } from '../render/messages.ts';
import type { AlertTarget, AlertWithTargets } from '../services/alerts.ts';
import { localDate } from '../domain/calendar.ts';
import type { BroadcastDeps } from './context.ts';
import { liaisonMentions, withMentions } from './liaisons.ts';
import { robotMessages } from './robots.ts';

/**
 * What an alert owes the chats: its copies to the unit groups (each with the acknowledgement button), the
 * office's roll-call kept current, the re-sends of copies nobody acknowledged and, after the last, the
 * escalation up each silent unit's chain; and the notice that it is lifted.
 */
export class AlertBroadcast {
  constructor(private readonly deps: BroadcastDeps) {}

  /** The "received, response started" button under every copy of an alert. */
  ackKeyboard(alertId: number): InlineKeyboardMarkup {
    return { inline_keyboard: [[{ text: this.deps.t('alert-ack-button'), callback_data: buttonData.alert('ack', alertId) }]] };
  }

  refreshKeyboard(alertId: number, t: Translate = this.deps.t): InlineKeyboardMarkup {
    return { inline_keyboard: [[{ text: t('alert-refresh-button'), callback_data: buttonData.alert('status', alertId) }]] };
  }

  /** The roll-call as the office reads it, in the given translation (the asker's, or the default for a group). */
  rollCall(alert: AlertWithTargets, t: Translate = this.deps.t): string {
    return rollCallText(t, this.deps.config.timeZone, alert, this.deps.now());
  }

  /** What a new alert owes, in the transaction that records it: its first copy to every target, the roll-call to the office. */
  async owe(tx: Tx, alert: AlertWithTargets): Promise<void> {
    const { deps } = this;
    const offices = await deps.chats.officeChats(tx);
    const rollCall = this.rollCall(alert);
    await deps.outbox.enqueue(
      [
        ...(await this.copies(alert, alert.targets, 1, tx)),
        ...offices.flatMap((chatId) => htmlMessages(outboxKeys.alertRollCall(alert.id, chatId), chatId, 'alert', rollCall, { reply_markup: this.refreshKeyboard(alert.id) })),
      ],
      tx,
    );
  }

  /** The alert is lifted: every target group hears it, and the roll-call shows its final tally. */
  async lifted(alert: AlertWithTargets): Promise<void> {
    const { deps } = this;
    const text = deps.t('alert-lifted', { id: alert.id, level: deps.t(`alert-level-${alert.level}`) });
    const robots = await deps.robots.ofUnits([...new Set(alert.targets.map((target) => target.unitId))]);
    await deps.outbox.enqueue([
      ...[...new Set(alert.targets.flatMap((target) => (target.chatId === null ? [] : [target.chatId])))].flatMap((chatId) =>
        htmlMessages(outboxKeys.alertLifted(alert.id, chatId), chatId, 'alert', text),
      ),
      ...(await robotMessages(deps, robots, (robotId) => robotKeys.alertLifted(alert.id, robotId), 'alert', { html: text })),
      ...(await this.rollCallUpdates(alert)),
    ]);
    deps.nudge();
  }

  /**
   * The roll-call's minute tick: for every open alert, copies not acknowledged in time are sent again (each
   * copy once: the target's send count is claimed in the same transaction that owes it, and the key carries
   * the copy's number), and after the last copy the unit is escalated up its chain once — to the leaders of
   * its supervising post privately, or, with none known, to the leadership group — and the office is told.
   * Returns how many targets were acted on, and how many alerts are open (the clock ticks every minute while any is).
   */
  async tick(): Promise<{ acted: number; open: number }> {
    const { deps } = this;
    let acted = 0;
    let updated = 0;
    const open = await deps.alerts.openIds();
    for (const id of open) {
      const alert = await deps.alerts.load(id);
      if (!alert) continue;
      const due = dueResends(alert.targets, deps.now(), deps.config.rules.alerts);
      // Read before the transaction: on SQLite a read outside it would wait for it to end.
      const posts = due.some((d) => d.action === 'escalate') ? new Map((await deps.org.units()).map((u) => [u.id, u.name])) : new Map<number, string>();
      const actedOn = due.length === 0 ? 0 : await deps.alerts.claimDue(alert, due, (tx, claimed) => this.oweClaimed(tx, alert, claimed, posts));
      acted += actedOn;
      // The roll-call as this tick left it.
      const current = actedOn > 0 ? ((await deps.alerts.load(id)) ?? alert) : alert;
      updated += await deps.outbox.enqueue(await this.rollCallUpdates(current));
    }
    if (acted > 0 || updated > 0) deps.nudge();
    return { acted, open: open.length };
  }

  /**
   * Copy number `send` of an alert, to the targets' groups (with the button; a re-send calls the unit's liaisons
   * by name, those not away, in `mentions`) and their units' robots (with @all, and how to acknowledge without a
   * button).
   */
  private async copies(
    alert: { id: number; level: string; text: string },
    targets: readonly { chatId: bigint | null; unitId: number }[],
    send: number,
    tx?: Tx,
    mentions: ReadonlyMap<number, string> = new Map(),
  ): Promise<OwedMessage[]> {
    const { deps } = this;
    const text = alertMessageText(deps.t, alert, send);
    const robots = await deps.robots.ofUnits([...new Set(targets.map((t) => t.unitId))], tx);
    const robotText = alertMessageText(deps.t, alert, send, 'alert-message-footer-robot');
    return [
      ...targets.flatMap((target) =>
        target.chatId === null
          ? []
          : htmlMessages(outboxKeys.alertCopy(alert.id, send, target.chatId), target.chatId, 'alert', withMentions(text, mentions.get(target.unitId)), { reply_markup: this.ackKeyboard(alert.id) }),
      ),
      ...(await robotMessages(deps, robots, (robotId) => robotKeys.alertCopy(alert.id, send, robotId), 'alert', { html: robotText, mentionAll: true })),
    ];
  }

  /** Owes the re-sends and escalations just claimed; answers to whom the escalations went. */
  private async oweClaimed(
    tx: Tx,
    alert: AlertWithTargets,
    claimed: { resent: { target: AlertTarget; send: number }[]; escalated: AlertTarget[] },
    posts: ReadonlyMap<number, string>,
  ): Promise<string[]> {
    const today = localDate(this.deps.now(), this.deps.config.timeZone);
    const mentions = await liaisonMentions(this.deps.members, [...new Set(claimed.resent.map(({ target }) => target.unitId))], today, tx);
    const messages = (await Promise.all(claimed.resent.map(({ target, send }) => this.copies(alert, [target], send, tx, mentions)))).flat();
    const escalation = claimed.escalated.length > 0 ? await this.escalationMessages(tx, alert, claimed.escalated, posts) : { messages: [], to: [] };
    await this.deps.outbox.enqueue([...messages, ...escalation.messages], tx);
    return escalation.to;
  }

  /**
   * Keeps the office's roll-call current: an edit of each roll-call message already delivered, owed once per
   * state (the key carries it), so acknowledgements coming in fast cost one edit a minute, not one each, and
   * an alert just closed gets its final tally. The state it was first sent in needs none.
   */
  private async rollCallUpdates(alert: AlertWithTargets): Promise<OwedMessage[]> {
    const state = rollCallState(alert);
    if (state === `open-0-${alert.targets.length}-0`) return [];
    const keys = new Map((await this.deps.chats.officeChats()).map((chatId) => [outboxKeys.alertRollCall(alert.id, chatId), chatId]));
    const delivered = await this.deps.outbox.sentMessageIds([...keys.keys()]);
    const text = this.rollCall(alert);
    if (splitMessage(text).length > 1) return [];
    return [...delivered].map(([key, messageId]) => ({
      key: outboxKeys.alertRollCallUpdate(alert.id, state, keys.get(key)!),
      chatId: keys.get(key)!,
      kind: 'alert',
      method: 'editMessageText',
      params: { message_id: messageId, text, parse_mode: 'HTML', ...(alert.status === 'open' ? { reply_markup: this.refreshKeyboard(alert.id) } : {}) },
    }));
  }

  /** One message per recipient chat naming the units it is told about; keyed by the first target, claimed once. */
  private async escalationMessages(tx: Tx, alert: AlertWithTargets, targets: AlertTarget[], posts: ReadonlyMap<number, string>): Promise<{ messages: OwedMessage[]; to: string[] }> {
    const { deps } = this;
    const leadership = await deps.chats.leadershipChats(tx);
    const offices = await deps.chats.officeChats(tx);
    const parentIds = [...new Set(targets.map((t) => t.unit.parentId).filter((p): p is number => p !== null))];
    const leaders = await deps.members.leadersOf(parentIds, tx);
    // Recipient chat → the units it hears about, and the link of the chain it is.
    const byChat = new Map<bigint, { units: string[]; to: string }>();
    const add = (chatId: bigint, unit: string, to: string) => {
      const entry = byChat.get(chatId) ?? { units: [], to };
      if (!entry.units.includes(unit)) entry.units.push(unit);
      byChat.set(chatId, entry);
    };
    const toLeadership: string[] = [];
    for (const target of targets) {
      const own = leaders.filter((l) => l.unitId === target.unit.parentId);
      const post = target.unit.parentId === null ? undefined : posts.get(target.unit.parentId);
      if (own.length > 0 && post) for (const leader of own) add(leader.telegramId, target.unit.name, post);
      else {
        for (const chatId of leadership) add(chatId, target.unit.name, deps.t('escalation-leadership'));
        if (!toLeadership.includes(target.unit.name)) toLeadership.push(target.unit.name);
      }
    }
    const first = Math.min(...targets.map((t) => t.id));
    const units = [...new Set(targets.map((t) => t.unit.name))];
    const vars = (list: string[]) => ({ id: alert.id, level: deps.t(`alert-level-${alert.level}`), units: list.join('、'), count: list.length, sends: targets[0]!.sends });
    const messages = [...byChat].flatMap(([chatId, entry]) =>
      htmlMessages(outboxKeys.alertEscalation(alert.id, first, { chat: chatId }), chatId, 'escalation', deps.t('alert-escalated', { ...vars(entry.units), to: entry.to })),
    );
    for (const office of offices) {
      messages.push(...htmlMessages(outboxKeys.alertEscalation(alert.id, first, { office }), office, 'escalation', deps.t('alert-escalated-office', vars(units))));
    }
    if (toLeadership.length > 0) {
      const html = deps.t('alert-escalated', { ...vars(toLeadership), to: deps.t('escalation-leadership') });
      messages.push(...(await robotMessages(deps, await deps.robots.leadership(tx), (robotId) => robotKeys.alertEscalation(alert.id, first, robotId), 'escalation', { html })));
    }
    return { messages, to: [...byChat.values()].map((e) => e.to) };
  }
}

/** What the roll-call shows, but for the time of the update: a new state is worth an edit, the same is not. */
function rollCallState(alert: AlertWithTargets): string {
  const acked = alert.targets.filter((t) => t.ackedAt).length;
  const sends = alert.targets.reduce((sum, t) => sum + t.sends, 0);
  const escalated = alert.targets.filter((t) => t.escalatedAt).length;
  return `${alert.status}-${acked}-${sends}-${escalated}`;
}
