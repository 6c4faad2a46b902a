/**
 * Telegram's flood limits, kept by our own clock so that sends are spread out instead of bounced: at most
 * `globalPerSecond` sends in any sliding second for the whole bot, `perChatPerSecond` per chat, and
 * `perChatPerMinute` per group chat (negative id) in any sliding minute. A 429's retry_after blocks a chat,
 * or everything, until it has passed.
 *
 * What Telegram counts is when a request reaches it, which we never see: only that it is after we started
 * the send and before its answer came back. So a send stays in the windows as "now" while it is in flight,
 * and once answered counts at the time of its answer. A send is started only when the send it must follow
 * (the one `limit` places before it) was answered a full window ago; then it reaches Telegram a full window
 * after that one did, however the latency varied (event-loop stalls, new connections, retransmits).
 *
 * The clock is monotonic (performance.now), not the app's: tests that move the app's time must not move the
 * pacing, and a wall-clock step must not open a burst.
 */
export interface Limits {
  globalPerSecond: number;
  perChatPerSecond: number;
  perChatPerMinute: number;
}

export const DEFAULT_LIMITS: Limits = { globalPerSecond: 29, perChatPerSecond: 1, perChatPerMinute: 19 };

/** The windows are kept this much longer than Telegram's, for rounding on its side. */
export const MARGIN_MS = 25;

const SECOND = 1000 + MARGIN_MS;
const MINUTE = 60_000 + MARGIN_MS;

/** One send in the windows: `at` is Infinity while it is in flight, then the time its answer came. */
interface Entry {
  at: number;
}

/** Call when the send's answer (or its failure) is in. */
type Settle = () => void;

export class Pacer {
  private global: Entry[] = [];
  private readonly chats = new Map<string, Entry[]>();
  private readonly chatBlockedUntil = new Map<string, number>();
  private globalBlockedUntil = 0;
  readonly limits: Limits;

  constructor(
    limits: Partial<Limits> = {},
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
    for (const [name, value] of Object.entries(this.limits)) {
      if (!Number.isFinite(value) || value < 1) throw new Error(`delivery limit ${name} must be at least 1, not ${value}`);
    }
  }

  /** Milliseconds until a send to this chat is allowed (0: now). An estimate while the send to wait for is in flight. */
  waitFor(chatId: bigint): number {
    return Math.max(this.globalWait(), this.chatWait(chatId.toString()));
  }

  /** Milliseconds until the bot as a whole may send again. */
  globalWait(): number {
    const now = this.clock();
    this.global = this.global.filter((e) => e.at > now - SECOND);
    return Math.max(0, windowWait(this.global, this.limits.globalPerSecond, SECOND, now), this.globalBlockedUntil - now);
  }

  /** How many sends the bot may start right now. */
  globalRemaining(): number {
    if (this.globalWait() > 0) return 0;
    return this.limits.globalPerSecond - this.global.length;
  }

  /** Records a send starting now (call only when waitFor() said 0); call the result when it is answered. */
  take(chatId: bigint): Settle {
    const key = chatId.toString();
    const entry: Entry = { at: Infinity };
    this.global.push(entry);
    let sends = this.chats.get(key);
    if (!sends) this.chats.set(key, (sends = []));
    sends.push(entry);
    return () => {
      if (entry.at === Infinity) entry.at = this.clock();
    };
  }

  /** No send to this chat for `ms`. */
  blockChat(chatId: bigint, ms: number): void {
    const key = chatId.toString();
    this.chatBlockedUntil.set(key, Math.max(this.chatBlockedUntil.get(key) ?? 0, this.clock() + ms));
  }

  /** No send at all for `ms`. */
  blockAll(ms: number): void {
    this.globalBlockedUntil = Math.max(this.globalBlockedUntil, this.clock() + ms);
  }

  /**
   * Chats that must wait now (a recent send, a spent minute budget, a flood wait), and the soonest moment one
   * of them is free again (ms from now; Infinity when none waits). The sender claims none of their rows.
   */
  busyChats(): { chats: bigint[]; soonestMs: number } {
    const chats: bigint[] = [];
    let soonestMs = Infinity;
    for (const key of new Set([...this.chats.keys(), ...this.chatBlockedUntil.keys()])) {
      const wait = this.chatWait(key);
      if (wait > 0) {
        chats.push(BigInt(key));
        soonestMs = Math.min(soonestMs, wait);
      }
    }
    return { chats, soonestMs };
  }

  private chatWait(key: string): number {
    const now = this.clock();
    let wait = (this.chatBlockedUntil.get(key) ?? 0) - now;
    if (wait <= 0) this.chatBlockedUntil.delete(key);
    const all = this.chats.get(key);
    if (all) {
      const sends = all.filter((e) => e.at > now - MINUTE);
      if (sends.length === 0) this.chats.delete(key);
      else {
        if (sends.length !== all.length) this.chats.set(key, sends);
        wait = Math.max(wait, windowWait(sends.filter((e) => e.at > now - SECOND), this.limits.perChatPerSecond, SECOND, now));
        // Groups and channels have negative ids; the per-minute limit is theirs.
        if (key.startsWith('-')) wait = Math.max(wait, windowWait(sends, this.limits.perChatPerMinute, MINUTE, now));
      }
    }
    return Math.max(0, wait);
  }
}

/**
 * With `entries` in a window of `windowMs`: how long until fewer than `limit` are left in it. A send in flight
 * leaves the window a full window after its answer, which has not come yet: the estimate is the whole window.
 */
function windowWait(entries: Entry[], limit: number, windowMs: number, now: number): number {
  if (entries.length < limit) return 0;
  const times = entries.map((e) => e.at).sort((a, b) => a - b);
  const mustLeave = times[entries.length - limit]!;
  return mustLeave === Infinity ? windowMs : mustLeave + windowMs - now;
}
