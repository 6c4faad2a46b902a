/** The Bot API methods the fake implements, answering and failing the way Telegram does. */
import type { BotCommand, Chat, Message } from 'grammy/types';
import { MIME_BY_EXT, documentOf, photoSizes, user } from './builders.ts';
import { TelegramError, badRequest } from './errors.ts';
import { checkText } from './html.ts';
import type { StoredMessage, Store } from './store.ts';
import type { Params, RecordedCall, StoredFile, UploadedFile } from './types.ts';
import type { PendingPoll, UpdateQueue } from './updates.ts';
import { asInt, asObject, asString, chatKey, unixNow } from './values.ts';

const MAX_POLL_SECONDS = 50;

const KNOWN_METHODS = [
  'getMe', 'getUpdates', 'deleteWebhook', 'setWebhook', 'getWebhookInfo', 'setMyCommands', 'deleteMyCommands',
  'getMyCommands', 'sendMessage', 'editMessageText', 'editMessageReplyMarkup', 'deleteMessage', 'answerCallbackQuery',
  'sendPhoto', 'sendMediaGroup', 'sendDocument', 'sendChatAction', 'getChat', 'getChatMember', 'getFile',
] as const;
export type KnownMethod = (typeof KNOWN_METHODS)[number];
export const CANONICAL = new Map<string, KnownMethod>(KNOWN_METHODS.map((m) => [m.toLowerCase(), m]));

export interface HandlerCtx {
  call: RecordedCall;
  params: Params;
  /** register a callback for when the client goes away before the answer */
  onAbort(cb: () => void): void;
}

export type Handler = (ctx: HandlerCtx) => unknown;

// ── method handlers ──

export function createHandlers(store: Store, updates: UpdateQueue, isClosed: () => boolean): Record<KnownMethod, Handler> {
  // A member's menu is for someone in that group: Telegram refuses one for a user who is not.
  const checkScope = (scope: unknown) => {
    const s = asObject(scope);
    if (s?.type !== 'chat_member') return;
    const chat = store.resolveChat(s.chat_id);
    const userId = asInt(s.user_id);
    if (userId === undefined) throw badRequest('parameter "user_id" is required');
    if (!store.isMember(chat.id, userId)) throw badRequest('member not found');
  };
  return {
    getMe: () => store.botUser,

    getUpdates: (ctx) => {
      if (updates.webhookUrl !== '') {
        throw new TelegramError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
      }
      const p = ctx.params;
      updates.confirmOffset(asInt(p.offset) ?? 0);
      const limit = Math.min(100, Math.max(1, asInt(p.limit) ?? 100));
      const timeout = Math.min(MAX_POLL_SECONDS, Math.max(0, asInt(p.timeout) ?? 0));
      if (updates.pendingPoll) {
        const old = updates.pendingPoll;
        updates.pendingPoll = undefined;
        old.finish({
          ok: false,
          error_code: 409,
          description: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
        });
      }
      const batch = updates.takeUpdates(limit);
      if (batch.length > 0 || timeout === 0 || isClosed()) return batch;
      return new Promise<unknown>((resolve, reject) => {
        const poll: PendingPoll = {
          limit,
          timer: setTimeout(() => {
            if (updates.pendingPoll === poll) updates.pendingPoll = undefined;
            resolve([]);
          }, timeout * 1000),
          finish: (resp) => {
            clearTimeout(poll.timer);
            if (resp.ok) resolve(resp.result);
            else reject(new TelegramError(resp.error_code, resp.description));
          },
        };
        updates.pendingPoll = poll;
        ctx.onAbort(() => {
          clearTimeout(poll.timer);
          if (updates.pendingPoll === poll) updates.pendingPoll = undefined;
        });
      });
    },

    deleteWebhook: (ctx) => {
      updates.webhookUrl = '';
      if (ctx.params.drop_pending_updates === true) updates.queue = [];
      return true;
    },

    setWebhook: (ctx) => {
      const url = asString(ctx.params.url) ?? '';
      if (url !== '' && !/^https:\/\//i.test(url)) throw badRequest('bad webhook: An HTTPS URL must be provided for webhook');
      updates.webhookUrl = url;
      if (ctx.params.drop_pending_updates === true) updates.queue = [];
      return true;
    },

    getWebhookInfo: () => ({
      url: updates.webhookUrl,
      has_custom_certificate: false,
      pending_update_count: updates.queue.length,
      ...(updates.webhookUrl !== '' ? { max_connections: 40, ip_address: '127.0.0.1' } : {}),
    }),

    setMyCommands: (ctx) => {
      const raw = typeof ctx.params.commands === 'string' ? JSON.parse(ctx.params.commands) : ctx.params.commands;
      if (!Array.isArray(raw)) throw badRequest('parameter "commands" is required');
      if (raw.length > 100) throw badRequest('BOT_COMMANDS_TOO_MUCH');
      const commands: BotCommand[] = raw.map((c: unknown) => {
        const o = asObject(c);
        const command = asString(o?.command) ?? '';
        const description = asString(o?.description) ?? '';
        if (!/^[a-z0-9_]{1,32}$/.test(command)) throw badRequest('BOT_COMMAND_INVALID');
        if (description.trim() === '') throw badRequest('command description must be non-empty');
        if (description.length > 256) throw badRequest('BOT_COMMAND_DESCRIPTION_INVALID');
        return { command, description };
      });
      checkScope(ctx.params.scope);
      store.myCommands.set(store.commandsKey(ctx.params.scope, ctx.params.language_code), commands);
      return true;
    },

    deleteMyCommands: (ctx) => {
      checkScope(ctx.params.scope);
      store.myCommands.delete(store.commandsKey(ctx.params.scope, ctx.params.language_code));
      return true;
    },

    getMyCommands: (ctx) => store.myCommands.get(store.commandsKey(ctx.params.scope, ctx.params.language_code)) ?? [],

    sendMessage: (ctx) => {
      const p = ctx.params;
      const chat = store.resolveChat(p.chat_id);
      const rawText = asString(p.text);
      const text = checkText(rawText, p.parse_mode, 'text')!;
      const fields: Record<string, unknown> = { text };
      if (Array.isArray(p.entities)) fields.entities = p.entities;
      return botMessage(store, chat, p, fields, `${String(p.parse_mode ?? '')}|${rawText}`);
    },

    editMessageText: (ctx) => {
      const p = ctx.params;
      const rawText = asString(p.text);
      const text = checkText(rawText, p.parse_mode, 'text')!;
      if (p.inline_message_id !== undefined) return true;
      const target = editableMessage(store, p);
      const raw = `${String(p.parse_mode ?? '')}|${rawText}`;
      const markup = asObject(p.reply_markup);
      const oldMarkup = (target.message as { reply_markup?: unknown }).reply_markup;
      if (target.raw === raw && JSON.stringify(markup?.inline_keyboard ?? null) === JSON.stringify((oldMarkup as { inline_keyboard?: unknown } | undefined)?.inline_keyboard ?? null)) {
        throw badRequest(
          'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
        );
      }
      const edited: Record<string, unknown> = { ...target.message, text, edit_date: unixNow() };
      delete edited.entities;
      if (Array.isArray(p.entities)) edited.entities = p.entities;
      delete edited.reply_markup;
      if (markup && Array.isArray(markup.inline_keyboard)) edited.reply_markup = { inline_keyboard: markup.inline_keyboard };
      const message = edited as unknown as Message;
      store.storeMessage(message, true, raw);
      return message;
    },

    editMessageReplyMarkup: (ctx) => {
      const p = ctx.params;
      if (p.inline_message_id !== undefined) return true;
      const target = editableMessage(store, p);
      const markup = asObject(p.reply_markup);
      const next = markup && Array.isArray(markup.inline_keyboard) ? { inline_keyboard: markup.inline_keyboard } : undefined;
      const old = (target.message as { reply_markup?: unknown }).reply_markup;
      if (JSON.stringify(next ?? null) === JSON.stringify(old ?? null)) {
        throw badRequest(
          'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
        );
      }
      const edited: Record<string, unknown> = { ...target.message, edit_date: unixNow() };
      delete edited.reply_markup;
      if (next) edited.reply_markup = next;
      const message = edited as unknown as Message;
      store.storeMessage(message, true, target.raw);
      return message;
    },

    deleteMessage: (ctx) => {
      const chat = store.resolveChat(ctx.params.chat_id);
      const id = asInt(ctx.params.message_id);
      const perChat = store.messages.get(chatKey(chat.id));
      if (id === undefined || !perChat?.has(id)) throw badRequest('message to delete not found');
      perChat.delete(id);
      return true;
    },

    answerCallbackQuery: (ctx) => {
      const id = asString(ctx.params.callback_query_id) ?? '';
      if (!store.openCallbackQueries.delete(id)) {
        throw badRequest('query is too old and response timeout expired or query ID is invalid');
      }
      const text = asString(ctx.params.text);
      if (text !== undefined && text.length > 200) throw badRequest('MESSAGE_TOO_LONG');
      return true;
    },

    sendPhoto: (ctx) => {
      const p = ctx.params;
      const chat = store.resolveChat(p.chat_id);
      const caption = checkText(asString(p.caption), p.parse_mode, 'caption');
      const input = resolveInputFile(store, ctx, 'photo');
      let stored: StoredFile;
      if (input.kind === 'stored') stored = input.file;
      else {
        const bytes = input.kind === 'upload' ? input.file.bytes : Buffer.alloc(0);
        stored = store.registerFile(bytes, 'photos', 'jpg', undefined, 'AgAC');
      }
      const fields: Record<string, unknown> = { photo: photoSizes(store, stored, 1280, 960) };
      if (caption !== undefined) fields.caption = caption;
      return botMessage(store, chat, p, fields, `${String(p.parse_mode ?? '')}|${String(p.caption ?? '')}`);
    },

    // An album: 2–10 photos, each with its own caption; one message per photo, all of one media_group_id.
    sendMediaGroup: (ctx) => {
      const p = ctx.params;
      const chat = store.resolveChat(p.chat_id);
      const media = typeof p.media === 'string' ? (JSON.parse(p.media) as unknown) : p.media;
      if (!Array.isArray(media) || media.length < 2 || media.length > 10) throw badRequest('wrong number of media specified');
      const group = `${Date.now()}${Math.floor(Math.random() * 1e6)}`;
      return media.map((item: Record<string, unknown>) => {
        if (item.type !== 'photo') throw badRequest('wrong media type');
        const ref = String(item.media ?? '');
        const file = (ctx.call.files ?? []).find((f) => `attach://${f.field}` === ref);
        if (!file) throw badRequest('wrong file identifier/HTTP URL specified');
        const stored = store.registerFile(file.bytes, 'photos', 'jpg', undefined, 'AgAC');
        const caption = checkText(asString(item.caption), item.parse_mode, 'caption');
        const fields: Record<string, unknown> = { photo: photoSizes(store, stored, 1280, 960), media_group_id: group };
        if (caption !== undefined) fields.caption = caption;
        return botMessage(store, chat, p, fields, `${String(item.parse_mode ?? '')}|${String(item.caption ?? '')}`);
      });
    },

    sendDocument: (ctx) => {
      const p = ctx.params;
      const chat = store.resolveChat(p.chat_id);
      const caption = checkText(asString(p.caption), p.parse_mode, 'caption');
      const input = resolveInputFile(store, ctx, 'document');
      let stored: StoredFile;
      if (input.kind === 'stored') stored = input.file;
      else {
        const name = input.kind === 'upload' ? input.file.filename : decodeURIComponent(new URL(input.url).pathname.split('/').pop() || 'file');
        const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1] ?? 'dat';
        stored = store.registerFile(input.kind === 'upload' ? input.file.bytes : Buffer.alloc(0), 'documents', ext, undefined, 'BQAC');
        stored.file_name = name;
        stored.mime_type = MIME_BY_EXT[ext.toLowerCase()] ?? 'application/octet-stream';
      }
      const fields: Record<string, unknown> = { document: documentOf(stored) };
      if (caption !== undefined) fields.caption = caption;
      return botMessage(store, chat, p, fields, `${String(p.parse_mode ?? '')}|${String(p.caption ?? '')}`);
    },

    sendChatAction: (ctx) => {
      store.resolveChat(ctx.params.chat_id);
      if (asString(ctx.params.action) === undefined) throw badRequest('parameter "action" is required');
      return true;
    },

    getChat: (ctx) => {
      const chat = store.resolveChat(ctx.params.chat_id);
      return { ...chat, accent_color_id: 0, max_reaction_count: 11 };
    },

    getChatMember: (ctx) => {
      const chat = store.resolveChat(ctx.params.chat_id);
      const userId = asInt(ctx.params.user_id);
      if (userId === undefined) throw badRequest('parameter "user_id" is required');
      const set = store.members.get(`${chatKey(chat.id)}|${userId}`);
      if (set) return set;
      const u = userId === store.botUser.id ? store.botUser : store.users.get(userId) ?? user(userId);
      return { status: 'member', user: u };
    },

    getFile: (ctx) => {
      const id = asString(ctx.params.file_id) ?? '';
      const f = store.files.get(id);
      if (!f) throw badRequest('invalid file_id');
      return { file_id: f.file_id, file_unique_id: f.file_unique_id, file_size: f.bytes.length, file_path: f.file_path };
    },
  };
}

/** Builds and stores a message sent by the bot. */
function botMessage(store: Store, chat: Chat, params: Params, fields: Record<string, unknown>, raw?: string): Message {
  const key = chatKey(chat.id);
  const m: Record<string, unknown> = { message_id: store.nextMessageId(key), from: store.botUser, chat, date: unixNow() };
  const thread = asInt(params.message_thread_id);
  if (thread !== undefined) m.message_thread_id = thread;
  const replyParams = asObject(params.reply_parameters);
  const replyTo = asInt(replyParams?.message_id ?? params.reply_to_message_id);
  if (replyTo !== undefined) {
    const target = store.getMessage(chat.id, replyTo);
    if (target) m.reply_to_message = target;
    else if (replyParams?.allow_sending_without_reply !== true && params.allow_sending_without_reply !== true) {
      throw badRequest('message to be replied not found');
    }
  }
  Object.assign(m, fields);
  const markup = asObject(params.reply_markup);
  if (markup && Array.isArray(markup.inline_keyboard)) m.reply_markup = { inline_keyboard: markup.inline_keyboard };
  const message = m as unknown as Message;
  store.storeMessage(message, true, raw);
  return message;
}

function resolveInputFile(
  store: Store,
  ctx: HandlerCtx,
  param: 'photo' | 'document',
): { kind: 'upload'; file: UploadedFile } | { kind: 'stored'; file: StoredFile } | { kind: 'url'; url: string } {
  const v = ctx.params[param];
  const files = ctx.call.files ?? [];
  if (typeof v === 'string' && v.startsWith('attach://')) {
    const f = files.find((x) => x.field === v.slice('attach://'.length));
    if (!f) throw badRequest(`wrong file identifier/HTTP URL specified`);
    return { kind: 'upload', file: f };
  }
  const direct = files.find((x) => x.field === param);
  if (direct) return { kind: 'upload', file: direct };
  if (v === undefined || v === '') throw badRequest(`there is no ${param} in the request`);
  const s = String(v);
  if (/^https?:\/\//i.test(s)) return { kind: 'url', url: s };
  const stored = store.files.get(s);
  if (!stored) throw badRequest('wrong file identifier/HTTP URL specified');
  return { kind: 'stored', file: stored };
}

function editableMessage(store: Store, p: Params): StoredMessage {
  const chat = store.resolveChat(p.chat_id);
  const id = asInt(p.message_id);
  const stored = id === undefined ? undefined : store.messages.get(chatKey(chat.id))?.get(id);
  if (!stored) throw badRequest('message to edit not found');
  if (!stored.fromBot) throw badRequest("message can't be edited");
  return stored;
}
