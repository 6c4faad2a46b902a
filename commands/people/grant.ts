import { z } from 'zod';
import { defineCommand } from '../../src/bot/registry.ts';
import { answer, answerError, t } from '../../src/bot/reply.ts';
import { isRole, type Role } from '../../src/domain/roles.ts';
import { resolveTarget, PERSON_TOKEN } from '../shared/member-target.ts';
import { ANYWHERE, OFFICE } from '../shared/places.ts';

/** Role names as people type them, in either language. */
const ROLE_WORDS: Record<string, Role> = { 管理员: 'admin', 办公室: 'admin', 领导: 'leader', 联络员: 'liaison', 成员: 'member' };

const toRole = (word: string): Role | undefined => (isRole(word.toLowerCase()) ? (word.toLowerCase() as Role) : ROLE_WORDS[word]);

export default defineCommand({
  name: 'grant',
  roles: OFFICE,
  places: ANYWHERE,
  args: z.array(z.string()).transform((tokens, zctx) => {
    const typed = tokens[0] && PERSON_TOKEN.test(tokens[0]) ? tokens[0] : null;
    let rest = typed ? tokens.slice(1) : tokens;
    // A person mentioned by name (a text mention, for people without a username) stands before the role.
    if (!typed && rest[0] && !toRole(rest[0]) && rest[1] && toRole(rest[1])) rest = rest.slice(1);
    const role = rest[0] ? toRole(rest[0]) : undefined;
    if (!role) {
      zctx.addIssue({ code: 'custom', message: 'args-grant-role', input: tokens });
      return z.NEVER;
    }
    const unit = rest.slice(1).join(' ');
    return { typed, role, unit: unit === '' ? null : unit };
  }),
  async handler(ctx, { typed, role, unit }, services) {
    const target = await resolveTarget(ctx, typed, services);
    if (!target.ok) return answerError(ctx, target.error);
    let unitId: number | null = null;
    if (unit) {
      const resolved = await services.org.resolveUnit(unit);
      if (!resolved.ok) return answerError(ctx, resolved.error);
      unitId = resolved.value.id;
    } else if ((role === 'liaison' || role === 'member') && ctx.where.place === 'unit') {
      // In a unit's own group the unit goes without saying.
      unitId = ctx.where.unitId;
    }
    const granted = await services.members.grant(ctx.actor, target.value, role, unitId, ctx.where.chatId);
    if (!granted.ok) return answerError(ctx, granted.error);
    if (role === 'admin') await services.menus.publishForAdmin(Number(granted.value.telegramId));
    else if (target.value.role === 'admin') await services.menus.clearForAdmin(Number(granted.value.telegramId));
    const member = granted.value;
    return answer(
      ctx,
      member.unit
        ? t(ctx, 'grant-done-unit', { name: member.displayName, role: t(ctx, `role-${role}`), unit: member.unit.name })
        : t(ctx, 'grant-done', { name: member.displayName, role: t(ctx, `role-${role}`) }),
    );
  },
});
