import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.ts';
import type { Services } from '../../src/container.ts';
import type { Database } from '../../src/db/client.ts';
import type { Actor } from '../../src/domain/actor.ts';
import { plainText } from '../../src/render/html.ts';
import { backends } from '../support/databases.ts';
import { testServices } from '../support/services.ts';

/** The dry run: what the scheduled jobs would send on a day, from the real data, writing and sending nothing. */
const all = await backends('the dry run on PostgreSQL (test/services/preview.test.ts)');
const config = (() => {
  const parsed = parseConfig({ BOT_TOKEN: '1:AAAAAAAAAAAAAAAAAAAAAAAAAAAA', ADMIN_IDS: '900' });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.config;
})();

const office: Actor = { telegramId: 900n, memberId: null, displayName: '王主任', username: null, role: 'admin', unitId: null, unitName: null, locale: null };
const TOWN_GROUP = -100111n;
const LEADERS = -100222n;
const OFFICE_GROUP = -100333n;
/** Every table a job could write to, counted before and after a dry run. */
const TABLES = ['outbox', 'jobRun', 'escalation', 'auditLog', 'draft', 'task', 'taskAssignment', 'progressReport', 'problem', 'setting'] as const;

describe.each(all)('the dry run on $name', (backend) => {
  let database: Database;
  let close: () => Promise<void>;
  let services: Services;
  let clock = new Date('2026-11-20T02:00:00Z');
  const counts = async () => Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, await (database.prisma[t] as { count(): Promise<number> }).count()])));

  beforeAll(async () => {
    if (backend.skipped) return;
    ({ database, close } = await backend.open());
    services = testServices(database.prisma, config, () => clock);
    const town = await services.org.resolveUnit('城关镇');
    const wz = await services.org.resolveUnit('王庄镇');
    const water = (await services.org.committees())[0]!;
    if (!town.ok || !wz.ok) throw new Error('the default organisation has no 城关镇 or 王庄镇');
    expect((await services.chats.bind(office, { id: Number(TOWN_GROUP), type: 'supergroup', title: '城关镇工作群' }, { kind: 'unit', unitId: town.value.id })).ok).toBe(true);
    expect((await services.chats.bind(office, { id: Number(LEADERS), type: 'supergroup', title: '县领导群' }, { kind: 'leadership' })).ok).toBe(true);
    expect((await services.chats.bind(office, { id: Number(OFFICE_GROUP), type: 'supergroup', title: '生态委办' }, { kind: 'admin' })).ok).toBe(true);
    const created = await services.tasks.create(
      { actor: office, chatId: OFFICE_GROUP },
      {
        title: '整治城区黑臭水体',
        committeeId: water.id,
        description: null,
        dueDate: '2026-11-30',
        measure: '处',
        assignments: [
          { unitId: town.value.id, role: 'lead', quota: 10 },
          { unitId: wz.value.id, role: 'cooperating', quota: 5 },
        ],
      },
    );
    expect(created.ok).toBe(true);
    clock = new Date('2026-12-04T08:00:00Z');
  });
  afterAll(async () => {
    await close?.();
  });

  it.skipIf(backend.skipped)('a working Monday: every job at its time, to its chats, and nothing written', async () => {
    const before = await counts();
    const plan = await services.preview('2026-12-07');
    expect(plan.jobs).toEqual([
      { job: 'reminders', time: '08:30' },
      { job: 'escalations', time: '08:45' },
      { job: 'digest', time: '09:00' },
      { job: 'bulletin', time: '09:30' },
    ]);
    const reminder = plan.messages.find((m) => m.job === 'reminders');
    expect(reminder?.message.chatId).toBe(TOWN_GROUP);
    expect(reminder?.time).toBe('08:30');
    expect(plainText(String(reminder?.message.params.text))).toContain('整治城区黑臭水体');
    expect(plan.messages.filter((m) => m.job === 'escalations').map((m) => m.message.chatId)).toContain(LEADERS);
    expect(plan.messages.filter((m) => m.job === 'digest').map((m) => m.message.chatId)).toContain(LEADERS);
    expect(plan.messages.filter((m) => m.job === 'bulletin').map((m) => m.message.chatId)).toEqual([OFFICE_GROUP]);
    // Nothing was recorded, owed or claimed, and asking again gives the same day.
    expect(await counts()).toEqual(before);
    expect((await services.preview('2026-12-07')).messages.map((m) => m.message.key)).toEqual(plan.messages.map((m) => m.message.key));
  });

  it.skipIf(backend.skipped)('up to a time of day, a weekend, and a holiday', async () => {
    expect((await services.preview('2026-12-07', '08:40')).jobs.map((j) => j.job)).toEqual(['reminders']);
    expect((await services.preview('2026-12-05')).jobs).toEqual([]);
    // 2026-10-01 (国庆节) is a Thursday and a public holiday.
    expect((await services.preview('2026-10-01')).jobs).toEqual([]);
  });

  it.skipIf(backend.skipped)('the preview is what the day then owes: the same messages, key for key', async () => {
    const plan = await services.preview('2026-12-07');
    clock = new Date('2026-12-07T01:35:00Z'); // 09:35 in the county: every job of the morning is due
    expect(await services.scheduler.runDue()).toEqual(['reminders:2026-12-07', 'escalations:2026-12-07', 'digest:2026-12-07', 'bulletin:2026-12-07']);
    const owed = await database.prisma.outbox.findMany({ select: { key: true, chatId: true } });
    expect(owed.map((o) => o.key).sort()).toEqual(plan.messages.map((m) => m.message.key).sort());
  });
});
