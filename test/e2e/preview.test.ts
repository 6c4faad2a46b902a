import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPreviewCli } from '../../src/cli/preview.ts';
import { group, privateChat, user } from '../support/fake-telegram/index.ts';
import { setUpChats, startHarness, TEST_TOKEN, type Harness } from '../support/harness.ts';

const office = user(1001, { first_name: '王', last_name: '主任', username: 'office_wang', language_code: 'zh-hans' });
const liaison = user(2001, { first_name: '张', last_name: '联络员', username: 'zhang_cg', language_code: 'zh-hans' });
const townGroup = group(-100111, '城关镇工作群');
const leaders = group(-100222, '县领导群');
const officeGroup = group(-100333, '生态委办');

/** The tables a dry run must leave as they were. */
const TABLES = ['outbox', 'jobRun', 'escalation', 'auditLog', 'draft', 'task'] as const;

describe('the dry run: /preview for the office, npm run preview on the server', () => {
  let h: Harness;
  // Wednesday 2026-12-02, 10:00 in the county.
  const now = new Date('2026-12-02T02:00:00Z');
  const counts = async () =>
    Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, await (h.app.database.prisma[t] as { count(): Promise<number> }).count()])));

  beforeAll(async () => {
    h = await startHarness({ adminIds: [office.id], now: () => now });
    await setUpChats(h, office, [[townGroup, '城关镇'], [leaders, 'leadership'], [officeGroup, 'admin']], [[liaison, townGroup]]);
    // Due tomorrow, so tomorrow's reminder has it.
    const created = await h.app.services.tasks.create(
      { actor: { telegramId: BigInt(office.id), memberId: null, displayName: '王主任', username: null, role: 'admin', unitId: null, unitName: null, locale: null }, chatId: BigInt(office.id) },
      {
        title: '城区黑臭水体整治',
        committeeId: (await h.app.services.org.committees())[0]!.id,
        description: null,
        dueDate: '2026-12-03',
        measure: '处',
        assignments: [{ unitId: (await h.app.database.prisma.unit.findFirstOrThrow({ where: { name: '城关镇' } })).id, role: 'lead', quota: 4 }],
      },
    );
    expect(created.ok).toBe(true);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('/preview tomorrow, privately: a summary by job and the messages in a file, nothing sent to anyone else and nothing written', async () => {
    const before = await counts();
    const since = h.tg.mark();
    const summary = await h.say(office, privateChat(office), '/preview');
    expect(summary).toContain('2026-12-03 机器人将自动发送');
    expect(summary).toMatch(/08:30 每日提醒：1 条，发往 1 个会话/);
    expect(summary).toMatch(/09:00 领导日报：\d+ 条/);
    expect(summary).toContain('未发送、未记录任何内容');
    const file = await h.tg.waitForCall('sendDocument', { chatId: office.id, since });
    expect(file.files![0]!.filename).toBe('preview-2026-12-03.txt');
    const listing = file.files![0]!.bytes.toString('utf8');
    if (process.env.DUBAN_SHOW_PREVIEW) console.log(listing);
    expect(listing).toContain('08:30 每日提醒 → 城关镇工作群');
    expect(listing).toContain('城区黑臭水体整治');
    expect(listing).toContain('09:00 领导日报 → 县领导群');
    expect(listing).not.toContain('<b>');
    // Only the asker heard anything, and the database is as it was.
    const others = h.tg.calls().filter((c) => c.seq >= since && ['sendMessage', 'sendPhoto', 'sendDocument'].includes(c.method) && Number(c.params.chat_id) !== office.id);
    expect(others).toEqual([]);
    expect(await counts()).toEqual(before);
  });

  it('/preview with a date and a time; a bad date gets the usage; a group or a liaison is refused', async () => {
    expect(await h.say(office, privateChat(office), '/preview 12月7日 8:40')).toMatch(/2026-12-07[\s\S]*08:30 每日提醒/);
    expect(await h.say(office, privateChat(office), '/preview 12月7日 8:40')).not.toContain('领导日报');
    // The words an office types: 明天 is tomorrow (2026-12-03), 下周一 the Monday after.
    expect(await h.say(office, privateChat(office), '/preview 明天')).toContain('2026-12-03 机器人将自动发送');
    expect(await h.say(office, privateChat(office), '/preview 下周一 8:40')).toMatch(/2026-12-07[\s\S]*08:30 每日提醒/);
    const bad = await h.say(office, privateChat(office), '/preview 某天');
    expect(bad).toContain('「某天」不是有效日期');
    expect(bad).toContain('用法：/preview');
    expect(await h.say(office, officeGroup, '/preview')).toContain('/preview');
    expect(await h.say(liaison, privateChat(liaison), '/preview')).toContain('没有使用 /preview 的权限');
  });

  it('npm run preview prints the same day from the database file, writing nothing', async () => {
    const before = await counts();
    let out = '';
    const errors: string[] = [];
    const code = await runPreviewCli(['--date', '2026-12-03'], { BOT_TOKEN: TEST_TOKEN, DATABASE_URL: h.config.databaseUrl }, { out: (t) => (out += t), err: (l) => errors.push(l) });
    expect(errors).toEqual([]);
    expect(code).toBe(0);
    expect(out).toContain('2026-12-03 机器人将自动发送');
    expect(out).toContain('08:30 每日提醒 → 城关镇工作群');
    expect(out).toContain('城区黑臭水体整治');
    expect(await counts()).toEqual(before);
    // A database that is not there is not created.
    const missing = await runPreviewCli([], { BOT_TOKEN: TEST_TOKEN, DATABASE_URL: 'file:/nonexistent/duban-preview.db' }, { out: () => undefined, err: (l) => errors.push(l) });
    expect(missing).toBe(1);
    expect(errors.join('\n')).toContain('no database at /nonexistent/duban-preview.db');
    expect(await runPreviewCli(['--date', '12/7'], {}, { out: () => undefined, err: () => undefined })).toBe(2);
  });
});
