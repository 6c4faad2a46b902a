// One escalation run, one message per chat (issue 11: the leadership group got seven separate messages on a
// Monday): every step the run takes that a chat hears of is in that chat's one message, the unit groups each get
// one notice listing their own, a rerun of the slot owes nothing, and the steps are all stored and audited.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.ts';
import type { Services } from '../../src/container.ts';
import type { Database } from '../../src/db/client.ts';
import type { OutboxPayload } from '../../src/delivery/outbox.ts';
import type { NewTaskInput } from '../../src/domain/tasks.ts';
import { backends } from '../support/databases.ts';
import { testServices } from '../support/services.ts';

const config = (() => {
  const parsed = parseConfig({ BOT_TOKEN: '1:AAAAAAAAAAAAAAAAAAAAAAAAAAAA', ADMIN_IDS: '900' });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.config;
})();

const LEADERSHIP = -3_000_000n;

for (const backend of await backends('escalation runs on PostgreSQL (test/services/escalation-run.test.ts)')) {
  describe.skipIf(backend.skipped !== undefined)(`an escalation run on ${backend.name}`, () => {
    let database: Database;
    let close: () => Promise<void>;
    let services: Services;
    let clock = new Date('2026-12-01T01:00:00Z');
    let units: { id: number; name: string }[];
    const group = (i: number) => BigInt(-3_100_000 - i);

    beforeAll(async () => {
      ({ database, close } = await backend.open());
      services = testServices(database.prisma, config, () => clock);
      const office = await services.members.actorFor({ id: 900, first_name: '办公室' });
      units = (await database.prisma.unit.findMany({ select: { id: true, name: true }, orderBy: { id: 'asc' } })).slice(0, 4);
      await database.prisma.chatBinding.createMany({
        data: [{ chatId: LEADERSHIP, kind: 'leadership', updatedAt: clock }, ...units.map((u, i) => ({ chatId: group(i), kind: 'unit', unitId: u.id, updatedAt: clock }))],
      });
      const committee = await database.prisma.committee.findFirstOrThrow({ select: { id: true } });
      // Seven tasks led by four units, all due 12-04: red, past the first grace on 12-08, the second on 12-10.
      const inputs: NewTaskInput[] = Array.from({ length: 7 }, (_, i) => ({
        title: `逾期任务${i + 1}`,
        committeeId: committee.id,
        description: null,
        dueDate: '2026-12-04',
        measure: null,
        assignments: [{ unitId: units[i % 4]!.id, role: 'lead', quota: null }],
      }));
      const plan = await services.taskImports.apply({ actor: office, chatId: -1004n }, { fileName: '清单.xlsx', tasks: inputs.map((input, i) => ({ rows: [i + 2], input })), rejected: [] });
      if (plan.rows.some((r) => r.outcome !== 'added')) throw new Error('not all imported');
    });
    afterAll(async () => {
      await close?.();
    });

    const escalationRows = (chatId: bigint) => database.prisma.outbox.findMany({ where: { kind: 'escalation', chatId }, orderBy: { id: 'asc' } });
    const text = (row: { payload: string }) => String((JSON.parse(row.payload) as OutboxPayload).params.text);

    it('sends the leadership group ONE message naming all seven steps, and each unit group one notice of its own', async () => {
      clock = new Date('2026-12-08T00:45:00Z');
      expect(await services.broadcasts.escalations.run('2026-12-08')).toBe(7);
      const leadership = await escalationRows(LEADERSHIP);
      expect(leadership).toHaveLength(1);
      for (let i = 1; i <= 7; i++) expect(text(leadership[0]!)).toContain(`逾期任务${i}`);
      for (const [i] of units.entries()) {
        const notices = await escalationRows(group(i));
        expect(notices).toHaveLength(1);
        const own = Array.from({ length: 7 }, (_, t) => t).filter((t) => t % 4 === i);
        for (const t of own) expect(text(notices[0]!)).toContain(`逾期任务${t + 1}`);
        expect(text(notices[0]!)).not.toContain(`逾期任务${((i + 1) % 4) + 1}（`);
      }
      expect(await database.prisma.escalation.count()).toBe(7);
      expect(await database.prisma.auditLog.count({ where: { action: 'task.escalate' } })).toBe(7);
    });

    it('owes nothing more when the same slot runs again, and one message again at the next level', async () => {
      const before = await database.prisma.outbox.count({ where: { kind: 'escalation' } });
      expect(await services.broadcasts.escalations.run('2026-12-08')).toBe(0);
      expect(await database.prisma.outbox.count({ where: { kind: 'escalation' } })).toBe(before);
      clock = new Date('2026-12-10T00:45:00Z');
      expect(await services.broadcasts.escalations.run('2026-12-10')).toBe(7);
      expect(await escalationRows(LEADERSHIP)).toHaveLength(2);
      expect(await database.prisma.auditLog.count({ where: { action: 'task.escalate' } })).toBe(14);
    });
  });
}
