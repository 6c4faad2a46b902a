import { z } from 'zod';
import { clip } from '../../src/render/format.ts';
import { defineCommand } from '../../src/bot/registry.ts';
import { badArgumentsText } from '../../src/bot/router.ts';
import { answer, answerError, t } from '../../src/bot/reply.ts';
import { typedDate } from '../shared/dates.ts';
import { TASK_LIMITS, taskCode } from '../../src/domain/tasks.ts';
import type { TaskEdit } from '../../src/services/tasks.ts';
import { ANYWHERE, OFFICE } from '../shared/places.ts';
import { taskIdOf } from '../shared/task-args.ts';
import { lengthOf } from '../../src/domain/text.ts';

type EditField = 'title' | 'due' | 'description' | 'measure' | 'committee' | 'quota';

const FIELD_NAMES: Record<string, EditField> = {
  title: 'title', 标题: 'title', 名称: 'title', 任务名称: 'title',
  due: 'due', 时限: 'due', 完成时限: 'due', 截止: 'due',
  note: 'description', description: 'description', 说明: 'description', 描述: 'description',
  measure: 'measure', 计量单位: 'measure',
  committee: 'committee', 专委会: 'committee',
  quota: 'quota', 目标: 'quota', 任务量: 'quota',
};

const DUE_ITEM = /^(.+?)=(.+)$/u;
const QUOTA_ITEM = /^(.+?)\s*[=＝:：]\s*(\d{1,10}(?:\.\d{1,4})?|-)$/u;

export default defineCommand({
  name: 'edit',
  roles: OFFICE,
  places: ANYWHERE,
  args: z
    .array(z.string())
    .min(2, 'args-edit')
    .transform((tokens, zctx) => {
      // Normalised only to find the field: the value is kept as written.
      const change = /^([^:：]+)[:：]\s*(.*)$/su.exec(tokens.slice(1).join(' '));
      const field = change ? FIELD_NAMES[change[1]!.normalize('NFKC').trim().toLowerCase()] : undefined;
      const taskId = taskIdOf(tokens[0], zctx);
      if (taskId === null) return z.NEVER;
      if (!change || !field) {
        zctx.addIssue({ code: 'custom', message: 'args-edit' });
        return z.NEVER;
      }
      const value = change[2]!.trim();
      const max = field === 'title' ? TASK_LIMITS.title : field === 'description' ? TASK_LIMITS.note : TASK_LIMITS.field;
      if (lengthOf(value) > max) {
        zctx.addIssue({ code: 'custom', message: 'args-text-too-long', params: { max } });
        return z.NEVER;
      }
      if (field === 'title' && value === '') {
        zctx.addIssue({ code: 'custom', message: 'args-newtask-title' });
        return z.NEVER;
      }
      return { taskId, field, value };
    }),
  async handler(ctx, { taskId, field, value }, services) {
    let change: TaskEdit;
    switch (field) {
      case 'title':
        change = { field: 'title', value };
        break;
      case 'description':
      case 'measure':
        change = { field, value: value === '' || value === '-' ? null : value };
        break;
      case 'due': {
        // 时限: 12月15日 [原因], the task's and every part still on it; 时限: 城关镇=12月15日 [原因], one unit's.
        const [first = '', ...rest] = value.split(/\s+/u);
        const one = DUE_ITEM.exec(first.normalize('NFKC'));
        let unitId: number | null = null;
        if (one) {
          const unit = await services.org.resolveUnit(one[1]!);
          if (!unit.ok) return answerError(ctx, unit.error);
          unitId = unit.value.id;
        }
        const typed = one ? one[2]! : first;
        const date = typedDate(services, typed);
        if (date === null) return answer(ctx, badArgumentsText(ctx, 'edit', { key: 'args-bad-date', vars: { text: clip(typed) } }));
        const reason = rest.join(' ').trim();
        change = { field: 'dueDate', value: date, unitId, reason: reason === '' ? null : reason };
        break;
      }
      case 'committee': {
        const committee = await services.org.resolveCommittee(value);
        if (!committee.ok) return answerError(ctx, committee.error);
        change = { field: 'committeeId', value: committee.value.id };
        break;
      }
      case 'quota': {
        const quotas: { unitId: number; quota: number | null }[] = [];
        for (const item of value.normalize('NFKC').split(/[,，、;；]+/u).map((s) => s.trim()).filter(Boolean)) {
          const match = QUOTA_ITEM.exec(item);
          if (!match) return answer(ctx, badArgumentsText(ctx, 'edit', { key: 'args-newtask-quota', vars: { item: clip(item) } }));
          const unit = await services.org.resolveUnit(match[1]!);
          if (!unit.ok) return answerError(ctx, unit.error);
          const quota = match[2] === '-' ? null : Number(match[2]);
          if (quota !== null && !(quota > 0)) return answer(ctx, badArgumentsText(ctx, 'edit', { key: 'args-newtask-quota', vars: { item } }));
          quotas.push({ unitId: unit.value.id, quota });
        }
        if (quotas.length === 0) return answer(ctx, badArgumentsText(ctx, 'edit'));
        change = { field: 'quota', value: quotas };
        break;
      }
    }
    const edited = await services.tasks.edit({ actor: ctx.actor, chatId: ctx.where.chatId }, taskId, change);
    if (!edited.ok) return answerError(ctx, edited.error);
    return answer(ctx, t(ctx, 'edit-done', { code: taskCode(taskId), field: t(ctx, `edit-field-${field}`) }));
  },
});
