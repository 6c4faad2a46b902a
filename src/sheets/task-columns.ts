// The columns of the key-task list (重点工作清单): the names the import recognises and the template writes.

export type Field = 'title' | 'committee' | 'lead' | 'with' | 'due' | 'quota' | 'measure' | 'unit' | 'description';

/** Header names as offices write them; the first is the template's. '单位' alone is deliberately absent: it is ambiguous. */
export const HEADERS: Record<Field, readonly string[]> = {
  title: ['任务名称', '工作任务', '任务', '重点任务', '任务事项'],
  committee: ['专委会', '专业委员会', '所属专委会', '责任专委会'],
  lead: ['牵头单位', '牵头部门'],
  with: ['配合单位', '配合部门'],
  due: ['完成时限', '截止日期', '时限', '完成时间', '截止时间'],
  quota: ['目标数量', '任务量', '数量', '目标任务量'],
  measure: ['计量单位'],
  unit: ['分解单位', '分解到单位'],
  description: ['任务描述', '备注', '说明', '工作要求'],
};
export const FIELDS = Object.keys(HEADERS) as Field[];
export const REQUIRED: readonly Field[] = ['title', 'committee', 'lead', 'due'];

/** Full-width to half-width, no spaces, no required-marks (*), no remarks in brackets: "完成时限（年月日）*" → "完成时限". */
const headerKey = (text: string): string =>
  text
    .normalize('NFKC')
    .replace(/\s+/gu, '')
    .replace(/\(.*?\)|\[.*?\]|【.*?】|〔.*?〕/gu, '')
    .replace(/[*:：]/gu, '');

const HEADER_LOOKUP = new Map<string, Field>(FIELDS.flatMap((field) => HEADERS[field].map((name) => [headerKey(name), field] as const)));

/** The field a header cell names, however the office wrote it; undefined for a column the import does not read. */
export const fieldOfHeader = (text: string): Field | undefined => HEADER_LOOKUP.get(headerKey(text));
