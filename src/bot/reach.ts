import { GrammyError, type Api, type Bot } from 'grammy';
import type { Logger } from '../logger.ts';
import type { BotContext } from './context.ts';

export const DEFAULT_API_ROOT = 'https://api.telegram.org';

/** Each try of getMe is given this long: a blackholed address never answers at all. */
const TRY_TIMEOUT_MS = 10_000;
const MAX_WAIT_S = 60;

/** What a start stopped by a signal rejects with: not a failure, the process exits 0. */
export class StartAborted extends Error {
  override readonly name = 'StartAborted';
}

/**
 * The bot's getMe, waiting for Telegram as long as it takes: a network failure, a timeout or a 5xx is
 * logged as one line naming the API root, then tried again after 1, 2, 4 … 60 s. Telegram refusing the token
 * (401, 404) is not waited out: it is thrown, one clear line. A stop (the signal) ends the wait at once.
 * Each try is one request on `api`, an Api without auto-retry: the bot's own would spend the try's time
 * in retries of its own and report only that it was aborted.
 */
export async function initWhenReachable(bot: Bot<BotContext>, api: Api, apiRoot: string, logger: Logger, signal?: AbortSignal): Promise<void> {
  for (let waitS = 1; ; waitS = Math.min(MAX_WAIT_S, waitS * 2)) {
    if (signal?.aborted) throw new StartAborted('stopped before the bot started');
    try {
      const attempt = signal ? AbortSignal.any([signal, AbortSignal.timeout(TRY_TIMEOUT_MS)]) : AbortSignal.timeout(TRY_TIMEOUT_MS);
      // grammY's Node build types its signal with the abort-controller shim; it only listens for 'abort'.
      bot.botInfo = await api.getMe(attempt as unknown as Parameters<Api['getMe']>[0]);
      return;
    } catch (error) {
      if (signal?.aborted) throw new StartAborted('stopped before the bot started');
      if (error instanceof GrammyError && error.error_code < 500 && error.error_code !== 429) {
        throw new Error(`the Telegram Bot API at ${apiRoot} refused the bot token (${error.error_code}: ${error.description}); check BOT_TOKEN`);
      }
      logger.warn({ apiRoot, retryInSeconds: waitS, err: oneLine(error) }, `cannot reach the Telegram Bot API at ${apiRoot} (retrying in ${waitS} s)`);
      await pause(waitS * 1000, signal);
    }
  }
}

/**
 * Why long polling stopped for good, in one line: grammY's runner gives up on 409 (another process polls with
 * this token) and 401 (the token was revoked).
 */
export function pollingStopped(error: unknown): string {
  if (error instanceof GrammyError && error.error_code === 409) {
    return 'another process is polling Telegram with this bot token (409 Conflict): long polling is one instance only; to run several instances, set WEBHOOK_URL';
  }
  if (error instanceof GrammyError && error.error_code === 401) {
    return 'Telegram no longer accepts the bot token (401 Unauthorized): polling stopped; check BOT_TOKEN';
  }
  return `polling stopped: ${oneLine(error)}`;
}

/** A failed call to the Bot API in one line, without a stack. */
export function oneLine(error: unknown): string {
  if (error instanceof GrammyError) return `${error.error_code}: ${error.description}`;
  if (error instanceof Error) {
    const cause = (error as { error?: unknown }).error;
    const code = typeof cause === 'object' && cause !== null ? (cause as { code?: unknown }).code : undefined;
    return typeof code === 'string' ? `${error.message} (${code})` : error.message;
  }
  return String(error);
}

const pause = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
