/** Telegram's flood limits, when a test turns them on: a global per-second and a per-chat per-minute sliding window. */
import { TelegramError } from './errors.ts';
import type { Params, RateLimitOptions } from './types.ts';
import { chatKey } from './values.ts';

const RATE_LIMITED = /^(send|edit|copy|forward)/i;

export class RateLimiter {
  private globalWindow: number[] = [];
  private chatWindows = new Map<string, number[]>();
  private tooMany = 0;

  constructor(private limit: RateLimitOptions | undefined) {}

  /** number of 429 answers given */
  get tooManyRequests(): number {
    return this.tooMany;
  }

  set(limit: RateLimitOptions | undefined): void {
    this.limit = limit;
    this.globalWindow = [];
    this.chatWindows.clear();
  }

  check(method: string, params: Params): void {
    const rl = this.limit;
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
}
