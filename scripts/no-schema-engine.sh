#!/bin/sh
# Stand-in for Prisma's native schema engine, which this project's machines cannot download
# (no network except the npm registry). scripts/prisma-generate.ts and prisma.config.ts point
# PRISMA_SCHEMA_ENGINE_BINARY here when it is not already set: `prisma generate` only checks
# that the file exists and never runs it; any command that really needs the engine ends here.
#
# The Prisma CLI skips the engine's first stderr line and parses each further line as a JSON log
# record, then prints their messages; so: one plain line, then JSON lines, no trailing newline.
printf '%s\n' "Duban: the native Prisma schema engine is not installed on this machine." >&2
printf '%s\n' '{"level":"ERROR","target":"duban::no-schema-engine","fields":{"message":"Duban: the native Prisma schema engine is not installed on this machine (it cannot be downloaded here), so this Prisma CLI command cannot run."}}' >&2
printf '%s\n' '{"level":"ERROR","target":"duban::no-schema-engine","fields":{"message":"- Migrations are applied automatically at start-up by src/db/migrate.ts (same _prisma_migrations table as prisma migrate deploy)."}}' >&2
printf '%s\n' '{"level":"ERROR","target":"duban::no-schema-engine","fields":{"message":"- New migrations: npm run db:migration <name> (WebAssembly schema engine, scripts/migration-diff.ts)."}}' >&2
printf '%s' '{"level":"ERROR","target":"duban::no-schema-engine","fields":{"message":"- With a real engine, set PRISMA_SCHEMA_ENGINE_BINARY to its path to use prisma migrate deploy / status."}}' >&2
exit 1
