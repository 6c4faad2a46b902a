import type { BotContext } from '../../src/bot/context.ts';
import { fail, ok, type Result } from '../../src/domain/result.ts';
import type { Services } from '../../src/container.ts';
import type { MemberRef } from '../../src/services/members.ts';

/** A typed reference to a person: @username or a numeric Telegram id. */
export const PERSON_TOKEN = /^(@[A-Za-z0-9_]{4,32}|\d{1,15})$/;

/**
 * The person a /grant or /revoke is about: the typed @username or id, else a text mention
 * (people without a username), else the author of the message being replied to.
 */
export async function resolveTarget(ctx: BotContext, typed: string | null, services: Services) {
  const ref = refFrom(ctx, typed);
  if (!ref.ok) return ref;
  const member = await services.members.find(ref.value);
  if (!member) return fail('member-unknown', { who: typed ?? '' });
  return ok(member);
}

function refFrom(ctx: BotContext, typed: string | null): Result<MemberRef> {
  if (typed?.startsWith('@')) return ok({ username: typed });
  if (typed) return ok({ telegramId: BigInt(typed) });
  const mention = ctx.msg?.entities?.find((e) => e.type === 'text_mention');
  if (mention?.type === 'text_mention') return ok({ user: mention.user });
  const replied = ctx.msg?.reply_to_message?.from;
  if (replied && !replied.is_bot) return ok({ user: replied });
  return fail('member-no-target');
}
