import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.ts';
import type { Services } from '../../src/container.ts';
import type { Database } from '../../src/db/client.ts';
import { backends } from '../support/databases.ts';
import { testServices } from '../support/services.ts';

/**
 * The tables that only grow are pruned by the clock's hourly tick: expired drafts, handled update ids after
 * UPDATE_RETENTION_DAYS (a week), and sent or failed outbox rows, charts' PNG bytes with them, after
 * OUTBOX_RETENTION_DAYS (30 days); a row still owed is never pruned, however old.
 */
const all = await backends('housekeeping on PostgreSQL (test/services/housekeeping.test.ts)');
const config = (() => {
  const parsed = parseConfig({ BOT_TOKEN: '1:AAAAAAAAAAAAAAAAAAAAAAAAAAAA' });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.config;
})();

describe.each(all)('housekeeping on $name', (backend) => {
  let database: Database;
  let close: () => Promise<void>;
  let services: Services;
  let clock = new Date('2026-12-01T02:10:00Z');

  beforeAll(async () => {
    if (backend.skipped) return;
    ({ database, close } = await backend.open());
    services = testServices(database.prisma, config, () => clock);
  });
  afterAll(async () => {
    await close?.();
  });

  it.skipIf(backend.skipped)('prunes drafts older than a day and update ids older than a week at the full hour, and nothing else', async () => {
    const stale = await services.drafts.save('newtask', 1n, -1n, { title: '昨天的草稿' });
    clock = new Date('2026-12-02T03:00:00Z');
    const fresh = await services.drafts.save('newtask', 1n, -1n, { title: '今天的草稿' });
    expect(await services.updates.receive({ update_id: 1 })).toBe(true);
    await database.prisma.processedUpdate.update({ where: { updateId: 1n }, data: { receivedAt: new Date('2026-11-20T00:00:00Z') } });
    expect(await services.updates.receive({ update_id: 2 })).toBe(true);

    clock = new Date('2026-12-02T03:30:00Z');
    await services.scheduler.runDue();
    expect(await database.prisma.draft.count()).toBe(2);

    clock = new Date('2026-12-02T04:00:00Z');
    await services.scheduler.runDue();
    expect((await database.prisma.draft.findMany()).map((d) => d.id)).toEqual([fresh]);
    expect((await services.drafts.open('newtask', stale, 1n)).ok).toBe(false);
    expect((await database.prisma.processedUpdate.findMany()).map((u) => u.updateId)).toEqual([2n]);
    // A pruned update id is forgotten; one still kept is still a duplicate.
    expect(await services.updates.receive({ update_id: 2 })).toBe(false);
  });

  it.skipIf(backend.skipped)('prunes sent and failed outbox rows past OUTBOX_RETENTION_DAYS, in batches, never a row still owed', async () => {
    const png = Buffer.alloc(50_000, 7);
    const at = (iso: string) => new Date(iso);
    clock = at('2026-10-01T01:00:00Z');
    const old = Array.from({ length: 4500 }, (_, i) => ({ key: `old:${i}`, chatId: BigInt(-100 - (i % 50)), kind: 'digest', method: 'sendPhoto' as const, params: {}, photo: png.subarray(0, 10) }));
    await services.outbox.enqueue([...old, { key: 'old:owed', chatId: -1n, kind: 'reminder', method: 'sendMessage', params: { text: '还欠着' } }]);
    await services.outbox.enqueue([{ key: 'old:failed', chatId: -2n, kind: 'reminder', method: 'sendMessage', params: { text: '失败' } }]);
    await database.prisma.outbox.updateMany({ where: { key: { startsWith: 'old:' }, NOT: { key: { in: ['old:owed', 'old:failed'] } } }, data: { status: 'sent', sentAt: clock } });
    await database.prisma.outbox.updateMany({ where: { key: 'old:failed' }, data: { status: 'failed' } });
    clock = at('2026-11-25T01:00:00Z');
    await services.outbox.enqueue([{ key: 'recent:chart', chatId: -3n, kind: 'digest', method: 'sendPhoto', params: {}, photo: png }]);
    await database.prisma.outbox.updateMany({ where: { key: 'recent:chart' }, data: { status: 'sent', sentAt: clock } });

    clock = at('2026-12-01T05:00:00Z');
    await services.scheduler.runDue();
    const left = await database.prisma.outbox.findMany({ where: { OR: [{ key: { startsWith: 'old:' } }, { key: { startsWith: 'recent:' } }] }, select: { key: true, status: true } });
    expect(left.sort((a, b) => a.key.localeCompare(b.key))).toEqual([
      { key: 'old:owed', status: 'pending' },
      { key: 'recent:chart', status: 'sent' },
    ]);
  });

  it.skipIf(backend.skipped)('keeps what the settings say: OUTBOX_RETENTION_DAYS=90 and UPDATE_RETENTION_DAYS=2', async () => {
    const parsed = parseConfig({ BOT_TOKEN: '1:AAAAAAAAAAAAAAAAAAAAAAAAAAAA', OUTBOX_RETENTION_DAYS: '90', UPDATE_RETENTION_DAYS: '2' });
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.config.retention).toEqual({ outboxDays: 90, updateDays: 2 });
    const kept = testServices(database.prisma, parsed.config, () => clock);
    clock = new Date('2026-09-15T01:00:00Z');
    await kept.outbox.enqueue([{ key: 'quarter:a', chatId: -9n, kind: 'notice', method: 'sendMessage', params: { text: '六十天前' } }]);
    await database.prisma.outbox.updateMany({ where: { key: 'quarter:a' }, data: { status: 'sent' } });
    expect(await kept.updates.receive({ update_id: 3001 })).toBe(true);
    expect(await kept.updates.receive({ update_id: 3002 })).toBe(true);
    clock = new Date('2026-11-14T02:00:00Z');
    // Three days old (a week's retention would keep it) and one day old.
    await database.prisma.processedUpdate.update({ where: { updateId: 3001n }, data: { receivedAt: new Date('2026-11-11T02:00:00Z') } });
    await database.prisma.processedUpdate.update({ where: { updateId: 3002n }, data: { receivedAt: new Date('2026-11-13T02:00:00Z') } });
    await kept.scheduler.runDue();
    expect(await database.prisma.outbox.count({ where: { key: 'quarter:a' } })).toBe(1);
    expect((await database.prisma.processedUpdate.findMany({ where: { updateId: { in: [3001n, 3002n] } } })).map((u) => u.updateId)).toEqual([3002n]);
  });
});
