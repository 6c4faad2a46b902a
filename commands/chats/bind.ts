import { z } from 'zod';
import { defineCommand } from '../../src/bot/registry.ts';
import { answer, answerError, t } from '../../src/bot/reply.ts';
import type { BindTarget } from '../../src/services/chats.ts';
import { IN_GROUPS, OFFICE } from '../shared/places.ts';

/** Words that bind a group to the leadership or the office instead of a unit. */
const SPECIAL_TARGETS: Record<string, Exclude<BindTarget['kind'], 'unit'>> = {
  leadership: 'leadership',
  领导: 'leadership',
  领导小组: 'leadership',
  admin: 'admin',
  office: 'admin',
  办公室: 'admin',
};

export default defineCommand({
  name: 'bind',
  roles: OFFICE,
  places: IN_GROUPS,
  args: z
    .array(z.string())
    .min(1, 'args-bind-target')
    .transform((tokens) => tokens.join(' ')),
  async handler(ctx, target, services) {
    const special = SPECIAL_TARGETS[target.toLowerCase()];
    let bindTarget: BindTarget;
    let unitName = '';
    if (special) {
      bindTarget = { kind: special };
    } else {
      const unit = await services.org.resolveUnit(target);
      if (!unit.ok) return answerError(ctx, unit.error);
      bindTarget = { kind: 'unit', unitId: unit.value.id };
      unitName = unit.value.name;
    }
    const bound = await services.chats.bind(ctx.actor, ctx.chat!, bindTarget);
    if (!bound.ok) return answerError(ctx, bound.error);
    services.org.invalidate();
    await services.menus.publishForChat(ctx.chat!.id, bindTarget.kind);
    const before = bound.value.before;
    const lines = [t(ctx, `bind-done-${bindTarget.kind}`, { unit: unitName })];
    if (before && (before.kind !== bindTarget.kind || before.unitId !== bound.value.after.unitId)) {
      lines.push(t(ctx, 'bind-moved', { before: before.unit?.name ?? t(ctx, `place-${before.kind}`) }));
    }
    return answer(ctx, lines.join('\n'));
  },
});
