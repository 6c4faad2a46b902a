/**
 * Telegram's flood limits, kept by our own clock so that sends are spread out instead of bounced: at most
 * `globalPerSecond` sends in any sliding second for the whole bot, `perChatPerSecond` per chat, and
 * `perChatPerMinute` per group chat in any sliding minute. A 429's retry_after blocks a chat (or everything)
 * until it has passed.
 */
export interface Limits {
  globalPerSecond: number;
  perChatPerSecond: number;
  perChatPerMinute: number;
}

export const DEFAULT_LIMITS: Limits = { globalPerSecond: 29, perChatPerSecond: 1, perChatPerMinute: 19 };

/** Network jitter can bunch sends up on the way; the windows are kept a little longer than Telegram's. */
const MARGIN_MS = 40;

export class Pacer {
  private readonly global: number[] = [];
  private readonly chats = new Map<string, number[]>();
  private readonly blockedUntil = new Map<string, number>();
  private globalBlockedUntil = 0;

  constructor(
    private readonly limits: Limits,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Milliseconds until a send to this chat is allowed (0: now). */
  waitFor(chatId: bigint): number {
    return Math.max(this.globalWait(), this.chatWait(chatId.toString()));
  }

  private chatWait(key: string): number {
    const now = this.clock();
    const waits = [(this.blockedUntil.get(key) ?? 0) - now];
    const sends = this.chats.get(key) ?? [];
    prune(sends, now - 60_000 - MARGIN_MS);
    if (sends.length === 0 && waits[0]! <= 0) {
      this.chats.delete(key);
      this.blockedUntil.delete(key);
      return 0;
    }
    const lastSecond = sends.filter((t) => t > now - 1000 - MARGIN_MS);
    if (lastSecond.length >= this.limits.perChatPerSecond) waits.push(lastSecond[0]! + 1000 + MARGIN_MS - now);
    // Groups and channels have negative ids; the per-minute limit is theirs.
    if (key.startsWith('-') && sends.length >= this.limits.perChatPerMinute) waits.push(sends[0]! + 60_000 + MARGIN_MS - now);
    return Math.max(0, ...waits);
  }

  /** Records a send starting now; call only when waitFor() said 0. */
  take(chatId: bigint): void {
    const now = this.clock();
    const key = chatId.toString();
    this.global.push(now);
    const sends = this.chats.get(key) ?? [];
    sends.push(now);
    this.chats.set(key, sends);
  }

  /** Chats that must wait now (recent sends, a flood wait): the sender claims none of their rows. */
  busyChats(): bigint[] {
    const busy: bigint[] = [];
    for (const key of new Set([...this.chats.keys(), ...this.blockedUntil.keys()])) {
      if (this.chatWait(key) > 0) busy.push(BigInt(key));
    }
    return busy;
  }

  /** Milliseconds until the bot as a whole may send again. */
  globalWait(): number {
    const now = this.clock();
    prune(this.global, now - 1000 - MARGIN_MS);
    const windowWait = this.global.length >= this.limits.globalPerSecond ? this.global[0]! + 1000 + MARGIN_MS - now : 0;
    return Math.max(0, windowWait, this.globalBlockedUntil - now);
  }

  block(chatId: bigint | null, ms: number): void {
    const until = this.clock() + ms;
    if (chatId === null) this.globalBlockedUntil = Math.max(this.globalBlockedUntil, until);
    else this.blockedUntil.set(chatId.toString(), Math.max(this.blockedUntil.get(chatId.toString()) ?? 0, until));
  }
}

const prune = (times: number[], before: number) => {
  while (times.length > 0 && times[0]! <= before) times.shift();
};
