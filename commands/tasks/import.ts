import { InlineKeyboard, InputFile } from 'grammy';
import { z } from 'zod';
import type { BotContext } from '../../src/bot/context.ts';
import { downloadFile } from '../../src/bot/evidence.ts';
import { defineCommand } from '../../src/bot/registry.ts';
import { answer, t, translator } from '../../src/bot/reply.ts';
import { noticeEvents } from '../../src/broadcasts/notices.ts';
import type { Services } from '../../src/container.ts';
import { localTime } from '../../src/domain/calendar.ts';
import { buttonData, buttonPrefix, parseButton } from '../../src/render/buttons.ts';
import { importUnitNotices, importWrites, renderImportPlan, sheetErrorLine } from '../../src/render/task-import.ts';
import type { ImportSheet } from '../../src/services/task-import.ts';
import { answerErrors } from '../shared/errors.ts';

const ERRORS_SHOWN = 30;
const MAX_BYTES = 10 * 1024 * 1024;
const DRAFT_KIND = 'import';

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
    const fileName = document.file_name ?? 'tasks.xlsx';
    const read = await services.taskSheets.read(bytes, fileName);
    if (!read.ok) {
      const lines = read.errors.map((e) => sheetErrorLine(translator(ctx), e));
      return answerErrors(ctx, lines, ERRORS_SHOWN, { head: t(ctx, 'import-rejected', { count: read.errors.length }) });
    }
    // Nothing is written before Confirm: the preview says what it would do, row by row.
    const sheet: ImportSheet = { fileName, tasks: read.tasks, rejected: read.rejected };
    const plan = await services.taskImports.preview(sheet);
    const text = renderImportPlan(translator(ctx), plan, t(ctx, 'import-preview-heading', { file: fileName }));
    if (!importWrites(plan)) return answer(ctx, `${text}\n\n${t(ctx, plan.rows.some((r) => r.outcome === 'unchanged') ? 'import-nothing-to-do' : 'import-nothing-importable')}`);
    const id = await services.drafts.save(DRAFT_KIND, ctx.actor.telegramId, ctx.where.chatId, sheet);
    const keyboard = new InlineKeyboard().text(t(ctx, 'import-confirm-button'), buttonData.importConfirm('confirm', id)).text(t(ctx, 'import-cancel-button'), buttonData.importConfirm('cancel', id));
    return answer(ctx, `${text}\n\n${t(ctx, 'import-confirm-hint')}`, { reply_markup: keyboard });
  },
  buttons: {
    prefix: buttonPrefix('importConfirm'),
    async handler(ctx, data, services) {
      const button = parseButton('importConfirm', data);
      if (!button) return void (await ctx.answerCallbackQuery({ text: t(ctx, 'button-stale'), show_alert: true }));
      await finish(ctx, button[0], button[1], services);
    },
  },
});

/** Confirm or Cancel under a preview: one press finishes the draft, a second finds it gone. */
async function finish(ctx: BotContext, verb: 'confirm' | 'cancel', id: number, services: Services): Promise<void> {
  const opened = await services.drafts.open<ImportSheet>(DRAFT_KIND, id, ctx.actor.telegramId);
  if (!opened.ok || !(await services.drafts.finish(id))) {
    await ctx.answerCallbackQuery({ text: t(ctx, opened.ok ? 'draft-gone' : opened.error.key), show_alert: true });
    return;
  }
  await ctx.answerCallbackQuery();
  const sheet = opened.value;
  if (verb === 'cancel') return void (await ctx.editMessageText(t(ctx, 'import-cancelled', { file: sheet.fileName })));
  // Planned again as the tasks stand now: a file whose tasks came in since the preview adds nothing.
  const plan = await services.taskImports.apply({ actor: ctx.actor, chatId: BigInt(ctx.chat!.id) }, sheet);
  const { notices, told: announced } = importUnitNotices(plan);
  const groups = await services.broadcasts.notices.toEachUnit(noticeEvents.tasksImported(ctx.update.update_id), notices);
  await services.tasks.markAnnounced(announced);
  const held = services.broadcasts.notices.heldUntil();
  const told =
    groups === 0 ? t(ctx, 'import-told-none') : held ? t(ctx, 'import-told-later', { groups, time: localTime(held, services.config.timeZone) }) : t(ctx, 'import-told', { groups });
  const text = renderImportPlan(translator(ctx), plan, t(ctx, 'import-applied', { file: sheet.fileName }));
  await ctx.editMessageText(`${text}\n\n${told}`, { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
}
