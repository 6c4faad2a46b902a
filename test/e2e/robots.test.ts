// A county whose units are partly not on Telegram: five townships reached only by their group robots (2 WeCom,
// 2 DingTalk with signing, 1 Feishu with signing), one township with both a Telegram group and a WeCom robot,
// the leadership group's DingTalk robot, and one DingTalk robot configured with the wrong secret. The real bot
// runs against the fake Bot API and the fake robot platforms (test/support/fake-robots).
// Invariants named: every robot gets each message it is owed exactly once; a unit with a group and robots gets
// both; a robot's platform limit paces, never refuses; a permanent refusal costs one request and tells the
// office once; a unit a robot reached is on the roll-call, acknowledged by hand and audited.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { addDays, localDate } from '../../src/domain/calendar.ts';
import { startFakeRobots, type FakeRobots } from '../support/fake-robots/index.ts';
import { setUpChats, startHarness, type Harness } from '../support/harness.ts';

const OFFICE = { id: 900, is_bot: false, first_name: '办公室', username: 'office' };
const officeChat = { id: -1009001, type: 'supergroup' as const, title: '生态委办公室' };
const groupChat = { id: -1009002, type: 'supergroup' as const, title: '有群的乡镇' };

let h: Harness;
let wecom: FakeRobots;
let dingtalk: FakeRobots;
let feishu: FakeRobots;
let dir: string;
const today = localDate(new Date(), 'Asia/Shanghai');
/** The bot's clock: ten days back while the task is set up (a deadline cannot be in the past), then now. */
let clockOffsetMs = -10 * 24 * 3600_000;
/** robot id at its fake → the township it belongs to */
const robots: Record<string, { fake: () => FakeRobots; unit: string }> = {};

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const drained = () => h.app.sender.drain(90_000);
/** What a robot received, but for WeCom's mention notes (a text message naming the title, to @ by mobile). */
const texts = (fake: FakeRobots, robot: string) => fake.accepted(robot).filter((r) => !(fake.kind === 'wecom' && r.body.msgtype === 'text')).map((r) => JSON.stringify(r.body));
const officeMessages = () => h.tg.calls('sendMessage').filter((c) => Number(c.params.chat_id) === officeChat.id).map((c) => String(c.params.text));

beforeAll(async () => {
  [wecom, dingtalk, feishu] = await Promise.all([startFakeRobots('wecom'), startFakeRobots('dingtalk'), startFakeRobots('feishu')]);
  dir = mkdtempSync(join(tmpdir(), 'duban-robots-'));
  const org = parse(readFileSync(new URL('../../prisma/org.yaml', import.meta.url), 'utf8')) as { units: { name: string; kind: string; robots?: unknown[] }[]; robots?: unknown };
  const towns = org.units.filter((u) => u.kind === 'township').slice(0, 7);
  const plan: [string, FakeRobots, string | null][] = [
    ['wecom-a0000001', wecom, null],
    ['wecom-b0000002', wecom, null],
    ['dingA00000001', dingtalk, 'TOWN_C_SECRET'],
    ['dingB00000002', dingtalk, 'TOWN_D_SECRET'],
    ['feishu-e0000005', feishu, 'TOWN_E_SECRET'],
    ['wecom-f0000006', wecom, null],
    ['dingBAD0000007', dingtalk, 'TOWN_BAD_SECRET'],
  ];
  plan.forEach(([id, fake, secret], i) => {
    const town = towns[i]!;
    town.robots = [{ kind: fake.kind, url: fake.url(id), ...(secret ? { secret } : {}), ...(i === 0 ? { mention: ['13800000001'] } : {}) }];
    robots[id] = { fake: () => fake, unit: town.name };
    if (secret) fake.sign(id, `SEC-${id}`);
  });
  org.robots = { leadership: [{ kind: 'dingtalk', url: dingtalk.url('dingLEAD0000001'), secret: 'LEADERSHIP_SECRET' }] };
  dingtalk.sign('dingLEAD0000001', 'SEC-lead');
  writeFileSync(join(dir, 'org.yaml'), stringify(org));
  h = await startHarness({
    adminIds: [OFFICE.id],
    env: {
      ORG_FILE: join(dir, 'org.yaml'),
      TOWN_C_SECRET: 'SEC-dingA00000001',
      TOWN_D_SECRET: 'SEC-dingB00000002',
      TOWN_E_SECRET: 'SEC-feishu-e0000005',
      TOWN_BAD_SECRET: 'SEC-not-the-right-one',
      LEADERSHIP_SECRET: 'SEC-lead',
      QUIET_HOURS: 'off',
    },
    now: () => new Date(Date.now() + clockOffsetMs),
  });
  // The sixth township is on Telegram too; the office group is bound.
  await setUpChats(h, OFFICE, [
    [officeChat, 'admin'],
    [groupChat, towns[5]!.name],
  ]);
  const { services } = h.app;
  const office = await services.members.actorFor({ id: OFFICE.id, first_name: '办公室' });
  const units = await services.org.units();
  const committee = (await services.org.committees())[0]!;
  const ids = towns.map((town) => units.find((u) => u.name === town.name)!.id);
  // Three overdue tasks for every township: enough parts due for each to be ranked (and charted).
  for (const title of ['散煤清零', '秸秆禁烧巡查', '道路扬尘保洁']) {
    const created = await services.tasks.create(
      { actor: office, chatId: BigInt(officeChat.id) },
      {
        title,
        committeeId: committee.id,
        description: null,
        dueDate: addDays(today, -7),
        measure: null,
        assignments: ids.map((unitId, i) => ({ unitId, role: i === 0 ? 'lead' : 'cooperating', quota: null })),
      },
    );
    if (!created.ok) throw new Error(created.error.key);
  }
  await drained();
  clockOffsetMs = 0;
}, 60_000);

afterAll(async () => {
  await h?.close();
  await Promise.all([wecom?.close(), dingtalk?.close(), feishu?.close()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const good = () => Object.keys(robots).filter((id) => id !== 'dingBAD0000007');

describe('robots in a county', () => {
  it('morning reminders reach every robot once, a unit with a group and a robot gets both, the wrong secret fails once and the office hears once', async () => {
    await h.app.services.broadcasts.reminders.run(today);
    await drained();
    for (const id of good()) {
      const got = texts(robots[id]!.fake(), id).filter((t) => t.includes('今日督办提醒'));
      expect(got, id).toHaveLength(1);
      expect(got[0]).toContain(robots[id]!.unit);
    }
    // WeCom markdown cannot @ by mobile: the mention follows as a text message.
    expect(wecom.accepted('wecom-a0000001').some((r) => JSON.stringify(r.body).includes('"mentioned_mobile_list":["13800000001"]'))).toBe(true);
    expect(h.tg.calls('sendMessage').filter((c) => Number(c.params.chat_id) === groupChat.id && String(c.params.text).includes('今日督办提醒'))).toHaveLength(1);
    // The robot with the wrong secret: one request, refused with 310000, the office told once.
    expect(dingtalk.requests.filter((r) => r.robot === 'dingBAD0000007').map((r) => r.code)).toEqual([310000]);
    await until(() => officeMessages().some((t) => t.includes('拒收消息')), 10_000, 'the office to hear of the refusing robot');
    expect(dingtalk.refused().filter((r) => r.robot !== 'dingBAD0000007')).toEqual([]);
  });

  it('the digest with its charts reaches the leadership robot once, as text and tables', async () => {
    await h.app.services.broadcasts.digest.run(today);
    await drained();
    const got = texts(dingtalk, 'dingLEAD0000001');
    expect(got.filter((t) => t.includes('督办日报'))).toHaveLength(1);
    expect(got.filter((t) => t.includes('乡镇综合得分排名'))).toHaveLength(1);
    for (const t of got) expect(Buffer.byteLength(JSON.parse(t).markdown.text)).toBeLessThanOrEqual(4096);
  });

  it('a published bulletin reaches every robot once; the refusing robot costs no more requests, and the office is not told again', async () => {
    const { services } = h.app;
    const text = (await services.broadcasts.bulletin.text())!;
    const draftId = await services.bulletins.saveDraft(BigInt(officeChat.id), text);
    await services.broadcasts.bulletin.publish(draftId, BigInt(OFFICE.id));
    await drained();
    for (const id of [...good(), 'dingLEAD0000001']) {
      const fake = id === 'dingLEAD0000001' ? dingtalk : robots[id]!.fake();
      expect(texts(fake, id).filter((t) => t.includes('督办通报')), id).toHaveLength(1);
    }
    expect(dingtalk.requests.filter((r) => r.robot === 'dingBAD0000007')).toHaveLength(1);
    expect(officeMessages().filter((t) => t.includes('拒收消息'))).toHaveLength(1);
  });

  it('an orange alert reaches every robot once with @all; the roll-call shows the robot-only units; the office acknowledges by hand, audited', async () => {
    const reply = await h.say(OFFICE, officeChat, '/alert 橙色 全部 启动重污染天气橙色预警响应');
    expect(reply).toContain('预警');
    await drained();
    for (const id of good()) {
      const fake = robots[id]!.fake();
      const copies = fake.accepted(id).filter((r) => JSON.stringify(r.body).includes('橙色预警'));
      expect(copies.length, id).toBeGreaterThanOrEqual(1);
      const all = JSON.stringify(fake.accepted(id).slice(-2).map((r) => r.body));
      if (fake.kind === 'wecom') expect(all).toContain('"mentioned_mobile_list":["@all"]');
      if (fake.kind === 'dingtalk') expect(all).toContain('"isAtAll":true');
      if (fake.kind === 'feishu') expect(all).toContain('"user_id":"all"');
    }
    const alert = (await h.app.services.alerts.latest(true))!;
    const rollCall = h.app.services.broadcasts.alerts.rollCall(alert);
    expect(rollCall).toContain(`${robots['wecom-b0000002']!.unit}（已通过企业微信送达`);
    expect(rollCall).toContain('待在 Telegram 或电话确认');
    const unit = robots['dingA00000001']!.unit;
    expect(await h.say(OFFICE, officeChat, `/alert ack ${unit} 电话确认`)).toContain('已登记');
    expect(await h.say(OFFICE, officeChat, `/alert ack ${unit} 电话确认`)).toContain('已由');
    const acked = (await h.app.services.alerts.latest(true))!;
    expect(h.app.services.broadcasts.alerts.rollCall(acked)).toContain('办公室（电话确认）');
    const audit = await h.app.database.prisma.auditLog.findMany({ where: { action: 'alert.ack-by-hand' } });
    expect(audit).toHaveLength(1);
  });

  it('/robots lists every robot with its last delivery and error; /robots test sends one test message to each of a unit’s robots', async () => {
    const list = await h.say(OFFICE, officeChat, '/robots');
    expect(list).toContain('群机器人');
    expect(list).toContain('已停止发送');
    const unit = robots['feishu-e0000005']!.unit;
    expect(await h.say(OFFICE, officeChat, `/robots test ${unit}`)).toContain('测试消息');
    await drained();
    expect(texts(feishu, 'feishu-e0000005').filter((t) => t.includes('测试消息'))).toHaveLength(1);
  });

  it('25 messages to one WeCom robot in a minute are paced under its 20 a minute, none refused', { timeout: 120_000 }, async () => {
    const id = 'wecom-b0000002';
    const before = wecom.accepted(id).length;
    const unit = await h.app.services.org.resolveUnit(robots[id]!.unit);
    if (!unit.ok) throw new Error(unit.error.key);
    const target = await h.app.services.robots.of({ unitId: unit.value.id });
    for (let i = 0; i < 25; i++) await h.app.services.broadcasts.notices.testRobots(1_000_000 + i, target, (t) => t('robots-test-message', { whose: `第${i}条`, who: '测试' }));
    await until(() => wecom.accepted(id).length >= before + 25, 100_000, '25 messages at the WeCom robot');
    expect(wecom.refused(id)).toEqual([]);
    const times = wecom.accepted(id).map((r) => r.at);
    // No sliding minute at the fake holds more than 20.
    for (let i = 20; i < times.length; i++) expect(times[i]! - times[i - 20]!).toBeGreaterThanOrEqual(60_000);
  });
});
