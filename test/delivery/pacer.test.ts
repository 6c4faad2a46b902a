import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, MARGIN_MS, Pacer } from '../../src/delivery/pacer.ts';

/** A pacer on a clock the test moves. */
function simulated(limits = {}) {
  let t = 0;
  const pacer = new Pacer(limits, () => t);
  return { pacer, advance: (ms: number) => (t += ms), now: () => t };
}

/** Sends every queued message as early as the pacer allows; returns the send times per chat. */
function fanOut(pacer: Pacer, clock: { advance(ms: number): number; now(): number }, queue: Map<bigint, number>) {
  const sends: Array<{ chat: bigint; at: number }> = [];
  for (let steps = 0; steps < 1_000_000 && [...queue.values()].some((n) => n > 0); steps++) {
    let soonest = Infinity;
    for (const [chat, left] of queue) {
      if (left === 0) continue;
      const wait = pacer.waitFor(chat);
      if (wait === 0) {
        pacer.take(chat)(); // answered at once
        sends.push({ chat, at: clock.now() });
        queue.set(chat, left - 1);
      } else soonest = Math.min(soonest, wait);
    }
    if (soonest !== Infinity) clock.advance(Math.max(1, Math.ceil(soonest)));
  }
  return sends;
}

const maxInWindow = (times: number[], windowMs: number) => {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= windowMs) j++;
    max = Math.max(max, i - j + 1);
  }
  return max;
};

describe('Pacer', () => {
  it('keeps every sliding second, every chat second and every group minute within the limits, by its own clock', () => {
    const clock = simulated();
    const queue = new Map<bigint, number>();
    for (let i = 0; i < 6; i++) queue.set(BigInt(-1000 - i), 45); // busy groups: the per-minute limit binds
    for (let i = 0; i < 120; i++) queue.set(BigInt(5000 + i), 2); // private chats: only the per-second limit
    const sends = fanOut(clock.pacer, clock, queue);
    expect(sends).toHaveLength(6 * 45 + 120 * 2);

    // Telegram counts a sliding second; ours is MARGIN_MS longer, so even a window shorter by the margin holds ≤ 29.
    expect(maxInWindow(sends.map((s) => s.at), 1000 + MARGIN_MS)).toBeLessThanOrEqual(DEFAULT_LIMITS.globalPerSecond);
    for (const chat of queue.keys()) {
      const times = sends.filter((s) => s.chat === chat).map((s) => s.at);
      expect(maxInWindow(times, 1000 + MARGIN_MS)).toBeLessThanOrEqual(1);
      if (chat < 0n) expect(maxInWindow(times, 60_000 + MARGIN_MS)).toBeLessThanOrEqual(DEFAULT_LIMITS.perChatPerMinute);
    }
    // Close to the limit while there is work for many chats: the 240 private messages and the groups' first
    // minute go out at about 29 per 1.05 s.
    const firstSecondsOfWork = sends.filter((s) => s.at < 10_000).length;
    expect(firstSecondsOfWork).toBeGreaterThanOrEqual(Math.floor((10_000 / (1000 + MARGIN_MS)) * 29) - 29);
    // The groups' 45 messages need three minutes' budgets: the last goes out after two minutes.
    const lastGroupSend = Math.max(...sends.filter((s) => s.chat < 0n).map((s) => s.at));
    expect(lastGroupSend).toBeGreaterThanOrEqual(2 * 60_000);
  });

  it('counts a send in flight as now, and an answered one from its answer', () => {
    const { pacer, advance } = simulated({ globalPerSecond: 2 });
    const first = pacer.take(1n);
    pacer.take(2n)();
    expect(pacer.globalRemaining()).toBe(0);
    advance(5000); // the first is still unanswered: it has not left the window
    expect(pacer.globalRemaining()).toBe(1);
    expect(pacer.globalWait()).toBe(0);
    pacer.take(3n)();
    expect(pacer.globalWait()).toBe(1000 + MARGIN_MS); // an estimate until the first is answered
    first();
    advance(600);
    expect(pacer.globalWait()).toBe(1000 + MARGIN_MS - 600);
    expect(pacer.waitFor(1n)).toBe(1000 + MARGIN_MS - 600);
    advance(1000 + MARGIN_MS - 600); // the first and the third were answered at the same moment
    expect(pacer.globalRemaining()).toBe(2);
  });

  it('names the chats that must wait, and when the first is free', () => {
    const { pacer, advance } = simulated({ perChatPerMinute: 2 });
    pacer.take(-1n)();
    pacer.take(7n)();
    expect(pacer.busyChats().chats.sort()).toEqual([-1n, 7n]);
    expect(pacer.busyChats().soonestMs).toBe(1000 + MARGIN_MS);
    advance(1000 + MARGIN_MS);
    expect(pacer.busyChats().chats).toEqual([]);
    pacer.take(-1n)(); // the group's second message in the minute: its budget is spent
    advance(1000 + MARGIN_MS);
    expect(pacer.busyChats().chats).toEqual([-1n]);
    expect(pacer.waitFor(-1n)).toBe(60_000 + MARGIN_MS - 2 * (1000 + MARGIN_MS));
    expect(pacer.waitFor(8n)).toBe(0); // another chat is not held up
  });

  it('blocks a chat or everything for a flood wait', () => {
    const { pacer, advance } = simulated();
    pacer.blockChat(-5n, 3000);
    expect(pacer.waitFor(-5n)).toBe(3000);
    expect(pacer.waitFor(-6n)).toBe(0);
    pacer.blockAll(2000);
    expect(pacer.globalRemaining()).toBe(0);
    expect(pacer.waitFor(-6n)).toBe(2000);
    advance(2000);
    expect(pacer.globalRemaining()).toBe(DEFAULT_LIMITS.globalPerSecond);
    expect(pacer.waitFor(-5n)).toBe(1000);
    advance(1000);
    expect(pacer.waitFor(-5n)).toBe(0);
  });

  it('counts the bot-wide budget left in the current window', () => {
    const { pacer, advance } = simulated({ globalPerSecond: 3 });
    pacer.take(1n)();
    pacer.take(2n)();
    expect(pacer.globalRemaining()).toBe(1);
    pacer.take(3n)();
    expect(pacer.globalRemaining()).toBe(0);
    expect(pacer.globalWait()).toBe(1000 + MARGIN_MS);
    advance(1000 + MARGIN_MS);
    expect(pacer.globalRemaining()).toBe(3);
  });

  it('refuses a limit below 1', () => {
    expect(() => new Pacer({ globalPerSecond: 0 })).toThrow(/globalPerSecond/);
  });
});
