// The app is typed against the SQLite-generated client; the PostgreSQL client has the same model API.
import type { PrismaClient, Prisma } from './generated/sqlite/client.ts';

export type Db = PrismaClient;
export type Tx = Prisma.TransactionClient;
export type { Committee, Unit, Member, ChatBinding } from './generated/sqlite/client.ts';

/** Prisma's unique-constraint violation, the one database error a service expects and turns into a value. */
export const isUniqueViolation = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002';
