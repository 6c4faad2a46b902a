// The bulletin (通报) on both databases: numbered 第 N 期 of its year only when published, published once however
// often or however concurrently Publish is pressed, and edited only within its 10,000-character cap.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BULLETIN_MAX_CHARS } from '../../src/broadcasts/bulletin.ts';
import { parseConfig } from '../../src/config/index.ts';
import type { Services } from '../../src/container.ts';
import type { Database } from '../../src/db/client.ts';
import type { Actor } from '../../src/domain/actor.ts';
import { backends } from '../support/databases.ts';
import { testServices } from '../support/services.ts';

const config = (() => {
  const parsed = parseConfig({ BOT_TOKEN: '1:AAAAAAAAAAAAAAAAAAAAAAAAAAAA', ADMIN_IDS: '900', QUIET_HOURS: 'off' });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.config;
})();

const OFFICE_GROUP = -1004n;
const LEADERSHIP = -1001n;

for (const backend of await backends('bulletins on PostgreSQL (test/services/bulletins.test.ts)')) {
  describe.skipIf(backend.skipped !== undefined)(`bulletins on ${backend.name}`, () => {
    let database: Database;
    let close: () => Promise<void>;
    let services: Services;
    let office: Actor;
    let unitGroups: bigint[];
    // 2026-12-02 10:00 in the county.
    let clock = new Date('2026-12-02T02:00:00Z');

    const owed = (draftId: number) => database.prisma.outbox.findMany({ where: { key: { startsWith: `bulletin:${draftId}:` } }, orderBy: { chatId: 'asc' } });

    beforeAll(async () => {
      ({ database, close } = await backend.open());
      services = testServices(database.prisma, config, () => clock);
      office = await services.members.actorFor({ id: 900, first_name: '办公室' });
      const units = await database.prisma.unit.findMany({ where: { name: { in: ['城关镇', '王庄镇'] } }, orderBy: { name: 'asc' } });
      unitGroups = units.map((_, i) => BigInt(-2000 - i));
      await database.prisma.chatBinding.createMany({
        data: [
          { chatId: OFFICE_GROUP, kind: 'admin', updatedAt: clock },
          { chatId: LEADERSHIP, kind: 'leadership', updatedAt: clock },
          ...units.map((u, i) => ({ chatId: unitGroups[i]!, kind: 'unit', unitId: u.id, updatedAt: clock })),
        ],
      });
      const committee = await database.prisma.committee.findFirstOrThrow();
      // One task overdue for 城关镇 since 11-28 (4 days), one finished by 王庄镇 this week.
      const at = { actor: office, chatId: OFFICE_GROUP };
      for (const [title, unit] of [['黑臭水体排查', units[0]!], ['秸秆禁烧巡查', units[1]!]] as const) {
        const made = await services.tasks.create(at, { title, committeeId: committee.id, description: null, dueDate: '2026-12-20', measure: null, assignments: [{ unitId: unit.id, role: 'lead', quota: null }] });
        expect(made.ok ? 'ok' : made.error).toBe('ok');
      }
      // Made a while ago: its deadline has passed since.
      const late = await database.prisma.task.findFirstOrThrow({ where: { title: '黑臭水体排查' } });
      await database.prisma.task.update({ where: { id: late.id }, data: { dueDate: '2026-11-28' } });
      await database.prisma.taskAssignment.updateMany({ where: { taskId: late.id }, data: { dueDate: '2026-11-28' } });
      const finished = await database.prisma.task.findFirstOrThrow({ where: { title: '秸秆禁烧巡查' } });
      await database.prisma.taskAssignment.updateMany({ where: { taskId: finished.id }, data: { doneAt: new Date('2026-12-01T03:00:00Z') } });
    });
    afterAll(async () => {
      await close?.();
    });

    it('drafts a bulletin with completed work, overdue parts with their days and the ranking; a draft has no number yet', async () => {
      const text = (await services.broadcasts.bulletin.text())!;
      expect(text).toContain('一、工作完成情况</b>（11月25日至12月2日）');
      expect(text).toContain('本期完成单位任务 1 项，销号 0 项。');
      expect(text).toMatch(/• <b>王庄镇<\/b>：T\d+ 秸秆禁烧巡查/);
      expect(text).toMatch(/• <b>城关镇<\/b>：T\d+ 黑臭水体排查（逾期 4 天）/);
      // The digest's own ranking: with fewer than 3 parts due no township is ranked, and the bulletin says so as the digest does.
      const digest = await services.digests.compute(clock, clock);
      expect(digest.townships.ranked).toEqual([]);
      expect(digest.townships.notRanked.map((u) => u.unitName)).toContain('城关镇');
      expect(text).toContain(`乡镇（街道、开发区）：暂不排名（到期任务不足 3 项）：${digest.townships.notRanked.map((u) => u.unitName).join('、')}`);
      expect(text).toContain('计分只看结果');
      const draftId = await services.bulletins.saveDraft(OFFICE_GROUP, text);
      const [first] = await services.broadcasts.bulletin.draftMessages(draftId, text);
      expect(first).toContain(`📝 /bulletin edit ${draftId}\n📢 <b>生态环境保护督办通报</b>\n2026年第 __ 期（发布时编号）`);
      expect(await database.prisma.bulletin.count()).toBe(0);
    });

    it('numbers bulletins 1, 2, … in the year as they are published, never a discarded draft', async () => {
      const bulletin = services.broadcasts.bulletin;
      const discarded = await services.bulletins.saveDraft(OFFICE_GROUP, '作废的草稿');
      const first = await services.bulletins.saveDraft(OFFICE_GROUP, '第一份');
      const second = await services.bulletins.saveDraft(OFFICE_GROUP, '第二份');
      expect(await services.bulletins.discard(discarded)).toBe(true);
      // Published in the other order than drafted: the number is the publishing order's.
      const b = await bulletin.publish(second, office.telegramId);
      const a = await bulletin.publish(first, office.telegramId);
      expect(b).toMatchObject({ ok: true, value: { year: 2026, number: 1, already: false, chats: 3 } });
      expect(a).toMatchObject({ ok: true, value: { year: 2026, number: 2, already: false } });
      // The text as the groups get it: the number, the text, the 落款 (the org file's office) and the date.
      const rows = await owed(first);
      expect(rows.map((r) => r.chatId)).toEqual([...unitGroups].sort((x, y) => Number(x - y)).concat([LEADERSHIP]).sort((x, y) => Number(x - y)));
      expect(JSON.parse(rows[0]!.payload).params.text).toBe('📢 <b>生态环境保护督办通报</b>\n2026年第 2 期\n\n第一份\n\n县生态委办公室\n2026年12月2日');
      expect(await bulletin.publish(discarded, office.telegramId)).toEqual({ ok: false, error: { key: 'draft-gone' } });
    });

    it('publishes once: a second press answers with the first publication and owes nothing more', async () => {
      const id = await services.bulletins.saveDraft(OFFICE_GROUP, '只发一次');
      const first = await services.broadcasts.bulletin.publish(id, office.telegramId);
      const again = await services.broadcasts.bulletin.publish(id, office.telegramId);
      expect(first).toMatchObject({ ok: true, value: { number: 3, already: false } });
      expect(again).toMatchObject({ ok: true, value: { number: 3, already: true } });
      expect(await owed(id)).toHaveLength(3);
      expect(await database.prisma.auditLog.count({ where: { action: 'bulletin.publish', entityId: String(id) } })).toBe(1);
      // Nor can it be discarded or edited once published.
      expect(await services.bulletins.discard(id)).toBe(false);
      expect(await services.broadcasts.bulletin.edit(id, '改', office.telegramId)).toEqual({ ok: false, error: { key: 'draft-gone' } });
    });

    it('publishes concurrently without sharing a number: the same draft pressed 4 times at once goes out once, 3 drafts at once take 4, 5 and 6', async () => {
      const same = await services.bulletins.saveDraft(OFFICE_GROUP, '同时按四次');
      const presses = await Promise.all(Array.from({ length: 4 }, () => services.broadcasts.bulletin.publish(same, office.telegramId)));
      const values = presses.map((p) => (p.ok ? p.value : null));
      expect(values.filter((v) => v?.already === false)).toHaveLength(1);
      expect(new Set(values.map((v) => v?.number))).toEqual(new Set([4]));
      expect(await owed(same)).toHaveLength(3);

      const drafts = await Promise.all(['甲', '乙', '丙'].map((text) => services.bulletins.saveDraft(OFFICE_GROUP, text)));
      const published = await Promise.all(drafts.map((id) => services.broadcasts.bulletin.publish(id, office.telegramId)));
      expect(published.map((p) => (p.ok ? p.value.number : null)).sort()).toEqual([5, 6, 7]);
      const numbers = await database.prisma.bulletin.findMany({ where: { year: 2026 }, orderBy: { number: 'asc' }, select: { number: true } });
      expect(numbers.map((n) => n.number)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    });

    it('starts again at 第 1 期 in a new year, and the next period starts at the last publication', async () => {
      clock = new Date('2027-01-04T02:00:00Z');
      const id = await services.bulletins.saveDraft(OFFICE_GROUP, '新年第一份');
      expect(await services.broadcasts.bulletin.publish(id, office.telegramId)).toMatchObject({ ok: true, value: { year: 2027, number: 1 } });
      expect(await services.bulletins.lastPublishedAt()).toEqual(clock);
      clock = new Date('2027-01-11T02:00:00Z');
      expect(await services.broadcasts.bulletin.text()).toContain('（1月4日至1月11日）');
    });

    it('edits a draft: the reply replaces its text, the frame copied along is dropped; over the cap it changes nothing', async () => {
      const id = await services.bulletins.saveDraft(OFFICE_GROUP, '原稿');
      const edited = await services.broadcasts.bulletin.edit(id, '📝 /bulletin edit ' + id + '\n📢 <b>生态环境保护督办通报</b>\n\n<b>一、</b>修改后的正文\n\n县生态委办公室', office.telegramId);
      expect(edited).toEqual({ ok: true, value: '<b>一、</b>修改后的正文' });
      const tooLong = await services.broadcasts.bulletin.edit(id, '&lt;'.repeat(2600), office.telegramId);
      expect(tooLong.ok ? null : tooLong.error.key).toBe('bulletin-edit-too-long');
      expect(await services.bulletins.draft(id)).toEqual({ ok: true, value: '<b>一、</b>修改后的正文' });
      expect(BULLETIN_MAX_CHARS).toBe(10_000);
    });
  });
}
