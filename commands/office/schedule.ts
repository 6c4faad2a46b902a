import { z } from 'zod';
import { defineCommand } from '../../src/bot/registry.ts';
import { answer, t } from '../../src/bot/reply.ts';
import { isClockTime } from '../../src/domain/schedule.ts';
import { JOB_NAMES, TIME_SETTINGS, type JobName } from '../../src/scheduler/scheduler.ts';
import { ANYWHERE, OFFICE } from '../shared/places.ts';

const JOB_WORDS: Record<string, JobName> = {
  reminders: 'reminders', reminder: 'reminders', 提醒: 'reminders',
  escalations: 'escalations', escalation: 'escalations', 升级: 'escalations',
  digest: 'digest', 日报: 'digest',
  bulletin: 'bulletin', 通报: 'bulletin',
};

export default defineCommand({
  name: 'schedule',
  roles: OFFICE,
  places: ANYWHERE,
  args: z.union([
    z.tuple([]).transform(() => null),
    z.tuple([
      z.string().transform((w, zctx) => JOB_WORDS[w.toLowerCase()] ?? (zctx.addIssue({ code: 'custom', message: 'args-schedule' }), z.NEVER)),
      z.string().normalize('NFKC').refine(isClockTime, 'args-schedule-time'),
    ]),
  ], { error: 'args-schedule' }),
  async handler(ctx, change, services) {
    if (change) {
      const [job, time] = change;
      const key = `schedule.${TIME_SETTINGS[job]}`;
      const before = (await services.db.setting.findUnique({ where: { key } }))?.value ?? null;
      await services.db.$transaction(async (tx) => {
        await tx.setting.upsert({ where: { key }, create: { key, value: time }, update: { value: time } });
        await tx.auditLog.create({
          data: { actorTelegramId: ctx.actor.telegramId, chatId: ctx.where.chatId, action: 'schedule.set', entity: 'setting', entityId: key, before: JSON.stringify(before), after: JSON.stringify(time) },
        });
      });
    }
    const times = await services.scheduler.times();
    const lines = [t(ctx, change ? 'schedule-changed' : 'schedule-title')];
    for (const job of JOB_NAMES) lines.push(t(ctx, 'schedule-line', { job: ctx.t(`schedule-job-${job}`), time: times[job] }));
    const rules = services.config.rules.schedule;
    lines.push(t(ctx, rules.workdaysOnly ? 'schedule-workdays' : 'schedule-every-day'));
    if (rules.quietHours) lines.push(t(ctx, 'schedule-quiet', { from: rules.quietHours.from, to: rules.quietHours.to }));
    return answer(ctx, lines.join('\n'));
  },
});
