import type { ChatBinding, Db, Tx } from '../db/types.ts';
import type { Actor, ChatView } from '../domain/actor.ts';
import { placeOf, type ChatKind } from '../domain/roles.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { writeAudit } from './audit.ts';
import { TtlCache } from './ttl-cache.ts';

interface TelegramChat {
  id: number;
  type: string;
  title?: string;
}

type BindingRow = ChatBinding & { unit: { id: number; name: string } | null };

export type BindTarget = { kind: 'unit'; unitId: number } | { kind: Exclude<ChatKind, 'unit'> };

const withUnit = { unit: { select: { id: true, name: true } } } as const;

/** A unit's group, as the morning jobs and alerts address it. */
interface UnitGroup {
  chatId: bigint;
  unitId: number;
  unitName: string;
  unitKind: string;
  sortOrder: number;
  remindersPausedUntil: string | null;
}

/**
 * The one chat directory: which groups are bound to what (the office's, the leadership's, each unit's), and
 * binding them. Every "the chats of kind X" question is asked here. Pass `tx` to read inside a transaction.
 */
export class ChatService {
  private readonly cache = new TtlCache<bigint, BindingRow | null>(60_000);

  constructor(private readonly db: Db) {}

  async officeChats(tx: Db | Tx = this.db): Promise<bigint[]> {
    return (await tx.chatBinding.findMany({ where: { kind: 'admin', active: true }, select: { chatId: true }, orderBy: { chatId: 'asc' } })).map((c) => c.chatId);
  }

  async leadershipChats(tx: Db | Tx = this.db): Promise<bigint[]> {
    return (await tx.chatBinding.findMany({ where: { kind: 'leadership', active: true }, select: { chatId: true }, orderBy: { chatId: 'asc' } })).map((c) => c.chatId);
  }

  /** The unit and leadership groups: where each admin's menu differs from everyone else's (src/bot/menus.ts). */
  async memberMenuGroups(): Promise<{ chatId: bigint; place: 'unit' | 'leadership' }[]> {
    const rows = await this.db.chatBinding.findMany({ where: { kind: { in: ['unit', 'leadership'] }, active: true }, select: { chatId: true, kind: true }, orderBy: { chatId: 'asc' } });
    return rows.map((r) => ({ chatId: r.chatId, place: r.kind as 'unit' | 'leadership' }));
  }

  /** The groups of the given units (every unit's when none are given). */
  async unitGroups(unitIds?: readonly number[], tx: Db | Tx = this.db): Promise<UnitGroup[]> {
    const rows = await tx.chatBinding.findMany({
      where: { kind: 'unit', active: true, unitId: unitIds ? { in: [...unitIds] } : { not: null } },
      select: { chatId: true, unitId: true, unit: { select: { name: true, kind: true, sortOrder: true, remindersPausedUntil: true } } },
    });
    return rows
      .filter((r) => r.unitId !== null && r.unit)
      .map((r) => ({ chatId: r.chatId, unitId: r.unitId!, unitName: r.unit!.name, unitKind: r.unit!.kind, sortOrder: r.unit!.sortOrder, remindersPausedUntil: r.unit!.remindersPausedUntil }))
      .sort((a, b) => a.sortOrder - b.sortOrder || a.unitId - b.unitId || (a.chatId < b.chatId ? -1 : a.chatId > b.chatId ? 1 : 0));
  }

  /**
   * What to call each chat in a listing: a bound group by its title (or its unit's name), a private chat by
   * the person's name; an id nobody knows is left out.
   */
  async names(chatIds: readonly bigint[]): Promise<Map<bigint, { name: string; private: boolean }>> {
    const ids = [...new Set(chatIds)];
    const [bindings, people] = await Promise.all([
      this.db.chatBinding.findMany({ where: { chatId: { in: ids } }, select: { chatId: true, title: true, kind: true, unit: { select: { name: true } } } }),
      this.db.member.findMany({ where: { telegramId: { in: ids } }, select: { telegramId: true, displayName: true } }),
    ]);
    const names = new Map<bigint, { name: string; private: boolean }>();
    for (const p of people) names.set(p.telegramId, { name: p.displayName, private: true });
    for (const b of bindings) names.set(b.chatId, { name: b.title ?? b.unit?.name ?? b.kind, private: false });
    return names;
  }

  async viewOf(chat: TelegramChat): Promise<ChatView> {
    const chatId = BigInt(chat.id);
    const row = chat.type === 'private' ? null : await this.binding(chatId);
    // A group the bot was removed from reads as unbound when it is back, until it is bound again.
    const binding = row?.active ? row : null;
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
      const data = { kind: target.kind, unitId, title: chat.title ?? null, active: true };
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

  /**
   * A group became a supergroup under a new id: its binding, the messages still owed to it and its alert
   * targets move to the new id, audited. Telegram says so twice (migrate_to_chat_id in the old group,
   * migrate_from_chat_id in the new one); the second finds nothing left to move and returns null.
   */
  async migrate(from: bigint, to: bigint): Promise<{ binding: BindingRow; messages: number; alertTargets: number } | null> {
    const moved = await this.db.$transaction(async (tx) => {
      const binding = await tx.chatBinding.findUnique({ where: { chatId: from }, include: withUnit });
      if (!binding || (await tx.chatBinding.findUnique({ where: { chatId: to }, select: { id: true } }))) return null;
      const after = await tx.chatBinding.update({ where: { chatId: from }, data: { chatId: to }, include: withUnit });
      const messages = (await tx.outbox.updateMany({ where: { chatId: from, status: { in: ['pending', 'sending'] } }, data: { chatId: to } })).count;
      const alertTargets = (await tx.alertTarget.updateMany({ where: { chatId: from }, data: { chatId: to } })).count;
      await writeAudit(tx, {
        chatId: to,
        action: 'chat.migrate',
        entity: 'chat',
        entityId: to.toString(),
        before: { chatId: from.toString() },
        after: { chatId: to.toString(), kind: after.kind, unit: after.unit?.name ?? null, messages, alertTargets },
      });
      return { binding: after, messages, alertTargets };
    });
    this.cache.delete(from);
    this.cache.delete(to);
    return moved;
  }

  /**
   * The bot was removed from a group: its binding stays, inactive, so nothing more is addressed to it and the
   * office can see what it was. Null when it was not bound, or already inactive (the office was told then).
   */
  async deactivate(chatId: bigint, byTelegramId: bigint | null, status: string): Promise<BindingRow | null> {
    const result = await this.db.$transaction(async (tx) => {
      const before = await tx.chatBinding.findUnique({ where: { chatId }, include: withUnit });
      if (!before?.active) return null;
      const after = await tx.chatBinding.update({ where: { chatId }, data: { active: false }, include: withUnit });
      await writeAudit(tx, {
        actorTelegramId: byTelegramId,
        chatId,
        action: 'chat.bot-removed',
        entity: 'chat',
        entityId: chatId.toString(),
        before: { kind: before.kind, unit: before.unit?.name ?? null, active: true },
        after: { active: false, status },
      });
      return after;
    });
    this.cache.delete(chatId);
    return result;
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
