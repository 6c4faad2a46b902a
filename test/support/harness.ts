import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Chat, User } from 'grammy/types';
import { pino } from 'pino';
import { startApp, type App } from '../../src/app.ts';
import { parseConfig, type Config } from '../../src/config/index.ts';
import { startFakeTelegram, type FakeTelegram, type MessageInput, type RateLimitOptions } from './fake-telegram/index.ts';

export const TEST_TOKEN = '123456789:TEST-token-for-the-fake-bot-api_0123';

export interface Harness {
  tg: FakeTelegram;
  app: App;
  config: Config;
  /** Sends a message as `from` in `chat` and returns the text of the bot's next message to that chat. */
  say(from: User, chat: Chat, text: string, extra?: Partial<MessageInput>): Promise<string>;
  close(): Promise<void>;
}

/**
 * The real bot, in this process, against a fake Bot API on 127.0.0.1 and a fresh SQLite file
 * (or the given database URL). Set DUBAN_TEST_LOGS=1 to see the bot's logs.
 */
export async function startHarness(
  options: { adminIds?: number[]; databaseUrl?: string; env?: Record<string, string>; now?: () => Date; rateLimit?: RateLimitOptions } = {},
): Promise<Harness> {
  // rateLimit: the fake answers 429 beyond Telegram's flood limits (the sender's own global pacing still applies).
  const tg = await startFakeTelegram(options.rateLimit ? { rateLimit: options.rateLimit } : {});
  const dir = mkdtempSync(join(tmpdir(), 'duban-e2e-'));
  const parsed = parseConfig({
    BOT_TOKEN: TEST_TOKEN,
    TELEGRAM_API_ROOT: tg.apiRoot,
    DATABASE_URL: options.databaseUrl ?? `file:${join(dir, 'duban.db')}`,
    ADMIN_IDS: (options.adminIds ?? []).join(','),
    PORT: '0',
    EVIDENCE_DIR: join(dir, 'evidence'),
    // On the wall clock a test cannot choose the hour: what it expects at once must not wait for the morning.
    // Tests of quiet hours give a clock.
    ...(options.now ? {} : { QUIET_HOURS: 'off' }),
    ...options.env,
  });
  if (!parsed.ok) throw new Error(parsed.error);
  const logger = pino({ level: process.env.DUBAN_TEST_LOGS ? 'debug' : 'silent' });
  // No clock in tests: a test runs the scheduler at the times it chooses.
  // Days pass in seconds here, so per-chat flood limits would only slow the tests; the delivery tests keep them.
  const app = await startApp(parsed.config, {
    logger,
    scheduler: false,
    deliveryLimits: { perChatPerSecond: 1000, perChatPerMinute: 100_000 },
    ...(options.now ? { now: options.now } : {}),
  });
  return {
    tg,
    app,
    config: parsed.config,
    async say(from, chat, text, extra = {}) {
      const call = await tg.pushAndWait(tg.message({ from, chat, ...(text === '' ? {} : { text }), ...extra }));
      return String(call.params.text);
    },
    async close() {
      await app.stop();
      await tg.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The county's chats as the office sets them up: each group bound (`/bind <target>`), then each liaison makes
 * themselves known with a first message in their group and is granted the role there.
 */
export async function setUpChats(
  h: Harness,
  office: User,
  bindings: readonly (readonly [Chat, string])[],
  liaisons: readonly (readonly [User, Chat])[] = [],
): Promise<void> {
  for (const [chat, target] of bindings) {
    const reply = await h.say(office, chat, `/bind ${target}`);
    if (!reply.includes('已绑定')) throw new Error(`binding ${target} failed: ${reply}`);
  }
  for (const [liaison, chat] of liaisons) {
    h.tg.pushUpdate(h.tg.message({ from: liaison, chat, text: '大家好' }));
    const reply = await h.say(office, chat, `/grant @${liaison.username} liaison`);
    if (!reply.includes('联络员')) throw new Error(`granting ${liaison.username} failed: ${reply}`);
  }
}
