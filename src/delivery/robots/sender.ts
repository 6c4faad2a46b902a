import * as Prisma from '../../db/sql.ts';
import type { Prisma as Model } from '../../db/generated/sqlite/client.ts';
import type { Db } from '../../db/types.ts';
import { ROBOT_KINDS, robotUrlLabel, type RobotKind } from '../../domain/robots.ts';
import type { Logger } from '../../logger.ts';
import type { OutboxPayload } from '../outbox.ts';
import { busyMinuteWait, robotOutcome, robotRequest, type RobotOutcome } from './platforms.ts';
import { RobotPacer } from './pacer.ts';
import { idleWait, MAX_IDLE_MS } from '../wake.ts';

type OutboxUpdate = Model.OutboxUpdateManyMutationInput;

interface RobotSenderOptions {
  db: Db;
  provider: 'sqlite' | 'postgresql';
  logger: Logger;
  /** The app's clock: `notBefore`, `claimedAt`, `sentAt`. Signatures use the real time, which the platforms check. */
  now: () => Date;
  instanceId: string;
  /** A robot's signing secret by the variable the organisation file names (src/config). */
  secret: (name: string) => string | undefined;
  /** Tries on 5xx answers and network failures before a row is given up. Default 8. */
  maxAttempts?: number;
  /** Requests in flight at once, over all robots. Default 8. */
  maxInFlight?: number;
  /** Default 15 s. */
  sendTimeoutMs?: number;
  /** A claim older than this is taken over (PostgreSQL). Default 60 s. */
  leaseMs?: number;
  /** Feishu: how long after each hour and half hour nothing is sent (its guide asks to avoid them). Default 10 s. */
  busyMinuteHoldMs?: number;
  /** The longest it sleeps with nothing due (default MAX_IDLE_MS, 10 min); enqueuing wakes it. */
  maxIdleMs?: number;
  /** Called once per robot and failure episode when it refuses a message for good. */
  onPermanentFailure?: (robot: { id: number; kind: string; label: string; owner: string; unitName: string | null }, reason: string) => Promise<void>;
}

interface ClaimedRow {
  id: number;
  key: string;
  robotId: number;
  payload: string;
  attempts: number;
}

interface RobotRow {
  id: number;
  kind: RobotKind;
  url: string;
  secretEnv: string | null;
  active: boolean;
  /** refused a message for good: nothing more is sent to it until the office changes it or the bot restarts */
  failing: boolean;
  owner: string;
  unitName: string | null;
}

const MAX_BACKOFF_MS = 5 * 60_000;
const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A robot's webhook holds its key: an error naming the URL shows only its end. */
const redact = (text: string, url: string) => text.split(url.split('?')[0]!).join(robotUrlLabel(url));

/**
 * Works the robots' outbox rows (`robotId` set) with the promises of the Telegram sender: claimed one row per
 * robot at a time (SQLite: one instance; PostgreSQL: `FOR UPDATE SKIP LOCKED` and a lease), paced per robot by
 * its platform's limits, signed at the moment of sending, retried with backoff on 5xx and network failures,
 * throttling honoured as a `notBefore` on all the robot's rows (so a restart honours it too), and a permanent
 * refusal failing the robot's rows once, reported to the office once per episode.
 */
export class RobotSender {
  private readonly pacer = new RobotPacer();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly sendingTo = new Set<number>();
  private readonly robots = new Map<number, { row: RobotRow | null; at: number }>();
  private readonly maxAttempts: number;
  private readonly maxInFlight: number;
  private readonly sendTimeoutMs: number;
  private readonly leaseMs: number;
  private loop: Promise<void> | undefined;
  private stopping = false;
  private wake: (() => void) | undefined;
  private nudged = false;
  private soonestMs = Infinity;
  readonly counts = { sent: 0, retried: 0, throttled: 0, failed: 0 };

  constructor(private readonly options: RobotSenderOptions) {
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 8);
    this.maxInFlight = Math.max(1, options.maxInFlight ?? 8);
    this.sendTimeoutMs = options.sendTimeoutMs ?? 15_000;
    this.leaseMs = options.leaseMs ?? 60_000;
  }

  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = this.run();
  }

  nudge(): void {
    this.nudged = true;
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.nudge();
    await this.loop;
    await Promise.allSettled([...this.inFlight]);
    this.loop = undefined;
  }

  private async run(): Promise<void> {
    const { db, logger, provider } = this.options;
    if (provider === 'sqlite') {
      // One instance on SQLite: what a previous process left in flight is sent again.
      const taken = await db.outbox.updateMany({ where: { status: 'sending', robotId: { not: null } }, data: { status: 'pending', claimedBy: null, claimedAt: null } }).catch((error: unknown) => {
        logger.error({ err: String(error) }, 'robots: could not take back rows left in flight');
        return { count: 0 };
      });
      if (taken.count > 0) logger.warn({ rows: taken.count }, 'robots: rows left in flight by a previous process will be sent again');
    }
    // A robot that refused for good is tried again after a restart (its secret may have been put right meanwhile):
    // a new episode, which the office hears of again if it still refuses.
    await db.robot.updateMany({ where: { failingSince: { not: null } }, data: { failingSince: null } }).catch(() => undefined);
    while (!this.stopping) {
      this.nudged = false;
      const budget = this.maxInFlight - this.inFlight.size;
      let claimed: ClaimedRow[] = [];
      if (budget > 0) {
        try {
          claimed = await this.claim(budget);
        } catch (error) {
          logger.error({ err: String(error) }, 'robots: claim failed');
        }
      }
      for (const row of claimed) this.track(this.deliver(row));
      if (this.stopping) break;
      await this.sleep(claimed.length > 0 ? 0 : budget === 0 ? this.maxIdleMs() : Math.max(5, Math.min(this.soonestMs, await this.idleWait())));
    }
  }

  private maxIdleMs(): number {
    return Math.max(5, this.options.maxIdleMs ?? MAX_IDLE_MS);
  }

  /** Until the soonest robot row comes due or a claim's lease runs out, at most maxIdleMs. */
  private async idleWait(): Promise<number> {
    try {
      return Math.min(this.maxIdleMs(), await idleWait(this.options.db, this.options.now(), true, this.leaseMs));
    } catch (error) {
      this.options.logger.error({ err: String(error) }, 'robots: could not read when the next row is due');
      return 1000;
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.nudged || ms <= 0) return new Promise((resolve) => setImmediate(resolve));
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  private track(sending: Promise<void>): void {
    const settled = sending.catch((error: unknown) => this.options.logger.error({ err: String(error) }, 'robots: row not settled'));
    this.inFlight.add(settled);
    void settled.finally(() => {
      this.inFlight.delete(settled);
      this.nudge();
    });
  }

  private async robot(id: number): Promise<RobotRow | null> {
    const cached = this.robots.get(id);
    if (cached && performance.now() - cached.at < 5000) return cached.row;
    const found = await this.options.db.robot.findUnique({ where: { id }, include: { unit: { select: { name: true } } } });
    const row: RobotRow | null = found && ROBOT_KINDS.includes(found.kind as RobotKind)
      ? { id, kind: found.kind as RobotKind, url: found.url, secretEnv: found.secretEnv, active: found.active, failing: found.failingSince !== null, owner: found.owner, unitName: found.unit?.name ?? null }
      : null;
    this.robots.set(id, { row, at: performance.now() });
    return row;
  }

  /** Robots that must wait now, from their kinds as last seen. */
  private busy(): number[] {
    const busy: number[] = [...this.sendingTo];
    let soonest = Infinity;
    for (const [id, { row }] of this.robots) {
      if (!row || this.sendingTo.has(id)) continue;
      const wait = Math.max(this.pacer.waitFor(id, row.kind), busyMinuteWait(row.kind, Date.now(), this.options.busyMinuteHoldMs ?? 10_000));
      if (wait > 0) {
        busy.push(id);
        soonest = Math.min(soonest, wait);
      }
    }
    this.soonestMs = soonest;
    return busy;
  }

  private async claim(limit: number): Promise<ClaimedRow[]> {
    const { db, instanceId, provider } = this.options;
    const now = this.options.now();
    const busy = this.busy();
    const notBusy = busy.length > 0 ? Prisma.sql`AND "robotId" NOT IN (${Prisma.join(busy)})` : Prisma.empty;
    if (provider === 'sqlite') {
      return db.$queryRaw<ClaimedRow[]>`
        UPDATE "Outbox" SET "status" = 'sending', "claimedBy" = ${instanceId}, "claimedAt" = ${now}
        WHERE "id" IN (
          SELECT MIN("id") FROM "Outbox"
          WHERE "status" = 'pending' AND "robotId" IS NOT NULL AND "notBefore" <= ${now} ${notBusy}
          GROUP BY "robotId" ORDER BY MIN("id") LIMIT ${limit})
        RETURNING "id", "key", "robotId", "payload", "attempts"`;
    }
    // As the Telegram sender's claim: due or with a lapsed lease, one row per robot across instances.
    const leaseExpired = new Date(now.getTime() - this.leaseMs);
    const claimable = Prisma.sql`"robotId" IS NOT NULL AND (("status" = 'pending' AND "notBefore" <= ${now}) OR ("status" = 'sending' AND "claimedAt" < ${leaseExpired}))`;
    return db.$queryRaw<ClaimedRow[]>`
      UPDATE "Outbox" SET "status" = 'sending', "claimedBy" = ${instanceId}, "claimedAt" = ${now}
      WHERE "id" IN (
        SELECT "id" FROM "Outbox"
        WHERE "id" IN (
            SELECT DISTINCT ON ("robotId") "id" FROM "Outbox"
            WHERE ${claimable} ${notBusy}
              AND "robotId" NOT IN (SELECT "robotId" FROM "Outbox" WHERE "robotId" IS NOT NULL AND "status" = 'sending' AND "claimedAt" >= ${leaseExpired})
            ORDER BY "robotId", "id")
          AND ${claimable}
        ORDER BY "id" LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
      RETURNING "id", "key", "robotId", "payload", "attempts"`;
  }

  private async deliver(row: ClaimedRow): Promise<void> {
    const robotId = Number(row.robotId);
    this.sendingTo.add(robotId);
    try {
      const robot = await this.robot(robotId);
      if (!robot || !robot.active) {
        // Taken out of the organisation file after the message was owed: nobody is waiting there any more.
        await this.settle(row, { status: 'failed', error: 'robot not in the organisation file' });
        return;
      }
      if (robot.failing) {
        // Refused for good already: the office was told; more requests would only be refused again.
        await this.settle(row, { status: 'failed', error: 'the robot refuses messages (see /robots)' });
        return;
      }
      const wait = Math.max(this.pacer.waitFor(robotId, robot.kind), busyMinuteWait(robot.kind, Date.now(), this.options.busyMinuteHoldMs ?? 10_000));
      if (wait > 0) {
        await this.settle(row, { status: 'pending', claimedBy: null, claimedAt: null });
        return;
      }
      const secret = robot.secretEnv ? this.options.secret(robot.secretEnv) : undefined;
      if (robot.secretEnv && !secret) return await this.permanent(row, robot, `the signing secret ${robot.secretEnv} is not set`);
      const answered = this.pacer.take(robotId);
      let outcome: RobotOutcome;
      try {
        outcome = await this.post(robot, (JSON.parse(row.payload) as OutboxPayload).params, secret);
      } finally {
        answered();
      }
      if (outcome.kind === 'sent') return await this.sent(row, robot);
      if (outcome.kind === 'throttled') return await this.throttled(row, robot, outcome.afterMs, outcome.reason);
      if (outcome.kind === 'permanent') return await this.permanent(row, robot, outcome.reason);
      return await this.retry(row, robot, outcome.reason);
    } finally {
      this.sendingTo.delete(robotId);
    }
  }

  private async post(robot: RobotRow, body: Record<string, unknown>, secret: string | undefined): Promise<RobotOutcome> {
    const request = robotRequest(robot.kind, robot.url, body, secret, Date.now());
    try {
      const response = await fetch(request.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(request.body),
        signal: AbortSignal.timeout(this.sendTimeoutMs),
      });
      return robotOutcome(robot.kind, response.status, await response.text());
    } catch (error) {
      // A dropped connection or a timeout: the message may have arrived; sent again (at-least-once).
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      return { kind: 'retry', reason: redact(`${(error as Error).name}: ${(error as Error).message}${cause ? ` (${cause})` : ''}`, robot.url) };
    }
  }

  private async sent(row: ClaimedRow, robot: RobotRow): Promise<void> {
    const now = this.options.now();
    this.counts.sent++;
    await this.settle(row, { status: 'sent', sentAt: now, error: null }, 3);
    await this.options.db.robot.update({ where: { id: robot.id }, data: { lastSentAt: now, failingSince: null } }).catch(() => undefined);
  }

  private async throttled(row: ClaimedRow, robot: RobotRow, afterMs: number, reason: string): Promise<void> {
    this.counts.throttled++;
    this.pacer.block(robot.id, afterMs);
    const until = new Date(this.options.now().getTime() + afterMs);
    this.options.logger.warn({ outboxId: row.id, robot: robotUrlLabel(robot.url), kind: robot.kind, afterMs, reason }, 'robots: throttled by the platform');
    await this.settle(row, { status: 'pending', claimedBy: null, claimedAt: null, notBefore: until, error: reason });
    // The penalty is the robot's, not the row's: all its waiting rows wait, here and after a restart.
    await this.options.db.outbox.updateMany({ where: { robotId: robot.id, status: 'pending', notBefore: { lt: until } }, data: { notBefore: until } });
  }

  private async retry(row: ClaimedRow, robot: RobotRow, reason: string): Promise<void> {
    const attempts = row.attempts + 1;
    if (attempts >= this.maxAttempts) {
      this.counts.failed++;
      await this.settle(row, { status: 'failed', attempts, error: reason });
      await this.options.db.robot.update({ where: { id: robot.id }, data: { lastError: reason, lastErrorAt: this.options.now() } }).catch(() => undefined);
      this.options.logger.error({ outboxId: row.id, robot: robotUrlLabel(robot.url), attempts, reason }, 'robots: message given up');
      return;
    }
    this.counts.retried++;
    const backoffMs = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (attempts - 1));
    this.pacer.block(robot.id, backoffMs);
    this.options.logger.warn({ outboxId: row.id, robot: robotUrlLabel(robot.url), attempts, backoffMs, reason }, 'robots: send failed, will retry');
    await this.settle(row, { status: 'pending', claimedBy: null, claimedAt: null, attempts, error: reason, notBefore: new Date(this.options.now().getTime() + backoffMs) });
  }

  /** Refused for good: this row and the robot's waiting rows fail, and the office hears once per episode. */
  private async permanent(row: ClaimedRow, robot: RobotRow, reason: string): Promise<void> {
    const { db, logger } = this.options;
    const now = this.options.now();
    this.counts.failed++;
    const cached = this.robots.get(robot.id);
    if (cached?.row) cached.row.failing = true;
    await this.settle(row, { status: 'failed', error: reason });
    const others = await db.outbox.updateMany({ where: { robotId: robot.id, status: 'pending' }, data: { status: 'failed', error: reason } });
    this.counts.failed += others.count;
    const first = await db.robot.updateMany({ where: { id: robot.id, failingSince: null }, data: { failingSince: now, lastError: reason, lastErrorAt: now } });
    if (first.count === 0) await db.robot.update({ where: { id: robot.id }, data: { lastError: reason, lastErrorAt: now } });
    logger.warn({ outboxId: row.id, robot: robotUrlLabel(robot.url), kind: robot.kind, reason, othersFailed: others.count }, 'robots: message refused');
    if (first.count === 0) return;
    try {
      await this.options.onPermanentFailure?.({ id: robot.id, kind: robot.kind, label: robotUrlLabel(robot.url), owner: robot.owner, unitName: robot.unitName }, reason);
    } catch (error) {
      logger.error({ robot: robotUrlLabel(robot.url), err: String(error) }, 'robots: onPermanentFailure failed');
    }
  }

  private async settle(row: ClaimedRow, data: OutboxUpdate, tries = 1): Promise<void> {
    const { db, instanceId, logger } = this.options;
    for (let i = 1; ; i++) {
      try {
        const { count } = await db.outbox.updateMany({ where: { id: row.id, status: 'sending', claimedBy: instanceId }, data });
        if (count === 0) logger.warn({ outboxId: row.id, key: row.key }, 'robots: claim lost before the outcome was written');
        return;
      } catch (error) {
        if (i >= tries) {
          logger.error({ outboxId: row.id, key: row.key, err: String(error) }, 'robots: outcome not written; the row stays claimed');
          return;
        }
        await delay(100 * 2 ** i);
      }
    }
  }
}
