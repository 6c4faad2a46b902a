// The outbox's hot statements are served by indexes whatever the backlog: the claim walks due rows in id order
// through (status, robotId, id) and stops after its window, never sorting every pending row; the sender's idle read and
// the lease take-back seek their index too. Checked on both databases on a backlog like a big fan-out's.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma } from '../../src/db/generated/sqlite/client.ts';
import { claimStatement } from '../../src/delivery/sender.ts';
import { backends } from '../support/databases.ts';
import { fillOutbox, planOf } from '../support/outbox-rows.ts';

const now = new Date('2026-12-07T01:00:00.000Z');

for (const backend of await backends('outbox claim plans (postgresql)')) {
  describe.skipIf(backend.skipped !== undefined)(`outbox plans on ${backend.name}`, () => {
    let opened: Awaited<ReturnType<typeof backend.open>>;
    const plan = (sql: Prisma.Sql) => planOf(opened.database, sql);
    const fullScan = (lines: string[]) =>
      lines.filter((l) => (backend.name === 'SQLite' ? /^SCAN "?Outbox"?( |$)/.test(l) : /Seq Scan on "?Outbox"?/.test(l)));

    beforeAll(async () => {
      opened = await backend.open({ seeded: false });
      await fillOutbox(opened.database, { pending: 30_000, chats: 2_001, later: 10_000, sent: 30_000, now });
    }, 120_000);
    afterAll(async () => {
      await opened?.close();
    });

    it('the claim walks (status, robotId, id) in id order and sorts no pending row, busy chats left out or not', async () => {
      for (const excluded of [[], [-1000001n, -1000002n, -1000003n]]) {
        const lines = await plan(claimStatement(opened.database.provider, { now, instanceId: 'plan', limit: 8, excluded }));
        const text = lines.join('\n');
        expect(text, text).toMatch(/Outbox_status_robotId_id_idx/);
        expect(fullScan(lines), text).toEqual([]);
        if (backend.name === 'SQLite') {
          // The only temporary b-trees are over the window's ≤ 64 rows (grouping them by chat), never the walk's order.
          expect(lines.filter((l) => /TEMP B-TREE FOR ORDER BY/.test(l)).length, text).toBeLessThanOrEqual(1);
        } else {
          // The window is an index scan under its Limit: no Sort between them.
          expect(text, text).toMatch(/Limit[^\n]*\n\s*->\s+Index Scan using "?Outbox_status_robotId_id_idx"?/);
        }
      }
    });

    it('the idle read (the soonest due row) and the lease take-back seek their index', async () => {
      const idle = await plan(Prisma.sql`
        SELECT "notBefore" FROM "Outbox" WHERE "status" = 'pending' AND "robotId" IS NULL AND "notBefore" > ${now}
        ORDER BY "notBefore" ASC LIMIT 1`);
      expect(idle.join('\n'), idle.join('\n')).toMatch(/Outbox_status_notBefore_idx/);
      expect(fullScan(idle)).toEqual([]);
      const takeBack = await plan(Prisma.sql`
        UPDATE "Outbox" SET "status" = 'pending', "claimedBy" = NULL, "claimedAt" = NULL
        WHERE "status" = 'sending' AND "robotId" IS NULL AND "claimedAt" < ${now}`);
      expect(fullScan(takeBack), takeBack.join('\n')).toEqual([]);
    });

    it('claims each chat’s oldest due row, eight chats at once, from a 30,000-row backlog', async () => {
      const rows = await opened.database.prisma.$queryRaw<Array<{ id: number; chatId: bigint | number; key: string }>>(
        claimStatement(opened.database.provider, { now, instanceId: 'plan', limit: 8, excluded: [] }),
      );
      expect(rows.map((r) => r.key).sort()).toEqual(Array.from({ length: 8 }, (_, i) => `fill:pending:${i + 1}`).sort());
      // Those chats now have a live claim: the next claim takes the next eight chats' first rows.
      const next = await opened.database.prisma.$queryRaw<Array<{ key: string }>>(
        claimStatement(opened.database.provider, { now, instanceId: 'plan', limit: 8, excluded: [] }),
      );
      expect(next.map((r) => r.key).sort()).toEqual(Array.from({ length: 8 }, (_, i) => `fill:pending:${i + 9}`).sort());
    });
  });
}
