import { z } from 'zod';
import { defineCommand } from '../../src/bot/registry.ts';
import { answer, answerError, t } from '../../src/bot/reply.ts';
import type { BotContext } from '../../src/bot/context.ts';
import type { Services } from '../../src/container.ts';
import { formatDateTime } from '../../src/render/format.ts';
import { ANYWHERE, OFFICE } from '../shared/places.ts';

const TEST_WORDS = new Set(['test', '测试']);
const LEADERSHIP_WORDS = new Set(['leadership', '领导', '领导群']);
const OFFICE_WORDS = new Set(['office', 'admin', '办公室']);

/** `/robots`: every group robot with its last delivery and last error; `/robots test 城关镇`: a test message to each of its robots. */
export default defineCommand({
  name: 'robots',
  roles: OFFICE,
  places: ANYWHERE,
  args: z.union([z.tuple([]), z.tuple([z.string().refine((w) => TEST_WORDS.has(w.toLowerCase())), z.string()])], { error: 'args-robots' }),
  async handler(ctx, args, services) {
    if (args.length === 0) return answer(ctx, await listing(ctx, services));
    const target = args[1];
    const word = target.toLowerCase();
    let owner: Parameters<Services['robots']['of']>[0];
    let name: string;
    if (LEADERSHIP_WORDS.has(word)) [owner, name] = ['leadership', t(ctx, 'robot-owner-leadership')];
    else if (OFFICE_WORDS.has(word)) [owner, name] = ['office', t(ctx, 'robot-owner-office')];
    else {
      const unit = await services.org.resolveUnit(target);
      if (!unit.ok) return answerError(ctx, unit.error);
      [owner, name] = [{ unitId: unit.value.id }, unit.value.name];
    }
    const robots = await services.robots.of(owner);
    if (robots.length === 0) return answer(ctx, t(ctx, 'robots-none-for', { whose: name }));
    await services.broadcasts.notices.testRobots(ctx.update.update_id, robots, (tr) => tr('robots-test-message', { whose: name, who: ctx.actor.displayName }));
    return answer(ctx, t(ctx, 'robots-test-sent', { whose: name, count: robots.length }));
  },
});

async function listing(ctx: BotContext, services: Services): Promise<string> {
  const robots = await services.robots.list();
  if (robots.length === 0) return t(ctx, 'robots-none');
  const tz = services.config.timeZone;
  const lines = [t(ctx, 'robots-title', { count: robots.length })];
  for (const r of robots) {
    const whose = r.unitName ?? t(ctx, r.owner === 'leadership' ? 'robot-owner-leadership' : 'robot-owner-office');
    lines.push(
      t(ctx, 'robots-line', {
        whose,
        kind: t(ctx, `robot-kind-${r.kind}`),
        robot: r.label,
        sent: r.lastSentAt ? formatDateTime(r.lastSentAt, tz) : t(ctx, 'robots-never'),
      }),
    );
    if (r.lastError && r.lastErrorAt) lines.push(t(ctx, r.failing ? 'robots-error-failing' : 'robots-error', { error: r.lastError, time: formatDateTime(r.lastErrorAt, tz) }));
  }
  return lines.join('\n');
}
