/** Pure builders for the Telegram objects a test pushes: users, chats, and the command entity Telegram adds. */
import type { Chat, User } from 'grammy/types';

export function user(
  id: number,
  opts: { first_name?: string; last_name?: string; username?: string; language_code?: string; is_bot?: boolean } = {},
): User {
  const u: User = { id, is_bot: opts.is_bot ?? false, first_name: opts.first_name ?? `User${id}` };
  if (opts.last_name !== undefined) u.last_name = opts.last_name;
  if (opts.username !== undefined) u.username = opts.username;
  if (opts.language_code !== undefined) u.language_code = opts.language_code;
  return u;
}

export function privateChat(u: User): Chat.PrivateChat {
  const c: Chat.PrivateChat = { id: u.id, type: 'private', first_name: u.first_name };
  if (u.last_name !== undefined) c.last_name = u.last_name;
  if (u.username !== undefined) c.username = u.username;
  return c;
}

/** A supergroup chat. Real supergroup ids look like -100xxxxxxxxxx. */
export function group(id: number, title: string): Chat.SupergroupChat {
  return { id, type: 'supergroup', title };
}

/** bot_command entity for text starting with a command token (`/cmd` or `/cmd@botname`), like Telegram. */
export function commandEntities(text: string | undefined): Array<{ type: 'bot_command'; offset: number; length: number }> | undefined {
  if (text === undefined) return undefined;
  const m = /^\/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,64})?(?![A-Za-z0-9_@])/.exec(text);
  return m ? [{ type: 'bot_command', offset: 0, length: m[0].length }] : undefined;
}
