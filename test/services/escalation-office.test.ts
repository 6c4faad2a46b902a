// The office can lead nothing, and old data may hold tasks it leads (made before the rule): escalation never takes
// the office unit's own part to the leaders, while the other units' parts of the same task go up as ever.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.ts';
import type { Services } from '../../src/container.ts';
import type { Database } from '../../src/db/client.ts';
import { backends } from '../support/databases.ts';
import { testServices } from '../support/services.ts';

const config = (() => {
  const parsed = parseConfig({ BOT_TOKEN: '1:AAAAAAAAAAAAAAAAAAAAAAAAAAAA', ADMIN_IDS: '900' });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.config;
})();
const LEADERSHIP = -3_000_000n;

for (const backend of await backends('escalation of office-held parts on PostgreSQL (test/services/escalation-office.test.ts)')) {
  describe.skipIf(backend.skipped !== undefined)(`escalation and the office unit on ${backend.name}`, () => {
    let database: Database;
    let close: () => Promise<void>;
    let services: Services;
    let taskId: number;
    let office: { id: number; name: string };
    let town: { id: number; name: string };
    const clock = new Date('2026-12-20T00:45:00Z');

    beforeAll(async () => {
      ({ database, close } = await backend.open());
      services = testServices(database.prisma, config, () => clock);
      const p = database.prisma;
      office = await p.unit.findFirstOrThrow({ where: { office: true }, select: { id: true, name: true } });
      town = await p.unit.findFirstOrThrow({ where: { name: '城关镇' }, select: { id: true, name: true } });
      await p.chatBinding.create({ data: { chatId: LEADERSHIP, kind: 'leadership', updatedAt: clock } });
      const committee = await p.committee.findFirstOrThrow({ select: { id: true } });
      // Written as old data would be: the office leads, 城关镇 cooperates, both long overdue; the office's part had
      // already gone up once before the rule.
      const task = await p.task.create({
        data: {
          title: '办公室牵头的旧任务',
          committeeId: committee.id,
          dueDate: '2026-12-01',
          createdById: 900n,
          createdAt: new Date('2026-11-20T02:00:00Z'),
          assignments: { create: [{ unitId: office.id, role: 'lead', dueDate: '2026-12-01' }, { unitId: town.id, role: 'cooperating', dueDate: '2026-12-01' }] },
        },
      });
      taskId = task.id;
      await p.escalation.create({ data: { taskId, unitId: office.id, level: 1, at: new Date('2026-12-05T00:45:00Z') } });
    });
    afterAll(async () => {
      await close?.();
    });

    it("never takes the office unit's own part to the leaders; resets the step it had; the township's part goes up", async () => {
      await services.broadcasts.escalations.run('2026-12-20');
      const steps = await database.prisma.escalation.findMany({ where: { taskId }, orderBy: { level: 'asc' } });
      expect(steps.map((s) => [s.unitId, s.level])).toEqual([[town.id, 1]]);
      const audits = await database.prisma.auditLog.findMany({ where: { entity: 'task', entityId: String(taskId) }, orderBy: { id: 'asc' } });
      expect(audits.map((a) => [a.action, (JSON.parse(a.after!) as { unit: string }).unit])).toEqual([
        ['task.escalation-reset', office.name],
        ['task.escalate', town.name],
      ]);
      const leadership = await database.prisma.outbox.findMany({ where: { kind: 'escalation', chatId: LEADERSHIP } });
      const texts = leadership.map((r) => String((JSON.parse(r.payload) as { params: { text: string } }).params.text)).join('\n');
      expect(texts).toContain('城关镇');
      expect(texts).not.toContain(office.name);
    });
  });
}
