import type { Db } from '../db/types.ts';
import type { ActionContext } from '../domain/actor.ts';
import type { ScheduleRules } from '../domain/rules.ts';
import { isClockTime, JOB_NAMES, TIME_SETTINGS, type JobName } from '../domain/schedule.ts';
import { writeAudit } from './audit.ts';

const settingKey = (job: JobName) => `schedule.${TIME_SETTINGS[job]}`;

/** When the jobs run: the configured defaults, overridden by what the office set with /schedule. */
export class ScheduleService {
  constructor(
    private readonly db: Db,
    private readonly defaults: ScheduleRules,
    /** Told after a time was changed: the clock sets its next tick from the times it reads. */
    private readonly changed: () => void = () => undefined,
  ) {}

  async times(): Promise<Record<JobName, string>> {
    const settings = await this.db.setting.findMany({ where: { key: { startsWith: 'schedule.' } } });
    const set = new Map(settings.map((s) => [s.key, s.value]));
    const times = {} as Record<JobName, string>;
    for (const job of JOB_NAMES) {
      const fallback = String(this.defaults[TIME_SETTINGS[job]]);
      const value = set.get(settingKey(job)) ?? fallback;
      times[job] = isClockTime(value) ? value : fallback;
    }
    return times;
  }

  /** Moves a job to another time of day, audited. */
  async setTime(by: ActionContext, job: JobName, time: string): Promise<void> {
    const key = settingKey(job);
    await this.db.$transaction(async (tx) => {
      const before = (await tx.setting.findUnique({ where: { key } }))?.value ?? null;
      await tx.setting.upsert({ where: { key }, create: { key, value: time }, update: { value: time } });
      await writeAudit(tx, { actorTelegramId: by.actor.telegramId, chatId: by.chatId, action: 'schedule.set', entity: 'setting', entityId: key, before, after: time });
    });
    this.changed();
  }
}
