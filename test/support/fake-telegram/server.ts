/** The fake's HTTP server on 127.0.0.1: routing, fault injection, and the FakeTelegram a test holds. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BotCommand, ChatMember, Message, Update, User, UserFromGetMe } from 'grammy/types';
import { buildCallbackQuery, buildMessage } from './builders.ts';
import { TelegramError } from './errors.ts';
import { CANONICAL, createHandlers, type Handler, type HandlerCtx, type KnownMethod } from './methods.ts';
import { RateLimiter } from './rate-limit.ts';
import { CallLog } from './recorder.ts';
import { parseParams } from './request.ts';
import { Store } from './store.ts';
import type {
  ApiFailure,
  ApiResponse,
  CallbackQueryInput,
  ChatError,
  FakeTelegram,
  FakeTelegramOptions,
  MessageInput,
  RateLimitOptions,
  RecordedCall,
  RequestHook,
  RequestHookResult,
  RequestInfo,
  SentItem,
  StoredFile,
  UpdateInput,
  WaitOptions,
} from './types.ts';
import { UpdateQueue } from './updates.ts';
import { chatKey } from './values.ts';

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

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const data = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) });
  res.end(data);
}

class FakeTelegramServer implements FakeTelegram {
  apiRoot = '';
  port = 0;
  readonly botUser: UserFromGetMe;
  onRequest: RequestHook | undefined;

  private readonly server: http.Server;
  private readonly expectedToken: string | undefined;
  private readonly seenTokens: string[] = [];
  private closed = false;
  private closing: Promise<void> | undefined;

  private readonly log: CallLog;
  private readonly store: Store;
  private readonly updates: UpdateQueue;
  private readonly rateLimiter: RateLimiter;
  private readonly handlers: Record<KnownMethod, Handler>;

  constructor(options: FakeTelegramOptions) {
    this.expectedToken = options.token;
    this.botUser = { ...DEFAULT_BOT, ...options.botUser };
    this.rateLimiter = new RateLimiter(options.rateLimit);
    this.onRequest = options.onRequest;
    this.log = new CallLog(options.maxRecordedCalls ?? 100_000, () => this.closed);
    this.store = new Store(this.botUser);
    this.updates = new UpdateQueue(this.store);
    this.handlers = createHandlers(this.store, this.updates, () => this.closed);
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
    return this.rateLimiter.tooManyRequests;
  }
  get webhookUrl(): string {
    return this.updates.webhookUrl;
  }

  close(): Promise<void> {
    if (this.closing) return this.closing;
    this.closed = true;
    this.closing = (async () => {
      this.updates.close();
      this.log.close();
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
    return this.log.calls(method);
  }

  clearCalls(): void {
    this.log.clearCalls();
  }

  mark(): number {
    return this.log.mark();
  }

  waitForCall(
    method: string,
    predicateOrOptions?: ((call: RecordedCall) => boolean) | WaitOptions,
    timeoutMs?: number,
  ): Promise<RecordedCall> {
    return this.log.waitForCall(method, predicateOrOptions, timeoutMs);
  }

  sentItems(chatId?: number | string): SentItem[] {
    return this.log.sentItems(chatId);
  }

  sent(chatId?: number | string): string[] {
    return this.log.sent(chatId);
  }

  // ── updates ──

  pushUpdate(input: UpdateInput): Update {
    return this.updates.pushUpdate(input);
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
    return this.updates.pendingUpdates();
  }

  // ── builders bound to chat state ──

  message(input: MessageInput): UpdateInput & { message: NonNullable<Update['message']> } {
    return buildMessage(this.store, input);
  }

  callbackQuery(input: CallbackQueryInput): UpdateInput & { callback_query: NonNullable<Update['callback_query']> } {
    return buildCallbackQuery(this.store, input);
  }

  // ── configuration ──

  failChat(chatId: number | string, error: ChatError): void {
    this.store.failedChats.set(chatKey(chatId), { error_code: error.error_code, description: error.description });
  }

  unfailChat(chatId: number | string): void {
    this.store.failedChats.delete(chatKey(chatId));
  }

  setRateLimit(limit: RateLimitOptions | undefined): void {
    this.rateLimiter.set(limit);
  }

  addFile(fileId: string, bytes: Uint8Array, filePath?: string): StoredFile {
    return this.store.addFile(fileId, bytes, filePath);
  }

  getStoredFile(fileId: string): StoredFile | undefined {
    return this.store.files.get(fileId);
  }

  commands(scope?: { type: string; chat_id?: number | string; user_id?: number }, languageCode = ''): BotCommand[] | undefined {
    return this.store.myCommands.get(this.store.commandsKey(scope, languageCode));
  }

  setChatMember(chatId: number | string, member: { user: User; status: ChatMember['status'] } & Record<string, unknown>): void {
    this.store.setChatMember(chatId, member);
  }

  getMessage(chatId: number | string, messageId: number): Message | undefined {
    return this.store.getMessage(chatId, messageId);
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

    const call: RecordedCall = { seq: this.log.takeSeq(), method, params: {}, at, token };
    this.log.record(call);
    let dropAfterAnswer = false;
    const answer = (response: ApiResponse, status?: number) => {
      if (call.response !== undefined || call.dropped) return;
      call.response = response;
      call.status = status ?? (response.ok ? 200 : response.error_code);
      if (dropAfterAnswer) {
        call.dropped = true;
        req.socket.destroy();
      } else sendJson(res, call.status, response);
      this.log.complete(call);
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
        this.log.complete(call);
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
      this.rateLimiter.check(method, call.params);
      if (call.params.chat_id !== undefined) {
        const failure = this.store.failedChats.get(chatKey(call.params.chat_id));
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
    const call: RecordedCall = { seq: this.log.takeSeq(), method: 'downloadFile', params: { file_path: decoded }, at, token };
    this.log.record(call);
    const f = this.store.filesByPath.get(decoded);
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
    this.log.complete(call);
  }
}

export async function startFakeTelegram(options: FakeTelegramOptions = {}): Promise<FakeTelegram> {
  const server = new FakeTelegramServer(options);
  await server.listen();
  return server;
}
