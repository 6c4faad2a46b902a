import type { RobotKind } from '../../domain/robots.ts';
import { MARGIN_MS } from '../pacer.ts';
import { ROBOT_LIMITS, type RobotLimits } from './platforms.ts';

/**
 * Each robot's own pacing under its platform's limits (platforms.ts), by the same rule as Telegram's pacer
 * (../pacer.ts): a send counts as "now" while in flight and at its answer after, so however the latency varies,
 * no window the platform counts ever holds more than the limit. A throttled or retried robot is blocked.
 * Monotonic clock: tests that move the app's time do not move this.
 */
export class RobotPacer {
  private readonly sends = new Map<number, { at: number }[]>();
  private readonly blockedUntil = new Map<number, number>();

  constructor(
    private readonly limits: Record<RobotKind, RobotLimits> = ROBOT_LIMITS,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  waitFor(robotId: number, kind: RobotKind): number {
    const now = this.clock();
    let wait = (this.blockedUntil.get(robotId) ?? 0) - now;
    if (wait <= 0) this.blockedUntil.delete(robotId);
    const minute = 60_000 + MARGIN_MS;
    const second = 1000 + MARGIN_MS;
    const all = (this.sends.get(robotId) ?? []).filter((e) => e.at > now - minute);
    if (all.length === 0) this.sends.delete(robotId);
    else this.sends.set(robotId, all);
    const { perMinute, perSecond } = this.limits[kind];
    wait = Math.max(wait, windowWait(all, perMinute, minute, now));
    if (perSecond) wait = Math.max(wait, windowWait(all.filter((e) => e.at > now - second), perSecond, second, now));
    return Math.max(0, wait);
  }

  /** Records a send starting now; call the result when it is answered. */
  take(robotId: number): () => void {
    const entry = { at: Infinity };
    const list = this.sends.get(robotId) ?? [];
    list.push(entry);
    this.sends.set(robotId, list);
    return () => {
      if (entry.at === Infinity) entry.at = this.clock();
    };
  }

  block(robotId: number, ms: number): void {
    this.blockedUntil.set(robotId, Math.max(this.blockedUntil.get(robotId) ?? 0, this.clock() + ms));
  }
}

function windowWait(entries: { at: number }[], limit: number, windowMs: number, now: number): number {
  if (entries.length < limit) return 0;
  const times = entries.map((e) => e.at).sort((a, b) => a - b);
  const mustLeave = times[entries.length - limit]!;
  return mustLeave === Infinity ? windowMs : mustLeave + windowMs - now;
}
