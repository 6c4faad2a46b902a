import type ExcelJS from 'exceljs';
import { newWorkbook } from './excel.ts';
import { isCalendarDate } from '../domain/calendar.ts';
import { dateCell, wallClock } from './cells.ts';
import { addTableSheet, type Colour, type Column } from './table-sheet.ts';

export interface LedgerRow {
  taskCode: string;
  title: string;
  committee: string;
  /** Already localized. */
  status: string;
  /** The part's light, localized: 红/黄/绿/已完成/已取消. */
  light: string;
  /** The colour of the light cell, when the localized text does not say it. */
  lightColor?: 'red' | 'yellow' | 'green' | 'done';
  unit: string;
  /** 牵头/配合. */
  role: string;
  quota: number | null;
  done: number | null;
  progressRatio: number | null;
  measure: string | null;
  /** The part's own deadline. */
  dueDate: string;
  /** Days late: at completion for a finished part, to today for an open one. */
  overdueDays: number;
  lastReportAt: Date | null;
  lastReportNote: string | null;
  /** e.g. "2026-11-30→2026-12-10 已批准". */
  extensions: string;
  description?: string | null;
  /** The task's cooperating units, "、"-joined. */
  cooperatingUnits?: string;
  /** The part's deadline before its first approved extension, when it was extended. */
  originalDueDate?: string | null;
  /** When the part was finished (the unit said done, or the task was finished). */
  finishedAt?: Date | null;
  /** When the office verified and closed the task (销号). */
  closedAt?: Date | null;
  /** The office's reason when it marked the part done with its quota unmet. */
  doneOverride?: string | null;
}

/** A problem ticket (环境问题) as the problems sheet shows it. */
export interface ProblemLedgerRow {
  /** P7. */
  code: string;
  /** Localized, as are foundBy and status. */
  kind: string;
  unit: string;
  /** The place as typed, or "lat, lon" when only a location was sent; '' when neither. */
  where: string;
  foundBy: string;
  description: string;
  dueDate: string;
  overdueDays: number;
  status: string;
  /** The status as stored (open, fixed, closed): the language-independent key to the status cell's colour. */
  state: string;
  beforePhotos: number;
  afterPhotos: number;
  rejections: number;
  createdAt: Date;
  /** When the office verified and closed it (销号). */
  closedAt: Date | null;
  lastRejectReason: string | null;
}

const LIGHT_WORDS: [RegExp, Colour][] = [
  [/红|red|🔴/iu, 'red'],
  [/黄|yellow|🟡/iu, 'yellow'],
  [/绿|green|🟢/iu, 'green'],
  [/完成|取消|done|finish|closed|cancel|✅/iu, 'done'],
];
/** Waiting for the unit is bad news, waiting for the office's check is nearly there, closed is done. */
const PROBLEM_STATE_COLOURS: Partial<Record<string, Colour>> = { open: 'red', fixed: 'yellow', closed: 'green' };

const dueCell = (dueDate: string): ExcelJS.CellValue => (isCalendarDate(dueDate) ? dateCell(dueDate) : dueDate);

const LEDGER_COLUMNS: Column<LedgerRow>[] = [
  { header: '任务编号', kind: 'text', min: 8, max: 12, value: (r) => r.taskCode },
  { header: '任务名称', kind: 'text', min: 16, max: 40, value: (r) => r.title },
  { header: '专委会', kind: 'text', min: 8, max: 28, value: (r) => r.committee },
  { header: '状态', kind: 'text', min: 8, max: 14, value: (r) => r.status },
  { header: '灯号', kind: 'badge', min: 7, max: 10, value: (r) => r.light, colour: (r) => r.lightColor ?? LIGHT_WORDS.find(([pattern]) => pattern.test(r.light))?.[1] },
  { header: '责任单位', kind: 'text', min: 10, max: 24, value: (r) => r.unit },
  { header: '角色', kind: 'text', min: 6, max: 10, value: (r) => r.role },
  { header: '目标数量', kind: 'number', min: 10, max: 12, value: (r) => r.quota },
  { header: '已完成', kind: 'number', min: 8, max: 12, value: (r) => r.done },
  { header: '完成率', kind: 'percent', min: 8, max: 10, value: (r) => r.progressRatio },
  { header: '计量单位', kind: 'text', min: 10, max: 12, value: (r) => r.measure },
  { header: '完成时限', kind: 'date', min: 12, max: 12, value: (r) => dueCell(r.dueDate) },
  { header: '逾期天数', kind: 'number', min: 10, max: 10, value: (r) => r.overdueDays, alarm: (r) => r.overdueDays > 0 },
  { header: '最近汇报', kind: 'datetime', min: 17, max: 17, value: (r, tz) => (r.lastReportAt ? wallClock(r.lastReportAt, tz) : null) },
  { header: '最近汇报内容', kind: 'text', min: 14, max: 50, value: (r) => r.lastReportNote },
  { header: '延期记录', kind: 'text', min: 10, max: 50, value: (r) => r.extensions || null },
  { header: '任务说明', kind: 'text', min: 12, max: 50, value: (r) => r.description ?? null },
  { header: '配合单位', kind: 'text', min: 10, max: 40, value: (r) => r.cooperatingUnits || null },
  { header: '原完成时限', kind: 'date', min: 12, max: 12, value: (r) => (r.originalDueDate ? dueCell(r.originalDueDate) : null) },
  { header: '完成时间', kind: 'datetime', min: 17, max: 17, value: (r, tz) => (r.finishedAt ? wallClock(r.finishedAt, tz) : null) },
  { header: '销号时间', kind: 'datetime', min: 17, max: 17, value: (r, tz) => (r.closedAt ? wallClock(r.closedAt, tz) : null) },
  { header: '认定完成理由', kind: 'text', min: 12, max: 40, value: (r) => r.doneOverride ?? null },
];

const PROBLEM_COLUMNS: Column<ProblemLedgerRow>[] = [
  { header: '问题编号', kind: 'text', min: 10, max: 12, value: (r) => r.code },
  { header: '问题类型', kind: 'text', min: 10, max: 14, value: (r) => r.kind },
  { header: '责任单位', kind: 'text', min: 10, max: 24, value: (r) => r.unit },
  { header: '地点', kind: 'text', min: 12, max: 40, value: (r) => r.where || null },
  { header: '发现层级', kind: 'text', min: 10, max: 16, value: (r) => r.foundBy },
  { header: '问题描述', kind: 'text', min: 16, max: 50, value: (r) => r.description || null },
  { header: '整改时限', kind: 'date', min: 12, max: 12, value: (r) => dueCell(r.dueDate) },
  { header: '逾期天数', kind: 'count', min: 10, max: 10, value: (r) => r.overdueDays, alarm: (r) => r.overdueDays > 0 },
  { header: '状态', kind: 'badge', min: 8, max: 16, value: (r) => r.status, colour: (r) => PROBLEM_STATE_COLOURS[r.state] },
  { header: '整改前照片', kind: 'count', min: 12, max: 12, value: (r) => r.beforePhotos },
  { header: '整改后照片', kind: 'count', min: 12, max: 12, value: (r) => r.afterPhotos },
  { header: '驳回次数', kind: 'count', min: 10, max: 10, value: (r) => r.rejections },
  { header: '登记时间', kind: 'datetime', min: 17, max: 17, value: (r, tz) => wallClock(r.createdAt, tz) },
  { header: '销号时间', kind: 'datetime', min: 17, max: 17, value: (r, tz) => (r.closedAt ? wallClock(r.closedAt, tz) : null) },
  { header: '最近驳回原因', kind: 'text', min: 14, max: 50, value: (r) => r.lastRejectReason },
];

/**
 * The ledger as an .xlsx: a sheet 台账 (one row per task and unit), a sheet 问题 (one row per problem ticket),
 * each with its header in row 1 so filters work, and a sheet 说明 with when and where it was made.
 */
export async function ledgerWorkbook(
  rows: LedgerRow[],
  meta: { title: string; generatedAt: Date; timeZone: string },
  problems: ProblemLedgerRow[] = [],
): Promise<Buffer> {
  const workbook = await newWorkbook();
  workbook.creator = 'Duban 督办';
  workbook.title = meta.title;
  workbook.created = meta.generatedAt;
  workbook.modified = meta.generatedAt;

  addTableSheet(workbook, '台账', LEDGER_COLUMNS, rows, meta.timeZone, 2);
  addTableSheet(workbook, '问题', PROBLEM_COLUMNS, problems, meta.timeZone, 2);

  const about = workbook.addWorksheet('说明');
  about.columns = [{ width: 12 }, { width: 40 }];
  about.addRow(['标题', meta.title]);
  const generated = about.addRow(['生成时间', wallClock(meta.generatedAt, meta.timeZone)]);
  generated.getCell(2).numFmt = 'yyyy-mm-dd hh:mm';
  generated.getCell(2).alignment = { horizontal: 'left' };
  about.addRow(['时区', meta.timeZone]);
  about.addRow(['行数', rows.length]).getCell(2).alignment = { horizontal: 'left' };
  about.addRow(['问题行数', problems.length]).getCell(2).alignment = { horizontal: 'left' };
  about.getColumn(1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
