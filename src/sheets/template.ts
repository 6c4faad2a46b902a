import { newWorkbook } from './excel.ts';
import { daysBetween, isCalendarDate } from '../domain/calendar.ts';
import { dateCell, displayWidth } from './cells.ts';
import { HEADERS, type Field } from './task-columns.ts';

const TEMPLATE_COLUMNS: { field: Field; width: number; required: boolean; help: string; example: string }[] = [
  { field: 'title', width: 28, required: true, help: '任务的名称，最多 200 字。同一任务分解到多个单位时，每个单位一行，这几行的任务名称、专委会、牵头单位、完成时限都要相同。', example: '村庄生活污水治理验收' },
  { field: 'committee', width: 24, required: true, help: '任务所属的专业委员会，写全称或简称均可。', example: '水污染防治专业委员会（或“水”）' },
  { field: 'lead', width: 14, required: true, help: '牵头单位，只能写一个，写单位全称或简称。', example: '生态环境局' },
  { field: 'with', width: 24, required: false, help: '配合单位，可写多个，用顿号、逗号、分号或空格隔开。不能包含牵头单位。', example: '城关镇、王庄镇' },
  { field: 'due', width: 13, required: true, help: '完成时限，不能早于今天。Excel 日期，或写成 2026-11-30、2026/11/30、2026年11月30日。', example: '2026-11-30' },
  { field: 'quota', width: 10, required: false, help: '目标数量，必须是正数。填了“分解单位”时是该单位的目标；只有一行的任务不填“分解单位”时是牵头单位的目标。', example: '5' },
  { field: 'measure', width: 10, required: false, help: '目标数量的计量单位。', example: '村、处、台' },
  { field: 'unit', width: 14, required: false, help: '本行目标数量所属的单位（按单位分解任务时填写）。写牵头单位时就是牵头单位自己的目标，写其他单位时该单位即为配合单位。同一任务中同一单位只能出现一次。', example: '城关镇' },
  { field: 'description', width: 40, required: false, help: '任务的具体要求，可不填。', example: '完成验收的村上传验收单照片' },
];

const FILL_REQUIRED = 'FFF8CBAD';
const FILL_OPTIONAL = 'FFDDEBF7';

const nextDate = (today: string, monthDay: string, minDaysAhead: number): string => {
  let year = Number(today.slice(0, 4));
  while (daysBetween(today, `${year}-${monthDay}`) < minDaysAhead) year++;
  return `${year}-${monthDay}`;
};

/**
 * The import template: the headers, examples of both layouts (a task split over two townships with quotas, and a
 * one-row task), a frozen header row, and a sheet 说明 explaining every column. The examples are due on `exampleDue`,
 * or by default on the next 30 November (and 31 December) at least 30 days away.
 */
export async function taskSheetTemplate(exampleDue?: string): Promise<Buffer> {
  const today = new Date().toISOString().slice(0, 10);
  const sewageDue = exampleDue && isCalendarDate(exampleDue) ? exampleDue : nextDate(today, '11-30', 30);
  const coalDue = exampleDue && isCalendarDate(exampleDue) ? exampleDue : `${sewageDue.slice(0, 4)}-12-31`;

  const workbook = await newWorkbook();
  workbook.creator = 'Duban 督办';
  workbook.title = '重点工作清单';
  const sheet = workbook.addWorksheet('重点工作清单', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = TEMPLATE_COLUMNS.map(({ field, width }) => ({ header: HEADERS[field][0]!, key: field, width }));
  sheet.getColumn('due').numFmt = 'yyyy-mm-dd';
  const headerRow = sheet.getRow(1);
  headerRow.height = 22;
  TEMPLATE_COLUMNS.forEach(({ required, help }, i) => {
    const c = headerRow.getCell(i + 1);
    c.font = { bold: true, color: { argb: required ? 'FF9C0006' : 'FF1F4E78' } };
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: required ? FILL_REQUIRED : FILL_OPTIONAL } };
    c.alignment = { vertical: 'middle', horizontal: 'center' };
    c.border = { bottom: { style: 'thin' } };
    c.note = `${required ? '必填' : '选填'}：${help}`;
  });

  const examples: Partial<Record<Field, string | number | Date>>[] = [
    { title: '村庄生活污水治理验收', committee: '水污染防治专业委员会', lead: '生态环境局', due: dateCell(sewageDue), quota: 5, measure: '村', unit: '城关镇', description: '各乡镇按分解数量完成村庄生活污水治理验收，11月下旬全县通报' },
    { title: '村庄生活污水治理验收', committee: '水污染防治专业委员会', lead: '生态环境局', due: dateCell(sewageDue), quota: 7, measure: '村', unit: '王庄镇' },
    { title: '散煤销售和燃烧清零', committee: '大气污染防治专业委员会', lead: '发改局', with: '城关镇、王庄镇', due: dateCell(coalDue), description: '网格化排查散煤销售点和燃用户，发现一处清理一处' },
  ];
  for (const example of examples) {
    const row = sheet.addRow(example);
    row.getCell('due').numFmt = 'yyyy-mm-dd';
  }

  const help = workbook.addWorksheet('说明', { views: [{ state: 'frozen', ySplit: 1 }] });
  help.columns = [
    { header: '列名', width: 12 },
    { header: '是否必填', width: 10 },
    { header: '填写说明', width: 70 },
    { header: '示例', width: 30 },
  ];
  help.getRow(1).font = { bold: true };
  for (const { field, required, help: text, example } of TEMPLATE_COLUMNS) {
    const others = HEADERS[field].slice(1);
    const explanation = others.length > 0 ? `${text}（列名也可写作：${others.join('、')}）` : text;
    const row = help.addRow([HEADERS[field][0]!, required ? '必填' : '选填', explanation, example]);
    row.getCell(3).alignment = { wrapText: true, vertical: 'top' };
    // Excel does not grow rows for wrapped text on its own: about 34 CJK characters fit a line of this column.
    row.height = 16 * Math.ceil(displayWidth(explanation) / 68) + 2;
  }
  help.addRow([]);
  // Long lines in column A run over the empty cells to their right.
  for (const line of [
    '填写方式（两种可以混用）：',
    '1. 一个任务一行：目标数量（如有）属于牵头单位，配合单位写在“配合单位”列。',
    '2. 一个任务按单位分解成多行：每行写一个“分解单位”和它的目标数量；任务名称、专委会、牵头单位、完成时限、计量单位各行相同。分解单位不是牵头单位的，即为配合单位。',
    '单位和专委会要写系统里已有的名称或简称；写错或有歧义时，导入会提示具体的行和列。',
    '导入时先检查全部行，有任何问题都不会导入，请按提示修改后重新发送。空行会跳过，最多 5000 行。',
    '可以上传 .xlsx 文件，也可以上传 .csv 文件（UTF-8 或 GBK/GB18030 编码均可）。读取第一个含有表头的工作表，本“说明”表不会导入。',
  ]) {
    help.addRow([line]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
