import { z } from 'zod';
import { defineCommand } from '../../src/bot/registry.ts';
import { answer, answerError, t, translator } from '../../src/bot/reply.ts';
import type { BotContext } from '../../src/bot/context.ts';
import { clip } from '../../src/render/format.ts';
import { escapeHtml, plainText } from '../../src/render/html.ts';
import { localTime } from '../../src/domain/calendar.ts';
import { alertAckedText } from '../../src/render/alerts.ts';
import { buttonPrefix, parseButton } from '../../src/render/buttons.ts';
import { ALERT_TEXT_MAX, CLOSE_WORDS, parseLevel, parseScope, STATUS_WORDS, type AlertLevel, type AlertScope } from '../../src/domain/alerts.ts';
import type { Services } from '../../src/container.ts';
import { lengthOf } from '../../src/domain/text.ts';

type AlertArgs =
  | { kind: 'ack'; unit: string; note: string }
  | { kind: 'status' }
  | { kind: 'close' }
  | { kind: 'send'; level: AlertLevel; scope: AlertScope; scopeToken: string | null; levelToken: string; text: string };

const fold = (token: string) => token.normalize('NFKC').trim().toLowerCase();

/** `/alert ack 城关镇 电话确认`: the office records an acknowledgement taken by phone (a robot cannot take a press). */
const ACK_WORDS = new Set(['ack', '确认', '登记']);
const ACK_NOTE_MAX = 60;

/**
 * `/alert <level> [townships | departments | all | 专委:名称] <text>`, `/alert status`, `/alert close`,
 * `/alert ack <unit> <how>`: the office's. Its button (the acknowledgement under a unit's copy) is pressed by that unit's liaisons.
 */
export default defineCommand<AlertArgs>({
  name: 'alert',
  // Leaders follow the roll-call (/alert status); sending, lifting and acknowledging are the office's.
  roles: ['admin', 'leader'],
  places: ['admin', 'leadership', 'private'],
  args: z.array(z.string()).transform((tokens, zctx): AlertArgs => {
    const issue = (message: string, params?: Record<string, string | number>) => {
      zctx.addIssue({ code: 'custom', message, ...(params ? { params } : {}) });
      return z.NEVER;
    };
    const [first, ...rest] = tokens;
    if (first === undefined) return issue('args-alert-empty');
    if (ACK_WORDS.has(fold(first))) {
      const [unit, ...note] = rest;
      if (unit === undefined || note.length === 0) return issue('args-alert-ack');
      const text = note.join(' ').trim();
      if (lengthOf(text) > ACK_NOTE_MAX) return issue('args-alert-ack-too-long', { max: ACK_NOTE_MAX });
      return { kind: 'ack', unit, note: text };
    }
    if (STATUS_WORDS.has(fold(first)) || CLOSE_WORDS.has(fold(first))) {
      if (rest.length > 0) return issue('args-alert-extra', { text: clip(rest.join(' ')) });
      return { kind: STATUS_WORDS.has(fold(first)) ? 'status' : 'close' };
    }
    const level = parseLevel(first);
    if (level === null) return issue('args-alert-level', { text: clip(first) });
    const scope = rest[0] === undefined ? null : parseScope(rest[0]);
    if (scope?.kind === 'committee' && scope.name === '') return issue('args-alert-committee-empty');
    const words = scope ? rest.slice(1) : rest;
    const text = words.join(' ').trim();
    if (text === '') return issue('args-alert-text');
    if (lengthOf(text) > ALERT_TEXT_MAX) return issue('args-alert-too-long', { max: ALERT_TEXT_MAX });
    if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(text)) return issue('args-alert-control');
    return { kind: 'send', level, scope: scope ?? { kind: 'all' }, scopeToken: scope ? rest[0]! : null, levelToken: first, text };
  }),
  async handler(ctx, args, services) {
    const { alerts, broadcasts } = services;
    const by = { telegramId: ctx.actor.telegramId, chatId: ctx.where.chatId };
    if (args.kind !== 'status' && ctx.actor.role !== 'admin') return answer(ctx, t(ctx, 'alert-leader-status-only'));
    if (args.kind === 'status') {
      const alert = await alerts.latest();
      if (!alert) return answer(ctx, t(ctx, 'alert-none'));
      return answer(ctx, broadcasts.alerts.rollCall(alert, translator(ctx)), { reply_markup: broadcasts.alerts.refreshKeyboard(alert.id) });
    }
    if (args.kind === 'ack') {
      const unit = await services.org.resolveUnit(args.unit);
      if (!unit.ok) return answerError(ctx, unit.error);
      const result = await alerts.acknowledgeByHand(unit.value, args.note, ctx.actor, ctx.where.chatId);
      if (result.kind === 'none-open') return answer(ctx, t(ctx, 'alert-none-open'));
      if (result.kind === 'not-target') return answer(ctx, t(ctx, 'alert-ack-hand-not-target', { unit: result.unitName }));
      if (result.kind === 'already') return answer(ctx, t(ctx, 'alert-ack-hand-already', { unit: result.unitName, who: result.by, time: localTime(result.at, services.config.timeZone) }));
      // The roll-call catches up at the next minute's tick, like after a press.
      return answer(ctx, t(ctx, 'alert-ack-hand-done', { unit: result.unitName, note: args.note }));
    }
    if (args.kind === 'close') {
      const alert = await alerts.closeLatest(by);
      if (!alert) return answer(ctx, t(ctx, 'alert-none-open'));
      await broadcasts.alerts.lifted(alert);
      return answer(ctx, `${t(ctx, 'alert-closed', { id: alert.id })}\n\n${broadcasts.alerts.rollCall(alert, translator(ctx))}`);
    }
    const recipients = await alerts.recipients(args.scope);
    if (!recipients.ok) return answerError(ctx, recipients.error);
    const text = originalText(ctx, args) ?? args.text;
    // The alert, what it owes and this update's "handled" mark commit together: killed at any point, the alert
    // is sent once (a restart handles the update again only if nothing was recorded).
    const { reached, unreached } = recipients.value;
    const alert = await alerts.create(by, { level: args.level, text, scope: args.scope, recipients: reached, unreached }, async (tx, created) => {
      await broadcasts.alerts.owe(tx, created);
      await services.updates.handled(ctx.update.update_id, tx);
    });
    services.nudge();
    const units = new Set(reached.map((r) => r.unitId)).size;
    const sent = t(ctx, 'alert-sent', { id: alert.id, level: t(ctx, `alert-level-${args.level}`), groups: reached.length, units });
    if (unreached.length === 0) return answer(ctx, sent);
    const names = unreached.map((u) => escapeHtml(u.unitName)).join('、');
    return answer(ctx, `${sent}\n${t(ctx, 'alert-sent-unreached', { count: unreached.length, units: names })}`);
  },
  buttons: {
    prefix: buttonPrefix('alert'),
    roles: ['admin', 'leader', 'liaison'],
    handler: pressed,
  },
});

/** The text as typed, line breaks kept: what follows the level (and the scope) in the message. */
function originalText(ctx: BotContext, args: Extract<AlertArgs, { kind: 'send' }>): string | null {
  const raw = ctx.msg?.text ?? ctx.msg?.caption;
  if (!raw) return null;
  let rest = raw.replace(/^\/\S+/, '').trimStart();
  for (const token of [args.levelToken, args.scopeToken]) {
    if (token === null) continue;
    if (!rest.startsWith(token)) return null;
    rest = rest.slice(token.length).trimStart();
  }
  const text = rest.trim();
  // Quotes or odd spacing: fall back to the tokens.
  return text.replace(/\s+/g, ' ') === args.text ? text : null;
}

async function pressed(ctx: BotContext, data: string, services: Services): Promise<void> {
  const button = parseButton('alert', data);
  if (!button) {
    await ctx.answerCallbackQuery({ text: t(ctx, 'alert-ack-not-target'), show_alert: true });
    return;
  }
  const [verb, alertId] = button;
  const { alerts, broadcasts } = services;
  const timeZone = services.config.timeZone;
  if (verb === 'status') {
    if (ctx.actor.role !== 'admin' && ctx.actor.role !== 'leader') {
      await ctx.answerCallbackQuery({ text: plainText(t(ctx, 'errors-button-not-allowed')), show_alert: true });
      return;
    }
    const alert = await alerts.load(alertId);
    if (!alert) {
      await ctx.answerCallbackQuery({ text: t(ctx, 'alert-ack-not-target'), show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    // The group's roll-call is in the default locale, like the message it replaces.
    await ctx
      .editMessageText(broadcasts.alerts.rollCall(alert), { parse_mode: 'HTML', reply_markup: broadcasts.alerts.refreshKeyboard(alert.id) })
      .catch((error: unknown) => services.logger.debug({ err: String(error) }, 'roll-call not refreshed'));
    return;
  }
  const result = await alerts.acknowledge(alertId, BigInt(ctx.chat!.id), ctx.actor);
  switch (result.kind) {
    case 'not-target':
      await ctx.answerCallbackQuery({ text: t(ctx, 'alert-ack-not-target'), show_alert: true });
      return;
    case 'not-member':
      await ctx.answerCallbackQuery({ text: plainText(t(ctx, 'alert-ack-not-member', { unit: result.unitName })), show_alert: true });
      return;
    case 'closed':
      await ctx.answerCallbackQuery({ text: t(ctx, 'alert-ack-closed'), show_alert: true });
      return;
    case 'already':
      await ctx.answerCallbackQuery({ text: plainText(t(ctx, 'alert-ack-already', { who: result.by, time: localTime(result.at, timeZone) })), show_alert: true });
      return;
    case 'acked': {
      await ctx.answerCallbackQuery({ text: plainText(t(ctx, 'alert-ack-thanks', { unit: result.unitName })) });
      // The copy shows its own tally, and its button goes: the unit is counted.
      const text = alertAckedText(services.t, timeZone, { id: alertId, level: result.level, text: result.text }, 1, ctx.actor.displayName, result.at);
      await ctx.editMessageText(text, { parse_mode: 'HTML' }).catch((error: unknown) => services.logger.warn({ err: String(error), alertId }, 'alert copy not updated'));
      return;
    }
  }
}
