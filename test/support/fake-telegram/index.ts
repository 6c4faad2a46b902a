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
export { group, privateChat, user } from './builders.ts';
export { startFakeTelegram } from './server.ts';
export { CHAT_ERRORS } from './types.ts';
export type {
  FakeTelegram,
  FakeTelegramOptions,
  MessageInput,
  Params,
  RateLimitOptions,
  RecordedCall,
  UpdateInput,
} from './types.ts';
