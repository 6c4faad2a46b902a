import type { ChatBinding, Db } from '../db/types.ts';
import type { Actor, ChatView } from '../domain/actor.ts';
import { placeOf, type ChatKind } from '../domain/roles.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { writeAudit } from './audit.ts';
import { TtlCache } from './ttl-cache.ts';

export interface TelegramChat {
  id: number;
  type: string;
  title?: string;
}

type BindingRow = ChatBinding & { unit: { id: number; name: string } | null };

export type BindTarget = { kind: 'unit'; unitId: number } | { kind: Exclude<ChatKind, 'unit'> };

const withUnit = { unit: { select: { id: true, name: true } } } as const;

export class ChatService {
  private readonly cache = new TtlCache<bigint, BindingRow | null>(60_000);

  constructor(private readonly db: Db) {}

  async viewOf(chat: TelegramChat): Promise<ChatView> {
    const chatId = BigInt(chat.id);
    const binding = chat.type === 'private' ? null : await this.binding(chatId);
    return {
      chatId,
      place: placeOf(chat.type, binding),
      unitId: binding?.unitId ?? null,
      unitName: binding?.unit?.name ?? null,
      title: chat.title ?? null,
    };
  }

  binding(chatId: bigint): Promise<BindingRow | null> {
    return this.cache.get(chatId, () => this.db.chatBinding.findUnique({ where: { chatId }, include: withUnit }));
  }

  /** Binds a group to a unit, the leadership or the office; binding again moves it, and both are audited. */
  async bind(by: Actor, chat: TelegramChat, target: BindTarget): Promise<Result<{ before: BindingRow | null; after: BindingRow }>> {
    if (chat.type === 'private') return fail('bind-not-in-group');
    const chatId = BigInt(chat.id);
    const unitId = target.kind === 'unit' ? target.unitId : null;
    const result = await this.db.$transaction(async (tx) => {
      const before = await tx.chatBinding.findUnique({ where: { chatId }, include: withUnit });
      const data = { kind: target.kind, unitId, title: chat.title ?? null };
      const after = await tx.chatBinding.upsert({ where: { chatId }, create: { chatId, ...data }, update: data, include: withUnit });
      await writeAudit(tx, {
        actorTelegramId: by.telegramId,
        chatId,
        action: 'chat.bind',
        entity: 'chat',
        entityId: chatId.toString(),
        before: before && { kind: before.kind, unit: before.unit?.name ?? null },
        after: { kind: after.kind, unit: after.unit?.name ?? null },
      });
      return { before, after };
    });
    this.cache.delete(chatId);
    return ok(result);
  }

  async unbind(by: Actor, chatId: bigint): Promise<Result<BindingRow>> {
    const result = await this.db.$transaction(async (tx) => {
      const before = await tx.chatBinding.findUnique({ where: { chatId }, include: withUnit });
      if (!before) return null;
      await tx.chatBinding.delete({ where: { chatId } });
      await writeAudit(tx, {
        actorTelegramId: by.telegramId,
        chatId,
        action: 'chat.unbind',
        entity: 'chat',
        entityId: chatId.toString(),
        before: { kind: before.kind, unit: before.unit?.name ?? null },
      });
      return before;
    });
    this.cache.delete(chatId);
    return result ? ok(result) : fail('unbind-not-bound');
  }
}
