import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chat, Update, User } from 'grammy/types';
import { COMMANDS } from '../../commands/index.ts';
import type { Place, Standing } from '../../src/domain/roles.ts';
import { group, privateChat, user } from '../support/fake-telegram/index.ts';
import { setUpChats, startHarness, type Harness } from '../support/harness.ts';

/**
 * Who sees what, through the real bot: every command and every button, pressed by each kind of person in each
 * kind of chat, is allowed or refused as the table below says, and each refusal leaves an audit row. The table
 * is written out here, not derived from the declarations: a declaration that changes who may do what fails it,
 * and a command or button added without a row fails it too.
 */

const admin = user(1001, { first_name: '王主任', username: 'office_wang', language_code: 'zh-hans' });
const leader = user(3001, { first_name: '李书记', username: 'leader_li', language_code: 'zh-hans' });
const liaisonA = user(2001, { first_name: '城关张', username: 'cg_zhang', language_code: 'zh-hans' });
const liaisonB = user(2002, { first_name: '王庄李', username: 'wz_li', language_code: 'zh-hans' });
const memberA = user(4001, { first_name: '城关赵', username: 'cg_zhao', language_code: 'zh-hans' });
const stranger = user(5001, { first_name: '路人', username: 'passer_by', language_code: 'zh-hans' });

const groupA = group(-1001, '城关镇工作群');
const groupB = group(-1002, '王庄镇工作群');
const leadership = group(-1003, '生态委领导群');
const office = group(-1004, '生态委办公室');
const unbound = group(-1005, '某个群');

type PersonName = 'admin' | 'leader' | 'liaisonA' | 'liaisonB' | 'memberA' | 'stranger';
type ChatName = 'private' | 'groupA' | 'groupB' | 'leadership' | 'office' | 'unbound';

const PEOPLE: Record<PersonName, { user: User; standing: Standing }> = {
  admin: { user: admin, standing: 'admin' },
  leader: { user: leader, standing: 'leader' },
  liaisonA: { user: liaisonA, standing: 'liaison' },
  liaisonB: { user: liaisonB, standing: 'liaison' },
  memberA: { user: memberA, standing: 'member' },
  stranger: { user: stranger, standing: 'stranger' },
};
const CHATS: Record<Exclude<ChatName, 'private'>, Chat> = { groupA, groupB, leadership, office, unbound };
const PLACE: Record<ChatName, Place> = { private: 'private', groupA: 'unit', groupB: 'unit', leadership: 'leadership', office: 'admin', unbound: 'unbound' };

/**
 * Whose work may be shown to a person in a chat, as the task force means it: leaders and the office everything
 * (a unit's group only its unit's), a liaison or a member their unit's, a stranger and a group bound to nothing
 * nothing.
 */
const SEES: Record<PersonName, Record<ChatName, 'all' | 'A' | 'B' | 'none'>> = {
  admin: { private: 'all', groupA: 'A', groupB: 'B', leadership: 'all', office: 'all', unbound: 'none' },
  leader: { private: 'all', groupA: 'A', groupB: 'B', leadership: 'all', office: 'all', unbound: 'none' },
  liaisonA: { private: 'A', groupA: 'A', groupB: 'none', leadership: 'A', office: 'A', unbound: 'none' },
  memberA: { private: 'A', groupA: 'A', groupB: 'none', leadership: 'A', office: 'A', unbound: 'none' },
  liaisonB: { private: 'B', groupA: 'none', groupB: 'B', leadership: 'B', office: 'B', unbound: 'none' },
  stranger: { private: 'none', groupA: 'none', groupB: 'none', leadership: 'none', office: 'none', unbound: 'none' },
};

const PUBLIC: Standing[] = ['admin', 'leader', 'liaison', 'member', 'stranger'];
const KNOWN: Standing[] = ['admin', 'leader', 'liaison', 'member'];
const ANYWHERE: Place[] = ['private', 'unit', 'leadership', 'admin', 'unbound'];
const READ_PLACES: Place[] = ['unit', 'admin', 'leadership', 'private'];
const OFFICE: Standing[] = ['admin'];
const HEADS: Standing[] = ['admin', 'leader'];
const HEAD_PLACES: Place[] = ['admin', 'leadership', 'private'];
const ACTORS: Standing[] = ['admin', 'liaison'];

/**
 * One case: what is sent (a command line, or a button's data), who may send it where, and whose work it reads
 * (`any`: whatever the reader may see; `A`/`B`: that unit's). Lines are chosen to stop after the checks (their
 * arguments are wrong or empty) where going on would change something.
 */
interface Case {
  of: string;
  text?: string;
  button?: string;
  roles: Standing[];
  places: Place[];
  reads?: 'any' | 'A' | 'B';
}

/** Filled once the ids are known (beforeAll). */
let unitA = 0;
let unitB = 0;

const commandCases = (): Case[] => [
  { of: 'start', text: '/start', roles: PUBLIC, places: ANYWHERE },
  { of: 'help', text: '/help', roles: PUBLIC, places: ANYWHERE },
  { of: 'whoami', text: '/whoami', roles: PUBLIC, places: ANYWHERE },
  { of: 'lang', text: '/lang', roles: PUBLIC, places: ANYWHERE },
  { of: 'tasks', text: '/tasks', roles: KNOWN, places: READ_PLACES, reads: 'any' },
  { of: 'task', text: '/task T1', roles: KNOWN, places: READ_PLACES, reads: 'A' },
  { of: 'task', text: '/task T2', roles: KNOWN, places: READ_PLACES, reads: 'B' },
  { of: 'report', text: '/report', roles: ACTORS, places: ['unit', 'private'] },
  { of: 'correct', text: '/correct', roles: ACTORS, places: ['unit', 'private', 'admin'] },
  { of: 'undo', text: '/undo', roles: ACTORS, places: ['unit', 'private', 'admin'] },
  { of: 'done', text: '/done', roles: ACTORS, places: ['unit', 'private'] },
  { of: 'extend', text: '/extend', roles: ACTORS, places: ['unit', 'private', 'admin'] },
  { of: 'problems', text: '/problems', roles: KNOWN, places: READ_PLACES, reads: 'any' },
  { of: 'problem', text: '/problem P1', roles: KNOWN, places: READ_PLACES, reads: 'A' },
  { of: 'fixed', text: '/fixed', roles: ACTORS, places: ['unit', 'private', 'admin'] },
  { of: 'verify', text: '/verify', roles: OFFICE, places: ANYWHERE },
  { of: 'newtask', text: '/newtask |', roles: OFFICE, places: ['private', 'admin'] },
  { of: 'close', text: '/close', roles: OFFICE, places: ANYWHERE },
  { of: 'reject', text: '/reject', roles: OFFICE, places: ANYWHERE },
  { of: 'reopen', text: '/reopen', roles: OFFICE, places: ANYWHERE },
  { of: 'cancel', text: '/cancel', roles: OFFICE, places: ANYWHERE },
  { of: 'edit', text: '/edit', roles: OFFICE, places: ANYWHERE },
  { of: 'import', text: '/import x', roles: OFFICE, places: ['admin', 'private'] },
  { of: 'export', text: '/export x', roles: HEADS, places: HEAD_PLACES },
  { of: 'missing', text: '/missing', roles: HEADS, places: HEAD_PLACES },
  { of: 'digest', text: '/digest x', roles: HEADS, places: HEAD_PLACES },
  { of: 'bulletin', text: '/bulletin x', roles: OFFICE, places: ['admin', 'private'] },
  { of: 'alert', text: '/alert', roles: HEADS, places: ['admin', 'leadership', 'private'] },
  { of: 'schedule', text: '/schedule', roles: OFFICE, places: ANYWHERE },
  { of: 'preview', text: '/preview x y z', roles: OFFICE, places: ['private'] },
  { of: 'pause', text: '/pause', roles: OFFICE, places: ANYWHERE },
  { of: 'robots', text: '/robots', roles: OFFICE, places: ANYWHERE },
  { of: 'away', text: '/away', roles: KNOWN, places: ANYWHERE },
  { of: 'units', text: '/units', roles: KNOWN, places: ANYWHERE },
  { of: 'committees', text: '/committees', roles: KNOWN, places: ANYWHERE },
  { of: 'bind', text: '/bind', roles: OFFICE, places: ['unit', 'leadership', 'admin', 'unbound'] },
  { of: 'unbind', text: '/unbind x', roles: OFFICE, places: ['unit', 'leadership', 'admin'] },
  { of: 'grant', text: '/grant', roles: OFFICE, places: ANYWHERE },
  { of: 'revoke', text: '/revoke', roles: OFFICE, places: ANYWHERE },
];

/** Buttons travel with their messages: no place applies, only who presses and what they would read. */
const EVERY_PLACE = ANYWHERE;
const buttonCases = (): Case[] => [
  { of: 'button:tp', button: 'tp:0:a', roles: KNOWN, places: EVERY_PLACE, reads: 'any' },
  { of: 'button:tp', button: `tp:0:u${unitA}`, roles: KNOWN, places: EVERY_PLACE, reads: 'A' },
  { of: 'button:tp', button: `tp:0:u${unitB}`, roles: KNOWN, places: EVERY_PLACE, reads: 'B' },
  { of: 'button:rp', button: 'rp:1', roles: ACTORS, places: EVERY_PLACE },
  { of: 'button:dg', button: 'dg:skip', roles: HEADS, places: EVERY_PLACE },
  { of: 'button:ext', button: 'ext:approve:999', roles: OFFICE, places: EVERY_PLACE },
  { of: 'button:nt', button: 'nt:save:999', roles: OFFICE, places: EVERY_PLACE },
  { of: 'button:nt', button: 'nt:g:999:x', roles: OFFICE, places: EVERY_PLACE },
  { of: 'button:pb', button: 'pb:999:x', roles: KNOWN, places: EVERY_PLACE },
  { of: 'button:al', button: 'al:status:999', roles: ['admin', 'leader', 'liaison'], places: EVERY_PLACE },
  { of: 'button:bl', button: 'bl:discard:999', roles: OFFICE, places: EVERY_PLACE },
  { of: 'button:cx', button: 'cx:confirm:999', roles: OFFICE, places: EVERY_PLACE },
  { of: 'button:cl', button: 'cl:confirm:999', roles: OFFICE, places: EVERY_PLACE },
  { of: 'button:ro', button: 'ro:confirm:999', roles: OFFICE, places: EVERY_PLACE },
  { of: 'button:im', button: 'im:confirm:999', roles: OFFICE, places: EVERY_PLACE },
];

/** Forged or stale data: refused for everyone, everywhere, before any query. */
const FORGED = ['pb:abc', 'nt:save:abc', 'ext:approve:9999999999999999999', 'tp:-1:a', 'tp:0:u', 'rp:T1', 'al:ack:1:2', 'zz:1', '', ':', 'x'.repeat(64), '🔥:1', 'tp:0:a:extra'];

function expected(c: Case, person: PersonName, chat: ChatName): 'allow' | 'deny' {
  if (!c.roles.includes(PEOPLE[person].standing) || !c.places.includes(PLACE[chat])) return 'deny';
  const sees = SEES[person][chat];
  if (c.reads === 'any' && sees === 'none') return 'deny';
  if ((c.reads === 'A' || c.reads === 'B') && sees !== 'all' && sees !== c.reads) return 'deny';
  return 'allow';
}

const APOLOGY = /抱歉，处理这条消息时出了问题/;

describe('who sees what', () => {
  let h: Harness;

  const handled = async (update: Update) => {
    const db = h.app.database.prisma;
    for (let i = 0; i < 2000; i++) {
      const row = await db.processedUpdate.findUnique({ where: { updateId: BigInt(update.update_id) }, select: { handledAt: true } });
      if (row?.handledAt) return;
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error(`update ${update.update_id} not handled`);
  };
  /** A button is pressed under a message of the bot's: the last one it sent to the chat. */
  const lastBotMessage = (chat: Chat): number => {
    const sent = h.tg.calls().filter((c) => c.method === 'sendMessage' && String(c.params.chat_id) === String(chat.id) && c.response?.ok);
    return (sent.at(-1)?.response as { result: { message_id: number } } | undefined)?.result.message_id ?? 1;
  };
  const refusals = (who: User, chat: Chat) =>
    h.app.database.prisma.auditLog.count({ where: { actorTelegramId: BigInt(who.id), chatId: BigInt(chat.id), action: { in: ['command.denied', 'access.denied'] } } });

  /** Sends one case and says whether it was refused (an audit row of a refusal appeared) and what was answered. */
  async function attempt(who: User, chat: Chat, c: { text?: string; button?: string }): Promise<{ refused: boolean; update: Update; since: number }> {
    const before = await refusals(who, chat);
    const since = h.tg.mark();
    const update = h.tg.pushUpdate(
      c.button !== undefined ? h.tg.callbackQuery({ from: who, chat, messageId: lastBotMessage(chat), data: c.button }) : h.tg.message({ from: who, chat, text: c.text! }),
    );
    await handled(update);
    return { refused: (await refusals(who, chat)) > before, update, since };
  }

  beforeAll(async () => {
    h = await startHarness({ adminIds: [admin.id], now: () => new Date('2026-11-20T02:00:00Z') });
    await setUpChats(h, admin, [[groupA, '城关镇'], [groupB, '王庄镇'], [leadership, 'leadership'], [office, 'admin']], [[liaisonA, groupA], [liaisonB, groupB]]);
    for (const person of [leader, memberA, stranger]) await h.say(person, privateChat(person), '/start');
    const adminChat = privateChat(admin);
    expect(await h.say(admin, adminChat, '/grant @leader_li leader')).toContain('领导');
    expect(await h.say(admin, adminChat, '/grant @cg_zhao member 城关镇')).toContain('城关镇');
    const services = h.app.services;
    const [a, b, water] = [await services.org.resolveUnit('城关镇'), await services.org.resolveUnit('王庄镇'), await services.org.resolveCommittee('水')];
    if (!a.ok || !b.ok || !water.ok) throw new Error('seed lacks 城关镇, 王庄镇 or 水');
    unitA = a.value.id;
    unitB = b.value.id;
    const at = { actor: await services.members.actorFor(admin), chatId: BigInt(admin.id) };
    const task = (title: string, unitId: number) =>
      services.tasks.create(at, { title, committeeId: water.value.id, description: null, dueDate: '2026-12-31', measure: null, assignments: [{ unitId, role: 'lead', quota: null }] });
    expect((await task('城关镇污水治理', unitA)).ok).toBe(true);
    expect((await task('王庄镇秸秆禁烧', unitB)).ok).toBe(true);
    const problem = await services.problems.create(at, {
      kind: 'fire', description: '城关镇东村火点', location: '东村', latitude: null, longitude: null, foundBy: 'county', unitId: unitA, dueDate: '2026-11-25', evidence: [],
    });
    expect(problem.ok).toBe(true);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('has a row for every declared command and every declared button', () => {
    const covered = new Set([...commandCases(), ...buttonCases()].map((c) => c.of));
    const declared = COMMANDS.flatMap((def) => [def.name, ...(def.buttons ? [`button:${def.buttons.prefix}`] : [])]);
    expect(declared.filter((name) => !covered.has(name))).toEqual([]);
    expect([...covered].filter((name) => !declared.includes(name))).toEqual([]);
  });

  it('allows and refuses every command and button as the table says, for every person in every chat, auditing each refusal', async () => {
    const cases = [...commandCases(), ...buttonCases()];
    const mismatches: string[] = [];
    const answeredBadly: string[] = [];
    // One sequence per chat (the bot handles one chat's updates in order); the chats run side by side.
    const sequences: Array<Array<[PersonName, ChatName, Chat]>> = [
      ...(Object.keys(PEOPLE) as PersonName[]).map((p) => [[p, 'private', privateChat(PEOPLE[p].user)]] as Array<[PersonName, ChatName, Chat]>),
      ...(Object.keys(CHATS) as Exclude<ChatName, 'private'>[]).map((chat) => (Object.keys(PEOPLE) as PersonName[]).map((p) => [p, chat, CHATS[chat]] as [PersonName, ChatName, Chat])),
    ];
    await Promise.all(
      sequences.map(async (cells) => {
        for (const [person, chatName, chat] of cells) {
          for (const c of cases) {
            const { refused, update, since } = await attempt(PEOPLE[person].user, chat, c);
            const want = expected(c, person, chatName);
            if ((want === 'deny') !== refused) mismatches.push(`${person} in ${chatName}: ${c.text ?? c.button} → ${refused ? 'refused' : 'allowed'}, want ${want}`);
            const calls = h.tg.calls().filter((call) => call.seq >= since && (String(call.params.chat_id) === String(chat.id) || call.method === 'answerCallbackQuery'));
            if (calls.some((call) => APOLOGY.test(String(call.params.text ?? '')))) answeredBadly.push(`${person} in ${chatName}: ${c.text ?? c.button} → apology`);
            if (update.callback_query && !calls.some((call) => call.method === 'answerCallbackQuery' && call.params.callback_query_id === update.callback_query!.id)) {
              answeredBadly.push(`${person} in ${chatName}: ${c.button} → press not answered`);
            }
          }
        }
      }),
    );
    expect(mismatches).toEqual([]);
    expect(answeredBadly).toEqual([]);
  }, 300_000);

  it('a stranger cannot read any task, problem or list, and is told how to be given a role', async () => {
    const chat = privateChat(stranger);
    for (const text of ['/task T1', '/task T2', '/problem P1', '/tasks', '/problems', '/missing', '/units']) {
      const reply = await h.say(stranger, chat, text);
      expect(reply).toContain('您尚未获得身份');
      expect(reply).not.toContain('污水');
      expect(reply).not.toContain('东村');
    }
    expect(await h.say(stranger, chat, '你好，我想查一下任务')).toContain('/whoami');
    expect(await h.say(stranger, chat, '/start')).toContain('您尚未获得身份');
  });

  it('a liaison of one unit cannot read another unit\'s task or problem, by command or by a forged pager button', async () => {
    const chat = privateChat(liaisonB);
    expect(await h.say(liaisonB, chat, '/task T1')).toContain('此处不能显示任务 T1');
    expect(await h.say(liaisonB, chat, '/problem P1')).toContain('此处不能显示问题 P1');
    const tasks = await h.say(liaisonB, chat, '/tasks');
    expect(tasks).toContain('王庄镇秸秆禁烧');
    expect(tasks).not.toContain('城关镇污水治理');
    const { refused, since } = await attempt(liaisonB, chat, { button: `tp:0:u${unitA}` });
    expect(refused).toBe(true);
    expect(h.tg.calls().filter((c) => c.seq >= since && c.method === 'editMessageText')).toEqual([]);
  });

  it('forged or stale button data is answered "按钮已失效" and audited, for everyone, and never reaches a query', async () => {
    for (const data of FORGED) {
      for (const who of [admin, liaisonA, stranger]) {
        const { refused, update, since } = await attempt(who, office, { button: data });
        expect.soft(refused, `${data} audited`).toBe(true);
        const answer = h.tg.calls().find((c) => c.seq >= since && c.method === 'answerCallbackQuery' && c.params.callback_query_id === update.callback_query!.id);
        expect.soft(String(answer?.params.text), `${data} answered`).toContain('按钮已失效');
      }
    }
    const audit = await h.app.database.prisma.auditLog.findFirst({ where: { action: 'access.denied', entity: 'access', entityId: 'button:pb:abc' } });
    expect(audit).not.toBeNull();
  });

  it('refusals decided inside the services are audited: a liaison of B acting for A\'s part, approving, /fixed for another unit', async () => {
    const db = h.app.database.prisma;
    const count = () => db.auditLog.count({ where: { action: 'access.denied', actorTelegramId: BigInt(liaisonB.id) } });
    const before = await count();
    // In A's group a liaison of B speaks for A: the service refuses.
    for (const text of ['/report T1 50%', '/done T1', '/extend T1 2026-12-30 等待设备']) {
      expect(await h.say(liaisonB, groupA, text)).not.toMatch(APOLOGY);
    }
    expect(await h.say(liaisonB, groupA, '/fixed P1')).not.toMatch(APOLOGY);
    expect(await count()).toBeGreaterThanOrEqual(before + 4);
    // Approving is the office's.
    const pressed = await attempt(liaisonA, groupA, { button: 'ext:approve:1' });
    expect(pressed.refused).toBe(true);
  });
});

/** zh-CN usage lines by command, continuation lines joined. */
function usages(): Map<string, string> {
  const found = new Map<string, string>();
  for (const line of readFileSync(new URL('../../src/i18n/locales/zh-CN.ftl', import.meta.url), 'utf8').split('\n')) {
    const m = /^cmd-([a-z_]+)-usage = (.*)$/.exec(line);
    if (m) found.set(m[1]!, m[2]!.split('{')[0]!.trim());
  }
  return found;
}

describe('usage, not apology', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ adminIds: [admin.id], now: () => new Date('2026-11-20T02:00:00Z') });
    await setUpChats(h, admin, [[office, 'admin']]);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('every command with "", " " or "\\n\\n" after it answers (with its usage when it needs arguments), and none fails', async () => {
    const usage = usages();
    const failures: string[] = [];
    for (const def of COMMANDS) {
      const chat = def.places.includes('private') ? privateChat(admin) : def.places.includes('unbound') ? unbound : office;
      const needsArguments = !def.args.safeParse([]).success;
      for (const tail of ['', ' ', '\n\n']) {
        const since = h.tg.mark();
        const update = h.tg.pushUpdate(h.tg.message({ from: admin, chat, text: `/${def.name}${tail}` }));
        for (let i = 0; i < 2000; i++) {
          const row = await h.app.database.prisma.processedUpdate.findUnique({ where: { updateId: BigInt(update.update_id) }, select: { handledAt: true } });
          if (row?.handledAt) break;
          await new Promise((r) => setTimeout(r, 5));
        }
        const texts = h.tg.calls().filter((c) => c.seq >= since && String(c.params.chat_id) === String(chat.id)).map((c) => String(c.params.text ?? c.params.caption ?? ''));
        const label = `/${def.name}${JSON.stringify(tail)}`;
        if (texts.some((t) => APOLOGY.test(t))) failures.push(`${label}: apology`);
        if (needsArguments && !texts.some((t) => t.includes(usage.get(def.name) ?? '用法'))) failures.push(`${label}: no usage in ${JSON.stringify(texts)}`);
      }
    }
    expect(failures).toEqual([]);
    const metrics = await (await fetch(`http://127.0.0.1:${h.app.httpPort}/metrics`)).text();
    expect(metrics.split('\n').filter((l) => l.startsWith('duban_updates_total') && l.includes('outcome="error"'))).toEqual([]);
  }, 120_000);
});
