import type { Db, Tx } from '../db/types.ts';
import type { ActionContext, Actor } from '../domain/actor.ts';
import type { Result } from '../domain/result.ts';
import { standingOf } from '../domain/roles.ts';

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

export async function writeAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({
    data: {
      ...(entry.at ? { at: entry.at } : {}),
      actorTelegramId: entry.actorTelegramId ?? null,
      chatId: entry.chatId ?? null,
      action: entry.action,
      entity: entry.entity,
      entityId: entry.entityId == null ? null : String(entry.entityId),
      before: json(entry.before),
      after: json(entry.after),
    },
  });
}

/** A refusal, as the audit log keeps it: who was refused what, where, and why. */
interface Refusal {
  actor: Actor;
  chatId: bigint;
  /** What was asked for: `task`, `problem`, `extension`, `button`… */
  entity: string;
  entityId?: string | number | null;
  /** The locale key the person was answered with. */
  reason: string;
  detail?: Record<string, unknown>;
}

/**
 * Writes the audit row of a refusal. Every refusal is audited where it is decided: the router's, this service's,
 * and those the task and problem services decide inside their transactions (pass the transaction).
 */
export async function auditRefusal(tx: Db | Tx, refusal: Refusal): Promise<void> {
  await writeAudit(tx as Tx, refusalEntry(refusal));
}

export const refusalEntry = (refusal: Refusal): AuditEntry => ({
  actorTelegramId: refusal.actor.telegramId,
  chatId: refusal.chatId,
  action: 'access.denied',
  // Not the task's or the problem's own entity: a refusal is no step in their history (/task shows that).
  entity: 'access',
  entityId: refusal.entityId == null ? refusal.entity : `${refusal.entity}:${refusal.entityId}`,
  after: { reason: refusal.reason, role: standingOf(refusal.actor), ...refusal.detail },
});

/**
 * The answers that refuse a person what their role or unit does not allow (as against a mistake in what they
 * typed): a service that returns one of these has decided a refusal, and it is audited.
 */
const REFUSALS = new Set(['errors-not-allowed-action', 'task-not-your-unit', 'done-override-admin-only', 'problem-not-your-unit', 'problem-create-not-allowed', 'draft-not-yours']);

/** Audits the result if it is a refusal, and returns it unchanged. */
export async function auditedResult<R extends Result<unknown>>(db: Db | Tx, at: ActionContext, entity: string, entityId: number | null, result: R): Promise<R> {
  if (!result.ok && REFUSALS.has(result.error.key)) {
    await auditRefusal(db, { actor: at.actor, chatId: at.chatId, entity, entityId, reason: result.error.key });
  }
  return result;
}
