import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { ledgerWorkbook, type LedgerRow, type ProblemLedgerRow } from '../../src/sheets/ledger.ts';

describe('ledgerWorkbook', () => {
  const row = (over: Partial<LedgerRow>): LedgerRow => ({
    taskCode: 'T1',
    title: '村庄生活污水治理验收',
    committee: '水',
    status: '进行中',
    light: '绿',
    unit: '城关镇',
    role: '配合',
    quota: 5,
    done: 3,
    progressRatio: 0.6,
    measure: '村',
    dueDate: '2026-11-30',
    overdueDays: 0,
    lastReportAt: new Date('2026-11-19T16:30:00Z'), // 00:30 on the 20th in Shanghai
    lastReportNote: '已验收 3 个村',
    extensions: '',
    ...over,
  });
  const ROWS: LedgerRow[] = [
    row({}),
    row({ unit: '王庄镇', light: '红', done: 0, progressRatio: 0, overdueDays: 4, lastReportAt: null, lastReportNote: null, extensions: '2026-11-30→2026-12-10 已驳回' }),
    row({ taskCode: 'T2', title: '散煤销售和燃烧清零', committee: '大气', light: '黄', unit: '发改局', role: '牵头', quota: null, done: null, progressRatio: null, measure: null, dueDate: '2026-12-31', extensions: '2026-11-30→2026-12-31 已批准' }),
    row({ taskCode: 'T3', status: '已销号', light: '已完成', unit: '市场监管局', role: '牵头', progressRatio: 1, done: 5 }),
  ];
  const meta = { title: '督办台账', generatedAt: new Date('2026-11-20T01:02:03Z'), timeZone: 'Asia/Shanghai' };

  async function load(rows: LedgerRow[]) {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await ledgerWorkbook(rows, meta)) as unknown as ArrayBuffer);
    return workbook;
  }

  it('writes the header in row 1, frozen, with an autofilter over it', async () => {
    const sheet = (await load(ROWS)).getWorksheet('台账')!;
    expect(sheet.getRow(1).values).toEqual([undefined, '任务编号', '任务名称', '专委会', '状态', '灯号', '责任单位', '角色', '目标数量', '已完成', '完成率', '计量单位', '完成时限', '逾期天数', '最近汇报', '最近汇报内容', '延期记录', '任务说明', '配合单位', '原完成时限', '完成时间', '销号时间', '认定完成理由']);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBe('A1:V5');
    expect(sheet.rowCount).toBe(5);
  });

  it('round-trips values with their types: dates as Dates in local time, numbers, percentages, blanks', async () => {
    const sheet = (await load(ROWS)).getWorksheet('台账')!;
    const first = sheet.getRow(2);
    expect(first.values).toEqual([
      undefined,
      'T1',
      '村庄生活污水治理验收',
      '水',
      '进行中',
      '绿',
      '城关镇',
      '配合',
      5,
      3,
      0.6,
      '村',
      new Date('2026-11-30T00:00:00Z'),
      0,
      new Date('2026-11-20T00:30:00Z'), // the wall clock in Shanghai, as Excel shows it
      '已验收 3 个村',
    ]);
    expect(first.getCell(12).value).toBeInstanceOf(Date);
    expect(first.getCell(12).numFmt).toBe('yyyy-mm-dd');
    expect(first.getCell(14).numFmt).toBe('yyyy-mm-dd hh:mm');
    expect(first.getCell(10).numFmt).toBe('0%');
    const second = sheet.getRow(3);
    expect(second.getCell(13).value).toBe(4);
    expect(second.getCell(14).value).toBeNull();
    expect(second.getCell(16).value).toBe('2026-11-30→2026-12-10 已驳回');
    const noQuota = sheet.getRow(4);
    expect([noQuota.getCell(8).value, noQuota.getCell(9).value, noQuota.getCell(10).value, noQuota.getCell(11).value]).toEqual([null, null, null, null]);
    expect(noQuota.getCell(12).value).toEqual(new Date('2026-12-31T00:00:00Z'));
  });

  it('colours the light cell', async () => {
    const sheet = (await load(ROWS)).getWorksheet('台账')!;
    const fill = (r: number) => (sheet.getRow(r).getCell(5).fill as ExcelJS.FillPattern).fgColor?.argb;
    expect([fill(2), fill(3), fill(4), fill(5)]).toEqual(['FFC6EFCE', 'FFFFC7CE', 'FFFFEB9C', 'FFD9D9D9']);
    // An English ledger says its colour through lightColor.
    const english = (await load([row({ light: 'late', lightColor: 'red' })])).getWorksheet('台账')!;
    expect((english.getRow(2).getCell(5).fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFC7CE');
  });

  it('sizes the columns to their text within limits', async () => {
    const sheet = (await load(ROWS)).getWorksheet('台账')!;
    const widths = sheet.columns.map((c) => c.width ?? 0);
    expect(widths).toHaveLength(22);
    for (const w of widths) expect(w).toBeGreaterThanOrEqual(6);
    expect(sheet.getColumn(2).width).toBeGreaterThanOrEqual(22); // 10 CJK characters
    expect(sheet.getColumn(2).width).toBeLessThanOrEqual(40);
  });

  it('records when and where it was made outside the table', async () => {
    const workbook = await load([]);
    expect(workbook.title).toBe('督办台账');
    expect(workbook.created).toEqual(meta.generatedAt);
    const about = workbook.getWorksheet('说明')!;
    expect(about.getCell('B2').value).toEqual(new Date('2026-11-20T09:02:03Z'));
    expect(about.getCell('B3').value).toBe('Asia/Shanghai');
    const sheet = workbook.getWorksheet('台账')!;
    expect(sheet.rowCount).toBe(1);
    expect(sheet.autoFilter).toBe('A1:V1');
  });

  describe('the problems sheet', () => {
    const problem = (over: Partial<ProblemLedgerRow>): ProblemLedgerRow => ({
      code: 'P1',
      kind: '着火点',
      unit: '城关镇',
      where: '王庄村东',
      foundBy: '市级发现',
      description: '玉米秸秆焚烧',
      dueDate: '2026-11-17',
      overdueDays: 3,
      status: '待整改',
      state: 'open',
      beforePhotos: 2,
      afterPhotos: 0,
      rejections: 1,
      createdAt: new Date('2026-11-16T16:30:00Z'), // 00:30 on the 17th in Shanghai
      closedAt: null,
      lastRejectReason: '照片看不清',
      ...over,
    });
    const PROBLEMS: ProblemLedgerRow[] = [
      problem({}),
      problem({ code: 'P2', kind: '扬尘', where: '34.12345, 113.54321', description: '', overdueDays: 0, status: '已整改待核验', state: 'fixed', afterPhotos: 1, rejections: 0, lastRejectReason: null }),
      problem({ code: 'P3', kind: '信访', unit: '王庄镇', overdueDays: 0, status: '已销号', state: 'closed', afterPhotos: 1, closedAt: new Date('2026-11-19T02:00:00Z') }),
    ];
    async function loadProblems(problems: ProblemLedgerRow[]) {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load((await ledgerWorkbook(ROWS, meta, problems)) as unknown as ArrayBuffer);
      return workbook;
    }
    const HEADERS = [undefined, '问题编号', '问题类型', '责任单位', '地点', '发现层级', '问题描述', '整改时限', '逾期天数', '状态', '整改前照片', '整改后照片', '驳回次数', '登记时间', '销号时间', '最近驳回原因'];

    it('comes between the ledger and 说明, with a bold frozen header and filters, and is counted in 说明', async () => {
      const workbook = await loadProblems(PROBLEMS);
      expect(workbook.worksheets.map((w) => w.name)).toEqual(['台账', '问题', '说明']);
      const sheet = workbook.getWorksheet('问题')!;
      expect(sheet.getRow(1).values).toEqual(HEADERS);
      expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
      expect((sheet.getRow(1).getCell(1).fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFD9E1F2');
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(sheet.autoFilter).toBe('A1:O4');
      expect(workbook.getWorksheet('说明')!.getCell('A5').value).toBe('问题行数');
      expect(workbook.getWorksheet('说明')!.getCell('B5').value).toBe(3);
    });

    it('writes one typed row per problem: dates in local time, counts, blanks', async () => {
      const sheet = (await loadProblems(PROBLEMS)).getWorksheet('问题')!;
      const first = sheet.getRow(2);
      expect(first.values).toEqual([
        undefined,
        'P1',
        '着火点',
        '城关镇',
        '王庄村东',
        '市级发现',
        '玉米秸秆焚烧',
        new Date('2026-11-17T00:00:00Z'),
        3,
        '待整改',
        2,
        0,
        1,
        new Date('2026-11-17T00:30:00Z'), // the wall clock in Shanghai
        undefined, // not closed
        '照片看不清',
      ]);
      expect(first.getCell(7).numFmt).toBe('yyyy-mm-dd');
      expect(first.getCell(8).numFmt).toBe('0');
      expect(first.getCell(13).numFmt).toBe('yyyy-mm-dd hh:mm');
      const fixed = sheet.getRow(3);
      expect([fixed.getCell(4).value, fixed.getCell(6).value, fixed.getCell(15).value]).toEqual(['34.12345, 113.54321', null, null]);
      expect(sheet.getRow(4).getCell(14).value).toEqual(new Date('2026-11-19T10:00:00Z'));
      expect(sheet.getRow(4).getCell(14).numFmt).toBe('yyyy-mm-dd hh:mm');
    });

    it('colours the status by state and marks days overdue in red bold', async () => {
      const sheet = (await loadProblems(PROBLEMS)).getWorksheet('问题')!;
      const fill = (r: number) => (sheet.getRow(r).getCell(9).fill as ExcelJS.FillPattern).fgColor?.argb;
      expect([fill(2), fill(3), fill(4)]).toEqual(['FFFFC7CE', 'FFFFEB9C', 'FFC6EFCE']);
      expect(sheet.getRow(2).getCell(8).font).toMatchObject({ bold: true, color: { argb: 'FF9C0006' } });
      expect(sheet.getRow(3).getCell(8).font?.bold).toBeFalsy();
      // The colour follows the stored state, whatever language the status is written in.
      const english = (await loadProblems([problem({ status: 'to rectify' })])).getWorksheet('问题')!;
      expect((english.getRow(2).getCell(9).fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFC7CE');
    });

    it('sizes the columns to their text within limits', async () => {
      const sheet = (await loadProblems(PROBLEMS)).getWorksheet('问题')!;
      expect(sheet.columns).toHaveLength(15);
      expect(sheet.getColumn(4).width).toBeGreaterThanOrEqual(21); // "34.12345, 113.54321"
      expect(sheet.getColumn(9).width).toBeGreaterThanOrEqual(14); // 已整改待核验
      for (const column of sheet.columns) expect(column.width).toBeLessThanOrEqual(50);
    });

    it('is there with just its header when there are no problems', async () => {
      for (const workbook of [await loadProblems([]), await load(ROWS)]) {
        const sheet = workbook.getWorksheet('问题')!;
        expect(sheet.getRow(1).values).toEqual(HEADERS);
        expect(sheet.rowCount).toBe(1);
        expect(sheet.autoFilter).toBe('A1:O1');
        expect(workbook.getWorksheet('说明')!.getCell('B5').value).toBe(0);
      }
    });
  });
});
