import type { Db, Tx } from '../db/types.ts';
import { mention } from '../render/html.ts';
import type { MemberService } from '../services/members.ts';

/**
 * The line that calls a unit's liaisons by name in its group, per unit: HTML mentions of those not away on
 * `day` (a local date). A unit whose liaisons are all away, or who has none, has no line.
 */
export async function liaisonMentions(members: MemberService, unitIds: readonly number[], day: string, tx?: Db | Tx): Promise<Map<number, string>> {
  const lines = new Map<number, string>();
  if (unitIds.length === 0) return lines;
  for (const liaison of await members.liaisonsOf(unitIds, tx)) {
    if (liaison.unitId === null || (liaison.awayUntil && liaison.awayUntil >= day)) continue;
    const line = lines.get(liaison.unitId);
    const own = mention(liaison.telegramId, liaison.displayName);
    lines.set(liaison.unitId, line ? `${line} ${own}` : own);
  }
  return lines;
}

/** A unit's notice with its liaisons' line, if any, on top. */
export const withMentions = (text: string, line: string | undefined): string => (line ? `${line}\n${text}` : text);
