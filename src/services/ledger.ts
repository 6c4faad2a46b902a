import ExcelJS from 'exceljs';
import type { Db } from '../db/types.ts';
import type { Translate } from '../i18n/index.ts';
import type { TaskQueries } from './task-queries.ts';

const HEADERS: [string, number][] = [
  ['任务编号', 10], ['任务名称', 32], ['专委会', 10], ['状态', 12], ['灯号', 8], ['责任单位', 16], ['角色', 8],
  ['目标数量', 10], ['已完成', 10], ['完成率', 10], ['计量单位', 10], ['完成时限', 12], ['逾期天数', 10],
  ['最近汇报', 18], ['最近汇报内容', 30], ['延期记录', 36],
];
const LIGHT_FILLS: Record<string, string> = { red: 'FFF4B6B6', yellow: 'FFFFE699', green: 'FFC6E0B4', done: 'FFD9D9D9' };

/** The wall-clock time of an instant in the county, as a Date whose UTC fields read as local: Excel has no zones. */
const asLocal = (instant: Date, timeZone: string): Date => {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(instant);
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return new Date(Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')));
};

/** The ledger (台账): one row per task and unit, with progress, light, last report and extensions. */
export async function ledgerWorkbook(db: Db, queries: TaskQueries, t: Translate, timeZone: string, generatedAt: Date): Promise<Buffer> {
  const tasks = await queries.summaries({ includeFinished: true });
  const ids = tasks.map((task) => task.id);
  const [lastReports, extensions] = await Promise.all([
    db.progressReport.findMany({ where: { taskId: { in: ids } }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], distinct: ['taskId', 'unitId'], select: { taskId: true, unitId: true, note: true } }),
    db.extension.findMany({ where: { taskId: { in: ids } }, orderBy: { id: 'asc' } }),
  ]);
  const notes = new Map(lastReports.map((r) => [`${r.taskId}:${r.unitId}`, r.note]));

  const workbook = new ExcelJS.Workbook();
  workbook.created = generatedAt;
  const sheet = workbook.addWorksheet('台账', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = HEADERS.map(([header, width]) => ({ header, width }));
  sheet.getRow(1).font = { bold: true };
  for (const task of [...tasks].sort((a, b) => a.id - b.id)) {
    for (const part of task.parts) {
      const history = extensions
        .filter((e) => e.taskId === task.id && e.unitId === part.unitId)
        .map((e) => `${e.fromDate}→${e.toDate} ${t(`extension-status-${e.status}`)}`)
        .join('；');
      const row = sheet.addRow([
        task.code,
        task.title,
        task.committee,
        t(`task-status-${task.status}`),
        t(`ledger-light-${task.light}`),
        part.unitName,
        t(`task-role-${part.role}`),
        part.quota,
        part.quota === null ? null : part.done,
        part.ratio,
        task.measure,
        new Date(`${task.dueDate}T00:00:00Z`),
        task.overdueDays,
        part.lastReportAt ? asLocal(part.lastReportAt, timeZone) : null,
        notes.get(`${task.id}:${part.unitId}`) ?? null,
        history || null,
      ]);
      row.getCell(5).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: LIGHT_FILLS[task.light]! } };
      row.getCell(10).numFmt = '0%';
      row.getCell(12).numFmt = 'yyyy-mm-dd';
      row.getCell(14).numFmt = 'yyyy-mm-dd hh:mm';
    }
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: HEADERS.length } };
  const about = workbook.addWorksheet('说明');
  about.addRow([t('ledger-generated'), asLocal(generatedAt, timeZone)]).getCell(2).numFmt = 'yyyy-mm-dd hh:mm';
  about.addRow([t('ledger-time-zone'), timeZone]);
  about.getColumn(1).width = 16;
  about.getColumn(2).width = 20;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
