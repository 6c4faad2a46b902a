import { z } from 'zod';
import { defineCommand } from '../../src/bot/registry.ts';
import { answer, t } from '../../src/bot/reply.ts';
import { JOB_NAMES, type JobName } from '../../src/domain/schedule.ts';
import { parseClockTime } from '../../src/domain/typed-date.ts';
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
      z.string().transform((w, zctx) => parseClockTime(w) ?? (zctx.addIssue({ code: 'custom', message: 'args-schedule-time' }), z.NEVER)),
    ]),
  ], { error: 'args-schedule' }),
  async handler(ctx, change, services) {
    if (change) await services.schedule.setTime({ actor: ctx.actor, chatId: ctx.where.chatId }, change[0], change[1]);
    const times = await services.schedule.times();
    const lines = [t(ctx, change ? 'schedule-changed' : 'schedule-title')];
    for (const job of JOB_NAMES) lines.push(t(ctx, 'schedule-line', { job: t(ctx, `schedule-job-${job}`), time: times[job] }));
    const rules = services.config.rules.schedule;
    lines.push(t(ctx, rules.workdaysOnly ? 'schedule-workdays' : 'schedule-every-day'));
    if (rules.quietHours) lines.push(t(ctx, 'schedule-quiet', { from: rules.quietHours.from, to: rules.quietHours.to }));
    return answer(ctx, lines.join('\n'));
  },
});
