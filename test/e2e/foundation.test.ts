import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { group, privateChat, user } from '../support/fake-telegram/index.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { COMMANDS } from '../../commands/index.ts';

const office = user(1001, { first_name: '王', last_name: '主任', username: 'office_wang', language_code: 'zh-hans' });
const alice = user(2001, { first_name: 'Alice', username: 'alice_w', language_code: 'en' });
const bob = user(2002, { first_name: '李四', language_code: 'zh-hans' });
const townGroup = group(-100111, '城关镇工作群');
const leaders = group(-100222, '县领导群');

describe('foundation, end to end through the fake Bot API', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ adminIds: [office.id] });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('publishes BotFather menus for every scope and language', () => {
    for (const scope of [{ type: 'default' }, { type: 'all_private_chats' }, { type: 'all_group_chats' }]) {
      for (const language of ['', 'zh', 'en']) {
        const menu = h.tg.commands(scope, language);
        expect(menu, `${scope.type}/${language}`).toBeDefined();
        expect(menu!.map((c) => c.command)).toContain('help');
        expect(menu!.map((c) => c.command)).not.toContain('bind');
      }
    }
    expect(h.tg.commands({ type: 'all_private_chats' }, 'en')!.find((c) => c.command === 'help')!.description).toBe(
      'Show the commands you can use',
    );
    expect(h.tg.commands({ type: 'all_private_chats' }, 'zh')!.find((c) => c.command === 'help')!.description).toBe('查看可用命令');
    // The office sees its own commands in its private chat.
    const adminMenu = h.tg.commands({ type: 'chat', chat_id: office.id }, 'zh')!.map((c) => c.command);
    expect(adminMenu).toContain('grant');
  });

  it('answers /start and /help in a private chat, in the person’s language', async () => {
    expect(await h.say(alice, privateChat(alice), '/start')).toContain('This is <b>Duban</b>');
    expect(await h.say(bob, privateChat(bob), '/start')).toContain('这里是<b>督办</b>');
    const help = await h.say(alice, privateChat(alice), '/help');
    expect(help).toContain('/whoami');
    expect(help).not.toContain('/grant');
  });

  it('answers /start and /help in a group', async () => {
    expect(await h.say(bob, townGroup, '/start')).toContain('本群尚未绑定单位');
    const help = await h.say(bob, townGroup, '/help@duban_test_bot');
    expect(help).toContain('/help');
    expect(help).not.toContain('/bind');
  });

  it('/help differs by role', async () => {
    const asMember = await h.say(bob, privateChat(bob), '/help');
    const asAdmin = await h.say(office, privateChat(office), '/help');
    expect(asAdmin).toContain('/grant');
    expect(asAdmin).toContain('/revoke');
    expect(asMember).not.toContain('/grant');
    expect(asAdmin.split('\n').length).toBeGreaterThan(asMember.split('\n').length);
  });

  it('refuses /bind from a non-admin, politely, and audits the refusal', async () => {
    const reply = await h.say(bob, townGroup, '/bind 城关镇');
    expect(reply).toContain('没有使用 /bind 的权限');
    const audit = await h.app.database.prisma.auditLog.findFirst({ where: { action: 'command.denied', actorTelegramId: BigInt(bob.id) } });
    expect(audit).toMatchObject({ entity: 'command', entityId: 'bind', chatId: BigInt(townGroup.id) });
    expect(await h.app.database.prisma.chatBinding.count()).toBe(0);
  });

  it('binds a group for an admin, and /whoami there shows the unit', async () => {
    const reply = await h.say(office, townGroup, '/bind 城关');
    expect(reply).toContain('<b>城关镇</b>的单位工作群');
    expect(await h.say(bob, townGroup, '/whoami')).toContain('本群：城关镇的单位工作群');
    // The group's own menu is published, in both languages: what liaisons and members use, no office command.
    for (const language of ['', 'zh', 'en']) {
      const unitMenu = h.tg.commands({ type: 'chat', chat_id: townGroup.id }, language)!.map((c) => c.command);
      expect(unitMenu).toContain('report');
      expect(unitMenu).toContain('extend');
      const adminOnly = COMMANDS.filter((c) => !c.roles.includes('liaison') && !c.roles.includes('member')).map((c) => c.name);
      expect(adminOnly).toEqual(expect.arrayContaining(['close', 'grant', 'bind', 'revoke', 'schedule']));
      expect(unitMenu.filter((c) => adminOnly.includes(c)), language).toEqual([]);
    }
    expect(await h.say(office, leaders, '/bind leadership')).toContain('<b>领导群</b>');
    expect(h.tg.commands({ type: 'chat', chat_id: leaders.id }, 'zh')!.map((c) => c.command)).not.toContain('grant');
    // The office group's menu has the office's commands.
    const officeGroup = group(-100444, '生态委办公室群');
    expect(await h.say(office, officeGroup, '/bind admin')).toContain('办公室工作群');
    expect(h.tg.commands({ type: 'chat', chat_id: officeGroup.id }, 'zh')!.map((c) => c.command)).toEqual(expect.arrayContaining(['close', 'grant', 'schedule', 'bind']));
    expect(await h.say(office, officeGroup, '/unbind')).toContain('已解除');
    const audit = await h.app.database.prisma.auditLog.findMany({ where: { action: 'chat.bind' } });
    expect(audit).toHaveLength(3);
  });

  it('an unknown or ambiguous unit lists what it could be and binds nothing', async () => {
    const before = await h.app.database.prisma.auditLog.count({ where: { action: 'chat.bind' } });
    const unknownGroup = group(-100333, '新群');
    expect(await h.say(office, unknownGroup, '/bind 火星镇')).toContain('找不到单位「火星镇」');
    expect(await h.say(office, unknownGroup, '/bind 城')).toMatch(/对应多个单位：.*城关镇/);
    expect(await h.app.database.prisma.auditLog.count({ where: { action: 'chat.bind' } })).toBe(before);
  });

  it('a malformed argument gets the usage line and changes nothing', async () => {
    const reply = await h.say(alice, privateChat(alice), '/lang klingon');
    expect(reply).toContain('Choose zh (中文) or en (English).');
    expect(reply).toContain('Usage: /lang zh or /lang en');
    const grant = await h.say(office, privateChat(office), '/grant @alice_w boss');
    expect(grant).toContain('请写身份');
    expect(grant).toContain('用法：/grant');
    expect(await h.app.database.prisma.member.findUnique({ where: { telegramId: BigInt(alice.id) } })).toMatchObject({ role: 'member' });
  });

  it('grants a role by @username and by reply, and /whoami shows it', async () => {
    expect(await h.say(office, townGroup, '/grant @alice_w liaison')).toContain('Alice现在是城关镇的联络员');
    expect(await h.say(alice, townGroup, '/whoami')).toContain('Role: liaison');
    const bobMessage = h.tg.message({ from: bob, chat: townGroup, text: '收到' });
    h.tg.pushUpdate(bobMessage);
    expect(await h.say(office, townGroup, '/grant leader', { replyTo: bobMessage.message })).toContain('李四现在是领导');
    expect(await h.say(bob, privateChat(bob), '/whoami')).toContain('身份：领导');
    expect(await h.say(office, townGroup, '/revoke', { replyTo: bobMessage.message })).toContain('已取消李四的身份');
    expect(await h.say(office, townGroup, '/grant @nobody_here admin')).toContain('还不认识@nobody_here');
    const grants = await h.app.database.prisma.auditLog.findMany({ where: { action: { in: ['member.grant', 'member.revoke'] } }, orderBy: { id: 'asc' } });
    expect(grants.map((g) => g.action)).toEqual(['member.grant', 'member.grant', 'member.revoke']);
    expect(JSON.parse(grants[0]!.after!)).toEqual({ role: 'liaison', unit: '城关镇' });
  });

  it('/lang switches the language for good', async () => {
    expect(await h.say(bob, privateChat(bob), '/lang en')).toBe('OK, I will speak English with you from now on.');
    expect(await h.say(bob, privateChat(bob), '/whoami')).toContain('Role: no role yet');
    expect(await h.say(bob, privateChat(bob), '/lang zh')).toBe('好的，今后用中文和您交流。');
  });

  it('lists units and committees from the default organisation, to people with a role', async () => {
    expect(await h.say(bob, privateChat(bob), '/committees')).toContain('您尚未获得身份');
    const committees = await h.say(office, privateChat(office), '/committees');
    expect(committees).toContain('共 14 个');
    const units = await h.say(office, privateChat(office), '/units');
    expect(units).toContain('城关镇');
    expect(units).toContain('生态环境局');
  });

  it('answers an unknown command in private and keeps quiet about it in groups', async () => {
    expect(await h.say(bob, privateChat(bob), '/frobnicate')).toContain('没有这个命令');
    const since = h.tg.mark();
    h.tg.pushUpdate(h.tg.message({ from: bob, chat: townGroup, text: '/otherbot_command' }));
    await h.say(bob, townGroup, '/whoami');
    expect(h.tg.calls('sendMessage').filter((c) => c.seq >= since)).toHaveLength(1);
  });

  it('answers a repeated update id once', async () => {
    const update = h.tg.message({ from: alice, chat: privateChat(alice), text: '/whoami' });
    const since = h.tg.mark();
    const first = h.tg.pushUpdate(update);
    await h.tg.waitForCall('sendMessage', { chatId: alice.id, since });
    h.tg.pushUpdate({ ...update, update_id: first.update_id });
    // A later update proves the repeat was seen and skipped, not just slow.
    await h.say(alice, privateChat(alice), '/start');
    expect(h.tg.calls('sendMessage').filter((c) => c.seq >= since && Number(c.params.chat_id) === alice.id)).toHaveLength(2);
  });

  it('answers a handler failure with an apology and keeps running', async () => {
    let failed = false;
    h.tg.onRequest = (req) => {
      if (!failed && req.method === 'sendMessage' && Number(req.params.chat_id) === bob.id) {
        failed = true;
        return { reply: { ok: false, error_code: 400, description: 'Bad Request: something odd' } };
      }
      return undefined;
    };
    try {
      const since = h.tg.mark();
      h.tg.pushUpdate(h.tg.message({ from: bob, text: '/whoami' }));
      const apology = await h.tg.waitForCall('sendMessage', { chatId: bob.id, since, where: (c) => c.response?.ok === true });
      expect(apology.params.text).toContain('抱歉，处理这条消息时出了问题');
      expect(await h.say(bob, privateChat(bob), '/whoami')).toContain('身份：未授权人员');
    } finally {
      h.tg.onRequest = undefined;
    }
  });

  it('handles a chat’s next update while its answer is on the way; the answers arrive in order, each update marked handled only once its answer arrived', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let holding = true;
    const arrived: string[] = [];
    h.tg.onRequest = async (req) => {
      if (req.method !== 'sendMessage' || Number(req.params.chat_id) !== bob.id) return undefined;
      arrived.push(String(req.params.text));
      if (holding) {
        holding = false;
        await held;
      }
      return undefined;
    };
    const processed = h.app.database.prisma.processedUpdate;
    const denied = () => h.app.database.prisma.auditLog.count({ where: { action: 'command.denied', entityId: 'revoke', actorTelegramId: BigInt(bob.id) } });
    try {
      const deniedBefore = await denied();
      const since = h.tg.mark();
      const first = h.tg.pushUpdate(h.tg.message({ from: bob, text: '/whoami' }));
      const second = h.tg.pushUpdate(h.tg.message({ from: bob, text: '/revoke 1' }));
      // The second was handled (its refusal is audited) while the first's answer is held at the Bot API …
      await expect.poll(denied, { timeout: 10_000 }).toBe(deniedBefore + 1);
      // … and its own answer waits behind it, so that the chat reads them in order.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(arrived).toHaveLength(1);
      expect(arrived[0]).toContain('身份：未授权人员');
      // Neither is finished before its answer arrived: a crash now handles both again.
      const rows = await processed.findMany({ where: { updateId: { in: [BigInt(first.update_id), BigInt(second.update_id)] } } });
      expect(rows.map((r) => r.handledAt)).toEqual([null, null]);
      release();
      await h.tg.waitForCall('sendMessage', { chatId: bob.id, since, where: (c) => String(c.params.text).includes('/revoke') });
      expect(h.tg.calls('sendMessage').filter((c) => c.seq >= since && Number(c.params.chat_id) === bob.id).map((c) => String(c.params.text))).toEqual(arrived);
      await expect
        .poll(async () => (await processed.findMany({ where: { updateId: { in: [BigInt(first.update_id), BigInt(second.update_id)] } } })).every((r) => r.handledAt !== null), { timeout: 10_000 })
        .toBe(true);
    } finally {
      release();
      h.tg.onRequest = undefined;
    }
  });

  it('reports database health on /healthz', async () => {
    const response = await fetch(`http://127.0.0.1:${h.app.httpPort}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, database: 'up' });
  });
});
