import { splitMessage } from './html.ts';
import type { OwedMessage } from '../delivery/outbox.ts';

/**
 * A prompt the bot sends to be answered by replying: its text starts with this mark and the command line
 * to complete (e.g. "📝 /report T12"), and the reply's text is appended to that line.
 */
export const PROMPT_MARK = '📝';

/**
 * An HTML text owed to a chat, as one message or, past Telegram's 4,096 characters, several, each under
 * its own key (`<key>`, `<key>:part:2`, …) so every part is sent once. Extra parameters (a keyboard) go
 * with the last part.
 */
export function htmlMessages(
  key: string,
  chatId: bigint,
  kind: string,
  text: string,
  extra: Record<string, unknown> = {},
  notBefore?: Date,
): OwedMessage[] {
  const parts = splitMessage(text);
  return parts.map((part, i) => ({
    key: i === 0 ? key : `${key}:part:${i + 1}`,
    chatId,
    kind,
    method: 'sendMessage',
    params: { text: part, parse_mode: 'HTML', link_preview_options: { is_disabled: true }, ...(i === parts.length - 1 ? extra : {}) },
    ...(notBefore ? { notBefore } : {}),
  }));
}
