import { Prisma } from '../db/generated/sqlite/client.ts';
import type { Db, Tx } from '../db/types.ts';

/** A message the bot owes a chat. The key is deterministic (job, slot or event, chat): owing it twice is a no-op. */
export interface OwedMessage {
  key: string;
  chatId: bigint;
  kind: string;
  method: 'sendMessage' | 'sendPhoto';
  /** Bot API parameters without chat_id. */
  params: Record<string, unknown>;
  /** sendPhoto: the PNG, kept in the row so a restart can still send it. */
  photo?: Buffer;
  notBefore?: Date;
}

/** The stored form of a row's payload. */
export interface OutboxPayload {
  method: OwedMessage['method'];
  params: Record<string, unknown>;
  photo?: string;
}

/** Records messages before anything is sent; the sender works them off. */
export class Outbox {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  /** Returns how many were new; a key already recorded is left as it is. */
  async enqueue(messages: OwedMessage[], tx?: Tx): Promise<number> {
    if (messages.length === 0) return 0;
    const client = tx ?? this.db;
    const now = this.now();
    let added = 0;
    // INSERT … ON CONFLICT DO NOTHING reads the same on SQLite and PostgreSQL; chunks keep statements small.
    for (let i = 0; i < messages.length; i += 100) {
      const rows = messages.slice(i, i + 100).map((m) => {
        const payload: OutboxPayload = { method: m.method, params: m.params, ...(m.photo ? { photo: m.photo.toString('base64') } : {}) };
        return Prisma.sql`(${m.key}, ${m.chatId}, ${m.kind}, ${JSON.stringify(payload)}, 'pending', 0, ${m.notBefore ?? now}, ${now})`;
      });
      added += await client.$executeRaw`
        INSERT INTO "Outbox" ("key", "chatId", "kind", "payload", "status", "attempts", "notBefore", "createdAt")
        VALUES ${Prisma.join(rows)}
        ON CONFLICT ("key") DO NOTHING`;
    }
    return added;
  }
}
