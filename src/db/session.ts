// A PostgreSQL connection of the process's own, outside Prisma's pool, for what lives with a session: an
// advisory lock held while the process lives (the sender's election) and LISTEN (caches other instances must
// drop). When the connection is lost, every lock it held is gone and notifications may have been missed: the
// `reset` listeners hear it, and it reconnects with back-off.

// pg is loaded when the session first connects: a bot on SQLite never loads the driver.
import type pg from 'pg';
import type { Tx } from './types.ts';

type Logger = { warn(obj: object, msg: string): void; info(obj: object, msg: string): void };

/** Advisory lock keys of the app (Prisma's migration lock is 72707369); taskImport is held by a transaction only. */
export const LOCKS = { sender: 44_110_001, taskImport: 44_110_002 } as const;

/** Notification channels of the app. */
export const CHANNELS = { member: 'duban_member', outbox: 'duban_outbox' } as const;

/** Sends a notification when `tx` commits (never when it rolls back): PostgreSQL's pg_notify is transactional. */
export async function notifyIn(tx: Tx, channel: string, payload: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${channel}, ${payload})`;
}

export class PgSession {
  private client: pg.Client | undefined;
  private readonly locks = new Set<number>();
  private readonly listeners = new Map<string, (payload: string) => void>();
  private readonly resetListeners: Array<() => void> = [];
  private connecting: Promise<pg.Client | undefined> | undefined;
  private closed = false;
  private retryMs = 500;

  constructor(
    private readonly connectionString: string,
    private readonly schema: string | undefined,
    private readonly logger: Logger,
  ) {}

  /**
   * True while this session holds the lock: taken now if free (pg_try_advisory_lock), kept until the
   * connection is lost or closed. Never throws: a database that does not answer holds nothing.
   */
  async holds(key: number): Promise<boolean> {
    const client = await this.connection();
    if (!client) return false;
    if (this.locks.has(key)) return true;
    try {
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [key]);
      if (rows[0]?.locked) this.locks.add(key);
      return this.locks.has(key);
    } catch {
      return false;
    }
  }

  /** Calls `fn` with each notification's payload on `channel`. */
  async listen(channel: string, fn: (payload: string) => void): Promise<void> {
    this.listeners.set(channel, fn);
    const client = await this.connection();
    await client?.query(`LISTEN ${client.escapeIdentifier(channel)}`);
  }

  /** `fn` runs whenever the connection was lost: its locks are gone and notifications may have been missed. */
  onReset(fn: () => void): void {
    this.resetListeners.push(fn);
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.client;
    this.client = undefined;
    this.locks.clear();
    await client?.end().catch(() => undefined);
  }

  private connection(): Promise<pg.Client | undefined> {
    if (this.client) return Promise.resolve(this.client);
    if (this.closed) return Promise.resolve(undefined);
    this.connecting ??= this.connect().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private async connect(): Promise<pg.Client | undefined> {
    const { default: driver } = await import('pg');
    const client = new driver.Client({
      connectionString: this.connectionString,
      keepAlive: true,
      ...(this.schema ? { options: `-c search_path=${this.schema}` } : {}),
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, undefined));
    client.on('notification', (message) => this.listeners.get(message.channel)?.(message.payload ?? ''));
    try {
      await client.connect();
      for (const channel of this.listeners.keys()) await client.query(`LISTEN ${client.escapeIdentifier(channel)}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      this.logger.warn({ err: String(error), retryInMs: this.retryMs }, 'database session not open');
      const wait = this.retryMs;
      this.retryMs = Math.min(10_000, this.retryMs * 2);
      await new Promise((resolve) => setTimeout(resolve, wait).unref());
      // Listening is kept up on its own; a lock is asked for again by whoever wants it.
      if (this.listeners.size > 0) setImmediate(() => void this.connection());
      return undefined;
    }
    this.retryMs = 500;
    this.client = client;
    // Notifications sent while there was no connection were missed.
    for (const fn of this.resetListeners) fn();
    return client;
  }

  private lost(client: pg.Client, error: Error | undefined): void {
    if (this.client !== client) return;
    this.client = undefined;
    const held = [...this.locks];
    this.locks.clear();
    if (!this.closed) this.logger.warn({ err: error ? String(error) : 'closed', locks: held }, 'database session lost; reconnecting');
    for (const fn of this.resetListeners) fn();
    void client.end().catch(() => undefined);
    if (!this.closed && this.listeners.size > 0) void this.connection();
  }
}
