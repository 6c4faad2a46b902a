import { mkdir, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { Message } from 'grammy/types';
import type { EvidenceInput } from '../domain/reports.ts';
import type { Services } from '../container.ts';
import type { BotContext } from './context.ts';

/**
 * The photo or document that goes with a command: sent with it as the caption's message, or the message
 * the command replies to. For a photo, the largest size Telegram offers.
 */
export function evidenceOf(msg: Message | undefined): { input: EvidenceInput }[] {
  const found: { input: EvidenceInput }[] = [];
  for (const m of [msg, msg?.reply_to_message]) {
    if (!m) continue;
    const photo = m.photo?.at(-1);
    if (photo) found.push({ input: { kind: 'photo', fileId: photo.file_id, fileUniqueId: photo.file_unique_id, fileName: null } });
    if (m.document) {
      found.push({ input: { kind: 'document', fileId: m.document.file_id, fileUniqueId: m.document.file_unique_id, fileName: m.document.file_name ?? null } });
    }
    if (found.length > 0) break;
  }
  return found;
}

/** Downloads a file the bot was sent. Telegram serves bots files up to 20 MB. */
export async function downloadFile(ctx: BotContext, services: Services, fileId: string): Promise<{ bytes: Buffer; path: string }> {
  const file = await ctx.api.getFile(fileId);
  if (!file.file_path) throw new Error('Telegram gave no file path');
  const root = services.config.telegramApiRoot ?? 'https://api.telegram.org';
  const response = await fetch(`${root}/file/bot${services.config.botToken}/${file.file_path}`, { signal: AbortSignal.timeout(30_000) });
  if (!response.ok) throw new Error(`file download answered ${response.status}`);
  return { bytes: Buffer.from(await response.arrayBuffer()), path: file.file_path };
}

/**
 * Keeps a copy of each evidence file (a report's, or a problem's before/after photos) next to its Telegram
 * file id; `record` stores the copy's path on the evidence row `ids[i]`. A file that cannot be fetched keeps
 * only the id (Telegram still serves it by id); the report itself is already saved.
 */
export async function keepEvidence(
  ctx: BotContext,
  services: Services,
  evidence: { input: EvidenceInput }[],
  ids: number[],
  record: (evidenceId: number, storedPath: string) => Promise<void>,
): Promise<void> {
  for (const [i, item] of evidence.entries()) {
    const id = ids[i];
    if (id === undefined) continue;
    try {
      const { bytes, path } = await downloadFile(ctx, services, item.input.fileId);
      await mkdir(services.config.evidenceDir, { recursive: true });
      const ext = extname(item.input.fileName ?? path).replace(/[^.\w]/g, '').slice(0, 10) || (item.input.kind === 'photo' ? '.jpg' : '');
      const stored = join(services.config.evidenceDir, `${item.input.fileUniqueId.replace(/[^\w-]/g, '_')}${ext}`);
      await writeFile(stored, bytes);
      await record(id, stored);
    } catch (error) {
      services.logger.warn({ evidenceId: id, err: String(error) }, 'evidence copy not kept');
    }
  }
}
