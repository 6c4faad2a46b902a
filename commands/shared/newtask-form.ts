import { z } from 'zod';
import { clip } from '../../src/render/format.ts';
import { TASK_LIMITS } from '../../src/domain/tasks.ts';
import { lengthOf } from '../../src/domain/text.ts';

/** The one-line /newtask form as typed, before any name is resolved. */
export interface TaskForm {
  /** Only a title was given: the rest is picked with buttons. */
  guided: boolean;
  title: string;
  committee: string;
  lead: string;
  with: string[];
  due: string;
  quota: { unit: string; amount: number }[];
  measure: string | null;
  description: string | null;
}

type Field = 'committee' | 'lead' | 'with' | 'due' | 'quota' | 'description' | 'measure';

/** Field names in both languages, as the office types them. */
const FIELD_NAMES: Record<string, Field> = {
  committee: 'committee', 专委会: 'committee', 专委: 'committee', 委员会: 'committee',
  lead: 'lead', 牵头: 'lead', 牵头单位: 'lead',
  with: 'with', 配合: 'with', 配合单位: 'with',
  due: 'due', deadline: 'due', 时限: 'due', 完成时限: 'due', 截止: 'due', 截止日期: 'due',
  quota: 'quota', 目标: 'quota', 目标数量: 'quota', 任务量: 'quota',
  note: 'description', desc: 'description', description: 'description', 说明: 'description', 描述: 'description', 备注: 'description',
  measure: 'measure', 计量单位: 'measure',
};

const LIST_SEPARATORS = /[,，、;；\s]+/u;
/** unit=5, unit=2.5, unit=7 村: a number, then at most a measure made of letters (not 1e400, not 1/2). */
const QUOTA_ITEM = /^(.+?)\s*[=＝:：]\s*(\d{1,10}(?:\.\d{1,4})?)\s*(\p{L}{0,8})$/u;
/** Characters that take no room: a title of only these would show as nothing. */
const INVISIBLE = /[\u200B-\u200F\u2060-\u2064\uFEFF\u00AD]/gu;

const issue = (zctx: z.RefinementCtx, message: string, params?: Record<string, string | number>) =>
  zctx.addIssue({ code: 'custom', message, ...(params ? { params } : {}) });

/** Parses `title | committee: 水 | lead: … | with: a, b | due: 2026-11-30 | quota: a=5, b=7 村 | note: …`. */
export const taskFormArgs = z.array(z.string()).transform((tokens, zctx): TaskForm | null => {
  if (tokens.length === 0) return null;
  // Normalised only to parse (field names, quotas, dates, names resolve folded): the title, the note and the
  // measure are stored as written.
  const [titlePart, ...fieldParts] = tokens.join(' ').split(/[|｜]/u).map((s) => s.trim());
  const form: TaskForm = { guided: fieldParts.length === 0, title: titlePart ?? '', committee: '', lead: '', with: [], due: '', quota: [], measure: null, description: null };
  if (!/[\p{L}\p{N}]/u.test(form.title.replace(INVISIBLE, ''))) issue(zctx, 'args-newtask-title');
  if (lengthOf(form.title) > TASK_LIMITS.title) issue(zctx, 'args-text-too-long', { max: TASK_LIMITS.title });
  const seen = new Set<Field>();
  for (const part of fieldParts) {
    const match = /^([^:：]+)[:：]\s*(.*)$/u.exec(part);
    const field = match ? FIELD_NAMES[match[1]!.normalize('NFKC').trim().toLowerCase()] : undefined;
    if (!match || !field) {
      issue(zctx, 'args-newtask-field', { field: clip(part) });
      continue;
    }
    if (seen.has(field)) issue(zctx, 'args-newtask-repeated', { field: match[1]!.trim() });
    seen.add(field);
    const value = match[2]!.trim();
    const max = field === 'description' ? TASK_LIMITS.note : TASK_LIMITS.field;
    if (lengthOf(value) > max) issue(zctx, 'args-text-too-long', { max });
    switch (field) {
      case 'committee':
      case 'lead':
      case 'due':
        form[field] = value;
        break;
      case 'with':
        form.with = value.split(LIST_SEPARATORS).filter(Boolean);
        break;
      case 'description':
        form.description = value || null;
        break;
      case 'measure':
        form.measure = value || null;
        break;
      case 'quota':
        for (const item of value.split(/[,，、;；]+/u).map((s) => s.trim()).filter(Boolean)) {
          const quota = QUOTA_ITEM.exec(item.normalize('NFKC'));
          const amount = quota ? Number(quota[2]) : NaN;
          if (!quota || !(amount > 0) || amount > TASK_LIMITS.amount) {
            issue(zctx, 'args-newtask-quota', { item: clip(item) });
            continue;
          }
          form.quota.push({ unit: quota[1]!, amount });
          if (quota[3]) form.measure ??= quota[3];
        }
        break;
    }
  }
  if (!form.guided) {
    for (const [field, value] of [['committee', form.committee], ['lead', form.lead], ['due', form.due]] as const) {
      if (value === '') issue(zctx, 'args-newtask-missing', { field });
    }
  }
  return form;
});
