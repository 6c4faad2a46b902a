import type { Transformer } from 'grammy';

/** The calls that put something in front of a chat's members, whose order they see. */
const VISIBLE = /^(send|edit|copy|forward|delete|pin|unpin)/;

/**
 * An API transformer that makes the bot's calls to one chat that its members see happen one after the other,
 * in the order they were made: each starts once the one before it in that chat has been answered (or failed).
 * Answers need not be awaited by their handler (see answer()), and a chat's messages still arrive in order.
 * Installed outermost, so that a retried call keeps its place. Other chats' calls never wait.
 */
export function inChatOrder(): Transformer {
  const tails = new Map<string, Promise<unknown>>();
  return (prev, method, payload, signal) => {
    const chatId = (payload as { chat_id?: number | string } | undefined)?.chat_id;
    if (chatId === undefined || !VISIBLE.test(method)) return prev(method, payload, signal);
    const key = String(chatId);
    const before = tails.get(key);
    const call = before ? before.then(() => prev(method, payload, signal)) : prev(method, payload, signal);
    const settled = call.then(
      () => undefined,
      () => undefined,
    );
    tails.set(key, settled);
    // The chat is forgotten once it has nothing in flight.
    void settled.then(() => {
      if (tails.get(key) === settled) tails.delete(key);
    });
    return call;
  };
}
