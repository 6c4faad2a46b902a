// Prisma CLI configuration (Prisma 7). One schema, two databases: DATABASE_URL picks the provider.
//
//   DATABASE_URL=file:./data/duban.db (default)  -> prisma/schema.prisma,                 prisma/migrations/sqlite
//   DATABASE_URL=postgresql://…                  -> prisma/generated/postgresql.prisma,   prisma/migrations/postgresql
//
// The app applies these migrations itself at start (src/db/migrate.ts, same _prisma_migrations table), so
// `prisma migrate deploy` is only needed elsewhere; it needs Prisma's native schema engine, which these
// machines cannot download: PRISMA_SCHEMA_ENGINE_BINARY defaults to a stub that explains this (and lets
// `prisma generate` run). Set it to a real engine to use the migrate commands.

import 'dotenv/config';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'prisma/config';

const root = path.dirname(fileURLToPath(import.meta.url));
process.env.PRISMA_SCHEMA_ENGINE_BINARY ||= path.join(root, 'scripts', 'no-schema-engine.sh');

const url = process.env.DATABASE_URL?.trim() || 'file:./data/duban.db';
const postgres = /^postgres(ql)?:\/\//i.test(url);

/** SQLite paths are relative to the working directory, as in src/db/client.ts. */
function sqliteUrl(value: string): string {
  const file = value.replace(/^file:/i, '');
  return `file:${path.resolve(process.cwd(), file)}`;
}

export default defineConfig({
  schema: postgres ? 'prisma/generated/postgresql.prisma' : 'prisma/schema.prisma',
  migrations: { path: postgres ? 'prisma/migrations/postgresql' : 'prisma/migrations/sqlite' },
  datasource: { url: postgres ? url : sqliteUrl(url) },
});
