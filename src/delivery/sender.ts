import { GrammyError, HttpError, InputFile, type Api } from 'grammy';
import { Prisma } from '../db/generated/sqlite/client.ts';
import type { Db } from '../db/types.ts';
import type { Logger } from '../logger.ts';
import type { OutboxPayload } from './outbox.ts';
import { DEFAULT_LIMITS, Pacer, type Limits } from './pacer.ts';

export interface SenderOptions {
  db: Db;
  provider: 'sqlite' | 'postgresql';
  /** A plain Api without auto-retry: the sender handles flood waits row by row. */
  api: Api;
  logger: Logger;
  now: () => Date;
  instanceId: string;
  limits?: Partial<Limits>;
  /** A row claimed longer ago than this by an instance that went away is claimable again (PostgreSQL). */
  leaseMs?: number;
  /** Retries of 5xx answers and network failures before a row is given up. */
  maxAttempts?: number;
  /** Told once per chat when Telegram refuses a chat for good (the bot was removed, the chat is gone). */
  onPermanentFailure?: (chatId: bigint, description: string) => Promise<void>;
}

interface ClaimedRow {
  id: number;
  chatId: bigint;
  payload: string;
  attempts: number;
}

const MAX_IN_FLIGHT = 8;
const POLL_MS = 250;
const MAX_BACKOFF_MS = 5 * 60_000;

/** Descriptions that mean the chat will not take messages again until someone acts. */
const isChatGone = (e: GrammyError) =>
  e.error_code === 403 || /chat not found|group chat was upgraded|chat_write_forbidden|have no rights|not enough rights/i.test(e.description);

/**
 * Works the outbox: claims due rows without overlap between instances, paces sends under Telegram's flood
 * limits by its own clock, honours retry_after, retries 5xx and network failures with backoff, and gives up
 * on permanent refusals, reporting each refused chat once.
 */
export class Sender {
  private readonly pacer: Pacer;
  private readonly leaseMs: number;
  private readonly maxAttempts: number;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly reportedChats = new Set<string>();
  private readonly sendingTo = new Set<bigint>();
  private readonly counts = { sent: 0, retried: 0, failed: 0, tooManyRequests: 0 };
  private loop: Promise<void> | undefined;
  private stopping = false;
  private wake: (() => void) | undefined;

  constructor(private readonly options: SenderOptions) {
    this.pacer = new Pacer({ ...DEFAULT_LIMITS, ...options.limits });
    this.leaseMs = options.leaseMs ?? 60_000;
    this.maxAttempts = options.maxAttempts ?? 8;
  }

  start(): void {
    this.loop ??= this.run();
  }

  nudge(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.nudge();
    await this.loop;
    await Promise.all(this.inFlight);
  }

  stats() {
    return { ...this.counts };
  }

  /** Resolves when nothing is due within `horizonMs` and nothing is being sent (tests, benches). */
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
        const rows = await this.options.db.outbox.findMany({ where: { status: { in: ['pending', 'sending'] } }, select: { key: true, status: true, notBefore: true, attempts: true, error: true }, take: 5 });
        throw new Error(`outbox not drained after ${timeoutMs} ms: ${owed} owed, e.g. ${JSON.stringify(rows)} (now ${this.options.now().toISOString()})`);
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  private async run(): Promise<void> {
    if (this.options.provider === 'sqlite') {
      // One instance on SQLite: whatever a previous process left in flight is ours to send again.
      await this.options.db.outbox.updateMany({ where: { status: 'sending' }, data: { status: 'pending' } });
    }
    while (!this.stopping) {
      let claimed: ClaimedRow[] = [];
      try {
        if (this.pacer.globalWait() === 0) claimed = await this.claim(MAX_IN_FLIGHT - this.inFlight.size);
      } catch (error) {
        this.options.logger.error({ err: String(error) }, 'outbox claim failed');
      }
      for (const row of claimed) {
        const sending = this.deliver(row).catch((error: unknown) =>
          this.options.logger.error({ outboxId: row.id, err: String(error) }, 'outbox row not settled'),
        );
        this.inFlight.add(sending);
        void sending.finally(() => {
          this.inFlight.delete(sending);
          this.nudge();
        });
      }
      await new Promise<void>((resolve) => {
        const pause = claimed.length > 0 && this.inFlight.size < MAX_IN_FLIGHT ? 0 : Math.max(10, Math.min(POLL_MS, this.pacer.globalWait() || POLL_MS));
        const timer = setTimeout(resolve, pause);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  /**
   * Claims the oldest due row of up to `limit` chats that may be sent to now: one row per chat, so a chat's
   * messages go in order and one busy chat never holds up the others.
   */
  private async claim(limit: number): Promise<ClaimedRow[]> {
    if (limit <= 0) return [];
    const now = this.options.now();
    const { db, instanceId, provider } = this.options;
    // Chats with a send in flight here, or over their budget, wait for a later round.
    const busy = [...new Set([...this.pacer.busyChats(), ...this.sendingTo])];
    const notBusy = busy.length > 0 ? Prisma.sql`AND "chatId" NOT IN (${Prisma.join(busy)})` : Prisma.empty;
    if (provider === 'sqlite') {
      return db.$queryRaw<ClaimedRow[]>`
        UPDATE "Outbox" SET "status" = 'sending', "claimedBy" = ${instanceId}, "claimedAt" = ${now}
        WHERE "id" IN (
          SELECT MIN("id") FROM "Outbox"
          WHERE "status" = 'pending' AND "notBefore" <= ${now} ${notBusy}
          GROUP BY "chatId" ORDER BY MIN("id") LIMIT ${limit})
        RETURNING "id", "chatId", "payload", "attempts"`;
    }
    const leaseExpired = new Date(now.getTime() - this.leaseMs);
    const due = Prisma.sql`(("status" = 'pending' AND "notBefore" <= ${now}) OR ("status" = 'sending' AND "claimedAt" < ${leaseExpired})) ${notBusy}`;
    return db.$queryRaw<ClaimedRow[]>`
      UPDATE "Outbox" SET "status" = 'sending', "claimedBy" = ${instanceId}, "claimedAt" = ${now}
      WHERE "id" IN (
        SELECT "id" FROM "Outbox"
        WHERE "id" IN (SELECT DISTINCT ON ("chatId") "id" FROM "Outbox" WHERE ${due} ORDER BY "chatId", "id") AND ${due}
        ORDER BY "id" LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
      RETURNING "id", "chatId", "payload", "attempts"`;
  }

  private async deliver(row: ClaimedRow): Promise<void> {
    const chatId = BigInt(row.chatId);
    this.sendingTo.add(chatId);
    try {
      // Only the bot-wide window can make a claimed row wait, and never for more than about a second.
      for (let wait = this.pacer.waitFor(chatId); wait > 0; wait = this.pacer.waitFor(chatId)) {
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
      this.pacer.take(chatId);
      await this.send(row, chatId);
    } finally {
      this.sendingTo.delete(chatId);
    }
  }

  private async send(row: ClaimedRow, chatId: bigint): Promise<void> {
    const payload = JSON.parse(row.payload) as OutboxPayload;
    try {
      const message =
        payload.method === 'sendPhoto'
          ? await this.options.api.sendPhoto(Number(chatId), new InputFile(Buffer.from(payload.photo ?? '', 'base64'), 'chart.png'), payload.params)
          : await this.options.api.sendMessage(Number(chatId), String(payload.params.text ?? ''), payload.params);
      await this.options.db.outbox.update({
        where: { id: row.id },
        data: { status: 'sent', sentAt: this.options.now(), messageId: message.message_id, error: null },
      });
      this.counts.sent++;
    } catch (error) {
      await this.failed(row, chatId, error);
    }
  }

  private async failed(row: ClaimedRow, chatId: bigint, error: unknown): Promise<void> {
    const { logger } = this.options;
    if (error instanceof GrammyError && error.error_code === 429) {
      const retryAfterMs = (error.parameters.retry_after ?? 1) * 1000;
      this.counts.tooManyRequests++;
      // Not knowing whether the flood was the chat's or the bot's, wait it out everywhere.
      this.pacer.block(null, retryAfterMs);
      this.pacer.block(chatId, retryAfterMs);
      await this.release(row.id, { notBefore: new Date(this.options.now().getTime() + retryAfterMs) });
      return;
    }
    if (error instanceof GrammyError && error.error_code < 500) {
      this.counts.failed++;
      await this.options.db.outbox.update({ where: { id: row.id }, data: { status: 'failed', error: error.description } });
      if (isChatGone(error)) {
        await this.options.db.outbox.updateMany({ where: { chatId, status: 'pending' }, data: { status: 'failed', error: error.description } });
        if (!this.reportedChats.has(chatId.toString())) {
          this.reportedChats.add(chatId.toString());
          await this.options.onPermanentFailure?.(chatId, error.description);
        }
      } else {
        logger.error({ outboxId: row.id, chatId: chatId.toString(), code: error.error_code, description: error.description }, 'message refused');
      }
      return;
    }
    // 5xx, or the connection failed: the message may not have arrived, so it is sent again (at-least-once).
    const attempts = row.attempts + 1;
    const description = error instanceof GrammyError ? error.description : error instanceof HttpError ? error.message : String(error);
    if (attempts >= this.maxAttempts) {
      this.counts.failed++;
      await this.options.db.outbox.update({ where: { id: row.id }, data: { status: 'failed', attempts, error: description } });
      logger.error({ outboxId: row.id, chatId: chatId.toString(), attempts, description }, 'message given up');
      return;
    }
    this.counts.retried++;
    const backoff = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (attempts - 1));
    await this.release(row.id, { notBefore: new Date(this.options.now().getTime() + backoff), attempts, error: description });
  }

  private async release(id: number, data: { notBefore: Date; attempts?: number; error?: string }): Promise<void> {
    await this.options.db.outbox.update({ where: { id }, data: { status: 'pending', claimedBy: null, claimedAt: null, ...data } });
  }
}

