import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chat, User } from 'grammy/types';
import { group, privateChat, user } from '../support/fake-telegram/index.ts';
import { setUpChats, startHarness, type Harness } from '../support/harness.ts';

const office = user(1001, { first_name: '王主任', username: 'office_wang', language_code: 'zh-hans' });
const liaisonA = user(2001, { first_name: '城关张', username: 'cg_zhang', language_code: 'zh-hans' });
const liaisonB = user(2002, { first_name: '王庄李', username: 'wz_li', language_code: 'zh-hans' });
const liaisonE = user(2003, { first_name: '环境局赵', username: 'hj_zhao', language_code: 'zh-hans' });
const townA = group(-1001, '城关镇工作群');
const townB = group(-1002, '王庄镇工作群');
const bureau = group(-1003, '生态环境局工作群');
const officeGroup = group(-1004, '生态委办公室');
const leaders = group(-1005, '县领导群');

/** A county clock stopped at 2026-11-20 10:00 in Asia/Shanghai; tests move it on. */
let clock = new Date('2026-11-20T02:00:00Z');

describe('a task from creation to closing, through the chats', () => {
  let h: Harness;
  const lastTo = (chat: Chat) => h.tg.sent(chat.id).at(-1) ?? '';
  const press = async (from: User, chat: Chat, data: string, messageId: number) => {
    const since = h.tg.mark();
    h.tg.pushUpdate(h.tg.callbackQuery({ from, chat, messageId, data }));
    return h.tg.waitForCall('answerCallbackQuery', { since });
  };
  const keyboardOf = (call: { params: Record<string, unknown> }) =>
    (call.params.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] }).inline_keyboard.flat();

  beforeAll(async () => {
    h = await startHarness({ adminIds: [office.id], now: () => clock });
    await setUpChats(
      h,
      office,
      [[townA, '城关镇'], [townB, '王庄镇'], [bureau, '生态环境局'], [officeGroup, 'admin'], [leaders, 'leadership'],],
      [[liaisonA, townA], [liaisonB, townB], [liaisonE, bureau],],
    );
  });
  afterAll(async () => {
    await h?.close();
  });

  it('runs the whole loop: create, report with a photo, extend, done, close, and /task tells it all', async () => {
    // The office writes the task on one line and confirms the preview.
    const since = h.tg.mark();
    h.tg.pushUpdate(
      h.tg.message({
        from: office,
        text: '/newtask 村庄生活污水治理验收 | committee: 水 | lead: 生态环境局 | with: 城关镇, 王庄镇 | due: 2026-11-30 | quota: 城关镇=5, 王庄镇=7 村',
      }),
    );
    const preview = await h.tg.waitForCall('sendMessage', { chatId: office.id, since });
    expect(preview.params.text).toContain('请确认要保存的任务');
    expect(preview.params.text).toContain('城关镇（配合）目标：5村');
    const [save] = keyboardOf(preview);
    expect(await h.app.database.prisma.task.count()).toBe(0);
    await press(office, privateChat(office), save!.callback_data, (preview.response as { result: { message_id: number } }).result.message_id);
    await h.tg.waitForCall('editMessageText', { since, where: (c) => String(c.params.text).includes('已保存为 <b>T1</b>') });
    for (const chat of [townA, townB, bureau]) await h.tg.waitForCall('sendMessage', { chatId: chat.id, since });
    expect(lastTo(townA)).toContain('新任务 T1');
    expect(lastTo(bureau)).toContain('牵头单位：生态环境局');

    // A second press on the same button does not create a second task.
    await press(office, privateChat(office), save!.callback_data, (preview.response as { result: { message_id: number } }).result.message_id);
    expect(await h.app.database.prisma.task.count()).toBe(1);

    // Both townships report; 城关镇 with a photo whose caption is the command.
    const reportA = await h.say(liaisonA, townA, '', { caption: '/report T1 3 第一批验收合格', photo: true });
    expect(reportA).toContain('已记录：T1 城关镇 +3 村');
    expect(reportA).toContain('累计 3/5村');
    expect(reportA).toContain('已留存 1 份佐证材料');
    expect(await h.say(liaisonB, townB, '/report T1 7')).toContain('累计 7/7村');
    expect(await h.say(liaisonB, townB, '/report T1 1')).toContain('超出目标了');

    // 城关镇 asks for more time; the office approves from its group.
    clock = new Date('2026-11-29T02:00:00Z');
    const sinceExtend = h.tg.mark();
    // The request comes as a photo of the unfinished works, its caption the command: the photo is kept with it.
    const extendA = await h.say(liaisonA, townA, '', { caption: '/extend T1 12月10日 部分村庄管网未完工', photo: { bytes: Buffer.from('fake-extend-jpeg') } });
    expect(extendA).toContain('已提交 T1 延期到 2026-12-10');
    expect(extendA).toContain('已留存 1 份佐证材料');
    const request = await h.tg.waitForCall('sendMessage', { chatId: officeGroup.id, since: sinceExtend });
    expect(request.params.text).toContain('延期申请');
    const approve = keyboardOf(request).find((b) => b.callback_data.startsWith('ext:approve'))!;
    // A liaison cannot approve.
    const refused = await press(liaisonA, officeGroup, approve.callback_data, (request.response as { result: { message_id: number } }).result.message_id);
    expect(refused.params.show_alert).toBe(true);
    await press(office, officeGroup, approve.callback_data, (request.response as { result: { message_id: number } }).result.message_id);
    await h.tg.waitForCall('sendMessage', { chatId: townA.id, since: sinceExtend, where: (c) => String(c.params.text).includes('延期申请已批准') });
    // 城关镇's part moves; the task and the other units keep the original deadline.
    const parts = await h.app.database.prisma.taskAssignment.findMany({ where: { taskId: 1 }, include: { unit: true }, orderBy: { id: 'asc' } });
    expect(Object.fromEntries(parts.map((p) => [p.unit.name, p.dueDate]))).toEqual({ 生态环境局: '2026-11-30', 城关镇: '2026-12-10', 王庄镇: '2026-11-30' });
    expect((await h.app.database.prisma.task.findUniqueOrThrow({ where: { id: 1 } })).dueDate).toBe('2026-11-30');

    // 王庄镇 asks too (a compact date); the office's "no" needs a reason, which the unit is told.
    const sinceDeny = h.tg.mark();
    expect(await h.say(liaisonB, townB, '/extend T1 20261220 人手不足')).toContain('已提交 T1 延期到 2026-12-20');
    const second = await h.tg.waitForCall('sendMessage', { chatId: officeGroup.id, since: sinceDeny, where: (c) => String(c.params.text).includes('王庄镇') });
    const deny = keyboardOf(second).find((b) => b.callback_data.startsWith('ext:deny'))!;
    const secondId = (second.response as { result: { message_id: number } }).result.message_id;
    await press(office, officeGroup, deny.callback_data, secondId);
    const prompt = await h.tg.waitForCall('sendMessage', { chatId: officeGroup.id, since: sinceDeny, where: (c) => String(c.params.text).startsWith('📝 /extend deny') });
    expect(prompt.params.text).toContain('不批准 T1 延期的理由');
    expect(await h.app.database.prisma.extension.count({ where: { status: 'denied' } })).toBe(0);
    const promptMessage = h.tg.getMessage(officeGroup.id, (prompt.response as { result: { message_id: number } }).result.message_id)!;
    expect(await h.say(office, officeGroup, '   ', { replyTo: promptMessage })).toContain('不批准延期须写明理由');
    expect(await h.say(office, officeGroup, '工期已延过一次，请加派人手', { replyTo: promptMessage })).toContain('理由：工期已延过一次，请加派人手');
    await h.tg.waitForCall('sendMessage', { chatId: townB.id, since: sinceDeny, where: (c) => String(c.params.text).includes('未获批准') && String(c.params.text).includes('理由：工期已延过一次') });
    await h.tg.waitForCall('editMessageReplyMarkup', { since: sinceDeny });
    // The denial leaves 王庄镇 on its own deadline, and the task on the original one.
    const after = await h.app.database.prisma.taskAssignment.findMany({ where: { taskId: 1 }, include: { unit: true }, orderBy: { id: 'asc' } });
    expect(Object.fromEntries(after.map((p) => [p.unit.name, p.dueDate]))).toEqual({ 生态环境局: '2026-11-30', 城关镇: '2026-12-10', 王庄镇: '2026-11-30' });
    expect((await h.app.database.prisma.task.findUniqueOrThrow({ where: { id: 1 } })).dueDate).toBe('2026-11-30');

    // The lead cannot finish before the cooperating units; then everyone finishes.
    expect(await h.say(liaisonA, townA, '/report T1 2 全部完成')).toContain('累计 5/5村');
    expect(await h.say(liaisonE, bureau, '/done T1')).toContain('配合单位城关镇、王庄镇尚未报告完成');
    expect(await h.say(liaisonA, townA, '/done T1')).toContain('城关镇完成了 T1 中本单位的部分');
    // 王庄镇 sends its acceptance record (a PDF) captioned "/done T1": the document is kept with its part.
    const doneB = await h.say(liaisonB, townB, '', { caption: '/done T1', document: { fileName: '王庄镇验收记录.pdf', bytes: Buffer.from('fake-pdf') } });
    expect(doneB).toContain('王庄镇完成了');
    expect(doneB).toContain('已留存 1 份佐证材料');
    const sinceDone = h.tg.mark();
    expect(await h.say(liaisonE, bureau, '/done T1 全县验收完成')).toContain('已报告完成');
    await h.tg.waitForCall('sendMessage', { chatId: officeGroup.id, since: sinceDone, where: (c) => String(c.params.text).includes('/close T1') });

    // The office verifies and closes; the units hear of it.
    expect(await h.say(office, officeGroup, '/close T1')).toContain('已销号：T1');
    await h.tg.waitForCall('sendMessage', { chatId: townB.id, since: sinceDone, where: (c) => String(c.params.text).includes('已核验销号') });
    expect(await h.say(liaisonA, townA, '/report T1 1')).toContain('已销号');

    const detail = await h.say(office, officeGroup, '/task T1');
    expect(detail).toContain('<b>T1 村庄生活污水治理验收</b>');
    expect(detail).toContain('已销号');
    expect(detail).toMatch(/城关镇（城关张）：\+3村 第一批验收合格 📷×1/);
    expect(detail).toContain('城关镇：2026-11-30 → 2026-12-10 已批准（部分村庄管网未完工）');
    for (const step of ['创建任务', '汇报进度', '申请延期', '批准延期', '报告本单位部分完成', '牵头单位报告完成', '核验销号']) {
      expect(detail).toContain(step);
    }

    // The report's photo, the extension's photo and the /done's PDF are kept by file id and as copies on disk,
    // each on the row it came with. The copies are made after the answer (nobody waits for a download), so
    // they are waited for here.
    await expect.poll(() => h.app.database.prisma.evidence.count({ where: { storedPath: null } }), { timeout: 20_000 }).toBe(0);
    const evidence = await h.app.database.prisma.evidence.findMany({ orderBy: { id: 'asc' } });
    expect(evidence).toHaveLength(3);
    for (const item of evidence) expect(item.storedPath && existsSync(item.storedPath)).toBeTruthy();
    const [reportPhoto, extendPhoto, donePdf] = evidence;
    expect(reportPhoto).toMatchObject({ kind: 'photo', reportId: expect.any(Number), assignmentId: null, extensionId: null });
    expect(readFileSync(reportPhoto!.storedPath!).toString()).toBe('fake-jpeg');
    const extension = await h.app.database.prisma.extension.findFirstOrThrow({ where: { unit: { name: '城关镇' } } });
    expect(extendPhoto).toMatchObject({ kind: 'photo', reportId: null, extensionId: extension.id });
    expect(readFileSync(extendPhoto!.storedPath!).toString()).toBe('fake-extend-jpeg');
    const partB = await h.app.database.prisma.taskAssignment.findFirstOrThrow({ where: { taskId: 1, unit: { name: '王庄镇' } } });
    expect(donePdf).toMatchObject({ kind: 'document', fileName: '王庄镇验收记录.pdf', reportId: null, assignmentId: partB.id });
    expect(donePdf!.storedPath!.endsWith('.pdf')).toBe(true);
    expect(readFileSync(donePdf!.storedPath!).toString()).toBe('fake-pdf');
  });

  it('lists a unit’s tasks in its group and everything in the office group, with lights', async () => {
    const since = h.tg.mark();
    h.tg.pushUpdate(h.tg.message({ from: office, text: '/newtask 散煤清零 | committee: 大气 | lead: 发改局 | with: 城关镇 | due: 2026-11-30' }));
    const preview = await h.tg.waitForCall('sendMessage', { chatId: office.id, since });
    await press(office, privateChat(office), keyboardOf(preview)[0]!.callback_data, (preview.response as { result: { message_id: number } }).result.message_id);
    await h.tg.waitForCall('sendMessage', { chatId: townA.id, since });
    // On 2026-11-29 a task due 11-30 is yellow; on 12-02 it is red, two days late.
    expect(await h.say(liaisonA, townA, '/tasks')).toMatch(/🟡 <b>T2<\/b> 散煤清零 · 大气 · 时限 2026-11-30（还有 1 天）· 尚未汇报/);
    clock = new Date('2026-12-02T02:00:00Z');
    const all = await h.say(office, officeGroup, '/tasks overdue');
    expect(all).toContain('🔴 <b>T2</b>');
    expect(all).toContain('逾期 2 天');
    expect(all).not.toContain('T1');
    expect(await h.say(office, leaders, '/tasks 大气')).toContain('T2');
    expect(await h.say(office, leaders, '/tasks 火星')).toContain('既不是专委会也不是单位');
    // Names as people type them: an alias, a full title, a typo answered with the closest names.
    expect(await h.say(office, leaders, '/tasks 发改委')).toContain('T2');
    expect(await h.say(office, leaders, '/tasks 城关镇人民政府')).toContain('T2');
    expect(await h.say(office, leaders, '/tasks 城关真')).toContain('找不到单位「城关真」。您要找的是不是：城关镇？');
    expect(await h.say(liaisonA, townA, '/report T2 150%')).toContain('百分比不能超过 100%');
    expect(await h.say(liaisonA, townA, '/report T2 5')).toContain('没有目标数量，请用百分比汇报');
    expect(await h.say(liaisonA, townA, '/report T2 40% 已排查')).toContain('当前进度 40%');
    expect(await h.say(liaisonB, townB, '/report T2 40%')).toContain('没有分配给这个单位');
    // Eight days after T2 began, 发改局 has never reported; 城关镇 reported five days ago.
    clock = new Date('2026-12-07T02:00:00Z');
    const missing = await h.say(office, officeGroup, '/missing');
    expect(missing).toContain('发改局');
    expect(missing).not.toContain('城关镇');
  });

  it('offers the unit’s open tasks as buttons for a bare /report, and takes the amount as a reply', async () => {
    const since = h.tg.mark();
    h.tg.pushUpdate(h.tg.message({ from: liaisonA, chat: townA, text: '/report' }));
    const pick = await h.tg.waitForCall('sendMessage', { chatId: townA.id, since });
    const button = keyboardOf(pick).find((b) => b.text.startsWith('T2'))!;
    await press(liaisonA, townA, button.callback_data, (pick.response as { result: { message_id: number } }).result.message_id);
    const prompt = await h.tg.waitForCall('sendMessage', { chatId: townA.id, since, where: (c) => String(c.params.text).startsWith('📝 /report T2') });
    const promptMessage = h.tg.getMessage(townA.id, (prompt.response as { result: { message_id: number } }).result.message_id)!;
    expect(await h.say(liaisonA, townA, '70% 大部分完成', { replyTo: promptMessage })).toContain('当前进度 70%');
  });

  it('asks before counting the same report twice, and lets the unit take back or correct its last report', async () => {
    const since = h.tg.mark();
    h.tg.pushUpdate(h.tg.message({ from: liaisonA, chat: townA, text: '/report T2 75% 南屯村已验收' }));
    await h.tg.waitForCall('sendMessage', { chatId: townA.id, since });
    const mark = h.tg.mark();
    h.tg.pushUpdate(h.tg.message({ from: liaisonA, chat: townA, text: '/report T2 75% 南屯村已验收' }));
    const asked = await h.tg.waitForCall('sendMessage', { chatId: townA.id, since: mark });
    expect(asked.params.text).toContain('10 分钟内已报过完全相同的一条，未重复记录');
    const count = keyboardOf(asked).find((b) => b.text.includes('确认再记一次'))!;
    const edited = h.tg.mark();
    await press(liaisonA, townA, count.callback_data, (asked.response as { result: { message_id: number } }).result.message_id);
    expect((await h.tg.waitForCall('editMessageText', { since: edited })).params.text).toContain('当前进度 75%');
    const reports = await h.app.database.prisma.progressReport.count({ where: { taskId: 2, percent: 75 } });
    expect(reports).toBe(2);

    expect(await h.say(liaisonA, townA, '/correct T2 80% 笔误')).toMatch(/已更正：T2 城关镇的汇报 R\d+，75% 改为 80%/);
    expect(await h.say(liaisonA, townA, '/undo T2')).toMatch(/已撤回：T2 城关镇的汇报 R\d+（80%）/);
    expect(await h.say(liaisonB, townB, '/undo T2')).toContain('T2 本单位还没有可撤回或更正的汇报');
    expect(await h.say(liaisonA, townA, '/correct R1 3 改')).toContain('按编号更正或撤回汇报需由办公室操作');
    const detail = await h.say(office, officeGroup, '/task T2');
    expect(detail).toContain('（已撤回）');
    expect(detail).toMatch(/更正汇报：R\d+ 城关镇 75% → 80%，理由：笔误/);
    expect(detail).toContain('撤回汇报');
  });
});

describe('/newtask step by step', () => {
  let h: Harness;
  const office2 = user(1001, { first_name: '王主任', language_code: 'zh-hans' });
  beforeAll(async () => {
    h = await startHarness({ adminIds: [office2.id], now: () => new Date('2026-11-20T02:00:00Z') });
  });
  afterAll(async () => {
    await h?.close();
  });

  const buttons = (call: { params: Record<string, unknown> }) =>
    (call.params.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] }).inline_keyboard.flat();
  const messageId = (call: { response?: unknown }) => (call.response as { result: { message_id: number } }).result.message_id;

  it('refuses the office (生态委办) as a lead with a clear message, writing nothing', async () => {
    const before = await h.app.database.prisma.task.count();
    const since = h.tg.mark();
    h.tg.pushUpdate(h.tg.message({ from: office, text: '/newtask 督办台账整理 | committee: 大气 | lead: 生态委办 | with: 城关镇 | due: 2026-12-30' }));
    const reply = await h.tg.waitForCall('sendMessage', { chatId: office.id, since });
    expect(String(reply.params.text)).toContain('县生态委办公室是生态委办公室，不能作为牵头单位');
    expect(reply.params.reply_markup).toBeUndefined();
    expect(await h.app.database.prisma.task.count()).toBe(before);
  });

  it('asks for a title, then committee, lead, cooperating units and a deadline by buttons, then previews', async () => {
    const chat = privateChat(office2);
    let since = h.tg.mark();
    h.tg.pushUpdate(h.tg.message({ from: office2, text: '/newtask' }));
    const prompt = await h.tg.waitForCall('sendMessage', { chatId: office2.id, since });
    expect(prompt.params.reply_markup).toMatchObject({ force_reply: true });
    since = h.tg.mark();
    h.tg.pushUpdate(h.tg.message({ from: office2, text: '秸秆禁烧巡查', replyTo: h.tg.getMessage(office2.id, messageId(prompt)) }));
    const steps = await h.tg.waitForCall('sendMessage', { chatId: office2.id, since });
    expect(steps.params.text).toContain('第 1 步：选择专委会');
    const id = messageId(steps);
    const pressAndRead = async (label: string) => {
      const current = h.tg.getMessage(office2.id, id)!;
      const keyboard = (current.reply_markup?.inline_keyboard ?? []).flat() as { text: string; callback_data: string }[];
      const button = keyboard.find((b) => b.text === label || b.text.startsWith(label));
      if (!button) throw new Error(`no button ${label} in ${keyboard.map((b) => b.text).join(' ')}`);
      const mark = h.tg.mark();
      h.tg.pushUpdate(h.tg.callbackQuery({ from: office2, chat, messageId: id, data: button.callback_data }));
      return h.tg.waitForCall(label.match(/^\d{4}-/) ? 'sendMessage' : 'editMessageText', { since: mark });
    };
    expect(String((await pressAndRead('禁烧')).params.text)).toContain('第 2 步');
    expect(buttons(steps).length).toBeGreaterThan(10);
    expect(String((await pressAndRead('农业农村')).params.text)).toContain('牵头单位：农业农村局');
    await pressAndRead('城关');
    await pressAndRead('下一页');
    const withTwo = await pressAndRead('王庄');
    expect(String(withTwo.params.text)).toContain('配合单位：城关镇、王庄镇');
    expect(String((await pressAndRead('下一步')).params.text)).toContain('第 4 步');
    const preview = await pressAndRead('2026-11-27');
    expect(preview.params.text).toContain('请确认要保存的任务');
    expect(preview.params.text).toContain('完成时限：2026-11-27');
    expect(preview.params.text).toContain('王庄镇（配合）');
    expect(await h.app.database.prisma.task.count()).toBe(0);
    const save = buttons(preview).find((b) => b.callback_data.startsWith('nt:save'))!;
    const mark = h.tg.mark();
    h.tg.pushUpdate(h.tg.callbackQuery({ from: office2, chat, messageId: messageId(preview), data: save.callback_data }));
    await h.tg.waitForCall('editMessageText', { since: mark, where: (c) => String(c.params.text).includes('已保存为 <b>T1</b>') });
    const task = await h.app.database.prisma.task.findUniqueOrThrow({ where: { id: 1 }, include: { assignments: true } });
    expect(task).toMatchObject({ title: '秸秆禁烧巡查', dueDate: '2026-11-27' });
    expect(task.assignments).toHaveLength(3);
  });
});
