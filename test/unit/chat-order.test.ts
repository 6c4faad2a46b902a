import { describe, expect, it } from 'vitest';
import type { Transformer } from 'grammy';
import { inChatOrder } from '../../src/bot/chat-order.ts';

type Prev = Parameters<Transformer>[0];

/** A Bot API that answers each call only when the test says so; it records the calls as they start. */
function heldApi() {
  const started: string[] = [];
  const answers = new Map<string, { ok: () => void; fail: () => void }>();
  const prev = ((method: string, payload: { chat_id?: number; text?: string }) => {
    const label = `${method}:${payload.chat_id ?? '-'}:${payload.text ?? ''}`;
    started.push(label);
    return new Promise((resolve, reject) => answers.set(label, { ok: () => resolve({ ok: true, result: label }), fail: () => reject(new Error(`${label} failed`)) }));
  }) as unknown as Prev;
  return { prev, started, answer: (label: string) => answers.get(label)!.ok(), fail: (label: string) => answers.get(label)!.fail() };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('inChatOrder (a chat reads the bot’s messages in the order they were sent)', () => {
  it('starts a chat’s next call only once the one before it was answered or failed; other chats and reads do not wait', async () => {
    const api = heldApi();
    const ordered = inChatOrder();
    const call = (method: string, payload: object) => ordered(api.prev, method as never, payload as never);
    const first = call('sendMessage', { chat_id: 1, text: 'a' });
    const second = call('sendMessage', { chat_id: 1, text: 'b' });
    const third = call('editMessageText', { chat_id: 1, text: 'c' });
    void call('sendMessage', { chat_id: 2, text: 'x' });
    void call('getChatMember', { chat_id: 1 });
    await turn();
    expect(api.started).toEqual(['sendMessage:1:a', 'sendMessage:2:x', 'getChatMember:1:']);

    api.fail('sendMessage:1:a');
    await expect(first).rejects.toThrow('sendMessage:1:a failed');
    await turn();
    // A failed call gives way: what comes after it is not lost with it.
    expect(api.started.at(-1)).toBe('sendMessage:1:b');
    api.answer('sendMessage:1:b');
    await expect(second).resolves.toEqual({ ok: true, result: 'sendMessage:1:b' });
    await turn();
    expect(api.started.at(-1)).toBe('editMessageText:1:c');
    api.answer('editMessageText:1:c');
    await third;
    await turn();

    // With nothing in flight, a chat's call starts at once.
    void call('sendMessage', { chat_id: 1, text: 'd' });
    expect(api.started.at(-1)).toBe('sendMessage:1:d');
  });
});
