import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { group, privateChat, user } from '../support/fake-telegram/index.ts';
import { startHarness, type Harness } from '../support/harness.ts';

const office = user(1001, { first_name: '王主任', language_code: 'zh-hans' });
const townA = group(-1001, '城关镇工作群');
const otherAdmin = user(1002, { first_name: '李主任', language_code: 'zh-hans' });

const csv = (rows: string[][]) => Buffer.from(rows.map((r) => r.join(',')).join('\r\n'), 'utf8');
const HEADER = ['任务名称', '专委会', '牵头单位', '配合单位', '完成时限', '目标数量', '计量单位', '分解单位'];

describe('the key-task list in and the ledger out, as files in the chat', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ adminIds: [office.id, otherAdmin.id], now: () => new Date('2026-11-20T02:00:00Z') });
  });
  afterAll(async () => {
    await h?.close();
  });

  const sendFile = async (bytes: Buffer, fileName: string) => {
    const call = await h.tg.pushAndWait(h.tg.message({ from: office, caption: '/import', document: { bytes, fileName } }));
    return { text: String(call.params.text), call };
  };
  const buttonsOf = (call: { params: Record<string, unknown> }) => (call.params.reply_markup as { inline_keyboard: { callback_data: string }[][] }).inline_keyboard.flat();
  const idOf = (call: { response?: unknown }) => (call.response as { result: { message_id: number } }).result.message_id;
  /** Presses Confirm under a preview; the edited message says what was done. */
  const confirm = async (preview: { params: Record<string, unknown>; response?: unknown }, from = office) => {
    const since = h.tg.mark();
    h.tg.pushUpdate(h.tg.callbackQuery({ from, chat: privateChat(from), messageId: idOf(preview), data: buttonsOf(preview)[0]!.callback_data }));
    const answered = await h.tg.waitForCall('answerCallbackQuery', { since });
    if (answered.params.show_alert) return String(answered.params.text);
    return String((await h.tg.waitForCall('editMessageText', { since })).params.text);
  };
  const townB = group(-1002, '王庄镇工作群');
  const fileOf = (rows: string[][]) =>
    csv([HEADER, ['村庄生活污水治理验收', '水', '生态环境局', '', '2026-11-30', '5', '村', '城关镇'], ['村庄生活污水治理验收', '水', '生态环境局', '', '2026-11-30', '7', '村', '王庄镇'], ...rows]);

  it('previews a list with a bad row, naming row and column, and writes nothing before Confirm; Confirm imports the good rows and tells each unit group once', async () => {
    await h.say(office, townA, '/bind 城关镇');
    await h.say(office, townB, '/bind 王庄镇');
    const { text, call } = await sendFile(fileOf([['散煤清零', '大气', '火星局', '城关镇', '2026-02-30', '', '', '']]), '清单.csv');
    expect(text).toContain('新增 1 项 · 更新 0 项 · 未变 0 项 · 退回 1 项');
    expect(text).toContain('第 4 行「散煤清零」');
    expect(text).toContain('第 4 行「牵头单位」：找不到单位「火星局」');
    expect(text).toContain('第 4 行「完成时限」：「2026-02-30」不是有效日期');
    expect(text).toContain('第 2–3 行「村庄生活污水治理验收」（牵头：生态环境局，时限 2026-11-30）');
    expect(await h.app.database.prisma.task.count()).toBe(0);
    // Only the admin who imported may confirm it.
    expect(await confirm(call, otherAdmin)).toContain('只有发起人可以确认');
    expect(await h.app.database.prisma.task.count()).toBe(0);
    const since = h.tg.mark();
    const done = await confirm(call);
    expect(done).toContain('已导入');
    expect(done).toContain('<b>T1</b>「村庄生活污水治理验收」');
    expect(done).toContain('已通知 2 个单位工作群');
    expect(await h.app.database.prisma.task.count()).toBe(1);
    for (const chat of [townA, townB]) {
      await h.tg.waitForCall('sendMessage', { chatId: chat.id, since });
      const told = h.tg.sentItems(chat.id).filter((m) => m.seq >= since && m.text.includes('重点工作清单已更新'));
      expect(told).toHaveLength(1);
      expect(told[0]!.text).toContain('新任务 <b>T1</b> 村庄生活污水治理验收');
    }
    // Pressed again: the draft is finished, nothing is written twice.
    expect(await confirm(call)).toContain('已经处理过');
    expect(await h.app.database.prisma.task.count()).toBe(1);
  });

  it('the same file again previews as unchanged, offers no Confirm, and a second preview confirmed after the first adds and announces nothing', async () => {
    const file = fileOf([['散煤清零', '大气', '发改局', '城关镇、王庄镇', '2026年12月31日', '', '', '']]);
    const first = await sendFile(file, '清单.csv');
    const second = await sendFile(file, '清单.csv');
    expect(second.text).toContain('新增 1 项 · 更新 0 项 · 未变 1 项 · 退回 0 项');
    expect(await confirm(first.call)).toContain('新增 1 项');
    const late = await confirm(second.call);
    expect(late).toContain('新增 0 项 · 更新 0 项 · 未变 2 项');
    expect(late).toContain('没有需要通知的单位工作群');
    const again = await sendFile(file, '清单.csv');
    expect(again.text).toContain('未变 2 项');
    expect(again.text).toContain('清单与现有任务一致，无需导入');
    expect(again.call.params.reply_markup).toBeUndefined();
    expect(await h.app.database.prisma.task.count()).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 500));
    // The first Confirm told 城关镇 of T2 once; the second told nobody anything.
    expect(h.tg.sentItems(townA.id).filter((m) => m.text.includes('散煤清零'))).toHaveLength(1);
  });

  it('a changed deadline updates the task and tells only its units, one message each', async () => {
    const since = h.tg.mark();
    const { text, call } = await sendFile(fileOf([['散煤清零', '大气', '发改局', '城关镇', '2027-01-15', '', '', '']]), '清单.csv');
    expect(text).toContain('更新 1 项');
    expect(text).toContain('完成时限 2026-12-31 → 2027-01-15；移除王庄镇');
    expect(await confirm(call)).toContain('已通知 2 个单位工作群');
    await h.tg.waitForCall('sendMessage', { chatId: townB.id, since });
    const toA = h.tg.sentItems(townA.id).filter((m) => m.seq >= since && m.text.includes('重点工作清单已更新'));
    expect(toA.map((m) => m.text)).toEqual([expect.stringContaining('<b>T2</b> 散煤清零：完成时限 2026-12-31 → 2027-01-15')]);
    expect(h.tg.sentItems(townB.id).filter((m) => m.seq >= since).map((m) => m.text).join('')).toContain('本单位不再承担');
  });

  it('imports a good list in one go, split per unit, from an xlsx made in Excel', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('清单');
    sheet.addRow(HEADER);
    sheet.addRow(['农村污水验收', '水', '生态环境局', '', new Date('2026-11-30T00:00:00Z'), 5, '村', '城关镇']);
    sheet.addRow(['农村污水验收', '水', '生态环境局', '', new Date('2026-11-30T00:00:00Z'), 7, '村', '王庄镇']);
    const { call } = await sendFile(Buffer.from(await workbook.xlsx.writeBuffer()), '重点工作清单.xlsx');
    expect(await confirm(call)).toContain('新增 1 项');
    const t3 = await h.app.database.prisma.task.findUniqueOrThrow({ where: { id: 3 }, include: { assignments: { include: { unit: true } } } });
    expect(t3).toMatchObject({ title: '农村污水验收', dueDate: '2026-11-30', measure: '村' });
    expect(t3.assignments.map((a) => [a.unit.name, a.role, a.quota]).sort()).toEqual([
      ['城关镇', 'cooperating', 5],
      ['王庄镇', 'cooperating', 7],
      ['生态环境局', 'lead', null],
    ]);
  });

  it('sends the template, which imports as it is', async () => {
    const call = await h.tg.pushAndWait(h.tg.message({ from: office, text: '/import template' }), 'sendDocument');
    const template = call.files![0]!.bytes;
    const { text } = await sendFile(template, 'template.xlsx');
    expect(text).toContain('清单预览');
    expect(text).toContain('退回 0 项');
  });

  it('exports a ledger whose cells read back as dates, numbers and lights', async () => {
    const call = await h.tg.pushAndWait(h.tg.message({ from: office, text: '/export' }), 'sendDocument');
    expect(call.files![0]!.filename).toMatch(/xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(call.files![0]!.bytes as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('台账')!;
    expect(sheet.getRow(1).values).toEqual([undefined, '任务编号', '任务名称', '专委会', '状态', '灯号', '责任单位', '角色', '目标数量', '已完成', '完成率', '计量单位', '完成时限', '逾期天数', '最近汇报', '最近汇报内容', '延期记录', '任务说明', '配合单位', '原完成时限', '完成时间', '销号时间', '认定完成理由']);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBeTruthy();
    const rows = sheet.getSheetValues().slice(2) as unknown[][];
    const wz = rows.find((r) => r[1] === 'T1' && r[6] === '王庄镇')!;
    expect(wz[8]).toBe(7);
    expect(wz[9]).toBe(0);
    expect(wz[5]).toBe('绿');
    expect(wz[12]).toBeInstanceOf(Date);
    expect((wz[12] as Date).toISOString().slice(0, 10)).toBe('2026-11-30');
    expect(rows.filter((r) => r[1] === 'T1')).toHaveLength(3);
  });

  it('exports the problems in a sheet 问题, one row each', async () => {
    const created = await h.say(office, privateChat(office), '', {
      caption: '/problem 着火点 | unit: 城关镇 | where: 王庄村东 | found: 市级 | due: 2026-11-21 | note: 玉米秸秆焚烧',
      photo: true,
    });
    expect(created).toContain('已登记环境问题 <b>P1</b>');
    // Fixed and sent back once: counted, with the reason.
    expect(await h.say(office, privateChat(office), '', { caption: '/fixed P1 已扑灭', photo: true })).toContain('已报告 P1 整改完成');
    expect(await h.say(office, privateChat(office), '/reject P1 过火面未清理干净')).toContain('已驳回 P1');
    const call = await h.tg.pushAndWait(h.tg.message({ from: office, text: '/export' }), 'sendDocument');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(call.files![0]!.bytes as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['台账', '问题', '说明']);
    const sheet = workbook.getWorksheet('问题')!;
    expect(sheet.getRow(1).getCell(1).value).toBe('问题编号');
    expect(sheet.rowCount).toBe(2);
    expect(sheet.getRow(2).values).toEqual([
      undefined,
      'P1',
      '着火点',
      '城关镇',
      '王庄村东',
      '市级发现',
      '玉米秸秆焚烧',
      new Date('2026-11-21T00:00:00Z'),
      0,
      '待整改',
      1,
      1,
      1,
      new Date('2026-11-20T10:00:00Z'), // created at 10:00 in the county
      undefined, // not closed
      '过火面未清理干净',
    ]);
    expect((sheet.getRow(2).getCell(9).fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFC7CE');
  });

  it('refuses /import and /export to people who may not use them', async () => {
    const stranger = user(3001, { first_name: '路人' });
    expect(await h.say(stranger, privateChat(stranger), '/export')).toContain('没有使用 /export 的权限');
    expect(await h.say(stranger, privateChat(stranger), '/import template')).toContain('没有使用 /import 的权限');
  });
});

describe('an imported task is one its units were told of', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ adminIds: [office.id], now: () => new Date('2026-11-20T02:00:00Z') });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('the units an import told of a task hear of its cancellation; a unit it never named hears nothing', async () => {
    const townB = group(-1002, '王庄镇工作群');
    await h.say(office, townA, '/bind 城关镇');
    await h.say(office, townB, '/bind 王庄镇');
    const file = csv([HEADER, ['散煤清零排查', '大气', '生态环境局', '', '2026-12-31', '', '', '城关镇']]);
    const preview = await h.tg.pushAndWait(h.tg.message({ from: office, caption: '/import', document: { bytes: file, fileName: '清单.csv' } }));
    const data = (preview.params.reply_markup as { inline_keyboard: { callback_data: string }[][] }).inline_keyboard.flat()[0]!.callback_data;
    const messageId = (preview.response as { result: { message_id: number } }).result.message_id;
    let since = h.tg.mark();
    h.tg.pushUpdate(h.tg.callbackQuery({ from: office, chat: privateChat(office), messageId, data }));
    await h.tg.waitForCall('sendMessage', { chatId: townA.id, since });
    since = h.tg.mark();
    expect(await h.say(office, privateChat(office), '/cancel T1 重复导入')).toContain('已取消 T1');
    const notice = await h.tg.waitForCall('sendMessage', { chatId: townA.id, since });
    expect(String(notice.params.text)).toContain('T1 散煤清零排查已取消。理由：重复导入');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(h.tg.sentItems(townB.id).filter((m) => m.seq >= since)).toHaveLength(0);
  });
});
