import type { Tx } from '../db/types.ts';

/** One row of the audit log: who did what, where, from what to what. */
export interface AuditEntry {
  /** When; the database's clock if not given (services with an injected clock pass theirs). */
  at?: Date;
  actorTelegramId?: bigint | null;
  chatId?: bigint | null;
  action: string;
  entity: string;
  entityId?: string | number | null;
  before?: unknown;
  after?: unknown;
}

const json = (value: unknown): string | null =>
  value === undefined ? null : JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? v.toString() : v));

const row = (entry: AuditEntry) => ({
  ...(entry.at ? { at: entry.at } : {}),
  actorTelegramId: entry.actorTelegramId ?? null,
  chatId: entry.chatId ?? null,
  action: entry.action,
  entity: entry.entity,
  entityId: entry.entityId == null ? null : String(entry.entityId),
  before: json(entry.before),
  after: json(entry.after),
});

export async function writeAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({ data: row(entry) });
}

/** Rows per INSERT: 8 parameters each, far below both databases' bound-parameter limits. */
const AUDIT_ROWS_PER_STATEMENT = 1000;

/** Many audit rows in a few statements (a job's steps), in the order given. */
export async function writeAudits(tx: Tx, entries: readonly AuditEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += AUDIT_ROWS_PER_STATEMENT) {
    await tx.auditLog.createMany({ data: entries.slice(i, i + AUDIT_ROWS_PER_STATEMENT).map(row) });
  }
}
