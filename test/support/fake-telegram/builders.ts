/**
 * Builders for what a test pushes and what the fake answers with: users, chats, messages, callback queries, and the
 * photo and document objects of stored files. The first four are pure; the rest use (and fill) the fake's store.
 */
import type { Chat, Message, PhotoSize, Update, User } from 'grammy/types';
import type { Store } from './store.ts';
import type { CallbackQueryInput, MessageInput, StoredFile, UpdateInput } from './types.ts';
import { chatKey, unixNow } from './values.ts';

export const MIME_BY_EXT: Record<string, string> = {
  pdf: 'application/pdf', txt: 'text/plain', csv: 'text/csv', json: 'application/json', zip: 'application/zip',
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp',
  doc: 'application/msword', xls: 'application/vnd.ms-excel',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

// ── builders (pure) ──

export function user(
  id: number,
  opts: { first_name?: string; last_name?: string; username?: string; language_code?: string; is_bot?: boolean } = {},
): User {
  const u: User = { id, is_bot: opts.is_bot ?? false, first_name: opts.first_name ?? `User${id}` };
  if (opts.last_name !== undefined) u.last_name = opts.last_name;
  if (opts.username !== undefined) u.username = opts.username;
  if (opts.language_code !== undefined) u.language_code = opts.language_code;
  return u;
}

export function privateChat(u: User): Chat.PrivateChat {
  const c: Chat.PrivateChat = { id: u.id, type: 'private', first_name: u.first_name };
  if (u.last_name !== undefined) c.last_name = u.last_name;
  if (u.username !== undefined) c.username = u.username;
  return c;
}

/** A supergroup chat. Real supergroup ids look like -100xxxxxxxxxx. */
export function group(id: number, title: string): Chat.SupergroupChat {
  return { id, type: 'supergroup', title };
}

/** bot_command entity for text starting with a command token (`/cmd` or `/cmd@botname`), like Telegram. */
export function commandEntities(text: string | undefined): Array<{ type: 'bot_command'; offset: number; length: number }> | undefined {
  if (text === undefined) return undefined;
  const m = /^\/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,64})?(?![A-Za-z0-9_@])/.exec(text);
  return m ? [{ type: 'bot_command', offset: 0, length: m[0].length }] : undefined;
}

// ── builders bound to chat state ──

export function buildMessage(store: Store, input: MessageInput): UpdateInput & { message: NonNullable<Update['message']> } {
  const chat = input.chat ?? privateChat(input.from);
  const key = chatKey(chat.id);
  const message_id = input.messageId ?? store.nextMessageId(key);
  if (input.messageId !== undefined) store.lastMessageId.set(key, Math.max(store.lastMessageId.get(key) ?? 0, input.messageId));
  const date = input.date === undefined ? unixNow() : input.date instanceof Date ? Math.floor(input.date.getTime() / 1000) : input.date;
  const m: Record<string, unknown> = { message_id, from: input.from, chat, date };
  if (input.messageThreadId !== undefined) m.message_thread_id = input.messageThreadId;
  if (input.replyTo !== undefined) {
    m.reply_to_message =
      typeof input.replyTo === 'number'
        ? store.getMessage(chat.id, input.replyTo) ?? { message_id: input.replyTo, chat, date, from: store.botUser, text: '' }
        : input.replyTo;
  }
  if (input.text !== undefined) {
    m.text = input.text;
    const e = commandEntities(input.text);
    if (e) m.entities = e;
  }
  if (input.photo !== undefined) {
    const p = input.photo === true ? {} : input.photo;
    const stored = store.registerFile(p.bytes ?? Buffer.from('fake-jpeg'), 'photos', 'jpg', p.fileId, 'AgAC');
    m.photo = photoSizes(store, stored, p.width ?? 1280, p.height ?? 960);
  }
  if (input.document !== undefined) {
    const d = input.document;
    const fileName = d.fileName ?? 'document.dat';
    const ext = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1] ?? 'dat';
    const stored = store.registerFile(d.bytes ?? Buffer.from('fake-document'), 'documents', ext, d.fileId, 'BQAC');
    stored.file_name = fileName;
    stored.mime_type = d.mimeType ?? MIME_BY_EXT[ext.toLowerCase()] ?? 'application/octet-stream';
    m.document = documentOf(stored);
  }
  if (input.caption !== undefined) {
    m.caption = input.caption;
    const e = commandEntities(input.caption);
    if (e) m.caption_entities = e;
  }
  return { message: m as unknown as NonNullable<Update['message']> };
}

export function buildCallbackQuery(store: Store, input: CallbackQueryInput): UpdateInput & { callback_query: NonNullable<Update['callback_query']> } {
  const chat = input.chat ?? privateChat(input.from);
  const message =
    store.getMessage(chat.id, input.messageId) ??
    ({ message_id: input.messageId, from: store.botUser, chat, date: unixNow(), text: '' } as unknown as Message);
  store.callbackCounter++;
  const id = String(BigInt(Math.abs(input.from.id)) * 1_000_000n + BigInt(store.callbackCounter));
  return {
    callback_query: {
      id,
      from: input.from,
      message,
      chat_instance: String(BigInt(Math.abs(chat.id)) * 7919n + 13n),
      data: input.data,
    },
  };
}

export function photoSizes(store: Store, f: StoredFile, width: number, height: number): PhotoSize[] {
  const scale = Math.min(1, 90 / Math.max(width, height));
  const thumbId = `${f.file_id}_s`;
  if (!store.files.has(thumbId)) store.addFile(thumbId, f.bytes, `${f.file_path.replace(/(\.[^.]+)?$/, '_s$1')}`);
  const thumb = store.files.get(thumbId)!;
  return [
    { file_id: thumb.file_id, file_unique_id: thumb.file_unique_id, width: Math.round(width * scale), height: Math.round(height * scale), file_size: thumb.bytes.length },
    { file_id: f.file_id, file_unique_id: f.file_unique_id, width, height, file_size: f.bytes.length },
  ];
}

export function documentOf(f: StoredFile): Record<string, unknown> {
  const d: Record<string, unknown> = { file_id: f.file_id, file_unique_id: f.file_unique_id, file_size: f.bytes.length };
  if (f.file_name !== undefined) d.file_name = f.file_name;
  if (f.mime_type !== undefined) d.mime_type = f.mime_type;
  return d;
}
