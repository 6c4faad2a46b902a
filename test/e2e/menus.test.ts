import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../commands/index.ts';
import type { MenuPublisher } from '../../src/bot/menus.ts';
import { group, privateChat, user } from '../support/fake-telegram/index.ts';
import { setUpChats, startHarness, type Harness } from '../support/harness.ts';

// The BotFather menus per person: an admin who works in a unit's or the leadership's group sees the office's
// commands there, and nobody else in that group does.

const office = user(1001, { first_name: '王', last_name: '主任', username: 'office_wang', language_code: 'zh-hans' });
const deputy = user(1002, { first_name: 'Li', last_name: 'Wei', username: 'deputy_li', language_code: 'en' });
const liaison = user(2001, { first_name: '张', last_name: '三', username: 'cg_zhang', language_code: 'zh-hans' });
const town = group(-100111, '城关镇工作群');
const leaders = group(-100222, '县领导群');
const officeGroup = group(-100333, '生态委办');

const officeOnly = COMMANDS.filter((c) => !c.roles.some((r) => r === 'liaison' || r === 'member' || r === 'leader')).map((c) => c.name);

describe('menus per member', () => {
  let h: Harness;
  const memberMenu = (chatId: number, userId: number) => h.tg.commands({ type: 'chat_member', chat_id: chatId, user_id: userId })?.map((c) => c.command);

  beforeAll(async () => {
    h = await startHarness({ adminIds: [office.id] });
    await setUpChats(h, office, [[town, '城关镇'], [leaders, 'leadership'], [officeGroup, 'admin']], [[liaison, town]]);
  });
  afterAll(async () => {
    await h?.close();
  });

  it("gives an admin the office's commands in a unit's and the leadership's group, and no one else there", () => {
    expect(officeOnly).toEqual(expect.arrayContaining(['close', 'grant', 'bind', 'revoke', 'schedule']));
    const inTown = memberMenu(town.id, office.id)!;
    expect(inTown).toEqual(expect.arrayContaining(['close', 'grant', 'revoke', 'schedule', 'report', 'tasks']));
    expect(memberMenu(leaders.id, office.id)).toEqual(expect.arrayContaining(['grant', 'digest']));
    // The group's own menu, which the liaison sees, has none of them; the liaison has no menu of their own.
    expect(h.tg.commands({ type: 'chat', chat_id: town.id }, 'zh')!.map((c) => c.command).filter((c) => officeOnly.includes(c))).toEqual([]);
    expect(memberMenu(town.id, liaison.id)).toBeUndefined();
    // The office group's own menu has the office's commands already: no member menu there.
    expect(memberMenu(officeGroup.id, office.id)).toBeUndefined();
  });

  it('a new admin gets menus in the groups they are in; where they are not, Telegram refuses and the grant stands', async () => {
    await h.say(deputy, town, '/whoami');
    const since = h.tg.mark();
    expect(await h.say(office, officeGroup, '/grant @deputy_li admin')).toContain('办公室');
    const inTown = h.tg.commands({ type: 'chat_member', chat_id: town.id, user_id: deputy.id }, 'en')!;
    expect(inTown.map((c) => c.command)).toContain('grant');
    expect(inTown.find((c) => c.command === 'report')!.description).toMatch(/^[\x20-\x7e]+$/);
    // Not a member of the leadership group: refused with "member not found", and nothing else is affected.
    const refused = h.tg.calls('setMyCommands').filter((c) => c.seq >= since && (c.params.scope as { chat_id?: number }).chat_id === leaders.id);
    expect(refused.map((c) => (c.response as { description?: string }).description)).toEqual(['Bad Request: member not found']);
    expect(memberMenu(leaders.id, deputy.id)).toBeUndefined();
    expect(h.tg.commands({ type: 'chat', chat_id: privateChat(deputy).id }, 'en')!.map((c) => c.command)).toContain('grant');
    expect(await h.say(deputy, town, '/whoami')).toContain('Role: office admin');
  });

  it('a restart publishes every admin their menus again', async () => {
    const since = h.tg.mark();
    await (h.app.services.menus as MenuPublisher).publishDefaults();
    const memberCalls = h.tg.calls('setMyCommands').filter((c) => c.seq >= since && (c.params.scope as { type: string }).type === 'chat_member');
    // Two admins, two such groups, three languages; the deputy's in the leadership group refused at the first.
    expect(memberCalls).toHaveLength(3 * 3 + 1);
    expect(memberMenu(town.id, deputy.id)).toContain('grant');
  });

  it('revoking an admin takes their menus away; unbinding a group takes its admins\' menus away', async () => {
    expect(await h.say(office, officeGroup, '/revoke @deputy_li')).toContain('Li Wei');
    expect(memberMenu(town.id, deputy.id)).toBeUndefined();
    expect(h.tg.commands({ type: 'chat', chat_id: privateChat(deputy).id }, 'en')).toBeUndefined();

    expect(await h.say(office, town, '/unbind')).toContain('已解除');
    expect(memberMenu(town.id, office.id)).toBeUndefined();
    expect(h.tg.commands({ type: 'chat', chat_id: town.id }, 'zh')).toBeUndefined();
    // Bound again as the office group: its own menu has the office's commands, so no member menu comes back.
    expect(await h.say(office, town, '/bind admin')).toContain('办公室工作群');
    expect(memberMenu(town.id, office.id)).toBeUndefined();
    expect(h.tg.commands({ type: 'chat', chat_id: town.id }, 'zh')!.map((c) => c.command)).toContain('grant');
  });
});
