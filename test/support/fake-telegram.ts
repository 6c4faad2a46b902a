/**
 * A fake Telegram Bot API server for end-to-end tests and benchmarks.
 *
 * Start it, point grammY at it with `new Bot(token, { client: { apiRoot: tg.apiRoot } })`,
 * push updates, and inspect what the bot called:
 *
 * ```ts
 * const tg = await startFakeTelegram();
 * const alice = user(1001, { first_name: 'Alice' });
 * const since = tg.mark();
 * tg.pushUpdate(tg.message({ from: alice, text: '/start' }));
 * const reply = await tg.waitForCall('sendMessage', { chatId: alice.id, since });
 * await tg.close();
 * ```
 *
 * Behaviour worth knowing:
 * - Every request is recorded (`calls()`), including failed ones; `response` is attached once answered.
 * - `getUpdates` honours offset/limit/timeout. Updates that were already handed out are dropped once
 *   an `offset` above their id confirms them; updates never handed out are always delivered, even when
 *   their id is below the offset, so a test can re-push an update_id deliberately (the fake never dedupes).
 * - A second concurrent `getUpdates` terminates the first with 409 (as Telegram does); `getUpdates`
 *   while a webhook is set answers 409 too.
 * - sendMessage/editMessageText/captions are validated like Telegram: empty text, > 4096 (captions > 1024)
 *   UTF-16 code units after HTML parsing, and malformed `parse_mode: 'HTML'` all answer 400.
 * - Unknown chat ids are accepted (a chat is synthesised) unless `failChat()` was used.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  BotCommand,
  Chat,
  ChatMember,
  Message,
  PhotoSize,
  Update,
  User,
  UserFromGetMe,
} from 'grammy/types';
import { TelegramError, badRequest } from './fake-telegram/errors.ts';
import { checkText } from './fake-telegram/html.ts';
import { parseParams } from './fake-telegram/request.ts';
import { asInt, asObject, asString, chatKey, randomToken, unixNow } from './fake-telegram/values.ts';
import { commandEntities, privateChat, user } from './fake-telegram/builders.ts';
import type {
  ApiFailure,
  ApiResponse,
  CallbackQueryInput,
  ChatError,
  FakeTelegram,
  FakeTelegramOptions,
  MessageInput,
  Params,
  RateLimitOptions,
  RecordedCall,
  RequestHook,
  RequestHookResult,
  RequestInfo,
  SentItem,
  StoredFile,
  UpdateInput,
  UploadedFile,
  WaitOptions,
} from './fake-telegram/types.ts';

export { CHAT_ERRORS } from './fake-telegram/types.ts';
export type * from './fake-telegram/types.ts';
export { commandEntities, group, privateChat, user } from './fake-telegram/builders.ts';

// ───────────────────────────── internals ─────────────────────────────

const DEFAULT_BOT: UserFromGetMe = {
  id: 777000111,
  is_bot: true,
  first_name: 'Duban',
  username: 'duban_test_bot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};

const MAX_POLL_SECONDS = 50;

const RATE_LIMITED = /^(send|edit|copy|forward)/i;

const KNOWN_METHODS = [
  'getMe', 'getUpdates', 'deleteWebhook', 'setWebhook', 'getWebhookInfo', 'setMyCommands', 'deleteMyCommands',
  'getMyCommands', 'sendMessage', 'editMessageText', 'editMessageReplyMarkup', 'deleteMessage', 'answerCallbackQuery',
  'sendPhoto', 'sendDocument', 'sendChatAction', 'getChat', 'getChatMember', 'getFile',
] as const;
type KnownMethod = (typeof KNOWN_METHODS)[number];
const CANONICAL = new Map<string, KnownMethod>(KNOWN_METHODS.map((m) => [m.toLowerCase(), m]));

const MIME_BY_EXT: Record<string, string> = {
  pdf: 'application/pdf', txt: 'text/plain', csv: 'text/csv', json: 'application/json', zip: 'application/zip',
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp',
  doc: 'application/msword', xls: 'application/vnd.ms-excel',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const data = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) });
  res.end(data);
}

interface StoredMessage {
  message: Message;
  fromBot: boolean;
  /** raw text/caption + parse mode as sent, for "message is not modified" */
  raw?: string;
}

interface QueuedUpdate {
  update: Update;
  delivered: boolean;
}

interface PendingPoll {
  limit: number;
  timer: NodeJS.Timeout;
  finish: (resp: ApiResponse, status?: number) => void;
}

interface Waiter {
  method: string;
  since: number;
  match: (c: RecordedCall) => boolean;
  resolve: (c: RecordedCall) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

interface HandlerCtx {
  call: RecordedCall;
  params: Params;
  /** register a callback for when the client goes away before the answer */
  onAbort(cb: () => void): void;
}

// ───────────────────────────── server ─────────────────────────────

class FakeTelegramServer implements FakeTelegram {
  apiRoot = '';
  port = 0;
  readonly botUser: UserFromGetMe;
  onRequest: RequestHook | undefined;
  webhookUrl = '';

  private readonly server: http.Server;
  private readonly expectedToken: string | undefined;
  private readonly maxRecorded: number;
  private readonly seenTokens: string[] = [];
  private recorded: RecordedCall[] = [];
  private nextSeq = 0;
  private waiters = new Set<Waiter>();
  private closed = false;
  private closing: Promise<void> | undefined;

  private queue: QueuedUpdate[] = [];
  private nextUpdateId = 10001;
  private pendingPoll: PendingPoll | undefined;
  private flushScheduled = false;

  private chats = new Map<string, Chat>();
  private users = new Map<number, User>();
  private messages = new Map<string, Map<number, StoredMessage>>();
  private lastMessageId = new Map<string, number>();
  private files = new Map<string, StoredFile>();
  private filesByPath = new Map<string, StoredFile>();
  private fileCounter = 0;
  private myCommands = new Map<string, BotCommand[]>();
  private members = new Map<string, ChatMember>();
  private failedChats = new Map<string, ChatError>();
  private openCallbackQueries = new Set<string>();
  private callbackCounter = 0;

  private rateLimit: RateLimitOptions | undefined;
  private globalWindow: number[] = [];
  private chatWindows = new Map<string, number[]>();
  private tooMany = 0;

  constructor(options: FakeTelegramOptions) {
    this.expectedToken = options.token;
    this.botUser = { ...DEFAULT_BOT, ...options.botUser };
    this.rateLimit = options.rateLimit;
    this.onRequest = options.onRequest;
    this.maxRecorded = options.maxRecordedCalls ?? 100_000;
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        sendJson(res, 500, { ok: false, error_code: 500, description: `Internal Server Error: ${String(err)}` });
      });
    });
    this.server.keepAliveTimeout = 5_000;
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.port = (this.server.address() as AddressInfo).port;
    this.apiRoot = `http://127.0.0.1:${this.port}`;
  }

  get tokens(): readonly string[] {
    return this.seenTokens;
  }
  get tooManyRequests(): number {
    return this.tooMany;
  }

  close(): Promise<void> {
    if (this.closing) return this.closing;
    this.closed = true;
    this.closing = (async () => {
      this.pendingPoll?.finish({ ok: true, result: [] });
      this.pendingPoll = undefined;
      for (const w of this.waiters) {
        clearTimeout(w.timer);
        w.reject(new Error(`fake telegram closed while waiting for ${w.method}`));
      }
      this.waiters.clear();
      await new Promise<void>((resolve) => setImmediate(resolve)); // let answered polls flush
      await new Promise<void>((resolve) => {
        this.server.close(() => resolve());
        this.server.closeAllConnections();
      });
    })();
    return this.closing;
  }

  // ── recording ──

  calls(method?: string): RecordedCall[] {
    return method === undefined ? [...this.recorded] : this.recorded.filter((c) => c.method === method);
  }

  clearCalls(): void {
    this.recorded = [];
  }

  mark(): number {
    return this.nextSeq;
  }

  waitForCall(
    method: string,
    predicateOrOptions?: ((call: RecordedCall) => boolean) | WaitOptions,
    timeoutMs?: number,
  ): Promise<RecordedCall> {
    const opts: WaitOptions =
      typeof predicateOrOptions === 'function' ? { where: predicateOrOptions } : { ...predicateOrOptions };
    const timeout = timeoutMs ?? opts.timeoutMs ?? 5000;
    const since = opts.since ?? 0;
    const chat = opts.chatId === undefined ? undefined : chatKey(opts.chatId);
    const match = (c: RecordedCall) =>
      (chat === undefined || chatKey(c.params.chat_id) === chat) && (opts.where === undefined || opts.where(c));
    for (const c of this.recorded) {
      if (c.method === method && c.seq >= since && this.isDone(c) && match(c)) return Promise.resolve(c);
    }
    if (this.closed) return Promise.reject(new Error('fake telegram is closed'));
    return new Promise<RecordedCall>((resolve, reject) => {
      const waiter: Waiter = {
        method,
        since,
        match,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          const recent = this.calls(method)
            .slice(-5)
            .map((c) => `#${c.seq} ${JSON.stringify(c.params).slice(0, 200)} -> ${JSON.stringify(c.response)?.slice(0, 120)}`);
          reject(
            new Error(
              `waitForCall('${method}'${chat !== undefined ? `, chat ${chat}` : ''}, since ${since}) timed out after ${timeout}ms.` +
                ` Last ${method} calls:\n${recent.join('\n') || '(none)'}\nAll methods seen: ${[...new Set(this.recorded.map((c) => c.method))].join(', ')}`,
            ),
          );
        }, timeout),
      };
      this.waiters.add(waiter);
    });
  }

  sentItems(chatId?: number | string): SentItem[] {
    const chat = chatId === undefined ? undefined : chatKey(chatId);
    const out: SentItem[] = [];
    for (const c of this.recorded) {
      if (c.response?.ok !== true) continue;
      let text: string | undefined;
      if (c.method === 'sendMessage' || c.method === 'editMessageText') text = asString(c.params.text);
      else if (c.method === 'sendPhoto' || c.method === 'sendDocument') text = asString(c.params.caption);
      if (text === undefined) continue;
      const key = c.params.chat_id === undefined ? '' : chatKey(c.params.chat_id);
      if (chat !== undefined && key !== chat) continue;
      out.push({ seq: c.seq, method: c.method, chatId: key, text });
    }
    return out;
  }

  sent(chatId?: number | string): string[] {
    return this.sentItems(chatId).map((s) => s.text);
  }

  private isDone(c: RecordedCall): boolean {
    return c.response !== undefined || c.dropped === true;
  }

  private record(call: RecordedCall): void {
    this.recorded.push(call);
    // trim in chunks so benchmarks don't pay an O(n) splice per request
    if (this.recorded.length > this.maxRecorded + Math.max(1, this.maxRecorded >> 4)) {
      this.recorded.splice(0, this.recorded.length - this.maxRecorded);
    }
  }

  private complete(call: RecordedCall): void {
    for (const w of this.waiters) {
      if (w.method === call.method && call.seq >= w.since && w.match(call)) {
        clearTimeout(w.timer);
        this.waiters.delete(w);
        w.resolve(call);
      }
    }
  }

  // ── updates ──

  pushUpdate(input: UpdateInput): Update {
    const update = { ...input, update_id: input.update_id ?? this.nextUpdateId } as Update;
    this.nextUpdateId = Math.max(this.nextUpdateId, update.update_id + 1);
    this.learnFromUpdate(update);
    this.queue.push({ update, delivered: false });
    this.scheduleFlush();
    return update;
  }

  async pushAndWait(update: UpdateInput, method = 'sendMessage', options: Omit<WaitOptions, 'since'> = {}): Promise<RecordedCall> {
    const since = this.mark();
    const pushed = this.pushUpdate(update);
    const chat =
      pushed.message?.chat ?? pushed.edited_message?.chat ?? pushed.callback_query?.message?.chat ?? pushed.my_chat_member?.chat;
    const waitOpts: WaitOptions = { ...options, since };
    if (waitOpts.chatId === undefined && chat !== undefined) waitOpts.chatId = chat.id;
    return this.waitForCall(method, waitOpts);
  }

  pendingUpdates(): Update[] {
    return this.queue.map((q) => q.update);
  }

  private learnFromUpdate(u: Update): void {
    const msgs = [u.message, u.edited_message, u.channel_post, u.edited_channel_post];
    for (const m of msgs) {
      if (!m) continue;
      this.rememberChat(m.chat);
      if (m.from) this.users.set(m.from.id, m.from);
      this.storeMessage(m, false);
    }
    if (u.callback_query) {
      this.users.set(u.callback_query.from.id, u.callback_query.from);
      this.openCallbackQueries.add(u.callback_query.id);
      const m = u.callback_query.message;
      if (m) this.rememberChat(m.chat);
    }
    if (u.my_chat_member) this.rememberChat(u.my_chat_member.chat);
    if (u.chat_member) this.rememberChat(u.chat_member.chat);
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    queueMicrotask(() => {
      this.flushScheduled = false;
      const poll = this.pendingPoll;
      if (!poll || this.queue.length === 0) return;
      this.pendingPoll = undefined;
      poll.finish({ ok: true, result: this.takeUpdates(poll.limit) });
    });
  }

  private takeUpdates(limit: number): Update[] {
    const batch = this.queue.slice(0, limit);
    for (const q of batch) q.delivered = true;
    return batch.map((q) => q.update);
  }

  private confirmOffset(offset: number): void {
    if (offset > 0) this.queue = this.queue.filter((q) => !(q.delivered && q.update.update_id < offset));
    else if (offset < 0) this.queue = this.queue.slice(offset);
  }

  // ── builders bound to chat state ──

  message(input: MessageInput): UpdateInput & { message: NonNullable<Update['message']> } {
    const chat = input.chat ?? privateChat(input.from);
    const key = chatKey(chat.id);
    const message_id = input.messageId ?? this.nextMessageId(key);
    if (input.messageId !== undefined) this.lastMessageId.set(key, Math.max(this.lastMessageId.get(key) ?? 0, input.messageId));
    const date = input.date === undefined ? unixNow() : input.date instanceof Date ? Math.floor(input.date.getTime() / 1000) : input.date;
    const m: Record<string, unknown> = { message_id, from: input.from, chat, date };
    if (input.messageThreadId !== undefined) m.message_thread_id = input.messageThreadId;
    if (input.replyTo !== undefined) {
      m.reply_to_message =
        typeof input.replyTo === 'number'
          ? this.getMessage(chat.id, input.replyTo) ?? { message_id: input.replyTo, chat, date, from: this.botUser, text: '' }
          : input.replyTo;
    }
    if (input.text !== undefined) {
      m.text = input.text;
      const e = commandEntities(input.text);
      if (e) m.entities = e;
    }
    if (input.photo !== undefined) {
      const p = input.photo === true ? {} : input.photo;
      const stored = this.registerFile(p.bytes ?? Buffer.from('fake-jpeg'), 'photos', 'jpg', p.fileId, 'AgAC');
      m.photo = this.photoSizes(stored, p.width ?? 1280, p.height ?? 960);
    }
    if (input.document !== undefined) {
      const d = input.document;
      const fileName = d.fileName ?? 'document.dat';
      const ext = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1] ?? 'dat';
      const stored = this.registerFile(d.bytes ?? Buffer.from('fake-document'), 'documents', ext, d.fileId, 'BQAC');
      stored.file_name = fileName;
      stored.mime_type = d.mimeType ?? MIME_BY_EXT[ext.toLowerCase()] ?? 'application/octet-stream';
      m.document = this.documentOf(stored);
    }
    if (input.caption !== undefined) {
      m.caption = input.caption;
      const e = commandEntities(input.caption);
      if (e) m.caption_entities = e;
    }
    return { message: m as unknown as NonNullable<Update['message']> };
  }

  callbackQuery(input: CallbackQueryInput): UpdateInput & { callback_query: NonNullable<Update['callback_query']> } {
    const chat = input.chat ?? privateChat(input.from);
    const message =
      this.getMessage(chat.id, input.messageId) ??
      ({ message_id: input.messageId, from: this.botUser, chat, date: unixNow(), text: '' } as unknown as Message);
    this.callbackCounter++;
    const id = String(BigInt(Math.abs(input.from.id)) * 1_000_000n + BigInt(this.callbackCounter));
    return {
      callback_query: {
        id,
        from: input.from,
        message,
        chat_instance: String(BigInt(Math.abs(chat.id)) * 7919n + 13n),
        data: input.data,
      },
    };
  }

  // ── configuration ──

  failChat(chatId: number | string, error: ChatError): void {
    this.failedChats.set(chatKey(chatId), { error_code: error.error_code, description: error.description });
  }

  unfailChat(chatId: number | string): void {
    this.failedChats.delete(chatKey(chatId));
  }

  setRateLimit(limit: RateLimitOptions | undefined): void {
    this.rateLimit = limit;
    this.globalWindow = [];
    this.chatWindows.clear();
  }

  addFile(fileId: string, bytes: Uint8Array, filePath?: string): StoredFile {
    const existing = this.files.get(fileId);
    if (existing) this.filesByPath.delete(existing.file_path);
    this.fileCounter++;
    const f: StoredFile = {
      file_id: fileId,
      file_unique_id: `AQAD${randomToken(12)}`,
      file_path: filePath ?? `documents/file_${this.fileCounter}.dat`,
      bytes: Buffer.from(bytes),
    };
    this.files.set(fileId, f);
    this.filesByPath.set(f.file_path, f);
    return f;
  }

  getStoredFile(fileId: string): StoredFile | undefined {
    return this.files.get(fileId);
  }

  commands(scope?: { type: string; chat_id?: number | string; user_id?: number }, languageCode = ''): BotCommand[] | undefined {
    return this.myCommands.get(this.commandsKey(scope, languageCode));
  }

  setChatMember(chatId: number | string, member: { user: User; status: ChatMember['status'] } & Record<string, unknown>): void {
    const defaults: Record<string, unknown> =
      member.status === 'administrator'
        ? {
            can_be_edited: false, is_anonymous: false, can_manage_chat: true, can_delete_messages: true,
            can_manage_video_chats: true, can_restrict_members: true, can_promote_members: false, can_change_info: true,
            can_invite_users: true, can_post_stories: false, can_edit_stories: false, can_delete_stories: false,
            can_pin_messages: true, can_manage_topics: false,
          }
        : member.status === 'creator'
          ? { is_anonymous: false }
          : {};
    this.users.set(member.user.id, member.user);
    this.members.set(`${chatKey(chatId)}|${member.user.id}`, { ...defaults, ...member } as unknown as ChatMember);
  }

  getMessage(chatId: number | string, messageId: number): Message | undefined {
    return this.messages.get(chatKey(chatId))?.get(messageId)?.message;
  }

  // ── chat/message/file state helpers ──

  private rememberChat(chat: Chat): void {
    this.chats.set(chatKey(chat.id), chat);
  }

  private resolveChat(chatId: unknown): Chat {
    if (chatId === undefined || chatId === null || chatId === '') throw badRequest('chat_id is empty');
    const key = chatKey(chatId);
    const known = this.chats.get(key);
    if (known) return known;
    if (key.startsWith('@')) {
      for (const c of this.chats.values()) if ('username' in c && c.username?.toLowerCase() === key.slice(1)) return c;
      throw badRequest('chat not found');
    }
    const id = Number(key);
    if (!Number.isSafeInteger(id) || id === 0) throw badRequest('chat not found');
    const chat: Chat =
      id > 0
        ? { id, type: 'private', first_name: this.users.get(id)?.first_name ?? `User${id}` }
        : { id, type: 'supergroup', title: `Group ${id}` };
    this.rememberChat(chat);
    return chat;
  }

  private nextMessageId(key: string): number {
    const n = (this.lastMessageId.get(key) ?? 0) + 1;
    this.lastMessageId.set(key, n);
    return n;
  }

  private storeMessage(message: Message, fromBot: boolean, raw?: string): void {
    const key = chatKey(message.chat.id);
    let perChat = this.messages.get(key);
    if (!perChat) this.messages.set(key, (perChat = new Map()));
    const stored: StoredMessage = { message, fromBot };
    if (raw !== undefined) stored.raw = raw;
    perChat.set(message.message_id, stored);
    this.lastMessageId.set(key, Math.max(this.lastMessageId.get(key) ?? 0, message.message_id));
  }

  private registerFile(bytes: Uint8Array, dir: string, ext: string, fileId?: string, prefix = 'BQAC'): StoredFile {
    this.fileCounter++;
    const id = fileId ?? `${prefix}AgADAQADAgAD${randomToken(24)}${this.fileCounter}`;
    const f = this.addFile(id, bytes, `${dir}/file_${this.fileCounter}.${ext}`);
    return f;
  }

  private photoSizes(f: StoredFile, width: number, height: number): PhotoSize[] {
    const scale = Math.min(1, 90 / Math.max(width, height));
    const thumbId = `${f.file_id}_s`;
    if (!this.files.has(thumbId)) this.addFile(thumbId, f.bytes, `${f.file_path.replace(/(\.[^.]+)?$/, '_s$1')}`);
    const thumb = this.files.get(thumbId)!;
    return [
      { file_id: thumb.file_id, file_unique_id: thumb.file_unique_id, width: Math.round(width * scale), height: Math.round(height * scale), file_size: thumb.bytes.length },
      { file_id: f.file_id, file_unique_id: f.file_unique_id, width, height, file_size: f.bytes.length },
    ];
  }

  private documentOf(f: StoredFile): Record<string, unknown> {
    const d: Record<string, unknown> = { file_id: f.file_id, file_unique_id: f.file_unique_id, file_size: f.bytes.length };
    if (f.file_name !== undefined) d.file_name = f.file_name;
    if (f.mime_type !== undefined) d.mime_type = f.mime_type;
    return d;
  }

  private commandsKey(scope: unknown, languageCode: unknown): string {
    const s = asObject(scope) ?? { type: 'default' };
    const parts = [String(s.type ?? 'default')];
    if (s.chat_id !== undefined) parts.push(`chat=${chatKey(s.chat_id)}`);
    if (s.user_id !== undefined) parts.push(`user=${String(s.user_id)}`);
    return `${parts.join(',')}|${asString(languageCode) ?? ''}`;
  }

  /** Builds and stores a message sent by the bot. */
  private botMessage(chat: Chat, params: Params, fields: Record<string, unknown>, raw?: string): Message {
    const key = chatKey(chat.id);
    const m: Record<string, unknown> = { message_id: this.nextMessageId(key), from: this.botUser, chat, date: unixNow() };
    const thread = asInt(params.message_thread_id);
    if (thread !== undefined) m.message_thread_id = thread;
    const replyParams = asObject(params.reply_parameters);
    const replyTo = asInt(replyParams?.message_id ?? params.reply_to_message_id);
    if (replyTo !== undefined) {
      const target = this.getMessage(chat.id, replyTo);
      if (target) m.reply_to_message = target;
      else if (replyParams?.allow_sending_without_reply !== true && params.allow_sending_without_reply !== true) {
        throw badRequest('message to be replied not found');
      }
    }
    Object.assign(m, fields);
    const markup = asObject(params.reply_markup);
    if (markup && Array.isArray(markup.inline_keyboard)) m.reply_markup = { inline_keyboard: markup.inline_keyboard };
    const message = m as unknown as Message;
    this.storeMessage(message, true, raw);
    return message;
  }

  private resolveInputFile(
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
    const stored = this.files.get(s);
    if (!stored) throw badRequest('wrong file identifier/HTTP URL specified');
    return { kind: 'stored', file: stored };
  }

  // ── rate limiting ──

  private checkRateLimit(method: string, params: Params): void {
    const rl = this.rateLimit;
    if (!rl || !RATE_LIMITED.test(method) || method === 'sendChatAction') return;
    const now = Date.now();
    const tooMany = (windowStart: number, windowMs: number): never => {
      const retry = rl.retryAfter ?? Math.max(1, Math.ceil((windowStart + windowMs - now) / 1000));
      this.tooMany++;
      throw new TelegramError(429, `Too Many Requests: retry after ${retry}`, { retry_after: retry });
    };
    if (rl.globalPerSecond !== undefined) {
      while (this.globalWindow.length > 0 && this.globalWindow[0]! <= now - 1000) this.globalWindow.shift();
      if (this.globalWindow.length >= rl.globalPerSecond) tooMany(this.globalWindow[0] ?? now, 1000);
    }
    let chatWindow: number[] | undefined;
    if (rl.perChatPerMinute !== undefined && params.chat_id !== undefined) {
      const key = chatKey(params.chat_id);
      chatWindow = this.chatWindows.get(key);
      if (!chatWindow) this.chatWindows.set(key, (chatWindow = []));
      while (chatWindow.length > 0 && chatWindow[0]! <= now - 60_000) chatWindow.shift();
      if (chatWindow.length >= rl.perChatPerMinute) tooMany(chatWindow[0] ?? now, 60_000);
    }
    if (rl.globalPerSecond !== undefined) this.globalWindow.push(now);
    chatWindow?.push(now);
  }

  // ── HTTP ──

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const at = Date.now();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const fileRoute = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (fileRoute && (req.method === 'GET' || req.method === 'HEAD')) {
      this.serveFile(res, fileRoute[1]!, fileRoute[2]!, at);
      return;
    }
    const route = /^\/bot([^/]+)\/([A-Za-z0-9_]+)\/?$/.exec(url.pathname);
    if (!route) {
      sendJson(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
      return;
    }
    const token = decodeURIComponent(route[1]!);
    const rawMethod = route[2]!;
    const method: string = CANONICAL.get(rawMethod.toLowerCase()) ?? rawMethod;
    if (!this.seenTokens.includes(token)) this.seenTokens.push(token);

    const call: RecordedCall = { seq: this.nextSeq++, method, params: {}, at, token };
    this.record(call);
    let dropAfterAnswer = false;
    const answer = (response: ApiResponse, status?: number) => {
      if (call.response !== undefined || call.dropped) return;
      call.response = response;
      call.status = status ?? (response.ok ? 200 : response.error_code);
      if (dropAfterAnswer) {
        call.dropped = true;
        req.socket.destroy();
      } else sendJson(res, call.status, response);
      this.complete(call);
    };
    const fail = (err: unknown) => {
      if (err instanceof TelegramError) {
        const body: ApiFailure = { ok: false, error_code: err.error_code, description: err.description };
        if (err.parameters) body.parameters = err.parameters;
        answer(body);
      } else {
        answer({ ok: false, error_code: 500, description: `Internal Server Error: ${err instanceof Error ? err.message : String(err)}` });
      }
    };

    try {
      const parsed = await parseParams(req, url);
      call.params = parsed.params;
      if (parsed.files) call.files = parsed.files;
    } catch (err) {
      fail(err);
      return;
    }

    if (this.expectedToken !== undefined && token !== this.expectedToken) {
      answer({ ok: false, error_code: 401, description: 'Unauthorized' });
      return;
    }

    if (this.onRequest) {
      const info: RequestInfo = { seq: call.seq, method, params: call.params, token };
      if (call.files) info.files = call.files;
      let hook: RequestHookResult;
      try {
        hook = await this.onRequest(info);
      } catch (err) {
        fail(err);
        return;
      }
      if (hook && 'drop' in hook) {
        call.dropped = true;
        req.socket.destroy();
        this.complete(call);
        return;
      }
      if (hook && 'reply' in hook) {
        answer(hook.reply, hook.status);
        return;
      }
      if (hook && 'delayMs' in hook) await new Promise((r) => setTimeout(r, Math.min(hook.delayMs, 60_000)));
      if (hook && 'acceptThenDrop' in hook) dropAfterAnswer = true;
    }

    const handler = CANONICAL.has(method.toLowerCase()) ? this.handlers[method as KnownMethod] : undefined;
    if (!handler) {
      answer({ ok: false, error_code: 404, description: 'Not Found: method not found' });
      return;
    }
    const aborters: Array<() => void> = [];
    res.on('close', () => {
      if (call.response === undefined) for (const a of aborters) a();
    });
    const ctx: HandlerCtx = { call, params: call.params, onAbort: (cb) => aborters.push(cb) };
    try {
      this.checkRateLimit(method, call.params);
      if (call.params.chat_id !== undefined) {
        const failure = this.failedChats.get(chatKey(call.params.chat_id));
        if (failure) throw new TelegramError(failure.error_code, failure.description);
      }
      const result = await handler(ctx);
      answer({ ok: true, result });
    } catch (err) {
      fail(err);
    }
  }

  private serveFile(res: http.ServerResponse, token: string, filePath: string, at: number): void {
    let decoded = filePath;
    try {
      decoded = decodeURIComponent(filePath);
    } catch {
      /* keep raw */
    }
    const call: RecordedCall = { seq: this.nextSeq++, method: 'downloadFile', params: { file_path: decoded }, at, token };
    this.record(call);
    const f = this.filesByPath.get(decoded);
    if (!f || (this.expectedToken !== undefined && token !== this.expectedToken)) {
      call.response = { ok: false, error_code: 404, description: 'Not Found' };
      call.status = 404;
      sendJson(res, 404, call.response);
    } else {
      call.response = { ok: true, result: { file_path: decoded, size: f.bytes.length } };
      call.status = 200;
      res.writeHead(200, { 'content-type': f.mime_type ?? 'application/octet-stream', 'content-length': f.bytes.length });
      res.end(f.bytes);
    }
    this.complete(call);
  }

  // ── method handlers ──

  private readonly handlers: Record<KnownMethod, (ctx: HandlerCtx) => unknown> = {
    getMe: () => this.botUser,

    getUpdates: (ctx) => {
      if (this.webhookUrl !== '') {
        throw new TelegramError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
      }
      const p = ctx.params;
      this.confirmOffset(asInt(p.offset) ?? 0);
      const limit = Math.min(100, Math.max(1, asInt(p.limit) ?? 100));
      const timeout = Math.min(MAX_POLL_SECONDS, Math.max(0, asInt(p.timeout) ?? 0));
      if (this.pendingPoll) {
        const old = this.pendingPoll;
        this.pendingPoll = undefined;
        old.finish({
          ok: false,
          error_code: 409,
          description: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
        });
      }
      const batch = this.takeUpdates(limit);
      if (batch.length > 0 || timeout === 0 || this.closed) return batch;
      return new Promise<unknown>((resolve, reject) => {
        const poll: PendingPoll = {
          limit,
          timer: setTimeout(() => {
            if (this.pendingPoll === poll) this.pendingPoll = undefined;
            resolve([]);
          }, timeout * 1000),
          finish: (resp) => {
            clearTimeout(poll.timer);
            if (resp.ok) resolve(resp.result);
            else reject(new TelegramError(resp.error_code, resp.description));
          },
        };
        this.pendingPoll = poll;
        ctx.onAbort(() => {
          clearTimeout(poll.timer);
          if (this.pendingPoll === poll) this.pendingPoll = undefined;
        });
      });
    },

    deleteWebhook: (ctx) => {
      this.webhookUrl = '';
      if (ctx.params.drop_pending_updates === true) this.queue = [];
      return true;
    },

    setWebhook: (ctx) => {
      const url = asString(ctx.params.url) ?? '';
      if (url !== '' && !/^https:\/\//i.test(url)) throw badRequest('bad webhook: An HTTPS URL must be provided for webhook');
      this.webhookUrl = url;
      if (ctx.params.drop_pending_updates === true) this.queue = [];
      return true;
    },

    getWebhookInfo: () => ({
      url: this.webhookUrl,
      has_custom_certificate: false,
      pending_update_count: this.queue.length,
      ...(this.webhookUrl !== '' ? { max_connections: 40, ip_address: '127.0.0.1' } : {}),
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
      this.myCommands.set(this.commandsKey(ctx.params.scope, ctx.params.language_code), commands);
      return true;
    },

    deleteMyCommands: (ctx) => {
      this.myCommands.delete(this.commandsKey(ctx.params.scope, ctx.params.language_code));
      return true;
    },

    getMyCommands: (ctx) => this.myCommands.get(this.commandsKey(ctx.params.scope, ctx.params.language_code)) ?? [],

    sendMessage: (ctx) => {
      const p = ctx.params;
      const chat = this.resolveChat(p.chat_id);
      const rawText = asString(p.text);
      const text = checkText(rawText, p.parse_mode, 'text')!;
      const fields: Record<string, unknown> = { text };
      if (Array.isArray(p.entities)) fields.entities = p.entities;
      return this.botMessage(chat, p, fields, `${String(p.parse_mode ?? '')}|${rawText}`);
    },

    editMessageText: (ctx) => {
      const p = ctx.params;
      const rawText = asString(p.text);
      const text = checkText(rawText, p.parse_mode, 'text')!;
      if (p.inline_message_id !== undefined) return true;
      const target = this.editableMessage(p);
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
      this.storeMessage(message, true, raw);
      return message;
    },

    editMessageReplyMarkup: (ctx) => {
      const p = ctx.params;
      if (p.inline_message_id !== undefined) return true;
      const target = this.editableMessage(p);
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
      this.storeMessage(message, true, target.raw);
      return message;
    },

    deleteMessage: (ctx) => {
      const chat = this.resolveChat(ctx.params.chat_id);
      const id = asInt(ctx.params.message_id);
      const perChat = this.messages.get(chatKey(chat.id));
      if (id === undefined || !perChat?.has(id)) throw badRequest('message to delete not found');
      perChat.delete(id);
      return true;
    },

    answerCallbackQuery: (ctx) => {
      const id = asString(ctx.params.callback_query_id) ?? '';
      if (!this.openCallbackQueries.delete(id)) {
        throw badRequest('query is too old and response timeout expired or query ID is invalid');
      }
      const text = asString(ctx.params.text);
      if (text !== undefined && text.length > 200) throw badRequest('MESSAGE_TOO_LONG');
      return true;
    },

    sendPhoto: (ctx) => {
      const p = ctx.params;
      const chat = this.resolveChat(p.chat_id);
      const caption = checkText(asString(p.caption), p.parse_mode, 'caption');
      const input = this.resolveInputFile(ctx, 'photo');
      let stored: StoredFile;
      if (input.kind === 'stored') stored = input.file;
      else {
        const bytes = input.kind === 'upload' ? input.file.bytes : Buffer.alloc(0);
        stored = this.registerFile(bytes, 'photos', 'jpg', undefined, 'AgAC');
      }
      const fields: Record<string, unknown> = { photo: this.photoSizes(stored, 1280, 960) };
      if (caption !== undefined) fields.caption = caption;
      return this.botMessage(chat, p, fields, `${String(p.parse_mode ?? '')}|${String(p.caption ?? '')}`);
    },

    sendDocument: (ctx) => {
      const p = ctx.params;
      const chat = this.resolveChat(p.chat_id);
      const caption = checkText(asString(p.caption), p.parse_mode, 'caption');
      const input = this.resolveInputFile(ctx, 'document');
      let stored: StoredFile;
      if (input.kind === 'stored') stored = input.file;
      else {
        const name = input.kind === 'upload' ? input.file.filename : decodeURIComponent(new URL(input.url).pathname.split('/').pop() || 'file');
        const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1] ?? 'dat';
        stored = this.registerFile(input.kind === 'upload' ? input.file.bytes : Buffer.alloc(0), 'documents', ext, undefined, 'BQAC');
        stored.file_name = name;
        stored.mime_type = MIME_BY_EXT[ext.toLowerCase()] ?? 'application/octet-stream';
      }
      const fields: Record<string, unknown> = { document: this.documentOf(stored) };
      if (caption !== undefined) fields.caption = caption;
      return this.botMessage(chat, p, fields, `${String(p.parse_mode ?? '')}|${String(p.caption ?? '')}`);
    },

    sendChatAction: (ctx) => {
      this.resolveChat(ctx.params.chat_id);
      if (asString(ctx.params.action) === undefined) throw badRequest('parameter "action" is required');
      return true;
    },

    getChat: (ctx) => {
      const chat = this.resolveChat(ctx.params.chat_id);
      return { ...chat, accent_color_id: 0, max_reaction_count: 11 };
    },

    getChatMember: (ctx) => {
      const chat = this.resolveChat(ctx.params.chat_id);
      const userId = asInt(ctx.params.user_id);
      if (userId === undefined) throw badRequest('parameter "user_id" is required');
      const set = this.members.get(`${chatKey(chat.id)}|${userId}`);
      if (set) return set;
      const u = userId === this.botUser.id ? this.botUser : this.users.get(userId) ?? user(userId);
      return { status: 'member', user: u };
    },

    getFile: (ctx) => {
      const id = asString(ctx.params.file_id) ?? '';
      const f = this.files.get(id);
      if (!f) throw badRequest('invalid file_id');
      return { file_id: f.file_id, file_unique_id: f.file_unique_id, file_size: f.bytes.length, file_path: f.file_path };
    },
  };

  private editableMessage(p: Params): StoredMessage {
    const chat = this.resolveChat(p.chat_id);
    const id = asInt(p.message_id);
    const stored = id === undefined ? undefined : this.messages.get(chatKey(chat.id))?.get(id);
    if (!stored) throw badRequest('message to edit not found');
    if (!stored.fromBot) throw badRequest("message can't be edited");
    return stored;
  }
}

export async function startFakeTelegram(options: FakeTelegramOptions = {}): Promise<FakeTelegram> {
  const server = new FakeTelegramServer(options);
  await server.listen();
  return server;
}
