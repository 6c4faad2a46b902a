import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { group, privateChat, user } from '../support/fake-telegram/index.ts';
import { startHarness, type Harness } from '../support/harness.ts';

const office = user(1001, { first_name: '王主任', language_code: 'zh-hans' });
const townA = group(-1001, '城关镇工作群');

const csv = (rows: string[][]) => Buffer.from(rows.map((r) => r.join(',')).join('\r\n'), 'utf8');
const HEADER = ['任务名称', '专委会', '牵头单位', '配合单位', '完成时限', '目标数量', '计量单位', '分解单位'];

describe('the key-task list in and the ledger out, as files in the chat', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ adminIds: [office.id], now: () => new Date('2026-11-20T02:00:00Z') });
  });
  afterAll(async () => {
    await h?.close();
  });

  const sendFile = async (bytes: Buffer, fileName: string) => {
    const call = await h.tg.pushAndWait(h.tg.message({ from: office, caption: '/import', document: { bytes, fileName } }));
    return String(call.params.text);
  };

  it('rejects a list with one bad row, naming row and column, and imports nothing', async () => {
    const reply = await sendFile(
      csv([
        HEADER,
        ['村庄生活污水治理验收', '水', '生态环境局', '', '2026-11-30', '5', '村', '城关镇'],
        ['村庄生活污水治理验收', '水', '生态环境局', '', '2026-11-30', '7', '村', '王庄镇'],
        ['散煤清零', '大气', '火星局', '城关镇', '2026-02-30', '', '', ''],
      ]),
      '清单.csv',
    );
    expect(reply).toContain('清单有 2 处问题，没有导入任何任务');
    expect(reply).toContain('第 4 行「牵头单位」：找不到单位「火星局」');
    expect(reply).toContain('第 4 行「完成时限」：「2026-02-30」不是有效日期');
    expect(await h.app.database.prisma.task.count()).toBe(0);
  });

  it('imports a good list in one go, split per unit, from an xlsx made in Excel', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('清单');
    sheet.addRow(HEADER);
    sheet.addRow(['村庄生活污水治理验收', '水', '生态环境局', '', new Date('2026-11-30T00:00:00Z'), 5, '村', '城关镇']);
    sheet.addRow(['村庄生活污水治理验收', '水', '生态环境局', '', new Date('2026-11-30T00:00:00Z'), 7, '村', '王庄镇']);
    sheet.addRow(['散煤清零', '大气', '发改局', '城关镇、王庄镇', '2026年12月31日', '', '', '']);
    const reply = await sendFile(Buffer.from(await workbook.xlsx.writeBuffer()), '重点工作清单.xlsx');
    expect(reply).toContain('已导入 2 个任务（T1 — T2）');
    const t1 = await h.app.database.prisma.task.findUniqueOrThrow({ where: { id: 1 }, include: { assignments: { include: { unit: true } } } });
    expect(t1).toMatchObject({ title: '村庄生活污水治理验收', dueDate: '2026-11-30', measure: '村' });
    expect(t1.assignments.map((a) => [a.unit.name, a.role, a.quota]).sort()).toEqual([
      ['城关镇', 'cooperating', 5],
      ['王庄镇', 'cooperating', 7],
      ['生态环境局', 'lead', null],
    ]);
  });

  it('sends the template, which imports as it is', async () => {
    const call = await h.tg.pushAndWait(h.tg.message({ from: office, text: '/import template' }), 'sendDocument');
    const template = call.files![0]!.bytes;
    const reply = await sendFile(template, 'template.xlsx');
    expect(reply).toContain('已导入 2 个任务');
  });

  it('exports a ledger whose cells read back as dates, numbers and lights', async () => {
    await h.say(office, townA, '/bind 城关镇');
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
