import type { Db, Tx } from '../db/types.ts';
import type { AlertLevel, AlertScope, DueAction } from '../domain/alerts.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { writeAudit } from './audit.ts';
import type { ChatService } from './chats.ts';

/**
 * Heavy-pollution weather alerts (重污染天气预警) and their roll-call: one copy per bound unit group, each
 * acknowledged once per unit ("收到，已启动响应"). What the copies say and when they are sent again is in
 * src/broadcasts/alerts.ts.
 */

export type AlertWithTargets = NonNullable<Awaited<ReturnType<AlertService['load']>>>;
export type AlertTarget = AlertWithTargets['targets'][number];

interface AlertActor {
  telegramId: bigint;
  displayName: string;
  role: string;
  unitId: number | null;
}

type AckResult =
  | { kind: 'acked'; unitName: string; at: Date; text: string; level: string; sends: number }
  | { kind: 'already'; by: string; at: Date }
  | { kind: 'closed' }
  | { kind: 'not-target' }
  | { kind: 'not-member'; unitName: string };

/** The unit groups an alert reaches, with their units; chatId null: a unit reached only by its robots. */
interface AlertRecipient {
  unitId: number;
  unitName: string;
  chatId: bigint | null;
}

/** A unit in an alert's scope with neither a bound group nor a robot: nothing reaches it. */
interface UnreachedUnit {
  unitId: number;
  unitName: string;
}

type HandAckResult =
  | { kind: 'acked'; alertId: number; unitName: string }
  | { kind: 'already'; unitName: string; by: string; at: Date }
  | { kind: 'none-open' }
  | { kind: 'not-target'; unitName: string };

export class AlertService {
  constructor(
    private readonly db: Db,
    private readonly chats: ChatService,
    private readonly now: () => Date,
    /** Told after an alert is recorded: the clock ticks every minute while one is open. */
    private readonly opened: () => void = () => undefined,
  ) {}

  /**
   * The bound unit groups in a scope, in the organisation's order, and the units of the scope no copy can
   * reach (no bound group, no robot), so that the office is told who was not reached; an unknown committee
   * is an error.
   */
  async recipients(scope: AlertScope): Promise<Result<{ reached: AlertRecipient[]; unreached: UnreachedUnit[] }>> {
    let unitIds: number[] | undefined;
    if (scope.kind === 'committee') {
      const committees = await this.db.committee.findMany({ select: { id: true, name: true, shortName: true, code: true, officeUnitId: true } });
      const wanted = scope.name.normalize('NFKC').toLowerCase();
      const names = (c: (typeof committees)[number]) => [c.name, c.shortName, c.code].filter((n): n is string => !!n).map((n) => n.normalize('NFKC').toLowerCase());
      let found = committees.filter((c) => names(c).includes(wanted));
      if (found.length === 0) found = committees.filter((c) => names(c).some((n) => n.startsWith(wanted)));
      if (found.length !== 1) return fail(found.length === 0 ? 'alert-committee-unknown' : 'alert-committee-ambiguous', { name: scope.name });
      const committee = found[0]!;
      const assigned = await this.db.taskAssignment.findMany({ where: { task: { committeeId: committee.id } }, select: { unitId: true } });
      unitIds = [...new Set([...assigned.map((a) => a.unitId), ...(committee.officeUnitId ? [committee.officeUnitId] : [])])];
    }
    const kind = scope.kind === 'townships' ? 'township' : scope.kind === 'departments' ? 'department' : null;
    const groups = await this.chats.unitGroups(unitIds);
    const withGroups = new Set(groups.map((g) => g.unitId));
    // A unit with robots and no Telegram group is a target too: its robots get the copies, the office its acknowledgement.
    const robotOnly = (
      await this.db.robot.findMany({
        where: { active: true, owner: 'unit', unitId: unitIds ? { in: unitIds } : { not: null } },
        select: { unitId: true, unit: { select: { name: true, kind: true, sortOrder: true } } },
      })
    ).filter((r, i, all) => r.unit && !withGroups.has(r.unitId!) && all.findIndex((o) => o.unitId === r.unitId) === i);
    const list = [
      ...groups.map((g) => ({ unitId: g.unitId, unitName: g.unitName, unitKind: g.unitKind, sortOrder: g.sortOrder, chatId: g.chatId as bigint | null })),
      ...robotOnly.map((r) => ({ unitId: r.unitId!, unitName: r.unit!.name, unitKind: r.unit!.kind, sortOrder: r.unit!.sortOrder, chatId: null })),
    ]
      .filter((g) => kind === null || g.unitKind === kind)
      .sort((a, b) => a.sortOrder - b.sortOrder || a.unitId - b.unitId)
      .map((g) => ({ unitId: g.unitId, unitName: g.unitName, chatId: g.chatId }));
    if (list.length === 0) return fail('alert-no-groups');
    const reached = new Set(list.map((r) => r.unitId));
    const unreached = (
      await this.db.unit.findMany({
        where: { ...(unitIds ? { id: { in: unitIds } } : {}), ...(kind ? { kind } : {}) },
        select: { id: true, name: true },
        orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }],
      })
    )
      .filter((u) => !reached.has(u.id))
      .map((u) => ({ unitId: u.id, unitName: u.name }));
    return ok({ reached: list, unreached });
  }

  /** Records an alert and its targets (first copy counted as sent now), calling `owe` in the same transaction. */
  async create(
    by: { telegramId: bigint; chatId: bigint },
    input: { level: AlertLevel; text: string; scope: AlertScope; recipients: AlertRecipient[]; unreached?: readonly UnreachedUnit[] },
    owe: (tx: Tx, alert: AlertWithTargets) => Promise<void>,
  ): Promise<AlertWithTargets> {
    const now = this.now();
    const created = await this.db.$transaction(async (tx) => {
      const unreached = (input.unreached ?? []).map((u) => u.unitName).join('\n');
      const alert = await tx.alert.create({ data: { level: input.level, text: input.text, createdByTelegramId: by.telegramId, createdAt: now, unreached } });
      await tx.alertTarget.createMany({
        data: input.recipients.map((r) => ({ alertId: alert.id, unitId: r.unitId, chatId: r.chatId, sends: 1, lastSentAt: now })),
      });
      const loaded = (await AlertService.loadWith(tx, alert.id))!;
      await writeAudit(tx, {
        at: now,
        actorTelegramId: by.telegramId,
        chatId: by.chatId,
        action: 'alert.create',
        entity: 'alert',
        entityId: alert.id,
        after: { level: input.level, scope: input.scope, groups: input.recipients.length, unreached: input.unreached?.map((u) => u.unitName) ?? [] },
      });
      await owe(tx, loaded);
      return loaded;
    });
    this.opened();
    return created;
  }

  load(alertId: number) {
    return AlertService.loadWith(this.db, alertId);
  }

  static loadWith(db: Db | Tx, alertId: number) {
    return db.alert.findUnique({
      where: { id: alertId },
      include: { targets: { include: { unit: { select: { name: true, parentId: true, sortOrder: true, robots: { where: { active: true }, select: { kind: true } } } } }, orderBy: [{ unit: { sortOrder: 'asc' } }, { unitId: 'asc' }, { id: 'asc' }] } },
    });
  }

  /** The latest alert (open first if any). */
  async latest(openOnly = false): Promise<AlertWithTargets | null> {
    const row = await this.db.alert.findFirst({ where: openOnly ? { status: 'open' } : {}, orderBy: { id: 'desc' }, select: { id: true } });
    return row ? this.load(row.id) : null;
  }

  /**
   * A press of "received" in a unit group. The presser must belong to the group's unit (or be the office);
   * the first press of a unit counts for all of that unit's copies, later ones change nothing.
   */
  async acknowledge(alertId: number, chatId: bigint, actor: AlertActor): Promise<AckResult> {
    const now = this.now();
    return this.db.$transaction(async (tx) => {
      const alert = await tx.alert.findUnique({ where: { id: alertId } });
      const target = alert && (await tx.alertTarget.findUnique({ where: { alertId_chatId: { alertId, chatId } }, include: { unit: { select: { name: true } } } }));
      if (!alert || !target) return { kind: 'not-target' } as const;
      if (actor.role !== 'admin' && actor.unitId !== target.unitId) {
        await writeAudit(tx, { at: now, actorTelegramId: actor.telegramId, chatId, action: 'alert.ack-refused', entity: 'alert', entityId: alertId, after: { unit: target.unit.name, actorUnitId: actor.unitId } });
        return { kind: 'not-member', unitName: target.unit.name } as const;
      }
      if (target.ackedAt) return { kind: 'already', by: target.ackedByName ?? '', at: target.ackedAt } as const;
      if (alert.status !== 'open') return { kind: 'closed' } as const;
      const claimed = await tx.alertTarget.updateMany({
        where: { alertId, unitId: target.unitId, ackedAt: null },
        data: { ackedAt: now, ackedByTelegramId: actor.telegramId, ackedByName: actor.displayName },
      });
      if (claimed.count === 0) {
        const fresh = await tx.alertTarget.findUniqueOrThrow({ where: { id: target.id } });
        return { kind: 'already', by: fresh.ackedByName ?? '', at: fresh.ackedAt ?? now } as const;
      }
      await writeAudit(tx, { at: now, actorTelegramId: actor.telegramId, chatId, action: 'alert.ack', entity: 'alert', entityId: alertId, after: { unit: target.unit.name, who: actor.displayName } });
      return { kind: 'acked', unitName: target.unit.name, at: now, text: alert.text, level: alert.level, sends: target.sends } as const;
    });
  }

  /**
   * The office records a unit's acknowledgement of the latest open alert taken another way (a call: "电话确认"),
   * for a unit its robots reached; audited like a press, and the first one counts.
   */
  async acknowledgeByHand(unit: { id: number; name: string }, note: string, actor: AlertActor, chatId: bigint): Promise<HandAckResult> {
    const now = this.now();
    return this.db.$transaction(async (tx) => {
      const alert = await tx.alert.findFirst({ where: { status: 'open' }, orderBy: { id: 'desc' } });
      if (!alert) return { kind: 'none-open' } as const;
      const targets = await tx.alertTarget.findMany({ where: { alertId: alert.id, unitId: unit.id } });
      if (targets.length === 0) return { kind: 'not-target', unitName: unit.name } as const;
      const acked = targets.find((t) => t.ackedAt);
      if (acked) return { kind: 'already', unitName: unit.name, by: acked.ackedByName ?? '', at: acked.ackedAt! } as const;
      await tx.alertTarget.updateMany({
        where: { alertId: alert.id, unitId: unit.id, ackedAt: null },
        data: { ackedAt: now, ackedByTelegramId: actor.telegramId, ackedByName: actor.displayName, ackNote: note },
      });
      await writeAudit(tx, { at: now, actorTelegramId: actor.telegramId, chatId, action: 'alert.ack-by-hand', entity: 'alert', entityId: alert.id, after: { unit: unit.name, who: actor.displayName, note } });
      return { kind: 'acked', alertId: alert.id, unitName: unit.name } as const;
    });
  }

  async openIds(): Promise<number[]> {
    return (await this.db.alert.findMany({ where: { status: 'open' }, select: { id: true }, orderBy: { id: 'asc' } })).map((a) => a.id);
  }

  /**
   * Claims what the tick found due, each copy and each escalation once whoever else ticks (a conditional update
   * of the target: a racing tick that got there first leaves the count moved on), and owes what was claimed in
   * the same transaction; `owe` answers to whom the escalations went, for the audit row. Returns how many targets
   * were claimed.
   */
  async claimDue(
    alert: AlertWithTargets,
    due: readonly DueAction[],
    owe: (tx: Tx, claimed: { resent: { target: AlertTarget; send: number }[]; escalated: AlertTarget[] }) => Promise<string[]>,
  ): Promise<number> {
    const now = this.now();
    const byId = new Map(alert.targets.map((t) => [t.id, t]));
    return this.db.$transaction(async (tx) => {
      const resent: { target: AlertTarget; send: number }[] = [];
      const escalated: AlertTarget[] = [];
      for (const item of due) {
        const target = byId.get(item.targetId)!;
        if (item.action === 'resend') {
          const claimed = await tx.alertTarget.updateMany({ where: { id: target.id, sends: item.send - 1, ackedAt: null }, data: { sends: item.send, lastSentAt: now } });
          if (claimed.count === 1) resent.push({ target, send: item.send });
        } else {
          const claimed = await tx.alertTarget.updateMany({ where: { id: target.id, escalatedAt: null, ackedAt: null }, data: { escalatedAt: now } });
          if (claimed.count === 1) escalated.push(target);
        }
      }
      const to = await owe(tx, { resent, escalated });
      if (escalated.length > 0) {
        const units = [...new Set(escalated.map((t) => t.unit.name))];
        await writeAudit(tx, { at: now, action: 'alert.escalate', entity: 'alert', entityId: alert.id, after: { units, to } });
      }
      return resent.length + escalated.length;
    });
  }

  /** Closes the latest open alert; null when none is open. */
  async closeLatest(by: { telegramId: bigint; chatId: bigint }): Promise<AlertWithTargets | null> {
    const now = this.now();
    const open = await this.db.alert.findFirst({ where: { status: 'open' }, orderBy: { id: 'desc' }, select: { id: true } });
    if (!open) return null;
    const closed = await this.db.$transaction(async (tx) => {
      const changed = await tx.alert.updateMany({ where: { id: open.id, status: 'open' }, data: { status: 'closed', closedAt: now } });
      if (changed.count === 0) return false;
      await writeAudit(tx, { at: now, actorTelegramId: by.telegramId, chatId: by.chatId, action: 'alert.close', entity: 'alert', entityId: open.id });
      return true;
    });
    return closed ? this.load(open.id) : null;
  }
}
