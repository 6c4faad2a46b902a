import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.ts';
import { Outbox, type OutboxPayload, type OwedMessage } from '../../src/delivery/outbox.ts';
import { backends } from '../support/databases.ts';

const text = (key: string, chatId: bigint, body = key): OwedMessage => ({
  key,
  chatId,
  kind: 'reminder',
  method: 'sendMessage',
  params: { text: body, parse_mode: 'HTML' },
});

for (const backend of await backends('delivery outbox (postgresql)')) {
  describe.skipIf(backend.skipped !== undefined)(`Outbox on ${backend.name}`, () => {
    let opened: Awaited<ReturnType<typeof backend.open>>;
    let database: Database;
    const now = new Date('2026-12-01T00:30:00.000Z');

    beforeAll(async () => {
      opened = await backend.open({ seeded: false });
      database = opened.database;
    });
    afterAll(async () => {
      await opened?.close();
    });

    it('records each key once: enqueuing the same messages again adds nothing', async () => {
      const outbox = new Outbox(database.prisma, () => now);
      const first = [text('reminder:2026-12-01:unit:1:chat:-1001', -1001n), text('reminder:2026-12-01:unit:2:chat:-1002', -1002n), text('notice:t12:chat:7', 7n)];
      expect(await outbox.enqueue(first)).toBe(3);
      expect(await outbox.enqueue(first)).toBe(0);
      // Same keys with other content, plus one new: only the new one is recorded; the old rows are left alone.
      const second = [text('reminder:2026-12-01:unit:1:chat:-1001', -1001n, 'changed'), text('reminder:2026-12-01:unit:3:chat:-1003', -1003n)];
      expect(await outbox.enqueue(second)).toBe(1);
      // A key twice in one call counts once.
      expect(await outbox.enqueue([text('dup:chat:9', 9n), text('dup:chat:9', 9n)])).toBe(1);

      const rows = await database.prisma.outbox.findMany({ orderBy: { id: 'asc' } });
      expect(rows.map((r) => r.key)).toEqual([
        'reminder:2026-12-01:unit:1:chat:-1001',
        'reminder:2026-12-01:unit:2:chat:-1002',
        'notice:t12:chat:7',
        'reminder:2026-12-01:unit:3:chat:-1003',
        'dup:chat:9',
      ]);
      expect((JSON.parse(rows[0]!.payload) as OutboxPayload).params.text).toBe('reminder:2026-12-01:unit:1:chat:-1001');
      expect(rows[0]).toMatchObject({ chatId: -1001n, kind: 'reminder', status: 'pending', attempts: 0, notBefore: now, createdAt: now });
    });

    it('records many messages in one go, all or none, and idempotently', async () => {
      const outbox = new Outbox(database.prisma, () => now);
      const many = Array.from({ length: 1234 }, (_, i) => text(`bulk:chat:${-5000 - i}`, BigInt(-5000 - i)));
      expect(await outbox.enqueue(many)).toBe(1234);
      expect(await outbox.enqueue(many)).toBe(0);
      expect(await database.prisma.outbox.count({ where: { key: { startsWith: 'bulk:' } } })).toBe(1234);
    });

    it('records with the state change in one transaction: a rollback owes nothing', async () => {
      const outbox = new Outbox(database.prisma, () => now);
      await expect(
        database.prisma.$transaction(async (tx) => {
          await outbox.enqueue([text('rolled-back:chat:1', 1n)], tx);
          throw new Error('the job failed after recording');
        }),
      ).rejects.toThrow('the job failed');
      expect(await database.prisma.outbox.count({ where: { key: 'rolled-back:chat:1' } })).toBe(0);
      await database.prisma.$transaction(async (tx) => {
        expect(await outbox.enqueue([text('committed:chat:1', 1n)], tx)).toBe(1);
      });
      expect(await database.prisma.outbox.count({ where: { key: 'committed:chat:1' } })).toBe(1);
    });

    it('keeps a photo’s bytes and notBefore', async () => {
      const outbox = new Outbox(database.prisma, () => now);
      const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 255]);
      const later = new Date('2026-12-01T23:30:00.123Z');
      await outbox.enqueue([{ key: 'digest:chart:chat:-77', chatId: -77n, kind: 'digest', method: 'sendPhoto', params: { caption: '<b>排名</b>', parse_mode: 'HTML' }, photo: png, notBefore: later }]);
      const row = await database.prisma.outbox.findUniqueOrThrow({ where: { key: 'digest:chart:chat:-77' } });
      const payload = JSON.parse(row.payload) as OutboxPayload;
      expect(payload).toMatchObject({ method: 'sendPhoto', params: { caption: '<b>排名</b>' } });
      expect(Buffer.from(payload.photo!, 'base64').equals(png)).toBe(true);
      expect(row.notBefore).toEqual(later);
      await expect(outbox.enqueue([{ key: 'no-bytes', chatId: 1n, kind: 'digest', method: 'sendPhoto', params: {} }])).rejects.toThrow(/without photo/);
    });

    // SQLite stores dates as text, so only there does the format of raw and typed writes matter.
    if (backend.name === 'SQLite') {
      it('writes dates as the typed API does, so raw comparisons on notBefore hold (SQLite stores text)', async () => {
      const outbox = new Outbox(database.prisma, () => now);
      const at = new Date('2026-12-02T08:30:00.000Z');
      await outbox.enqueue([{ ...text('date-raw', 3n), notBefore: at }]);
      await database.prisma.outbox.create({ data: { key: 'date-typed', chatId: 3n, kind: 'x', payload: '{}', notBefore: at, createdAt: at } });
      const stored = await database.prisma.$queryRaw<Array<{ key: string; notBefore: string; type: string }>>`
        SELECT "key", CAST("notBefore" AS TEXT) AS "notBefore", typeof("notBefore") AS "type" FROM "Outbox" WHERE "key" IN ('date-raw', 'date-typed') ORDER BY "key"`;
      expect(stored).toEqual([
        { key: 'date-raw', notBefore: '2026-12-02T08:30:00.000+00:00', type: 'text' },
        { key: 'date-typed', notBefore: '2026-12-02T08:30:00.000+00:00', type: 'text' },
      ]);
      const due = await database.prisma.$queryRaw<Array<{ key: string }>>`
        SELECT "key" FROM "Outbox" WHERE "key" IN ('date-raw', 'date-typed') AND "notBefore" <= ${new Date(at.getTime() - 1)}`;
      expect(due).toEqual([]);
      const dueNow = await database.prisma.$queryRaw<Array<{ key: string }>>`
        SELECT "key" FROM "Outbox" WHERE "key" IN ('date-raw', 'date-typed') AND "notBefore" <= ${at} ORDER BY "key"`;
      expect(dueNow.map((r) => r.key)).toEqual(['date-raw', 'date-typed']);
    });
    }
  });
}
