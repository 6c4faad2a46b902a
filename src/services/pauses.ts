import type { Db } from '../db/types.ts';
import type { ActionContext } from '../domain/actor.ts';
import { writeAudit } from './audit.ts';
import type { OrgService } from './org.ts';

/** A unit's morning reminders stopped until a date (its work still counts in the digest). */
export class PauseService {
  constructor(
    private readonly db: Db,
    private readonly org: OrgService,
  ) {}

  /** Pauses a unit's reminders up to and including `until`, or resumes them (null); audited. */
  async pauseReminders(by: ActionContext, unit: { id: number; remindersPausedUntil: string | null }, until: string | null): Promise<void> {
    await this.db.$transaction(async (tx) => {
      await tx.unit.update({ where: { id: unit.id }, data: { remindersPausedUntil: until } });
      await writeAudit(tx, { actorTelegramId: by.actor.telegramId, chatId: by.chatId, action: 'unit.pause', entity: 'unit', entityId: unit.id, before: unit.remindersPausedUntil, after: until });
    });
    this.org.invalidate();
  }
}
