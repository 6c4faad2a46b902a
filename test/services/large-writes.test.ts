// Transactions sized to their work: an import of 2,000 tasks and a bulletin published to 2,001 chats succeed on
// both databases (Prisma's default 5 s transaction timeout cut both off at a province's size), and a bulletin
// over many overdue units stays bounded, the rest counted in one line.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BULLETIN_MAX_CHARS, BulletinBroadcast } from '../../src/broadcasts/bulletin.ts';
import { parseConfig } from '../../src/config/index.ts';
import type { Services } from '../../src/container.ts';
import type { Database } from '../../src/db/client.ts';
import type { Actor } from '../../src/domain/actor.ts';
import type { NewTaskInput } from '../../src/domain/tasks.ts';
import { backends } from '../support/databases.ts';
import { testServices } from '../support/services.ts';

const config = (() => {
  const parsed = parseConfig({ BOT_TOKEN: '1:AAAAAAAAAAAAAAAAAAAAAAAAAAAA', ADMIN_IDS: '900' });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.config;
})();

for (const backend of await backends('large writes on PostgreSQL (test/services/large-writes.test.ts)')) {
  describe.skipIf(backend.skipped !== undefined)(`large writes on ${backend.name}`, () => {
    let database: Database;
    let close: () => Promise<void>;
    let services: Services;
    let office: Actor;
    let clock = new Date('2026-12-07T01:40:00Z');

    beforeAll(async () => {
      ({ database, close } = await backend.open());
      services = testServices(database.prisma, config, () => clock);
      office = await services.members.actorFor({ id: 900, first_name: '办公室' });
    });
    afterAll(async () => {
      await close?.();
    });

    it('imports 2,000 tasks in one transaction, every one with its parts and audit row', async () => {
      // Any unit but the office, which leads nothing.
      const units = await database.prisma.unit.findMany({ where: { office: false }, select: { id: true }, orderBy: { id: 'asc' } });
      const committee = await database.prisma.committee.findFirstOrThrow({ select: { id: true } });
      const inputs: NewTaskInput[] = Array.from({ length: 2000 }, (_, i) => ({
        title: `整治任务${i + 1}`,
        committeeId: committee.id,
        description: null,
        // Most are overdue by the bulletin below (a month on): it has work to name.
        dueDate: i % 4 === 0 ? '2027-03-31' : '2026-12-20',
        measure: null,
        assignments: [
          { unitId: units[i % units.length]!.id, role: 'lead', quota: null },
          { unitId: units[(i + 7) % units.length]!.id, role: 'cooperating', quota: 3 },
        ],
      }));
      const plan = await services.taskImports.apply({ actor: office, chatId: -1004n }, { fileName: '清单.xlsx', tasks: inputs.map((input, i) => ({ rows: [i + 2], input })), rejected: [] });
      expect(plan.rows.filter((r) => r.outcome === 'added')).toHaveLength(2000);
      expect(await database.prisma.task.count()).toBe(2000);
      expect(await database.prisma.taskAssignment.count()).toBe(4000);
    }, 300_000);

    it('keeps the bulletin bounded: the units with most overdue work named, the rest counted in one line', async () => {
      // The overdue work as summaries() gives it, for 250 units with 12 overdue tasks each (the query itself is
      // test/services/summaries-scale.test.ts's).
      const overdue = Array.from({ length: 3000 }, (_, i) => ({
        code: `T${i + 1}`,
        title: `黑臭水体整治第${i + 1}项`,
        light: 'red',
        overdueDays: 1 + (i % 30),
        parts: [{ unitName: `单位${i % 250}`, doneAt: null, light: 'red', overdueDays: 1 + (i % 30) }],
      }));
      const deps = { ...services, tasks: { ...services.tasks, queries: { summaries: async () => overdue } } } as unknown as ConstructorParameters<typeof BulletinBroadcast>[0];
      const bulletin = new BulletinBroadcast(deps);
      const text = (await bulletin.text())!;
      // As published: with its numbered title and its 落款.
      expect(bulletin.frame(text, { year: 2026, number: 12, publishedAt: clock }, '县生态委办公室').length).toBeLessThanOrEqual(BULLETIN_MAX_CHARS);
      expect(text).toContain('截至目前，250 个单位的 3,000 项任务逾期未完成');
      const named = [...text.matchAll(/^• <b>(单位\d+)<\/b>/gm)].length;
      expect(named).toBeGreaterThan(5);
      expect(text).toContain(`另有 ${250 - named} 个单位的 ${(3000 - named * 12).toLocaleString('en')} 项逾期任务、0 个环境问题未列出`);
      // A unit's line names ten of its tasks and counts them all.
      expect(text).toMatch(/T2251 黑臭水体整治第2251项（逾期 1 天）等 12 项/);
      expect(text).toContain('请以上单位');
    });

    it('publishes a bulletin to 2,001 chats in one transaction, every part owed to every chat once', async () => {
      const units = await database.prisma.unit.findMany({ select: { id: true } });
      await database.prisma.chatBinding.createMany({
        data: [
          { chatId: -2_000_000n, kind: 'leadership', updatedAt: clock },
          ...Array.from({ length: 2000 }, (_, i) => ({ chatId: BigInt(-1_000_000 - i), kind: 'unit', unitId: units[i % units.length]!.id, updatedAt: clock })),
        ],
      });
      // As long as a bulletin may be: three messages to each chat.
      const text = Array.from({ length: 400 }, (_, i) => `• <b>单位${i}</b>：T${i} 黑臭水体整治（逾期 ${i % 30} 天）`).join('\n').slice(0, BULLETIN_MAX_CHARS);
      const draftId = await services.bulletins.saveDraft(-1004n, text);
      expect(await services.broadcasts.bulletin.publish(draftId, 900n)).toMatchObject({ ok: true, value: { number: 1, chats: 2001 } });
      const rows = await database.prisma.outbox.count({ where: { kind: 'bulletin' } });
      const perChat = await database.prisma.outbox.count({ where: { kind: 'bulletin', chatId: -2_000_000n } });
      expect(perChat).toBe(3);
      expect(rows).toBe(2001 * perChat);
      expect(await database.prisma.auditLog.count({ where: { action: 'bulletin.publish' } })).toBe(1);
    }, 300_000);
  });
}
