import { personName } from '../domain/names.ts';
import type { Db, Member, Tx } from '../db/types.ts';
import { isUniqueViolation } from '../db/types.ts';
import type { Actor } from '../domain/actor.ts';
import { isLocale, type Locale } from '../domain/locales.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import type { Role } from '../domain/roles.ts';
import { writeAudit } from './audit.ts';
import { TtlCache } from './ttl-cache.ts';

/** The fields of a Telegram user the task force keeps. */
interface TelegramUser {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
}

/** Who a command is aimed at: a Telegram user seen in the update, or an @username typed by hand. */
export type MemberRef = { user: TelegramUser } | { username: string } | { telegramId: bigint };

type MemberRow = Member & { unit: { id: number; name: string } | null };

const withUnit = { unit: { select: { id: true, name: true } } } as const;

const displayNameOf = (user: TelegramUser): string => personName(user.first_name, user.last_name).slice(0, 128);

export class MemberService {
  private readonly cache = new TtlCache<bigint, MemberRow | null>(60_000);

  /**
   * `announce` runs in the transaction that changes a member's role: on PostgreSQL it notifies the other
   * instances (see src/db/session.ts), which drop their cached row, so a grant or a revoke holds everywhere at
   * once. SQLite runs one instance; this one's cache is dropped right after the change.
   */
  constructor(
    private readonly db: Db,
    private readonly adminIds: ReadonlySet<number>,
    private readonly announce: (tx: Tx, telegramId: bigint) => Promise<void> = async () => undefined,
  ) {}

  /** Another instance changed this member: read them afresh at their next update. */
  forget(telegramId: bigint): void {
    this.cache.delete(telegramId);
  }

  /** Changes may have been missed (the notifications' connection was lost): read everyone afresh. */
  forgetAll(): void {
    this.cache.clear();
  }

  /**
   * The actor behind an update. The user is recorded the first time they are seen, and again when their
   * name changes, so that `/grant @username` can find them; a steady user costs no write.
   */
  async actorFor(user: TelegramUser): Promise<Actor> {
    return this.toActor(await this.observe(user));
  }

  async observe(user: TelegramUser): Promise<MemberRow> {
    const telegramId = BigInt(user.id);
    const known = await this.cache.get(telegramId, () => this.load(telegramId));
    const displayName = displayNameOf(user);
    const username = user.username?.toLowerCase() ?? null;
    if (known && known.displayName === displayName && known.username === username) return known;
    const row = await this.upsert(telegramId, displayName, username);
    this.cache.set(telegramId, row);
    return row;
  }

  async find(ref: MemberRef): Promise<MemberRow | null> {
    if ('user' in ref) return this.observe(ref.user);
    if ('telegramId' in ref) return this.load(ref.telegramId);
    return this.db.member.findFirst({
      where: { username: ref.username.replace(/^@/, '').toLowerCase() },
      orderBy: { updatedAt: 'desc' },
      include: withUnit,
    });
  }

  toActor(row: MemberRow): Actor {
    const isConfiguredAdmin = this.adminIds.has(Number(row.telegramId));
    return {
      telegramId: row.telegramId,
      memberId: row.id,
      displayName: row.displayName,
      username: row.username,
      role: isConfiguredAdmin ? 'admin' : (row.role as Role),
      unitId: row.unitId,
      unitName: row.unit?.name ?? null,
      locale: isLocale(row.locale) ? row.locale : null,
    };
  }

  /** Gives a member a role (and, for a liaison, the unit they speak for). */
  async grant(by: Actor, target: MemberRow, role: Role, unitId: number | null, chatId: bigint): Promise<Result<MemberRow>> {
    if (role === 'liaison' && unitId === null) return fail('grant-liaison-needs-unit');
    // A member of no unit is no one's member: they would see nothing but the how-to.
    if (role === 'member' && unitId === null) return fail('grant-member-needs-unit');
    if (this.adminIds.has(Number(target.telegramId)) && role !== 'admin') {
      return fail('grant-configured-admin', { name: target.displayName });
    }
    return ok(await this.changeRole(by, target, role, unitId, chatId, 'member.grant'));
  }

  async revoke(by: Actor, target: MemberRow, chatId: bigint): Promise<Result<MemberRow>> {
    if (this.adminIds.has(Number(target.telegramId))) return fail('grant-configured-admin', { name: target.displayName });
    return ok(await this.changeRole(by, target, 'member', null, chatId, 'member.revoke'));
  }

  async setLocale(actor: Actor, locale: Locale): Promise<void> {
    await this.db.member.update({ where: { telegramId: actor.telegramId }, data: { locale } });
    this.cache.delete(actor.telegramId);
  }

  /** Keeps a person out of the morning mentions until a date (null: back now). */
  async setAway(actor: Actor, until: string | null): Promise<void> {
    await this.db.member.update({ where: { telegramId: actor.telegramId }, data: { awayUntil: until } });
    this.cache.delete(actor.telegramId);
  }

  /** The office's people: those the configuration names and those granted admin. */
  async admins(): Promise<bigint[]> {
    const granted = await this.db.member.findMany({ where: { role: 'admin' }, select: { telegramId: true } });
    return [...new Set([...[...this.adminIds].map(BigInt), ...granted.map((m) => m.telegramId)])];
  }

  /** The liaisons of the given units, with when they are away until: the reminders mention them. */
  liaisonsOf(unitIds: readonly number[], tx: Db | Tx = this.db): Promise<{ telegramId: bigint; displayName: string; unitId: number | null; awayUntil: string | null }[]> {
    return tx.member.findMany({
      where: { role: 'liaison', unitId: { in: [...unitIds] } },
      select: { telegramId: true, displayName: true, unitId: true, awayUntil: true },
    });
  }

  /** The leaders of the given posts (the units of the responsibility chain they are granted for). */
  leadersOf(postIds: readonly number[], tx: Db | Tx = this.db): Promise<{ telegramId: bigint; unitId: number | null }[]> {
    if (postIds.length === 0) return Promise.resolve([]);
    return tx.member.findMany({ where: { role: 'leader', unitId: { in: [...postIds] } }, select: { telegramId: true, unitId: true } });
  }

  private async changeRole(
    by: Actor,
    target: MemberRow,
    role: Role,
    unitId: number | null,
    chatId: bigint,
    action: string,
  ): Promise<MemberRow> {
    const row = await this.db.$transaction(async (tx) => {
      const updated = await tx.member.update({ where: { id: target.id }, data: { role, unitId }, include: withUnit });
      await writeAudit(tx, {
        actorTelegramId: by.telegramId,
        chatId,
        action,
        entity: 'member',
        entityId: target.id,
        before: { role: target.role, unit: target.unit?.name ?? null },
        after: { role, unit: updated.unit?.name ?? null },
      });
      await this.announce(tx, target.telegramId);
      return updated;
    });
    this.cache.delete(target.telegramId);
    return row;
  }

  private load(telegramId: bigint): Promise<MemberRow | null> {
    return this.db.member.findUnique({ where: { telegramId }, include: withUnit });
  }

  private async upsert(telegramId: bigint, displayName: string, username: string | null): Promise<MemberRow> {
    try {
      return await this.db.member.upsert({
        where: { telegramId },
        create: { telegramId, displayName, username },
        update: { displayName, username },
        include: withUnit,
      });
    } catch (error) {
      // Two first updates from the same person raced; the other one created the row.
      if (!isUniqueViolation(error)) throw error;
      return (await this.load(telegramId))!;
    }
  }
}
