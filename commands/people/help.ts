import { z } from 'zod';
import { commandsFor } from '../../src/bot/menus.ts';
import { defineCommand, descriptionKey, usageKey } from '../../src/bot/registry.ts';
import { answer, t } from '../../src/bot/reply.ts';
import { ANYWHERE, PUBLIC } from '../shared/places.ts';
import { standingOf } from '../../src/domain/roles.ts';

export default defineCommand({
  name: 'help',
  roles: PUBLIC,
  places: ANYWHERE,
  args: z.array(z.string().regex(/^\/?[a-z_]{1,32}$/i, 'args-help-command')).max(1, 'args-help-command'),
  async handler(ctx, [wanted], services) {
    // Only what this person may use in this chat: a /help that offers refusals is worse than none.
    const usable = commandsFor(services.commands, [standingOf(ctx.actor)], [ctx.where.place]);
    if (wanted) {
      const name = wanted.replace(/^\//, '').toLowerCase();
      const def = usable.find((c) => c.name === name);
      if (!def) return answer(ctx, t(ctx, 'help-unknown-command', { command: name }));
      return answer(ctx, `/${def.name} — ${t(ctx, descriptionKey(def.name))}\n${t(ctx, usageKey(def.name))}`);
    }
    const lines = usable.map((c) => `/${c.name} — ${t(ctx, descriptionKey(c.name))}`);
    return answer(ctx, [t(ctx, 'help-heading', { role: t(ctx, `role-${standingOf(ctx.actor)}`), place: t(ctx, `place-${ctx.where.place}`) }), ...lines, '', t(ctx, 'help-footer')].join('\n'));
  },
});
