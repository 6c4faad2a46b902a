import { GrammyError, HttpError, InputFile, InputMediaBuilder, type Api } from 'grammy';
import * as Prisma from '../db/sql.ts';
import type { Prisma as Model } from '../db/generated/sqlite/client.ts';
import type { Db } from '../db/types.ts';
import { poolOf, queryNamed } from '../db/pg-pool.ts';
import type { Logger } from '../logger.ts';
import type { OutboxPayload } from './outbox.ts';
import { MARGIN_MS, Pacer, type Limits } from './pacer.ts';
import { idleWait, MAX_IDLE_MS } from './wake.ts';

type OutboxUpdate = Model.OutboxUpdateManyMutationInput;

export interface SenderOptions {
  db: Db;
  provider: 'sqlite' | 'postgresql';
  /** A plain Api without auto-retry: the sender paces itself and handles flood waits row by row. */
  api: Api;
  logger: Logger;
  /** The app's clock: `notBefore`, `claimedAt`, `sentAt`. Pacing runs on a monotonic clock of its own. */
  now: () => Date;
  /** Written to `claimedBy`; must differ between processes. */
  instanceId: string;
  /** Defaults: 29 a second for the bot, 19 a minute per group (chat id < 0), 1 a second per chat. */
  limits?: Partial<Limits>;
  /** A row claimed longer ago than this, by anyone, is claimable again (a dead process's, or one whose outcome could not be written). Default 60 s. */
  leaseMs?: number;
  /** How many times a row is tried on 5xx answers and network failures before it is marked failed. Default 8. */
  maxAttempts?: number;
  /** Sends in flight at once. Default 8. */
  maxInFlight?: number;
  /** A send that has not been answered after this is abandoned (and retried). Default min(30 s, leaseMs / 2). */
  sendTimeoutMs?: number;
  /**
   * Several instances on one database share the bot's flood budget by letting one of them send: this answers
   * whether this instance is the one (PostgreSQL: a session advisory lock, taken over when its holder dies).
   * Without it this instance always sends (SQLite: one instance).
   */
  elected?: () => Promise<boolean>;
  /**
   * The longest it sleeps with nothing due (default MAX_IDLE_MS, 10 min). It sleeps until the soonest row comes due
   * or a claim's lease runs out; enqueuing wakes it (nudge(), NOTIFY on PostgreSQL). A test clock that jumps ahead
   * needs less.
   */
  maxIdleMs?: number;
  /** Called once per chat per failure episode when Telegram refuses a message for good (until a send to the chat succeeds). */
  onPermanentFailure?: (chatId: bigint, description: string) => Promise<void>;
}

interface SenderStats {
  sent: number;
  /** 5xx answers and network failures that were scheduled for another try */
  retried: number;
  /** rows marked failed (refused for good, their chat's other rows, or out of attempts) */
  failed: number;
  /** 429 answers */
  tooManyRequests: number;
}

interface ClaimedRow {
  id: number;
  key: string;
  kind: string;
  chatId: bigint | number | string;
  payload: string;
  attempts: number;
}

export const DEFAULT_MAX_IN_FLIGHT = 8;
/**
 * The claim looks at this many due rows per row it may claim, oldest first (the (status, robotId, id) index, no sort),
 * and takes each chat's first: a few chats with long queues at the head leave fewer rows than asked, and the
 * next claim (those chats now busy, so left out) looks past them.
 */
const WINDOW_PER_ROW = 8;
/** An instance that is not the elected sender asks again this often, so a dead sender's work resumes within it. */
const STANDBY_MS = 1000;
const MAX_BACKOFF_MS = 5 * 60_000;
/** A claimed row waits at most this long for its turn; a longer wait (a flood wait) puts it back. */
const MAX_HOLD_MS = 1500;
/** After any 429 nothing is sent for this long, so that the answers still in flight can show whether the flood was the bot's. */
const FLOOD_PAUSE_MS = 1000;
/** More busy chats than this are not listed in the claim; the few rows claimed for them are put back. */
const MAX_EXCLUDED = 5000;

/** Refusals that mean the chat takes no message until someone acts: its other rows fail with this one. */
const isChatGone = (e: GrammyError) =>
  e.error_code === 403 ||
  /chat not found|group chat was upgraded|chat_write_forbidden|have no rights|not enough rights|user is deactivated|bot was kicked|bot was blocked|peer_id_invalid/i.test(
    e.description,
  );

/** Bot tokens never reach a log line or a row, whatever an error message carries. */
const redact = (text: string) => text.replace(/\d{5,}:[A-Za-z0-9_-]{20,}/g, '[token]').replace(/\/bot[^/\s]+\//g, '/bot[token]/');

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Works the outbox: claims due rows without overlap (SQLite: one instance; PostgreSQL: any number, with
 * `FOR UPDATE SKIP LOCKED` and a lease), paces sends under Telegram's flood limits by its own clock, honours
 * retry_after, retries 5xx and network failures with backoff, and gives up on permanent refusals, reporting
 * each refused chat once.
 *
 * One row per chat is in flight at a time and a chat's rows go in id order (a retried row holds back the
 * chat's later ones in this process); a chat that must wait is left out of the claim, so it never holds up
 * the others.
 */
export class Sender {
  private readonly pacer: Pacer;
  private readonly leaseMs: number;
  private readonly maxAttempts: number;
  private readonly maxInFlight: number;
  private readonly sendTimeoutMs: number;
  private readonly maxIdleMs: number;
  private readonly inFlight = new Set<Promise<void>>();
  /** chat ids (as strings) with a row in flight here */
  private readonly sendingTo = new Set<string>();
  /** chats whose refusal was reported and that have not taken a message since */
  private readonly reported = new Set<string>();
  private readonly counts: SenderStats = { sent: 0, retried: 0, failed: 0, tooManyRequests: 0 };
  private lastFlood: { chat: string; until: number } | undefined;
  private busySoonestMs = Infinity;
  private lastTakeBack = -Infinity;
  private elected: boolean | undefined;
  private loop: Promise<void> | undefined;
  private stopping = false;
  private nudged = false;
  private wake: (() => void) | undefined;

  constructor(private readonly options: SenderOptions) {
    this.pacer = new Pacer(options.limits ?? {});
    this.leaseMs = options.leaseMs ?? 60_000;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 8);
    this.maxInFlight = Math.max(1, options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT);
    this.sendTimeoutMs = options.sendTimeoutMs ?? Math.min(30_000, Math.max(1000, Math.floor(this.leaseMs / 2)));
    this.maxIdleMs = Math.max(5, options.maxIdleMs ?? MAX_IDLE_MS);
  }

  /** Works the outbox continuously: claims while there is work, then sleeps until a row comes due or nudge(). */
  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = this.run();
  }

  /** There is work: claim now instead of at the next due row. */
  nudge(): void {
    this.nudged = true;
    // An instance standing by has nothing to claim: it wakes only to stop.
    if (this.elected !== false || this.stopping) this.wake?.();
  }

  /** Stops claiming, waits for the sends in flight to settle, returns. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.nudge();
    await this.loop;
    await Promise.allSettled([...this.inFlight]);
    this.loop = undefined;
  }

  stats(): SenderStats {
    return { ...this.counts };
  }

  /**
   * Resolves when no row is sending and none is pending with a notBefore within `horizonMs` of now (rows kept
   * for later, e.g. past quiet hours, do not count), and nothing is in flight here. For tests and benches.
   */
  async drain(timeoutMs = 30_000, horizonMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      this.nudge();
      const horizon = new Date(this.options.now().getTime() + horizonMs);
      const owed = await this.options.db.outbox.count({
        where: { OR: [{ status: 'sending' }, { status: 'pending', notBefore: { lte: horizon } }] },
      });
      if (owed === 0 && this.inFlight.size === 0) return;
      if (Date.now() > deadline) {
        const rows = await this.options.db.outbox.findMany({
          where: { status: { in: ['pending', 'sending'] } },
          select: { key: true, status: true, notBefore: true, attempts: true, error: true, claimedBy: true },
          take: 5,
        });
        throw new Error(`outbox not drained after ${timeoutMs} ms: ${owed} owed, e.g. ${JSON.stringify(rows)} (now ${this.options.now().toISOString()})`);
      }
      await delay(25);
    }
  }

  // ───────────────────────────── the loop ─────────────────────────────

  private async run(): Promise<void> {
    const { logger } = this.options;
    if (this.options.provider === 'sqlite') {
      // One instance on SQLite: whatever a previous process left in flight is ours to send again, at once
      // rather than after the lease.
      try {
        const taken = await this.options.db.outbox.updateMany({
          where: { status: 'sending', robotId: null },
          data: { status: 'pending', claimedBy: null, claimedAt: null },
        });
        if (taken.count > 0) logger.warn({ rows: taken.count }, 'outbox: rows left in flight by a previous process will be sent again');
      } catch (error) {
        logger.error({ err: describe(error) }, 'outbox: could not take back rows left in flight');
      }
    }
    while (!this.stopping) {
      this.nudged = false;
      if (!(await this.sendsHere())) {
        await this.sleep(STANDBY_MS);
        continue;
      }
      const budget = Math.min(this.maxInFlight - this.inFlight.size, this.pacer.globalRemaining());
      let claimed: ClaimedRow[] = [];
      let claimFailed = false;
      if (budget > 0) {
        try {
          claimed = await this.claim(budget);
        } catch (error) {
          claimFailed = true;
          logger.error({ err: describe(error) }, 'outbox: claim failed');
        }
      }
      for (const row of claimed) this.track(this.deliver(row));
      if (this.stopping) break;
      let pause: number;
      if (claimFailed) pause = 1000;
      else if (claimed.length > 0) pause = 0; // there may be more, past the chats just claimed
      else if (this.inFlight.size >= this.maxInFlight) pause = this.maxIdleMs; // a settled send nudges
      else if (this.pacer.globalRemaining() === 0) pause = Math.max(5, this.pacer.globalWait());
      else pause = Math.min(this.busySoonestMs, await this.idleWait());
      await this.sleep(pause);
    }
  }

  /** How long nothing is due: until the soonest pending row's notBefore or a lease's end, at most maxIdleMs. */
  private async idleWait(): Promise<number> {
    try {
      return Math.min(this.maxIdleMs, await idleWait(this.options.db, this.options.now(), false, this.leaseMs));
    } catch (error) {
      this.options.logger.error({ err: describe(error) }, 'outbox: could not read when the next row is due');
      return 1000;
    }
  }

  /** Whether this instance is the one that sends; logs each change. */
  private async sendsHere(): Promise<boolean> {
    if (!this.options.elected) return true;
    const elected = await this.options.elected().catch(() => false);
    if (elected !== this.elected) {
      // The sender before this one may have spent the bot's budget for the last second: wait it out before sending.
      if (elected) this.pacer.blockAll(1000 + MARGIN_MS);
      this.elected = elected;
      this.options.logger.info({ instanceId: this.options.instanceId }, elected ? 'outbox: this instance sends for the bot' : 'outbox: another instance sends for the bot; standing by');
    }
    return elected;
  }

  private sleep(ms: number): Promise<void> {
    if ((this.nudged && this.elected !== false) || this.stopping || ms <= 0) return new Promise((resolve) => setImmediate(resolve));
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
    const settled = sending.catch((error: unknown) => this.options.logger.error({ err: describe(error) }, 'outbox: row not settled'));
    this.inFlight.add(settled);
    void settled.finally(() => {
      this.inFlight.delete(settled);
      this.nudge();
    });
  }

  /**
   * Claims the oldest due row of up to `limit` chats that may be sent to now: one row per chat, so a chat's
   * messages go in order and one busy chat never holds up the others.
   */
  private async claim(limit: number): Promise<ClaimedRow[]> {
    const now = this.options.now();
    const { db, instanceId, provider } = this.options;
    const busy = this.pacer.busyChats();
    this.busySoonestMs = busy.soonestMs;
    const excluded = [...new Set([...busy.chats.map(String), ...this.sendingTo])].slice(0, MAX_EXCLUDED).map((id) => BigInt(id));
    // A claim by anyone (a dead process, a write that failed) whose lease ran out is taken back first; then the
    // oldest due rows are walked in id order through the (status, robotId, id) index, a bounded window of them, and each
    // chat's first is claimed, skipping chats with a live claim, so that one row per chat is in flight.
    if (performance.now() - this.lastTakeBack >= Math.min(1000, this.leaseMs / 4)) {
      this.lastTakeBack = performance.now();
      const leaseExpired = new Date(now.getTime() - this.leaseMs);
      await db.$executeRaw`
        UPDATE "Outbox" SET "status" = 'pending', "claimedBy" = NULL, "claimedAt" = NULL
        WHERE "status" = 'sending' AND "robotId" IS NULL AND "claimedAt" < ${leaseExpired}`;
    }
    const rows = await runClaim(db, provider, { now, instanceId, limit, excluded });
    return rows.sort((a, b) => a.id - b.id);
  }

  // ───────────────────────────── one row ─────────────────────────────

  private async deliver(row: ClaimedRow): Promise<void> {
    const chatId = BigInt(row.chatId);
    const chat = chatId.toString();
    this.sendingTo.add(chat);
    try {
      for (let wait = this.pacer.waitFor(chatId); wait > 0; wait = this.pacer.waitFor(chatId)) {
        if (wait > MAX_HOLD_MS || this.stopping) {
          // A flood wait started after the claim: give the row back rather than hold it.
          await this.settle(row, { status: 'pending', claimedBy: null, claimedAt: null });
          return;
        }
        await delay(wait);
      }
      const answered = this.pacer.take(chatId);
      let messageId: number;
      try {
        messageId = await this.call(row, chatId);
      } catch (error) {
        answered();
        await this.refused(row, chatId, error);
        return;
      }
      answered();
      this.counts.sent++;
      this.reported.delete(chat);
      await this.settle(row, { status: 'sent', sentAt: this.options.now(), messageId, error: null }, 3);
      this.options.logger.debug({ outboxId: row.id, key: row.key, chatId: chat, messageId }, 'outbox: sent');
    } finally {
      this.sendingTo.delete(chat);
    }
  }

  private async call(row: ClaimedRow, chatId: bigint): Promise<number> {
    const payload = JSON.parse(row.payload) as OutboxPayload;
    // grammY's Node build types its signal with the abort-controller shim; it only listens for 'abort'.
    const signal = AbortSignal.timeout(this.sendTimeoutMs) as unknown as Parameters<Api['sendMessage']>[3];
    // Telegram's chat ids fit in 52 bits.
    const chat = Number(chatId);
    if (payload.method === 'sendPhoto') {
      const photo = new InputFile(Buffer.from(payload.photo ?? '', 'base64'), 'chart.png');
      const other = payload.params as Parameters<Api['sendPhoto']>[2];
      return (await this.options.api.sendPhoto(chat, photo, other, signal)).message_id;
    }
    if (payload.method === 'sendMediaGroup') {
      const media = (payload.album ?? []).map((p, i) =>
        InputMediaBuilder.photo(new InputFile(Buffer.from(p.png, 'base64'), `chart-${i + 1}.png`), { caption: p.caption, parse_mode: 'HTML' }),
      );
      const other = payload.params as Parameters<Api['sendMediaGroup']>[2];
      return (await this.options.api.sendMediaGroup(chat, media, other, signal))[0]!.message_id;
    }
    if (payload.method === 'editMessageText') {
      const { message_id: messageId, text, ...rest } = payload.params;
      await this.options.api.editMessageText(chat, Number(messageId), String(text ?? ''), rest as Parameters<Api['editMessageText']>[3], signal);
      return Number(messageId);
    }
    const { text, ...rest } = payload.params;
    const other = rest as Parameters<Api['sendMessage']>[2];
    return (await this.options.api.sendMessage(chat, String(text ?? ''), other, signal)).message_id;
  }

  private async refused(row: ClaimedRow, chatId: bigint, error: unknown): Promise<void> {
    if (error instanceof GrammyError && error.error_code === 429) return this.flood(row, chatId, error);
    if (error instanceof GrammyError && (error.error_code === 400 || error.error_code === 403)) return this.permanent(row, chatId, error);
    // 5xx, 401/404 (the bot's own trouble, not the message's), a dropped connection, a timeout: the message
    // may or may not have arrived; it is sent again (at-least-once).
    return this.retry(row, chatId, error);
  }

  private async flood(row: ClaimedRow, chatId: bigint, error: GrammyError): Promise<void> {
    const chat = chatId.toString();
    const retryAfter = error.parameters.retry_after ?? Number(/retry after (\d+)/i.exec(error.description)?.[1] ?? 1);
    const retryAfterMs = Math.max(1, retryAfter) * 1000;
    this.counts.tooManyRequests++;
    this.pacer.blockChat(chatId, retryAfterMs);
    // Telegram does not say whose limit it was. A second chat refused while another chat's wait still runs
    // means the bot's: nothing at all is sent until it passes. Otherwise the chat's, and the bot pauses only
    // briefly, while the answers still in flight show which it was.
    const t = performance.now();
    const botWide = this.lastFlood !== undefined && this.lastFlood.chat !== chat && t < this.lastFlood.until;
    this.pacer.blockAll(botWide ? retryAfterMs : Math.min(retryAfterMs, FLOOD_PAUSE_MS));
    if (!this.lastFlood || t + retryAfterMs > this.lastFlood.until || botWide) this.lastFlood = { chat, until: t + retryAfterMs };
    this.options.logger.warn(
      { outboxId: row.id, key: row.key, chatId: chat, retryAfter: retryAfterMs / 1000, scope: botWide ? 'bot' : 'chat' },
      'outbox: 429 Too Many Requests',
    );
    const notBefore = new Date(this.options.now().getTime() + retryAfterMs);
    await this.settle(row, { status: 'pending', claimedBy: null, claimedAt: null, notBefore, error: `429: ${error.description}` });
    await this.holdChat(chatId, notBefore);
  }

  /**
   * The chat's other pending rows wait too, in the database: the wait holds for a restart, or for another
   * instance, not only for this process's pacer.
   */
  private async holdChat(chatId: bigint, until: Date): Promise<void> {
    try {
      await this.options.db.outbox.updateMany({ where: { chatId, status: 'pending', notBefore: { lt: until } }, data: { notBefore: until } });
    } catch (error) {
      this.options.logger.error({ chatId: chatId.toString(), err: describe(error) }, 'outbox: could not hold the chat’s other rows');
    }
  }

  private async permanent(row: ClaimedRow, chatId: bigint, error: GrammyError): Promise<void> {
    const { db, logger } = this.options;
    const chat = chatId.toString();
    // An edit refused (the message deleted, or already showing this text) loses nothing the chat was owed.
    if ((JSON.parse(row.payload) as OutboxPayload).method === 'editMessageText' && !isChatGone(error)) {
      await this.settle(row, { status: 'failed', error: redact(error.description) });
      logger.info({ outboxId: row.id, key: row.key, chatId: chat, description: error.description }, 'outbox: edit refused');
      return;
    }
    const migrated = error.parameters.migrate_to_chat_id;
    const description = redact(migrated === undefined ? error.description : `${error.description} (migrate_to_chat_id: ${migrated})`);
    this.counts.failed++;
    await this.settle(row, { status: 'failed', error: description });
    let others = 0;
    const chatGone = isChatGone(error);
    if (chatGone) {
      try {
        others = (await db.outbox.updateMany({ where: { chatId, status: 'pending' }, data: { status: 'failed', error: description } })).count;
        this.counts.failed += others;
      } catch (e) {
        logger.error({ chatId: chat, err: describe(e) }, 'outbox: could not fail the refused chat’s other rows');
      }
    }
    logger.warn({ outboxId: row.id, key: row.key, kind: row.kind, chatId: chat, code: error.error_code, description, chatGone, othersFailed: others }, 'outbox: message refused');
    if (this.reported.has(chat)) return;
    this.reported.add(chat);
    try {
      await this.options.onPermanentFailure?.(chatId, description);
    } catch (e) {
      logger.error({ chatId: chat, err: describe(e) }, 'outbox: onPermanentFailure failed');
    }
  }

  private async retry(row: ClaimedRow, chatId: bigint, error: unknown): Promise<void> {
    const { logger } = this.options;
    const attempts = row.attempts + 1;
    const description = describe(error);
    if (attempts >= this.maxAttempts) {
      this.counts.failed++;
      await this.settle(row, { status: 'failed', attempts, error: description });
      logger.error({ outboxId: row.id, key: row.key, chatId: chatId.toString(), attempts, description }, 'outbox: message given up');
      return;
    }
    this.counts.retried++;
    const backoffMs = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (attempts - 1));
    // The chat waits too, so that its later rows do not overtake this one.
    this.pacer.blockChat(chatId, backoffMs);
    logger.warn({ outboxId: row.id, key: row.key, chatId: chatId.toString(), attempts, backoffMs, description }, 'outbox: send failed, will retry');
    const notBefore = new Date(this.options.now().getTime() + backoffMs);
    await this.settle(row, { status: 'pending', claimedBy: null, claimedAt: null, attempts, error: description, notBefore });
    await this.holdChat(chatId, notBefore);
  }

  /**
   * Writes a row's outcome, only while our claim on it stands (a row whose lease ran out may have been taken by
   * another instance). `tries` > 1: a failed write is repeated, since a sent row left 'sending' is sent again.
   */
  private async settle(row: ClaimedRow, data: OutboxUpdate, tries = 1): Promise<void> {
    const { db, instanceId, logger } = this.options;
    for (let i = 1; ; i++) {
      try {
        const { count } = await db.outbox.updateMany({ where: { id: row.id, status: 'sending', claimedBy: instanceId }, data });
        if (count === 0) logger.warn({ outboxId: row.id, key: row.key, status: data.status }, 'outbox: claim lost before the outcome was written (lease expired)');
        return;
      } catch (error) {
        if (i >= tries) {
          logger.error({ outboxId: row.id, key: row.key, status: data.status, err: describe(error) }, 'outbox: outcome not written; the row stays claimed');
          return;
        }
        await delay(100 * 2 ** i);
      }
    }
  }
}

/**
 * The claim: the oldest due Telegram rows walked in id order through the (status, robotId, id) index, a window of
 * `limit × WINDOW_PER_ROW` of them past the busy chats and those with a live claim, and each chat's first row
 * of the window marked `sending`, `limit` at most. Exported for the test that EXPLAINs it.
 */
export function claimStatement(provider: SenderOptions['provider'], claim: { now: Date; instanceId: string; limit: number; excluded: readonly bigint[] }): Prisma.Sql {
  const { now, instanceId, limit, excluded } = claim;
  // Robots' rows are the robot sender's (src/delivery/robots/sender.ts).
  // On PostgreSQL the busy chats are one parameter, so that the claim is one prepared statement whatever their number.
  const notBusy =
    provider === 'postgresql'
      ? Prisma.sql`AND "robotId" IS NULL AND "chatId" <> ALL(string_to_array(${excluded.join(',')}, ',')::bigint[])`
      : Prisma.sql`AND "robotId" IS NULL ${excluded.length > 0 ? Prisma.sql`AND "chatId" NOT IN (${Prisma.join(excluded)})` : Prisma.empty}`;
  const due = Prisma.sql`"status" = 'pending' AND "notBefore" <= ${now}`;
  const noLiveClaim = Prisma.sql`"chatId" NOT IN (SELECT "chatId" FROM "Outbox" WHERE "status" = 'sending' AND "robotId" IS NULL)`;
  // The planners would rather take (robotId, status) and sort every pending row (SQLite), or walk the primary key
  // across all the sent history (PostgreSQL, which cannot know that old rows are sent): SQLite is told the index,
  // and ("robotId", "id") under "robotId" IS NULL is the order by id, which only (status, robotId, id) gives.
  const walk = provider === 'sqlite' ? Prisma.sql`"Outbox" INDEXED BY "Outbox_status_robotId_id_idx"` : Prisma.sql`"Outbox"`;
  const window = Prisma.sql`
    SELECT "id", "chatId" FROM ${walk}
    WHERE ${due} ${notBusy} AND ${noLiveClaim}
    ORDER BY "robotId", "id" LIMIT ${limit * WINDOW_PER_ROW}`;
  if (provider === 'sqlite') {
    return Prisma.sql`
      UPDATE "Outbox" SET "status" = 'sending', "claimedBy" = ${instanceId}, "claimedAt" = ${now}
      WHERE "id" IN (
        SELECT MIN("id") FROM (${window}) GROUP BY "chatId" ORDER BY MIN("id") LIMIT ${limit})
      RETURNING "id", "key", "kind", "chatId", "payload", "attempts"`;
  }
  // The condition is repeated outside the window because a row locked and changed by another instance
  // meanwhile is re-checked there (the inner query saw the old snapshot).
  return Prisma.sql`
    UPDATE "Outbox" SET "status" = 'sending', "claimedBy" = ${instanceId}, "claimedAt" = ${now}
    WHERE "id" IN (
      SELECT "id" FROM "Outbox"
      WHERE "id" IN (SELECT MIN("id") FROM (${window}) AS "head" GROUP BY "chatId")
        AND ${due}
      ORDER BY "id" LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING "id", "key", "kind", "chatId", "payload", "attempts"`;
}

/**
 * Runs the claim: on PostgreSQL on the pool as one prepared statement (Prisma's runtime would double its time).
 * Exported for bench/outbox-claim.ts.
 */
export function runClaim(db: Db, provider: SenderOptions['provider'], claim: Parameters<typeof claimStatement>[1]): Promise<ClaimedRow[]> {
  const statement = claimStatement(provider, claim);
  const pool = provider === 'postgresql' ? poolOf(db) : undefined;
  return pool ? queryNamed<ClaimedRow>(pool, 'outbox-claim', statement) : db.$queryRaw<ClaimedRow[]>(statement);
}

/** What went wrong, in one line without secrets. */
function describe(error: unknown): string {
  if (error instanceof GrammyError) return redact(`${error.error_code}: ${error.description}`);
  if (error instanceof HttpError) {
    const cause = error.error as { code?: unknown; name?: unknown } | undefined;
    const code = typeof cause?.code === 'string' ? cause.code : typeof cause?.name === 'string' ? cause.name : undefined;
    return redact(code ? `${error.message} (${code})` : error.message);
  }
  return redact(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
}
