import { InputFile } from 'grammy';
import { z } from 'zod';
import { downloadFile } from '../../src/bot/evidence.ts';
import { defineCommand } from '../../src/bot/registry.ts';
import { answer, answerError, t } from '../../src/bot/reply.ts';
import { taskCode } from '../../src/domain/tasks.ts';
import { answerErrors } from '../shared/errors.ts';

const ERRORS_SHOWN = 30;
const MAX_BYTES = 10 * 1024 * 1024;

export default defineCommand({
  name: 'import',
  roles: ['admin'],
  places: ['admin', 'private'],
  args: z.array(z.enum(['template', '模板'], { error: 'args-import' })).max(1, 'args-import'),
  async handler(ctx, [word], services) {
    if (word) {
      const template = await services.taskSheets.template();
      await ctx.replyWithDocument(new InputFile(template, '重点工作清单模板.xlsx'), { caption: t(ctx, 'import-template-caption') });
      return;
    }
    // The file comes with the command as its caption, or the command replies to it.
    const document = ctx.msg?.document ?? ctx.msg?.reply_to_message?.document;
    if (!document) return answer(ctx, `${t(ctx, 'import-needs-file')}\n${t(ctx, 'cmd-import-usage')}`);
    if ((document.file_size ?? 0) > MAX_BYTES) return answer(ctx, t(ctx, 'import-too-big'));
    const { bytes } = await downloadFile(ctx, services, document.file_id);
    const sheet = await services.taskSheets.read(bytes, document.file_name ?? 'tasks.xlsx');
    if (!sheet.ok) {
      const lines = sheet.errors.map((e) =>
        e.row === 0 ? t(ctx, e.key, e.vars) : t(ctx, 'import-error-line', { row: e.row, column: e.column || '-', message: t(ctx, e.key, e.vars) }),
      );
      return answerErrors(ctx, lines, ERRORS_SHOWN, { head: t(ctx, 'import-rejected', { count: sheet.errors.length }) });
    }
    const created = await services.tasks.createMany({ actor: ctx.actor, chatId: ctx.where.chatId }, sheet.tasks);
    if (!created.ok) return answerError(ctx, created.error);
    const codes = created.value.map((task) => taskCode(task.id));
    return answer(ctx, t(ctx, 'import-done', { count: codes.length, first: codes[0] ?? '', last: codes.at(-1) ?? '' }));
  },
});
