// Raw SQL fragments (Prisma's sql-template-tag), from Prisma's runtime itself: code that writes raw SQL for
// both databases does not load the SQLite-generated client on PostgreSQL, or the other way round.
export { sqltag as sql, join, empty, raw, Sql } from '@prisma/client/runtime/client';
