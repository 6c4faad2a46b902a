/**
 * Outbox claim bench: a backlog of 62,940 pending rows over 2,001 chats behind 100,000 sent ones (a day of big
 * fan-outs on a county's history), and the time per claim of 8 rows, the sender's claim against the claim it
 * replaced (GROUP BY every due row's chat, then sort: kept here as the baseline), in the same process, on SQLite
 * and on PostgreSQL. Each claim's rows are put back (untimed), so every claim sees the same backlog. The claim
 * runs as the sender runs it (runClaim: on PostgreSQL a prepared statement on the pool), the baseline through
 * Prisma as it ran; the floor runs as the claim does, so that only the search differs.
 *
 *   npx tsx bench/outbox-claim.ts [--pending 62940] [--sent 100000] [--claims 50] [--no-pg]
 *
 * PostgreSQL: TEST_DATABASE_URL or postgresql://postgres@127.0.0.1:5432/test, in a schema it creates and drops.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Prisma } from '../src/db/generated/sqlite/client.ts';
import { openDatabase, type Database } from '../src/db/client.ts';
import { runClaim } from '../src/delivery/sender.ts';
import { poolOf, queryNamed } from '../src/db/pg-pool.ts';
import { createTempPgSchema, pgAvailable } from '../test/support/postgres.ts';
import { fillOutbox } from '../test/support/outbox-rows.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1] ?? fallback) : fallback;
};
const pending = Math.min(1_000_000, option('pending', 62_940));
const sent = Math.min(2_000_000, option('sent', 100_000));
const claims = Math.min(1000, option('claims', 50));
const now = new Date('2026-12-07T01:00:00.000Z');

/** The claim before this bench's change: every due row grouped by chat, the groups sorted (src/delivery/sender.ts, before). */
function previousClaim(provider: Database['provider'], limit: number): Prisma.Sql {
  const leaseExpired = new Date(now.getTime() - 60_000);
  const claimable = Prisma.sql`(("status" = 'pending' AND "notBefore" <= ${now}) OR ("status" = 'sending' AND "claimedAt" < ${leaseExpired}))`;
  const noLiveClaim = Prisma.sql`"chatId" NOT IN (SELECT "chatId" FROM "Outbox" WHERE "status" = 'sending' AND "claimedAt" >= ${leaseExpired})`;
  if (provider === 'sqlite') {
    return Prisma.sql`
      UPDATE "Outbox" SET "status" = 'sending', "claimedBy" = 'bench', "claimedAt" = ${now}
      WHERE "id" IN (
        SELECT MIN("id") FROM "Outbox" WHERE ${claimable} AND "robotId" IS NULL AND ${noLiveClaim}
        GROUP BY "chatId" ORDER BY MIN("id") LIMIT ${limit})
      RETURNING "id"`;
  }
  return Prisma.sql`
    UPDATE "Outbox" SET "status" = 'sending', "claimedBy" = 'bench', "claimedAt" = ${now}
    WHERE "id" IN (
      SELECT "id" FROM "Outbox"
      WHERE "id" IN (
          SELECT DISTINCT ON ("chatId") "id" FROM "Outbox"
          WHERE ${claimable} AND "robotId" IS NULL AND ${noLiveClaim}
          ORDER BY "chatId", "id")
        AND ${claimable}
      ORDER BY "id" LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING "id"`;
}

async function timeClaims(database: Database, claim: () => Promise<Array<{ id: number }>>): Promise<number> {
  const db = database.prisma;
  let total = 0;
  for (let i = 0; i < claims; i++) {
    const t = performance.now();
    const rows = await claim();
    total += performance.now() - t;
    if (rows.length !== 8) throw new Error(`a claim took ${rows.length} rows, not 8`);
    await db.$executeRaw`UPDATE "Outbox" SET "status" = 'pending', "claimedBy" = NULL, "claimedAt" = NULL WHERE "id" IN (${Prisma.join(rows.map((r) => r.id))})`;
  }
  return total / claims;
}

async function bench(name: string, database: Database): Promise<void> {
  const t = performance.now();
  await fillOutbox(database, { pending, chats: 2_001, later: 0, sent, now });
  console.log(`${name}: ${pending.toLocaleString()} pending rows over 2,001 chats behind ${sent.toLocaleString()} sent (filled in ${Math.round(performance.now() - t)} ms)`);
  // Warm both once, then alternate, so neither gets the cache alone.
  await timeClaims(database, () => database.prisma.$queryRaw(previousClaim(database.provider, 8)));
  const before: number[] = [];
  const after: number[] = [];
  for (let round = 0; round < 3; round++) {
    before.push(await timeClaims(database, () => database.prisma.$queryRaw(previousClaim(database.provider, 8))));
    after.push(await timeClaims(database, () => runClaim(database.prisma, database.provider, { now, instanceId: 'bench', limit: 8, excluded: [] })));
  }
  // The floor: the same write without the search, 8 rows marked by id (on PostgreSQL mostly the commit's WAL flush).
  const ids = (await database.prisma.outbox.findMany({ where: { status: 'pending' }, orderBy: { id: 'asc' }, take: 8, select: { id: true } })).map((r) => r.id);
  const floorStatement = Prisma.sql`
    UPDATE "Outbox" SET "status" = 'sending', "claimedBy" = 'bench', "claimedAt" = ${now} WHERE "id" IN (${Prisma.join(ids)}) RETURNING "id"`;
  // Run as the claim runs (on PostgreSQL a prepared statement on the pool), so that only the search differs.
  const pool = poolOf(database.prisma);
  const floor = await timeClaims(database, () => (pool ? queryNamed<{ id: number }>(pool, 'bench-floor', floorStatement) : database.prisma.$queryRaw(floorStatement)));
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!;
  const b = median(before);
  const a = median(after);
  console.log(
    `${name}: claim of 8, median of 3 rounds of ${claims}: before ${b.toFixed(2)} ms, now ${a.toFixed(3)} ms (now ÷ before = ${(a / b).toFixed(4)}; goal < 2 ms); ` +
      `floor (the same 8 rows updated by id) ${floor.toFixed(3)} ms, now ÷ floor = ${(a / floor).toFixed(2)}`,
  );
}

const dir = mkdtempSync(join(tmpdir(), 'duban-claim-bench-'));
try {
  const sqlite = await openDatabase(`file:${join(dir, 'bench.db')}`);
  try {
    await bench('SQLite', sqlite);
  } finally {
    await sqlite.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (!args.includes('--no-pg')) {
  const available = await pgAvailable();
  if (!available.ok) console.log(`PostgreSQL: SKIPPED (${available.reason})`);
  else {
    const schema = await createTempPgSchema('duban_claim_bench');
    try {
      const database = await openDatabase(schema.url);
      try {
        await bench('PostgreSQL', database);
      } finally {
        await database.close();
      }
    } finally {
      await schema.drop();
    }
  }
}
