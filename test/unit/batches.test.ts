import { describe, expect, it } from 'vitest';
import { Batches } from '../../src/db/batches.ts';

/** A statement that answers each item doubled (after the test lets it return, or at once); it records each batch it was given. */
function statement(answerAtOnce = false) {
  const batches: number[][] = [];
  const pending: (() => void)[] = [];
  const run = (items: number[]) => {
    batches.push(items);
    if (items.includes(13)) return Promise.reject(new Error('13 is refused'));
    if (answerAtOnce) return Promise.resolve(items.map((i) => i * 2));
    return new Promise<number[]>((resolve) => pending.push(() => resolve(items.map((i) => i * 2))));
  };
  const returnAll = () => pending.splice(0).forEach((answer) => answer());
  return { run, batches, returnAll };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('Batches (group commit)', () => {
  it('sends the items of one turn together, and answers each in order', async () => {
    const s = statement();
    const batches = new Batches(s.run, 1);
    const answers = Promise.all([1, 2, 3].map((i) => batches.add(i)));
    await turn();
    s.returnAll();
    expect(await answers).toEqual([2, 4, 6]);
    expect(s.batches).toEqual([[1, 2, 3]]);
  });

  it('holds items that come while the batches in flight are at their limit, and sends them together when one returns', async () => {
    const s = statement();
    const batches = new Batches(s.run, 1);
    const first = batches.add(1);
    await turn();
    const later = [2, 3, 4].map((i) => batches.add(i));
    await turn();
    expect(s.batches).toEqual([[1]]);
    s.returnAll();
    expect(await first).toBe(2);
    await turn();
    s.returnAll();
    expect(await Promise.all(later)).toEqual([4, 6, 8]);
    expect(s.batches).toEqual([[1], [2, 3, 4]]);
  });

  it('caps a batch at its size', async () => {
    const s = statement();
    const batches = new Batches(s.run, 2, 2);
    const answers = Promise.all([1, 2, 3, 4, 5].map((i) => batches.add(i)));
    await turn();
    expect(s.batches).toEqual([[1, 2], [3, 4]]);
    s.returnAll();
    await turn();
    await turn();
    s.returnAll();
    expect(await answers).toEqual([2, 4, 6, 8, 10]);
    expect(s.batches).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('tries a failed batch again item by item, in order: the bad item fails alone', async () => {
    const s = statement(true);
    const batches = new Batches(s.run, 1);
    const answers = Promise.allSettled([1, 13, 3].map((i) => batches.add(i)));
    expect(await answers).toEqual([
      { status: 'fulfilled', value: 2 },
      { status: 'rejected', reason: new Error('13 is refused') },
      { status: 'fulfilled', value: 6 },
    ]);
    expect(s.batches).toEqual([[1, 13, 3], [1], [13], [3]]);
  });
});
