import { z } from 'zod';
import { defineCommand } from '../../src/bot/registry.ts';
import { answer, t } from '../../src/bot/reply.ts';
import { ANYWHERE, EVERYONE } from '../shared/places.ts';

/** The order unit kinds are listed in: the ones that get tasks first. */
const KIND_ORDER = ['department', 'township', 'leader', 'district', 'grid', 'other'];

export default defineCommand({
  name: 'units',
  roles: EVERYONE,
  places: ANYWHERE,
  args: z.tuple([]),
  async handler(ctx, _args, services) {
    const units = await services.org.units();
    if (units.length === 0) return answer(ctx, t(ctx, 'units-empty'));
    const byId = new Map(units.map((u) => [u.id, u]));
    const lines: string[] = [];
    const kinds = [...new Set(units.map((u) => u.kind))].sort((a, b) => rank(a) - rank(b));
    for (const kind of kinds) {
      const ofKind = units.filter((u) => u.kind === kind);
      lines.push('', t(ctx, 'units-heading', { kind: t(ctx, `unit-kind-${kind}`), count: ofKind.length }));
      for (const unit of ofKind) {
        lines.push(
          t(ctx, 'units-line', {
            name: unit.name,
            alias: unit.shortName ?? '-',
            head: [unit.headTitle, unit.headName].filter(Boolean).join(' ') || '-',
            parent: (unit.parentId && byId.get(unit.parentId)?.name) || '-',
            bound: unit.chats.length > 0 ? t(ctx, 'units-bound') : t(ctx, 'units-unbound'),
          }),
        );
      }
    }
    return answer(ctx, [t(ctx, 'units-title', { count: units.length }), ...lines].join('\n'));
  },
});

const rank = (kind: string) => (KIND_ORDER.indexOf(kind) + KIND_ORDER.length + 1) % (KIND_ORDER.length + 1);
