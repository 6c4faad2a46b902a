/**
 * The fake Bot API's public shapes: options, hooks, the records it keeps of what the bot called and sent,
 * and the FakeTelegram interface a test drives it through.
 */
import type {
  BotCommand,
  Chat,
  ChatMember,
  Message,
  Update,
  User,
  UserFromGetMe,
} from 'grammy/types';

export type Params = Record<string, unknown>;

export interface ApiSuccess<T = unknown> {
  ok: true;
  result: T;
}
export interface ApiFailure {
  ok: false;
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}
export type ApiResponse<T = unknown> = ApiSuccess<T> | ApiFailure;

/** A file received in a multipart/form-data request. */
export interface UploadedFile {
  /** multipart part name (grammY uses a random id and references it as `attach://<id>`) */
  field: string;
  /** the request parameter that references this part (e.g. `document`), if any */
  param?: string;
  filename: string;
  contentType?: string;
  bytes: Buffer;
}

export interface RecordedCall {
  /** global, monotonically increasing sequence number (survives clearCalls); compare with mark() */
  seq: number;
  /** canonical method name (Telegram method names are case-insensitive) */
  method: string;
  params: Params;
  /** Date.now() when the request arrived */
  at: number;
  /** the bot token from the URL */
  token: string;
  files?: UploadedFile[];
  /** undefined while the request is still pending (e.g. a held long poll) or when it was dropped */
  response?: ApiResponse;
  /** HTTP status that was sent */
  status?: number;
  /** true when an onRequest hook dropped the connection (with `acceptThenDrop`, after `response` was made) */
  dropped?: boolean;
}

export interface ChatError {
  error_code: number;
  description: string;
}

/** Common errors for failChat(). */
export const CHAT_ERRORS = {
  kicked: { error_code: 403, description: 'Forbidden: bot was kicked from the group chat' },
  blocked: { error_code: 403, description: 'Forbidden: bot was blocked by the user' },
  notFound: { error_code: 400, description: 'Bad Request: chat not found' },
} as const satisfies Record<string, ChatError>;

export interface RateLimitOptions {
  /** max rate-limited calls (send*, edit*, copy*, forward*; not sendChatAction) per sliding second */
  globalPerSecond?: number;
  /** max rate-limited calls per chat_id per sliding minute */
  perChatPerMinute?: number;
  /** fixed retry_after to report (seconds); default: time until the window frees up, at least 1 */
  retryAfter?: number;
}

export interface RequestInfo {
  seq: number;
  method: string;
  params: Params;
  token: string;
  files?: UploadedFile[];
}

/**
 * Result of an onRequest hook:
 * - `undefined`: handle normally;
 * - `{ reply, status? }`: answer with this body (status defaults to error_code, or 200);
 * - `{ drop: true }`: destroy the connection without answering (simulates a network failure);
 * - `{ delayMs }`: wait, then handle normally;
 * - `{ acceptThenDrop: true }`: handle normally (a send is accepted, stored and counted by `sent()`), then destroy
 *   the connection instead of answering: the client cannot tell this from `{ drop: true }`.
 */
export type RequestHookResult =
  | undefined
  | void
  | { reply: ApiResponse; status?: number }
  | { drop: true }
  | { delayMs: number }
  | { acceptThenDrop: true };
export type RequestHook = (req: RequestInfo) => RequestHookResult | Promise<RequestHookResult>;

export interface FakeTelegramOptions {
  /** if set, requests with another token get 401 Unauthorized; by default any token is accepted */
  token?: string;
  /** overrides for the getMe result */
  botUser?: Partial<UserFromGetMe>;
  rateLimit?: RateLimitOptions;
  /** fault injection hook, called for every API request before it is handled */
  onRequest?: RequestHook;
  /** oldest recorded calls are discarded beyond this (default 100 000) */
  maxRecordedCalls?: number;
}

export interface WaitOptions {
  /** extra predicate */
  where?: (call: RecordedCall) => boolean;
  /** only calls whose params.chat_id equals this (number/string agnostic) */
  chatId?: number | string;
  /** only calls with seq >= since (take it with mark() before triggering the bot); default 0 = any retained call */
  since?: number;
  timeoutMs?: number;
}

export interface StoredFile {
  file_id: string;
  file_unique_id: string;
  file_path: string;
  bytes: Buffer;
  file_name?: string;
  mime_type?: string;
}

/** An update without (or with an explicit) update_id. */
export type UpdateInput = Omit<Update, 'update_id'> & { update_id?: number };

export interface MessageInput {
  from: User;
  /** default: the private chat with `from` */
  chat?: Chat;
  text?: string;
  caption?: string;
  /** message id (in the same chat) or message object this message replies to */
  replyTo?: number | Message;
  photo?: true | { bytes?: Uint8Array; fileId?: string; width?: number; height?: number };
  document?: { bytes?: Uint8Array; fileName?: string; mimeType?: string; fileId?: string };
  /** Date or unix seconds; default now */
  date?: Date | number;
  /** default: next message id in the chat */
  messageId?: number;
  messageThreadId?: number;
}

export interface CallbackQueryInput {
  from: User;
  /** default: the private chat with `from` */
  chat?: Chat;
  /** id of the (bot) message carrying the inline keyboard */
  messageId: number;
  data: string;
}

export interface SentItem {
  seq: number;
  method: string;
  chatId: string;
  text: string;
}

export interface FakeTelegram {
  /** e.g. http://127.0.0.1:40123 — pass as grammY `client.apiRoot` */
  readonly apiRoot: string;
  readonly port: number;
  readonly botUser: UserFromGetMe;
  /** tokens seen in request URLs, in order of first appearance */
  readonly tokens: readonly string[];
  /** number of 429 answers given by the rate limiter */
  readonly tooManyRequests: number;
  /** fault injection hook; may be replaced at any time */
  onRequest: RequestHook | undefined;

  close(): Promise<void>;

  // recorded calls
  calls(method?: string): RecordedCall[];
  clearCalls(): void;
  /** seq that the next recorded call will get; pass as `since` to wait for calls after this point */
  mark(): number;
  /**
   * Resolves with the first matching call (already recorded with seq >= since, or arriving later) once it has
   * been answered — a held getUpdates counts only when it returns. Rejects after timeoutMs (default 5000) with
   * a summary of the calls that were seen.
   */
  waitForCall(method: string, predicate?: (call: RecordedCall) => boolean, timeoutMs?: number): Promise<RecordedCall>;
  waitForCall(method: string, options: WaitOptions): Promise<RecordedCall>;
  /** texts/captions successfully sent (sendMessage, sendPhoto, sendDocument, editMessageText), in order; raw as sent (HTML markup included) */
  sent(chatId?: number | string): string[];
  sentItems(chatId?: number | string): SentItem[];

  // updates
  pushUpdate(update: UpdateInput): Update;
  /** mark(), pushUpdate(), then wait for the next `method` call (default sendMessage) to the update's chat */
  pushAndWait(update: UpdateInput, method?: string, options?: Omit<WaitOptions, 'since'>): Promise<RecordedCall>;
  /** updates queued and not yet confirmed */
  pendingUpdates(): Update[];
  message(input: MessageInput): UpdateInput & { message: NonNullable<Update['message']> };
  callbackQuery(input: CallbackQueryInput): UpdateInput & { callback_query: NonNullable<Update['callback_query']> };

  // state / configuration
  failChat(chatId: number | string, error: ChatError): void;
  unfailChat(chatId: number | string): void;
  setRateLimit(limit: RateLimitOptions | undefined): void;
  addFile(fileId: string, bytes: Uint8Array, filePath?: string): StoredFile;
  getStoredFile(fileId: string): StoredFile | undefined;
  /** what setMyCommands stored for that scope (default scope when omitted) and language ('' = all) */
  commands(scope?: { type: string; chat_id?: number | string; user_id?: number }, languageCode?: string): BotCommand[] | undefined;
  setChatMember(chatId: number | string, member: { user: User; status: ChatMember['status'] } & Record<string, unknown>): void;
  /** a message the fake knows (pushed by a test or sent by the bot) */
  getMessage(chatId: number | string, messageId: number): Message | undefined;
  readonly webhookUrl: string;
}
