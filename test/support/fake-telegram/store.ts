/** What the fake knows: chats, users, messages, files, commands, chat members, failed chats, open callback queries. */
import type { BotCommand, Chat, ChatMember, Message, Update, User, UserFromGetMe } from 'grammy/types';
import { badRequest } from './errors.ts';
import type { ChatError, StoredFile } from './types.ts';
import { asObject, asString, chatKey, randomToken } from './values.ts';

export interface StoredMessage {
  message: Message;
  fromBot: boolean;
  /** raw text/caption + parse mode as sent, for "message is not modified" */
  raw?: string;
}

export class Store {
  readonly chats = new Map<string, Chat>();
  readonly users = new Map<number, User>();
  readonly messages = new Map<string, Map<number, StoredMessage>>();
  readonly lastMessageId = new Map<string, number>();
  readonly files = new Map<string, StoredFile>();
  readonly filesByPath = new Map<string, StoredFile>();
  private fileCounter = 0;
  readonly myCommands = new Map<string, BotCommand[]>();
  readonly members = new Map<string, ChatMember>();
  /** chat|user of everyone who has written in a chat: they are its members, as far as the fake knows. */
  readonly speakers = new Set<string>();
  readonly failedChats = new Map<string, ChatError>();
  readonly openCallbackQueries = new Set<string>();
  callbackCounter = 0;

  constructor(readonly botUser: UserFromGetMe) {}

  learnFromUpdate(u: Update): void {
    const msgs = [u.message, u.edited_message, u.channel_post, u.edited_channel_post];
    for (const m of msgs) {
      if (!m) continue;
      this.rememberChat(m.chat);
      if (m.from) {
        this.users.set(m.from.id, m.from);
        this.speakers.add(`${chatKey(m.chat.id)}|${m.from.id}`);
      }
      this.storeMessage(m, false);
    }
    if (u.callback_query) {
      this.users.set(u.callback_query.from.id, u.callback_query.from);
      this.openCallbackQueries.add(u.callback_query.id);
      const m = u.callback_query.message;
      if (m) this.rememberChat(m.chat);
    }
    if (u.my_chat_member) this.rememberChat(u.my_chat_member.chat);
    if (u.chat_member) this.rememberChat(u.chat_member.chat);
  }

  addFile(fileId: string, bytes: Uint8Array, filePath?: string): StoredFile {
    const existing = this.files.get(fileId);
    if (existing) this.filesByPath.delete(existing.file_path);
    this.fileCounter++;
    const f: StoredFile = {
      file_id: fileId,
      file_unique_id: `AQAD${randomToken(12)}`,
      file_path: filePath ?? `documents/file_${this.fileCounter}.dat`,
      bytes: Buffer.from(bytes),
    };
    this.files.set(fileId, f);
    this.filesByPath.set(f.file_path, f);
    return f;
  }

  setChatMember(chatId: number | string, member: { user: User; status: ChatMember['status'] } & Record<string, unknown>): void {
    const defaults: Record<string, unknown> =
      member.status === 'administrator'
        ? {
            can_be_edited: false, is_anonymous: false, can_manage_chat: true, can_delete_messages: true,
            can_manage_video_chats: true, can_restrict_members: true, can_promote_members: false, can_change_info: true,
            can_invite_users: true, can_post_stories: false, can_edit_stories: false, can_delete_stories: false,
            can_pin_messages: true, can_manage_topics: false,
          }
        : member.status === 'creator'
          ? { is_anonymous: false }
          : {};
    this.users.set(member.user.id, member.user);
    this.members.set(`${chatKey(chatId)}|${member.user.id}`, { ...defaults, ...member } as unknown as ChatMember);
  }

  getMessage(chatId: number | string, messageId: number): Message | undefined {
    return this.messages.get(chatKey(chatId))?.get(messageId)?.message;
  }

  // ── chat/message/file state helpers ──

  rememberChat(chat: Chat): void {
    this.chats.set(chatKey(chat.id), chat);
  }

  resolveChat(chatId: unknown): Chat {
    if (chatId === undefined || chatId === null || chatId === '') throw badRequest('chat_id is empty');
    const key = chatKey(chatId);
    const known = this.chats.get(key);
    if (known) return known;
    if (key.startsWith('@')) {
      for (const c of this.chats.values()) if ('username' in c && c.username?.toLowerCase() === key.slice(1)) return c;
      throw badRequest('chat not found');
    }
    const id = Number(key);
    if (!Number.isSafeInteger(id) || id === 0) throw badRequest('chat not found');
    const chat: Chat =
      id > 0
        ? { id, type: 'private', first_name: this.users.get(id)?.first_name ?? `User${id}` }
        : { id, type: 'supergroup', title: `Group ${id}` };
    this.rememberChat(chat);
    return chat;
  }

  nextMessageId(key: string): number {
    const n = (this.lastMessageId.get(key) ?? 0) + 1;
    this.lastMessageId.set(key, n);
    return n;
  }

  storeMessage(message: Message, fromBot: boolean, raw?: string): void {
    const key = chatKey(message.chat.id);
    let perChat = this.messages.get(key);
    if (!perChat) this.messages.set(key, (perChat = new Map()));
    const stored: StoredMessage = { message, fromBot };
    if (raw !== undefined) stored.raw = raw;
    perChat.set(message.message_id, stored);
    this.lastMessageId.set(key, Math.max(this.lastMessageId.get(key) ?? 0, message.message_id));
  }

  registerFile(bytes: Uint8Array, dir: string, ext: string, fileId?: string, prefix = 'BQAC'): StoredFile {
    this.fileCounter++;
    const id = fileId ?? `${prefix}AgADAQADAgAD${randomToken(24)}${this.fileCounter}`;
    const f = this.addFile(id, bytes, `${dir}/file_${this.fileCounter}.${ext}`);
    return f;
  }

  /** Whether a user is in a chat: set as a member (and not gone), or has written there. */
  isMember(chatId: number | string, userId: number): boolean {
    const key = `${chatKey(chatId)}|${userId}`;
    const set = this.members.get(key);
    if (set) return set.status !== 'left' && set.status !== 'kicked';
    return this.speakers.has(key);
  }

  commandsKey(scope: unknown, languageCode: unknown): string {
    const s = asObject(scope) ?? { type: 'default' };
    const parts = [String(s.type ?? 'default')];
    if (s.chat_id !== undefined) parts.push(`chat=${chatKey(s.chat_id)}`);
    if (s.user_id !== undefined) parts.push(`user=${String(s.user_id)}`);
    return `${parts.join(',')}|${asString(languageCode) ?? ''}`;
  }
}
