// The app is typed against the SQLite-generated client; the PostgreSQL client has the same model API.
import type { PrismaClient, Prisma } from './generated/sqlite/client.ts';

export type Db = PrismaClient;
export type Tx = Prisma.TransactionClient;
export type { Committee, Unit, Member, ChatBinding } from './generated/sqlite/client.ts';

/** Prisma's unique-constraint violation, the one database error a service expects and turns into a value. */
export const isUniqueViolation = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002';

/**
 * For a transaction whose work grows with the organisation (a bulletin to every chat, an import of thousands of
 * tasks, an organisation file): Prisma's default 5 s would cut it off at a province's size. Sized for 4× a
 * province on a slow disk; such transactions are rare and run by the office, so the wait they cause is accepted.
 */
export const LONG_TRANSACTION = { maxWait: 10_000, timeout: 120_000 } as const;
