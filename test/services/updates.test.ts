import type { Update } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.ts';
import { poolOf } from '../../src/db/pg-pool.ts';
import { UpdateLog } from '../../src/services/updates.ts';
import { backends } from '../support/databases.ts';

/**
 * Invariant: every update is handled at least once and to completion at most once. Recorded before it is
 * handled, marked after (or in the command's own transaction); one whose process died in between is handled
 * again — on SQLite by the next process, on PostgreSQL by any instance once the claim's lease ran out.
 */
const all = await backends('the update log on PostgreSQL (test/services/updates.test.ts)');
const LEASE = 60_000;

describe.each(all)('the update log on $name', (backend) => {
  let database: Database;
  let close: () => Promise<void>;
  beforeAll(async () => {
    if (backend.skipped) return;
    ({ database, close } = await backend.open({ seeded: false }));
  });
  afterAll(async () => {
    await close?.();
  });
  const log = (instance: string) => new UpdateLog(database.prisma, () => new Date(), instance);
  const from = { id: 1, is_bot: false, first_name: 'A' };
  const update = (id: number): Update => ({ update_id: id, message: { message_id: id, date: 0, from, chat: { id: 1, type: 'private', first_name: 'A' }, text: `/start ${id}` } });

  it.skipIf(backend.skipped)('hands an update a dead process never finished to the next, once, and a handled one to nobody', async () => {
    const dead = log('dead');
    expect(await dead.receive(update(1))).toBe(true);
    expect(await dead.receive(update(1))).toBe(false);
    expect(await dead.receive(update(2))).toBe(true);
    await dead.handled(2);
    // The process dies with update 1 unfinished.
    if (backend.name === 'PostgreSQL') {
      expect((await log('early').unfinished(database.provider, LEASE)).updates).toEqual([]);
      await database.prisma.processedUpdate.update({ where: { updateId: 1n }, data: { claimedAt: new Date(Date.now() - LEASE - 1000) } });
    }
    const next = log('next');
    const { updates } = await next.unfinished(database.provider, LEASE);
    expect(updates).toEqual([update(1)]);
    // Claimed: another instance starting at the same moment does not get it too (PostgreSQL; SQLite runs one).
    if (backend.name === 'PostgreSQL') expect((await log('third').unfinished(database.provider, LEASE)).updates).toEqual([]);
    // Its second handling passes the log once.
    expect(await next.receive(update(1))).toBe(true);
    expect(await next.receive(update(1))).toBe(false);
    await next.handled(1);
    expect(await database.prisma.processedUpdate.count({ where: { handledAt: null } })).toBe(0);
    expect(await database.prisma.processedUpdate.count({ where: { payload: { not: null } } })).toBe(0);
  });

  it.skipIf(backend.skipped)('records a burst received at once, each update once: a repeat in the burst and one recorded before are refused', async () => {
    const burst = log('burst');
    expect(await burst.receive(update(100))).toBe(true);
    const statements: string[] = [];
    const pool = poolOf(database.prisma);
    const query = pool?.query.bind(pool);
    if (pool) pool.query = ((config: { name?: string }, ...rest: unknown[]) => (statements.push(config.name ?? '?'), (query as (...a: unknown[]) => unknown)(config, ...rest))) as typeof pool.query;
    try {
      const answers = await Promise.all([101, 102, 100, 103, 102].map((id) => burst.receive(update(id))));
      expect(answers).toEqual([true, true, false, true, false]);
      // On PostgreSQL the burst is one statement (one commit), not one per update.
      if (pool) expect(statements).toEqual(['update-receive']);
    } finally {
      if (pool) pool.query = query!;
    }
    const recorded = await database.prisma.processedUpdate.findMany({ where: { updateId: { in: [101n, 102n, 103n] } }, orderBy: { updateId: 'asc' } });
    expect(recorded.map((r) => [r.updateId, JSON.parse(r.payload!) as Update, r.claimedBy, r.handledAt])).toEqual([
      [101n, update(101), 'burst', null],
      [102n, update(102), 'burst', null],
      [103n, update(103), 'burst', null],
    ]);
    for (const id of [100, 101, 102, 103]) await burst.handled(id);
  });

  it.skipIf(backend.skipped)('marks an update handled in the transaction that makes its change: a rollback leaves it to be handled again', async () => {
    const first = log('first');
    await first.receive(update(10));
    await expect(
      database.prisma.$transaction(async (tx) => {
        await first.handled(10, tx);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect((await database.prisma.processedUpdate.findUniqueOrThrow({ where: { updateId: 10n } })).handledAt).toBeNull();
    await database.prisma.$transaction(async (tx) => first.handled(10, tx));
    expect((await database.prisma.processedUpdate.findUniqueOrThrow({ where: { updateId: 10n } })).handledAt).not.toBeNull();
  });

  it.skipIf(backend.skipped)('gives up an update whose handling was started three times (it may be what kills the process)', async () => {
    await log('a').receive(update(20));
    const expire = () => database.prisma.processedUpdate.update({ where: { updateId: 20n }, data: { claimedAt: new Date(Date.now() - LEASE - 1000) } });
    for (const instance of ['b', 'c']) {
      await expire();
      expect((await log(instance).unfinished(database.provider, LEASE)).updates.map((u) => u.update_id)).toEqual([20]);
    }
    await expire();
    expect(await log('d').unfinished(database.provider, LEASE)).toEqual({ updates: [], givenUp: [20] });
  });
});
