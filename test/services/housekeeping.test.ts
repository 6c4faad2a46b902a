import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.ts';
import type { Services } from '../../src/container.ts';
import type { Database } from '../../src/db/client.ts';
import { backends } from '../support/databases.ts';
import { testServices } from '../support/services.ts';

/** The tables that only grow are pruned by the clock's hourly tick: expired drafts, and handled update ids after a week. */
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
});
