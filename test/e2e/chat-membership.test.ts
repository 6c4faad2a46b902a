import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chat, Update, User } from 'grammy/types';
import { group, user } from '../support/fake-telegram/index.ts';
import type { UpdateInput } from '../support/fake-telegram/types.ts';
import { setUpChats, startHarness, type Harness } from '../support/harness.ts';

/**
 * What happens to the chats themselves, through the fake Bot API: a group upgraded to a supergroup, the bot
 * removed from a group and added to one, a liaison leaving, an anonymous admin writing.
 */

const admin = user(1001, { first_name: '王主任', username: 'office_wang', language_code: 'zh-hans' });
const liaisonA = user(2001, { first_name: '城关张', username: 'cg_zhang', language_code: 'zh-hans' });
const liaisonB = user(2002, { first_name: '王庄李', username: 'wz_li', language_code: 'zh-hans' });
/** Telegram's stand-in sender for an anonymous group admin. */
const anonymous = user(1087968824, { first_name: 'Group', username: 'GroupAnonymousBot', is_bot: true });

/** A basic group, as it is before Telegram upgrades it (and the supergroup it becomes). */
const basicA: Chat = { id: -2001, type: 'group', title: '城关镇工作群' };
const superA = group(-1002001, '城关镇工作群');
const townB = group(-1002, '王庄镇工作群');
const office = group(-1004, '生态委办公室');

const unix = () => Math.floor(Date.now() / 1000);

describe('chats joining, leaving and moving', () => {
  let h: Harness;

  const handled = async (update: Update) => {
    for (let i = 0; i < 2000; i++) {
      const row = await h.app.database.prisma.processedUpdate.findUnique({ where: { updateId: BigInt(update.update_id) }, select: { handledAt: true } });
      if (row?.handledAt) return;
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error(`update ${update.update_id} not handled`);
  };
  const push = async (update: UpdateInput) => {
    const pushed = h.tg.pushUpdate(update);
    await handled(pushed);
    return pushed;
  };
  /** Waits until the outbox owes nothing, then returns the texts sent to a chat since a mark. */
  const sentTo = async (chat: Chat, since: number, contains: string): Promise<string[]> => {
    for (let i = 0; i < 400; i++) {
      if ((await h.app.database.prisma.outbox.count({ where: { status: { in: ['pending', 'sending'] } } })) === 0) break;
      h.app.sender.nudge();
      await new Promise((r) => setTimeout(r, 25));
    }
    return h.tg
      .calls()
      .filter((c) => c.seq >= since && c.method === 'sendMessage' && String(c.params.chat_id) === String(chat.id) && String(c.params.text).includes(contains))
      .map((c) => String(c.params.text));
  };
  const memberChange = (chat: Chat, who: User, by: User, from: string, to: string): UpdateInput => ({
    [who.id === h.tg.botUser.id ? 'my_chat_member' : 'chat_member']: {
      chat,
      from: by,
      date: unix(),
      old_chat_member: { status: from, user: who },
      new_chat_member: { status: to, user: who, ...(to === 'kicked' ? { until_date: 0 } : {}) },
    },
  }) as unknown as UpdateInput;

  beforeAll(async () => {
    h = await startHarness({ adminIds: [admin.id] });
    await setUpChats(h, admin, [[office, 'admin'], [basicA, '城关镇'], [townB, '王庄镇']], [[liaisonA, basicA], [liaisonB, townB]]);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a group upgraded to a supergroup keeps its binding, its owed messages and its alert targets, audited; the office is told once', async () => {
    const db = h.app.database.prisma;
    const unit = await db.unit.findFirstOrThrow({ where: { name: '城关镇' } });
    const owed = new Date(Date.now() + 1500);
    await h.app.services.outbox.enqueue([{ key: 'migration-test:1', chatId: BigInt(basicA.id), kind: 'notice', method: 'sendMessage', params: { text: '迁移前待发的消息' }, notBefore: owed }]);
    const alert = await db.alert.create({ data: { level: 'orange', text: '橙色预警', createdByTelegramId: BigInt(admin.id) } });
    await db.alertTarget.create({ data: { alertId: alert.id, unitId: unit.id, chatId: BigInt(basicA.id) } });

    const since = h.tg.mark();
    // Telegram tells it twice: in the old group, then in the new supergroup.
    await push({ message: { message_id: 900, date: unix(), chat: basicA, from: admin, migrate_to_chat_id: superA.id } } as UpdateInput);
    await push({ message: { message_id: 1, date: unix(), chat: superA, from: admin, migrate_from_chat_id: basicA.id } } as UpdateInput);

    expect(await db.chatBinding.findUnique({ where: { chatId: BigInt(basicA.id) } })).toBeNull();
    expect(await db.chatBinding.findUnique({ where: { chatId: BigInt(superA.id) } })).toMatchObject({ kind: 'unit', unitId: unit.id, active: true });
    expect((await db.alertTarget.findFirstOrThrow({ where: { alertId: alert.id } })).chatId).toBe(BigInt(superA.id));
    expect((await db.outbox.findUniqueOrThrow({ where: { key: 'migration-test:1' } })).chatId).toBe(BigInt(superA.id));
    expect(await db.auditLog.count({ where: { action: 'chat.migrate' } })).toBe(1);

    // The owed message goes to the new id, and the office hears of the move once.
    await new Promise((r) => setTimeout(r, Math.max(0, owed.getTime() - Date.now()) + 100));
    expect(await sentTo(superA, since, '迁移前待发的消息')).toHaveLength(1);
    expect(await sentTo(office, since, '已升级为超级群')).toHaveLength(1);
    expect(h.tg.calls().filter((c) => c.seq >= since && String(c.params.chat_id) === String(basicA.id) && c.method === 'sendMessage')).toEqual([]);

    // The new supergroup is the unit's group: a liaison's command there is not refused as unbound.
    const reply = await h.say(liaisonA, superA, '/tasks');
    expect(reply).not.toContain('不能在这里使用');
    expect(reply).toContain('任务');
  });

  it('the bot removed from a bound group marks its binding inactive and tells the office once', async () => {
    const db = h.app.database.prisma;
    const since = h.tg.mark();
    await push(memberChange(townB, h.tg.botUser as unknown as User, admin, 'member', 'kicked'));
    await push(memberChange(townB, h.tg.botUser as unknown as User, admin, 'kicked', 'left'));
    expect(await db.chatBinding.findUniqueOrThrow({ where: { chatId: BigInt(townB.id) } })).toMatchObject({ active: false });
    expect(await db.auditLog.count({ where: { action: 'chat.bot-removed', chatId: BigInt(townB.id) } })).toBe(1);
    expect((await h.app.services.chats.unitGroups()).map((g) => g.chatId)).not.toContain(BigInt(townB.id));
    const told = await sentTo(office, since, '机器人已被移出');
    expect(told).toHaveLength(1);
    expect(told[0]).toContain('王庄镇工作群');
  });

  it('the bot added to a group says what it is and who can bind it; bound again, the group is active', async () => {
    const since = h.tg.mark();
    await push(memberChange(townB, h.tg.botUser as unknown as User, admin, 'left', 'member'));
    const hello = h.tg.calls().filter((c) => c.seq >= since && c.method === 'sendMessage' && String(c.params.chat_id) === String(townB.id));
    expect(hello.map((c) => String(c.params.text))).toEqual([expect.stringContaining('只有生态委办公室管理员可以绑定')]);
    // Until bound again it reads as unbound.
    expect(await h.say(liaisonB, townB, '/tasks')).toContain('不能在这里使用');
    expect(await h.say(admin, townB, '/bind 王庄镇')).toContain('已绑定');
    expect(await h.app.database.prisma.chatBinding.findUniqueOrThrow({ where: { chatId: BigInt(townB.id) } })).toMatchObject({ active: true });
  });

  it('a liaison leaving their unit\'s group is reported to the office once, however Telegram tells it', async () => {
    const since = h.tg.mark();
    await push({ message: { message_id: 50, date: unix(), chat: superA, from: liaisonA, left_chat_member: liaisonA } } as UpdateInput);
    await push(memberChange(superA, liaisonA, liaisonA, 'member', 'left'));
    const told = await sentTo(office, since, '已退出本单位工作群');
    expect(told).toHaveLength(1);
    expect(told[0]).toContain('城关张');
    // Someone who is no liaison of the unit leaving is nobody's business.
    await push(memberChange(superA, liaisonB, liaisonB, 'member', 'left'));
    expect(await sentTo(office, since, '已退出本单位工作群')).toHaveLength(1);
  });

  it('an anonymous group admin\'s command gets a one-line hint to write as themselves; their chatter gets nothing', async () => {
    const since = h.tg.mark();
    await push({ message: { message_id: 60, date: unix(), chat: superA, from: anonymous, sender_chat: superA, text: '/tasks', entities: [{ type: 'bot_command', offset: 0, length: 6 }] } } as UpdateInput);
    await push({ message: { message_id: 61, date: unix(), chat: superA, from: anonymous, sender_chat: superA, text: '大家注意' } } as UpdateInput);
    const replies = h.tg.calls().filter((c) => c.seq >= since && c.method === 'sendMessage' && String(c.params.chat_id) === String(superA.id));
    expect(replies.map((c) => String(c.params.text))).toEqual([expect.stringContaining('匿名管理员')]);
  });
});
