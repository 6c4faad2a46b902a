import * as Prisma from '../db/sql.ts';
import { CHANNELS } from '../db/session.ts';
import { LONG_TRANSACTION, type Db, type Tx } from '../db/types.ts';
import type { OutboxDepth } from '../metrics.ts';

/** A message the bot owes a chat. The key is deterministic (job, slot or event, chat): owing it twice is a no-op. */
export interface OwedMessage {
  /** e.g. `reminder:2026-11-30:unit:12:chat:-1001`; a key already recorded is ignored. */
  key: string;
  chatId: bigint;
  /** reminder | escalation | digest | bulletin | notice | alert | delivery-failed … */
  kind: string;
  /** editMessageText changes a message sent before (its params carry message_id): a tally kept current. robot: a group robot's webhook. */
  method: 'sendMessage' | 'sendPhoto' | 'sendMediaGroup' | 'editMessageText' | 'robot';
  /** Bot API parameters without chat_id (sendPhoto: without photo); for a robot, the JSON body it is posted. */
  params: Record<string, unknown>;
  /** A robot's row (src/delivery/robots/): chatId is then ROBOT_CHAT. */
  robotId?: number;
  /** sendPhoto: the PNG, kept in the row (base64) so a restart can still send it. */
  photo?: Buffer;
  /** sendMediaGroup: the album's PNGs (2–10) with their captions, kept in the row like a photo. */
  album?: { png: Buffer; caption: string }[];
  /** Not sent before this moment (default: now). */
  notBefore?: Date;
}

/** The stored form of a row's payload (the `payload` column, JSON). */
export interface OutboxPayload {
  method: OwedMessage['method'];
  params: Record<string, unknown>;
  /** base64 PNG */
  photo?: string;
  /** sendMediaGroup: base64 PNGs and their captions */
  album?: { png: string; caption: string }[];
}

/** Who hears that rows were recorded: the senders sleep until then, or until a row comes due. */
interface OutboxWake {
  /** postgresql: a NOTIFY on CHANNELS.outbox with the rows, heard by every instance's sender after the commit. */
  provider?: 'sqlite' | 'postgresql';
  /** Called after rows were recorded (in a caller's transaction: possibly before its commit). */
  recorded?: () => void;
}

/** The chatId of a robot's row: it goes to no Telegram chat, and the Telegram sender never claims it. */
export const ROBOT_CHAT = 0n;

/** Rows per INSERT: 9 parameters each, far below SQLite's 32,766 and PostgreSQL's 65,535 bound parameters. */
const ROWS_PER_STATEMENT = 500;
/** Rows deleted per statement when pruning. */
const PRUNE_BATCH = 2000;

/**
 * Records messages before anything is sent; the sender works them off.
 *
 * Dates are bound as parameters and written by the database adapter in the same form as Prisma's typed API
 * writes them (on SQLite: ISO-8601 text, `2026-11-30T00:30:00.000+00:00`), so the sender's raw comparisons on
 * `notBefore` hold. Never let the column default (`CURRENT_TIMESTAMP`, another text form) fill them.
 */
export class Outbox {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
    private readonly wake: OutboxWake = {},
  ) {}

  /**
   * Records the messages (`INSERT … ON CONFLICT ("key") DO NOTHING`) and returns how many were new. All of them
   * or none: one statement, or one transaction when there are many. Pass `tx` to record them together with the
   * state change that owes them.
   */
  async enqueue(messages: OwedMessage[], tx?: Tx): Promise<number> {
    if (messages.length === 0) return 0;
    const now = this.now();
    const seen = new Set<string>();
    const rows: Prisma.Sql[] = [];
    for (const m of messages) {
      if (seen.has(m.key)) continue;
      seen.add(m.key);
      rows.push(Prisma.sql`(${m.key}, ${m.chatId}, ${m.kind}, ${serialize(m)}, 'pending', 0, ${m.notBefore ?? now}, ${now}, ${m.robotId ?? null})`);
    }
    const insert = async (client: Db | Tx) => {
      let added = 0;
      for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
        added += await client.$executeRaw`
          INSERT INTO "Outbox" ("key", "chatId", "kind", "payload", "status", "attempts", "notBefore", "createdAt", "robotId")
          VALUES ${Prisma.join(rows.slice(i, i + ROWS_PER_STATEMENT))}
          ON CONFLICT ("key") DO NOTHING`;
      }
      // The senders sleep until woken: on PostgreSQL every instance's sender hears it when the rows commit.
      if (added > 0 && this.wake.provider === 'postgresql') await client.$executeRaw`SELECT pg_notify(${CHANNELS.outbox}, '')`;
      return added;
    };
    const added = tx || rows.length <= ROWS_PER_STATEMENT ? await insert(tx ?? this.db) : await this.db.$transaction((t) => insert(t), LONG_TRANSACTION);
    // In process at once: on SQLite a claim waits behind an open transaction (one connection, src/db/sqlite-serial.ts).
    if (added > 0) this.wake.recorded?.();
    return added;
  }

  /**
   * Deletes sent and failed rows recorded more than `days` ago (OUTBOX_RETENTION_DAYS), charts' PNG bytes with
   * them, in batches so that no statement holds the table long; rows still owed are never touched. Returns how
   * many went. A key pruned is owable again, so the retention must outlast any job that could owe it twice: the
   * catch-up window is hours, an alert's roll-call days.
   */
  async prune(days: number): Promise<number> {
    const before = new Date(this.now().getTime() - days * 24 * 3600 * 1000);
    let pruned = 0;
    for (;;) {
      const deleted = await this.db.$executeRaw`
        DELETE FROM "Outbox" WHERE "id" IN (
          SELECT "id" FROM "Outbox" WHERE "createdAt" < ${before} AND "status" IN ('sent', 'failed') LIMIT ${PRUNE_BATCH})`;
      pruned += deleted;
      if (deleted < PRUNE_BATCH) return pruned;
    }
  }

  /** Telegram's message ids of the rows with these keys that were delivered: what a later edit changes. */
  async sentMessageIds(keys: readonly string[]): Promise<Map<string, number>> {
    if (keys.length === 0) return new Map();
    const rows = await this.db.outbox.findMany({ where: { key: { in: [...keys] }, status: 'sent', messageId: { not: null } }, select: { key: true, messageId: true } });
    return new Map(rows.map((r) => [r.key, r.messageId!]));
  }

  /** When the latest row of a kind for these chats was recorded (before `before`, when given), leaving out keys that start with `except`. */
  async lastOwedAt(kind: string, chatIds: readonly bigint[], except: string, before?: Date): Promise<Date | null> {
    if (chatIds.length === 0) return null;
    const row = await this.db.outbox.findFirst({
      where: { kind, chatId: { in: [...chatIds] }, NOT: { key: { startsWith: except } }, ...(before ? { createdAt: { lt: before } } : {}) },
      orderBy: { createdAt: 'desc' },
      select: { createdAt: true },
    });
    return row?.createdAt ?? null;
  }

  /** Rows by status, and how long the oldest pending row has waited past its notBefore: what /metrics shows. */
  async depth(): Promise<OutboxDepth> {
    const [counts, oldest] = await Promise.all([
      this.db.outbox.groupBy({ by: ['status'], _count: { _all: true } }),
      this.db.outbox.findFirst({ where: { status: 'pending' }, orderBy: { notBefore: 'asc' }, select: { notBefore: true } }),
    ]);
    const waited = oldest ? (this.now().getTime() - oldest.notBefore.getTime()) / 1000 : null;
    return {
      byStatus: Object.fromEntries(counts.map((c) => [c.status, c._count._all])),
      oldestPendingSeconds: waited === null ? null : Math.max(0, waited),
    };
  }
}

function serialize(m: OwedMessage): string {
  if ((m.method === 'robot') !== (m.robotId !== undefined)) throw new Error(`outbox ${m.key}: a robot row needs method robot and a robotId`);
  if (m.method === 'robot') return JSON.stringify({ method: m.method, params: m.params } satisfies OutboxPayload);
  if (m.method === 'sendPhoto' && !m.photo) throw new Error(`outbox ${m.key}: sendPhoto without photo bytes`);
  if (m.method === 'sendMediaGroup' && !(m.album && m.album.length >= 2 && m.album.length <= 10)) throw new Error(`outbox ${m.key}: an album needs 2–10 photos`);
  if (m.method !== 'sendPhoto' && m.method !== 'sendMediaGroup' && typeof m.params.text !== 'string') throw new Error(`outbox ${m.key}: ${m.method} without text`);
  if (m.method === 'editMessageText' && typeof m.params.message_id !== 'number') throw new Error(`outbox ${m.key}: editMessageText without message_id`);
  const payload: OutboxPayload = {
    method: m.method,
    params: m.params,
    ...(m.photo ? { photo: m.photo.toString('base64') } : {}),
    ...(m.album ? { album: m.album.map((p) => ({ png: p.png.toString('base64'), caption: p.caption })) } : {}),
  };
  return JSON.stringify(payload);
}
