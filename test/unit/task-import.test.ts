import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { matchByName } from '../../src/domain/names.ts';
import { fail, ok } from '../../src/domain/result.ts';
import type { NewTaskInput } from '../../src/domain/tasks.ts';
import { readTaskSheet, type SheetError, type SheetResolver } from '../../src/sheets/task-import.ts';
import { taskSheetTemplate } from '../../src/sheets/template.ts';

const TODAY = '2026-11-20';

// The organisation of the tests: ids as a database would give them.
const UNITS = [
  { id: 1, name: '生态环境局', shortName: '生态环境' },
  { id: 2, name: '发改局', shortName: '发改' },
  { id: 3, name: '城关镇', shortName: '城关' },
  { id: 4, name: '王庄镇', shortName: '王庄' },
  { id: 5, name: '市场监管局', shortName: '市场监管' },
  { id: 6, name: '公安局', shortName: null },
  { id: 7, name: '东城街道', shortName: null },
  { id: 8, name: '东城社区', shortName: null },
];
const COMMITTEES = [
  { id: 11, name: '水污染防治专业委员会', shortName: '水' },
  { id: 12, name: '大气污染防治专业委员会', shortName: '大气' },
];
const ECO = 1, NDRC = 2, CHENGGUAN = 3, WANGZHUANG = 4, MARKET = 5, POLICE = 6;
const WATER = 11, AIR = 12;

/** Resolves names the way the bot does (exact name or alias, else a unique prefix), with the org service's error keys. */
const resolver: SheetResolver = {
  unit(name) {
    const m = matchByName(UNITS, name, (u) => [u.name, u.shortName]);
    if (m.kind === 'one') return ok({ id: m.item.id, name: m.item.name });
    if (m.kind === 'none') return fail('unit-unknown', { name });
    return fail('unit-ambiguous', { name, candidates: m.items.map((u) => u.name).join('、') });
  },
  committee(name) {
    const m = matchByName(COMMITTEES, name, (c) => [c.name, c.shortName]);
    if (m.kind === 'one') return ok({ id: m.item.id, name: m.item.name });
    if (m.kind === 'none') return fail('committee-unknown', { name });
    return fail('committee-ambiguous', { name, candidates: m.items.map((c) => c.name).join('、') });
  },
};

const HEADER = ['任务名称', '专委会', '牵头单位', '配合单位', '完成时限', '目标数量', '计量单位', '分解单位', '任务描述'];

const quoteCsv = (cell: string) => (/[",\r\n]/u.test(cell) ? `"${cell.replace(/"/gu, '""')}"` : cell);
const csvText = (rows: string[][]) => rows.map((r) => r.map(quoteCsv).join(',')).join('\r\n') + '\r\n';
const csv = (rows: string[][]) => Buffer.from(csvText(rows), 'utf8');

async function xlsx(rows: unknown[][], edit?: (sheet: ExcelJS.Worksheet, workbook: ExcelJS.Workbook) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('清单');
  for (const row of rows) sheet.addRow(row);
  edit?.(sheet, workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** GB18030 as Chinese Excel saves CSV; Node has the decoder only, so the encoder is its inverse over the two-byte range. */
let gbTable: Map<string, number[]> | null = null;
function gb18030(text: string): Buffer {
  if (!gbTable) {
    gbTable = new Map();
    const decoder = new TextDecoder('gb18030');
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        const ch = decoder.decode(new Uint8Array([lead, trail]));
        if (ch.length === 1 && ch !== '\ufffd' && !gbTable.has(ch)) gbTable.set(ch, [lead, trail]);
      }
    }
  }
  const bytes: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) bytes.push(ch.charCodeAt(0));
    else {
      const code = gbTable.get(ch);
      if (!code) throw new Error(`no two-byte GB18030 code for ${ch}`);
      bytes.push(...code);
    }
  }
  return Buffer.from(bytes);
}

const read = (bytes: Buffer, name = 'tasks.csv', today = TODAY) => readTaskSheet(bytes, name, resolver, today);

/** The tasks of a sheet in which no row is rejected. */
async function tasksOf(bytes: Buffer, name?: string): Promise<NewTaskInput[]> {
  const result = await read(bytes, name);
  if (!result.ok) throw new Error(`expected tasks, got ${JSON.stringify(result.errors)}`);
  expect(result.rejected).toEqual([]);
  return result.tasks.map((t) => t.input);
}

/** Every problem of a sheet, the whole file's or its rejected rows', in row order. */
async function errorsOf(bytes: Buffer, name?: string, today?: string): Promise<SheetError[]> {
  const result = await read(bytes, name, today);
  if (!result.ok) return result.errors;
  expect(result.rejected).not.toEqual([]);
  return result.rejected.flatMap((r) => r.errors).sort((a, b) => a.row - b.row);
}

// The examples of the speech, as the office writes them.
const SEWAGE_A = ['村庄生活污水治理验收', '水', '生态环境局', '', '2026-11-30', '5', '村', '城关镇', '验收后上传验收单照片'];
const SEWAGE_B = ['村庄生活污水治理验收', '水', '生态环境局', '', '2026-11-30', '7', '村', '王庄镇', ''];
const COAL = ['散煤销售和燃烧清零', '大气', '发改局', '城关镇、王庄镇', '2026年12月31日', '', '', '', '网格化排查，发现一处清理一处'];
const OUTLETS = ['散煤经营网点全覆盖检查', '大气', '市场监管局', '', '2026/12/15', '40', '处', '', ''];

const SEWAGE_TASK: NewTaskInput = {
  title: '村庄生活污水治理验收',
  committeeId: WATER,
  description: '验收后上传验收单照片',
  dueDate: '2026-11-30',
  measure: '村',
  assignments: [
    { unitId: ECO, role: 'lead', quota: null },
    { unitId: CHENGGUAN, role: 'cooperating', quota: 5 },
    { unitId: WANGZHUANG, role: 'cooperating', quota: 7 },
  ],
};
const COAL_TASK: NewTaskInput = {
  title: '散煤销售和燃烧清零',
  committeeId: AIR,
  description: '网格化排查，发现一处清理一处',
  dueDate: '2026-12-31',
  measure: null,
  assignments: [
    { unitId: NDRC, role: 'lead', quota: null },
    { unitId: CHENGGUAN, role: 'cooperating', quota: null },
    { unitId: WANGZHUANG, role: 'cooperating', quota: null },
  ],
};
const OUTLETS_TASK: NewTaskInput = {
  title: '散煤经营网点全覆盖检查',
  committeeId: AIR,
  description: null,
  dueDate: '2026-12-15',
  measure: '处',
  assignments: [{ unitId: MARKET, role: 'lead', quota: 40 }],
};

describe('readTaskSheet: layouts', () => {
  it('reads one row per task; a quota without 分解单位 is the lead unit’s', async () => {
    expect(await tasksOf(csv([HEADER, COAL, OUTLETS]))).toEqual([COAL_TASK, OUTLETS_TASK]);
  });

  it('reads a task split over units, one row per unit with its own quota', async () => {
    expect(await tasksOf(csv([HEADER, SEWAGE_A, SEWAGE_B]))).toEqual([SEWAGE_TASK]);
  });

  it('reads both layouts mixed in one xlsx, with date and number cells, in the order of the sheet', async () => {
    const date = (s: string) => new Date(`${s}T00:00:00Z`);
    const bytes = await xlsx([
      HEADER,
      ['村庄生活污水治理验收', '水', '生态环境局', null, date('2026-11-30'), 5, '村', '城关镇', '验收后上传验收单照片'],
      ['散煤销售和燃烧清零', '大气', '发改局', '城关镇、王庄镇', '2026年12月31日', null, null, null, '网格化排查，发现一处清理一处'],
      ['村庄生活污水治理验收', '水', '生态环境局', null, date('2026-11-30'), 7, '村', '王庄镇', null],
      ['散煤经营网点全覆盖检查', '大气', '市场监管局', null, date('2026-12-15'), 40, '处', null, null],
    ]);
    expect(await tasksOf(bytes, '重点工作清单.xlsx')).toEqual([SEWAGE_TASK, COAL_TASK, OUTLETS_TASK]);
  });

  it('gives the lead its own share when it is one of the 分解单位, and takes cooperating units from any row', async () => {
    const tasks = await tasksOf(
      csv([
        HEADER,
        ['锅炉窑炉整治', '大气', '生态环境局', '公安局', '2026-12-20', '3', '台', '生态环境局', ''],
        ['锅炉窑炉整治', '大气', '生态环境局', '公安局', '2026-12-20', '2', '台', '城关镇', ''],
        ['锅炉窑炉整治', '大气', '生态环境局', '', '2026-12-20', '', '', '王庄镇', ''],
      ]),
    );
    expect(tasks).toEqual([
      {
        title: '锅炉窑炉整治',
        committeeId: AIR,
        description: null,
        dueDate: '2026-12-20',
        measure: '台',
        assignments: [
          { unitId: ECO, role: 'lead', quota: 3 },
          { unitId: POLICE, role: 'cooperating', quota: null },
          { unitId: CHENGGUAN, role: 'cooperating', quota: 2 },
          { unitId: WANGZHUANG, role: 'cooperating', quota: null },
        ],
      },
    ]);
  });

  it('splits 配合单位 on 、，, ; ； and spaces', async () => {
    const [task] = await tasksOf(csv([HEADER, ['非法加油站点取缔', '大气', '发改局', '市场监管局，公安局; 城关镇；王庄镇 东城街道', '2026-12-01', '', '', '', '']]));
    expect(task!.assignments.map((a) => a.unitId)).toEqual([NDRC, MARKET, POLICE, CHENGGUAN, WANGZHUANG, 7]);
  });

  it('matches headers flexibly: synonyms, full-width, spaces, marks, any order, extra columns, a title line above', async () => {
    const tasks = await tasksOf(
      csv([
        ['2026年秋冬季重点工作清单', '', '', '', '', '', ''],
        ['序号', ' 工作任务 ', '专业委员会', '牵头单位*', '截止日期（年月日）', '任务量', '计量单位', '分解单位', '备注'],
        ['1', '村庄生活污水治理验收', '水', '生态环境局', '2026-11-30', '５', '村', '城关镇', '验收后上传验收单照片'],
        ['2', '村庄生活污水治理验收', '水', '生态环境局', '2026-11-30', '7', '村', '王庄镇', ''],
        ['3', '', '', '', '', '', '', '', ''],
      ]),
    );
    expect(tasks).toEqual([SEWAGE_TASK]);
    const shuffled = await tasksOf(csv([['时限', '配合单位', '任务', '牵头单位', '专委会'], ['2026年12月31日', '城关镇、王庄镇', '散煤销售和燃烧清零', '发改局', '大气']]));
    expect(shuffled).toEqual([{ ...COAL_TASK, description: null }]);
  });

  it('skips empty rows but keeps the office’s row numbers', async () => {
    const errors = await errorsOf(csv([HEADER, ['', '', '', '', '', '', '', '', ''], [], COAL, ['', ' ', '', '', '', '', '', '', ''], ['散煤清零', '大气', '火星局', '', '2026-12-31', '', '', '', '']]));
    expect(errors).toEqual([{ row: 6, column: '牵头单位', key: 'unit-unknown', vars: { name: '火星局' } }]);
  });

  it('reads dates as people write them, and Excel serial numbers', async () => {
    const rows = ['2026-12-01', '2026/12/2', '2026年12月3日', '12-4', '12月5日', '20261206', '２０２６－１２－０７'].map((due, i) => [`任务${i}`, '水', '生态环境局', '', due]);
    const tasks = await tasksOf(csv([HEADER.slice(0, 5), ...rows]));
    expect(tasks.map((t) => t.dueDate)).toEqual(['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06', '2026-12-07']);
    // 46356 is 2026-11-30 as an Excel serial, in a cell that lost its date format.
    const serial = await tasksOf(await xlsx([HEADER.slice(0, 5), ['任务', '水', '生态环境局', null, 46356]]), 'a.xlsx');
    expect(serial[0]!.dueDate).toBe('2026-11-30');
  });

  it('reads merged cells of a split task as their value on every row', async () => {
    const bytes = await xlsx(
      [HEADER, ['村庄生活污水治理验收', '水', '生态环境局', null, new Date('2026-11-30T00:00:00Z'), 5, '村', '城关镇', '验收后上传验收单照片'], [null, null, null, null, null, 7, '村', '王庄镇', null]],
      (sheet) => {
        for (const col of ['A', 'B', 'C', 'E']) sheet.mergeCells(`${col}2:${col}3`);
      },
    );
    expect(await tasksOf(bytes, 'merged.xlsx')).toEqual([SEWAGE_TASK]);
  });

  it('reads rich text, formulas with results, and quoted CSV fields with commas, quotes and line breaks', async () => {
    const bytes = await xlsx([HEADER.slice(0, 6), [{ richText: [{ text: '散煤' }, { text: '清零', font: { bold: true } }] }, '大气', { formula: '"发改"&"局"', result: '发改局' }, null, '2026-12-31', { formula: '1+1', result: 2 }]]);
    expect(await tasksOf(bytes, 'a.xlsx')).toEqual([
      { title: '散煤清零', committeeId: AIR, description: null, dueDate: '2026-12-31', measure: null, assignments: [{ unitId: NDRC, role: 'lead', quota: 2 }] },
    ]);
    const [task] = await tasksOf(csv([HEADER, ['道路扬尘"全天候"保洁', '大气', '发改局', '城关镇,王庄镇', '2026-12-31', '', '', '', '第一行\n第二行']]));
    expect(task).toMatchObject({ title: '道路扬尘"全天候"保洁', description: '第一行\n第二行' });
    expect(task!.assignments).toHaveLength(3);
  });

  it('picks the sheet that has the header, whichever it is', async () => {
    // A cover sheet first, as some offices have, then the list.
    const bytes = await xlsx([['2026年秋冬季重点工作清单'], ['县生态环境保护委员会办公室']], (_sheet, workbook) => {
      workbook.addWorksheet('任务').addRows([HEADER, COAL]);
    });
    expect(await tasksOf(bytes, 'b.xlsx')).toEqual([COAL_TASK]);
  });
});

describe('readTaskSheet: encodings and broken files', () => {
  const ROWS = [HEADER, SEWAGE_A, SEWAGE_B, COAL];

  it('reads UTF-8 with a BOM', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), csv(ROWS)]);
    expect(await tasksOf(bytes)).toEqual([SEWAGE_TASK, COAL_TASK]);
  });

  it('reads GB18030 (Excel’s “CSV” on a Chinese Windows)', async () => {
    const bytes = gb18030(csvText(ROWS));
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    expect(await tasksOf(bytes, '清单.csv')).toEqual([SEWAGE_TASK, COAL_TASK]);
  });

  it('reads UTF-16 with a BOM and tab-separated text (Excel’s “Unicode text”)', async () => {
    const text = ROWS.map((r) => r.join('\t')).join('\r\n');
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(await tasksOf(bytes, '清单.txt')).toEqual([SEWAGE_TASK, COAL_TASK]);
  });

  it('answers one sheet-unreadable for a corrupt file, never a throw', async () => {
    const random = Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 7919 + 13) % 256));
    const good = await xlsx([HEADER, COAL]);
    const files: [Buffer, string][] = [
      [random, 'tasks.xlsx'],
      [random, 'tasks.csv'],
      [good.subarray(0, 300), 'truncated.xlsx'],
      [Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(100, 7)]), 'fake.xlsx'],
      [Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]), 'old.xls'],
      [Buffer.from('%PDF-1.7\n\u0000\u0001\u0002binary'), 'list.pdf'],
    ];
    for (const [bytes, name] of files) {
      expect(await read(bytes, name), name).toEqual({ ok: false, errors: [{ row: 0, column: '', key: 'sheet-unreadable' }] });
    }
  });

  it('answers sheet-empty for an empty file, a header alone, or a sheet with nothing in it', async () => {
    const empty = { ok: false, errors: [{ row: 0, column: '', key: 'sheet-empty' }] };
    expect(await read(Buffer.alloc(0))).toEqual(empty);
    expect(await read(csv([HEADER]))).toEqual(empty);
    expect(await read(csv([HEADER, ['', '', '', '', '', '', '', '', '']]))).toEqual(empty);
    expect(await read(Buffer.from('\r\n\r\n'))).toEqual(empty);
    expect(await read(await xlsx([]), 'a.xlsx')).toEqual(empty);
  });
});

describe('readTaskSheet: every problem, all at once, with row and column', () => {
  it('rejects a bad row with its row and column, and only its own task: the good rows still read', async () => {
    const result = await read(csv([HEADER, SEWAGE_A, SEWAGE_B, ['散煤经营网点全覆盖检查', '大气', '市场监管局', '', '2026-02-30', '40', '处', '', ''], COAL]));
    if (!result.ok) throw new Error('expected rows');
    expect(result.rejected).toEqual([{ rows: [4], title: '散煤经营网点全覆盖检查', errors: [{ row: 4, column: '完成时限', key: 'sheet-bad-date', vars: { text: '2026-02-30' } }] }]);
    expect(result.tasks.map((t) => [t.rows, t.input.title])).toEqual([
      [[2, 3], '村庄生活污水治理验收'],
      [[5], '散煤销售和燃烧清零'],
    ]);
  });

  it('rejects every row of a split task when one of them is wrong, and a row without a title on its own', async () => {
    const result = await read(csv([HEADER, SEWAGE_A, ['村庄生活污水治理验收', '水', '生态环境局', '', '2026-11-30', '7', '村', '火星镇', ''], ['', '大气', '发改局', '', '2026-12-31', '', '', '', ''], COAL]));
    if (!result.ok) throw new Error('expected rows');
    expect(result.rejected.map((r) => [r.rows, r.title, r.errors.map((e) => [e.row, e.key])])).toEqual([
      [[2, 3], '村庄生活污水治理验收', [[3, 'unit-unknown']]],
      [[4], '', [[4, 'sheet-required']]],
    ]);
    expect(result.tasks.map((t) => t.rows)).toEqual([[5]]);
  });

  it('names each missing required column on the header row', async () => {
    expect(await errorsOf(csv([['任务名称', '单位', '配合单位', '时间'], ['散煤清零', '发改局', '', '2026-12-31']]))).toEqual([
      { row: 1, column: '专委会', key: 'sheet-missing-column', vars: { column: '专委会' } },
      { row: 1, column: '牵头单位', key: 'sheet-missing-column', vars: { column: '牵头单位' } },
      { row: 1, column: '完成时限', key: 'sheet-missing-column', vars: { column: '完成时限' } },
    ]);
  });

  it('finds the header under a title line when naming what it lacks', async () => {
    expect(await errorsOf(csv([['2026年重点工作清单'], [], ['任务名称', '牵头单位', '完成时限'], ['散煤清零', '发改局', '2026-12-31']]))).toEqual([
      { row: 3, column: '专委会', key: 'sheet-missing-column', vars: { column: '专委会' } },
    ]);
  });

  it('refuses a column given twice', async () => {
    expect(await errorsOf(csv([['任务名称', '专委会', '牵头单位', '完成时限', '截止日期'], ['散煤清零', '大气', '发改局', '2026-12-31', '2026-12-30']]))).toEqual([
      { row: 1, column: '截止日期', key: 'sheet-duplicate-column', vars: { column: '完成时限' } },
    ]);
  });

  it('reports a missing required cell in every required column, under the header as the office wrote it', async () => {
    expect(await errorsOf(csv([['工作任务', '专委会', '牵头单位', '截止日期', '目标数量'], ['', '', '', '', '5']]))).toEqual([
      { row: 2, column: '工作任务', key: 'sheet-required' },
      { row: 2, column: '专委会', key: 'sheet-required' },
      { row: 2, column: '牵头单位', key: 'sheet-required' },
      { row: 2, column: '截止日期', key: 'sheet-required' },
    ]);
  });

  it('passes the resolver’s errors through for unknown and ambiguous units and committees', async () => {
    const errors = await errorsOf(
      csv([
        HEADER,
        ['任务甲', '月球', '火星局', '东城、木星局', '2026-12-31', '', '', '', ''],
        ['任务乙', '污', '生态环境局', '', '2026-12-31', '3', '村', '东城', ''],
      ]),
    );
    expect(errors).toEqual([
      { row: 2, column: '专委会', key: 'committee-unknown', vars: { name: '月球' } },
      { row: 2, column: '牵头单位', key: 'unit-unknown', vars: { name: '火星局' } },
      { row: 2, column: '配合单位', key: 'unit-ambiguous', vars: { name: '东城', candidates: '东城街道、东城社区' } },
      { row: 2, column: '配合单位', key: 'unit-unknown', vars: { name: '木星局' } },
      { row: 3, column: '专委会', key: 'committee-unknown', vars: { name: '污' } },
      { row: 3, column: '分解单位', key: 'unit-ambiguous', vars: { name: '东城', candidates: '东城街道、东城社区' } },
    ]);
  });

  it('refuses impossible and unparseable dates; a date before today (today itself is fine) is marked for the import to judge', async () => {
    const rows = ['2026-02-30', '下个月', '2026-13-01', '2026-11-19', '2026-11-20'].map((due, i) => [`任务${i}`, '水', '生态环境局', '', due]);
    const bytes = csv([HEADER.slice(0, 5), ...rows]);
    expect(await errorsOf(bytes)).toEqual([
      { row: 2, column: '完成时限', key: 'sheet-bad-date', vars: { text: '2026-02-30' } },
      { row: 3, column: '完成时限', key: 'sheet-bad-date', vars: { text: '下个月' } },
      { row: 4, column: '完成时限', key: 'sheet-bad-date', vars: { text: '2026-13-01' } },
    ]);
    // A past deadline is wrong for a new task, not for a row restating an existing task's: the import decides.
    const result = await read(bytes);
    if (!result.ok) throw new Error('readable');
    expect(result.tasks.map((t) => [t.rows, t.pastDue ?? null])).toEqual([
      [[5], { row: 5, column: '完成时限', key: 'sheet-past-date', vars: { date: '2026-11-19', today: TODAY } }],
      [[6], null],
    ]);
    const pastCell = await read(await xlsx([HEADER.slice(0, 5), ['任务', '水', '生态环境局', null, new Date('2026-10-01T00:00:00Z')]]), 'a.xlsx');
    expect(pastCell.ok && pastCell.tasks[0]!.pastDue).toEqual({ row: 2, column: '完成时限', key: 'sheet-past-date', vars: { date: '2026-10-01', today: TODAY } });
  });

  it('refuses a quota that is not a positive number', async () => {
    const rows = ['0', '-3', 'abc', '5村', '1e3', '2.5'].map((quota, i) => [`任务${i}`, '水', '生态环境局', '', '2026-12-31', quota]);
    expect(await errorsOf(csv([HEADER.slice(0, 6), ...rows]))).toEqual(
      ['0', '-3', 'abc', '5村', '1e3'].map((text, i) => ({ row: i + 2, column: '目标数量', key: 'sheet-bad-quota', vars: { text } })),
    );
    const numberCells = await xlsx([HEADER.slice(0, 6), ['任务', '水', '生态环境局', null, '2026-12-31', -1]]);
    expect(await errorsOf(numberCells, 'a.xlsx')).toEqual([{ row: 2, column: '目标数量', key: 'sheet-bad-quota', vars: { text: '-1' } }]);
  });

  it('refuses a quota without a unit to own it in a task over several rows', async () => {
    expect(await errorsOf(csv([HEADER, SEWAGE_A, ['村庄生活污水治理验收', '水', '生态环境局', '', '2026-11-30', '7', '村', '', '']]))).toEqual([
      { row: 3, column: '目标数量', key: 'sheet-quota-without-unit' },
    ]);
  });

  it('refuses the same unit twice in one task, and the lead as a cooperating unit', async () => {
    expect(
      await errorsOf(
        csv([
          HEADER,
          SEWAGE_A,
          SEWAGE_B,
          ['村庄生活污水治理验收', '水', '生态环境局', '', '2026-11-30', '2', '村', '城关', ''],
          ['散煤清零', '大气', '发改局', '城关镇、公安局、城关镇', '2026-12-31', '', '', '', ''],
          ['扬尘治理', '大气', '住建局', '', '2026-12-31', '', '', '', ''],
          ['道路保洁', '大气', '发改局', '公安局、发改', '2026-12-31', '', '', '', ''],
        ]),
      ),
    ).toEqual([
      { row: 4, column: '分解单位', key: 'sheet-duplicate-unit', vars: { unit: '城关镇', first: 2 } },
      { row: 5, column: '配合单位', key: 'sheet-duplicate-unit', vars: { unit: '城关镇' } },
      { row: 6, column: '牵头单位', key: 'unit-unknown', vars: { name: '住建局' } },
      { row: 7, column: '配合单位', key: 'sheet-lead-cooperating', vars: { unit: '发改局' } },
    ]);
  });

  it('requires the rows of one task to agree on committee, lead, due date and measure', async () => {
    expect(
      await errorsOf(
        csv([
          HEADER,
          SEWAGE_A,
          ['村庄生活污水治理验收', '大气', '发改局', '', '2026-12-01', '7', '户', '王庄镇', ''],
          ['村庄生活污水治理验收', '水污染防治专业委员会', '生态环境', '', '2026年11月30日', '1', '', '公安局', ''],
        ]),
      ),
    ).toEqual([
      { row: 3, column: '专委会', key: 'sheet-conflict', vars: { first: 2, expected: '水' } },
      { row: 3, column: '牵头单位', key: 'sheet-conflict', vars: { first: 2, expected: '生态环境局' } },
      { row: 3, column: '完成时限', key: 'sheet-conflict', vars: { first: 2, expected: '2026-11-30' } },
      { row: 3, column: '计量单位', key: 'sheet-conflict', vars: { first: 2, expected: '村' } },
    ]);
  });

  it('refuses a title longer than 200 characters', async () => {
    const long = '治'.repeat(201);
    expect(await errorsOf(csv([HEADER.slice(0, 5), [long, '水', '生态环境局', '', '2026-12-31'], ['治'.repeat(200), '水', '生态环境局', '', '2026-12-31']]))).toEqual([
      { row: 2, column: '任务名称', key: 'sheet-too-long', vars: { max: 200 } },
    ]);
  });

  it('refuses more than 5,000 rows with one error, and takes exactly 5,000', async () => {
    const rows = (n: number) => Array.from({ length: n }, (_, i) => [`任务${i + 1}`, '水', '生态环境局', '', '2026-12-31']);
    expect(await read(csv([HEADER.slice(0, 5), ...rows(5001)]))).toEqual({
      ok: false,
      errors: [{ row: 0, column: '', key: 'sheet-too-many-rows', vars: { max: 5000, count: 5001 } }],
    });
    expect(await tasksOf(csv([HEADER.slice(0, 5), ...rows(5000)]))).toHaveLength(5000);
  });

  it('returns every problem of the file, in row order', async () => {
    const errors = await errorsOf(
      csv([
        HEADER,
        ['任务甲', '水', '火星局', '', '2026-02-30', '0', '', '', ''],
        SEWAGE_A,
        ['', '水', '生态环境局', '', '2026-12-31', '', '', '', ''],
        ['任务乙', '土壤', '生态环境局', '生态环境局', '2025-01-01', '', '', '', ''],
      ]),
    );
    expect(errors.map((e) => [e.row, e.column, e.key])).toEqual([
      [2, '牵头单位', 'unit-unknown'],
      [2, '完成时限', 'sheet-bad-date'],
      [2, '目标数量', 'sheet-bad-quota'],
      [4, '任务名称', 'sheet-required'],
      [5, '专委会', 'committee-unknown'],
      [5, '配合单位', 'sheet-lead-cooperating'],
      [5, '完成时限', 'sheet-past-date'],
    ]);
  });
});

describe('taskSheetTemplate', () => {
  it('is an xlsx with the headers, a frozen header row, examples of both layouts, and a 说明 sheet', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await taskSheetTemplate('2027-11-30')) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual([undefined, ...HEADER]);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getColumn(1).width).toBeGreaterThan(20);
    expect(sheet.getCell('E2').value).toEqual(new Date('2027-11-30T00:00:00Z'));
    const help = workbook.getWorksheet('说明')!;
    const explained = help.getColumn(1).values.slice(2, 11);
    expect(explained).toEqual(HEADER);
  });

  it('parses back into the two example tasks', async () => {
    expect(await tasksOf(await taskSheetTemplate('2027-11-30'), 'template.xlsx')).toEqual([
      {
        title: '村庄生活污水治理验收',
        committeeId: WATER,
        description: '各乡镇按分解数量完成村庄生活污水治理验收，11月下旬全县通报',
        dueDate: '2027-11-30',
        measure: '村',
        assignments: [
          { unitId: ECO, role: 'lead', quota: null },
          { unitId: CHENGGUAN, role: 'cooperating', quota: 5 },
          { unitId: WANGZHUANG, role: 'cooperating', quota: 7 },
        ],
      },
      {
        title: '散煤销售和燃烧清零',
        committeeId: AIR,
        description: '网格化排查散煤销售点和燃用户，发现一处清理一处',
        dueDate: '2027-11-30',
        measure: null,
        assignments: [
          { unitId: NDRC, role: 'lead', quota: null },
          { unitId: CHENGGUAN, role: 'cooperating', quota: null },
          { unitId: WANGZHUANG, role: 'cooperating', quota: null },
        ],
      },
    ]);
  });

  it('dates its examples in the future by default', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const result = await readTaskSheet(await taskSheetTemplate(), 'template.xlsx', resolver, today);
    expect(result.ok).toBe(true);
    if (result.ok) for (const task of result.tasks) expect(task.input.dueDate > today).toBe(true);
  });
});
