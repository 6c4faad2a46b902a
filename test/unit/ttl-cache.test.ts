import { describe, expect, it } from 'vitest';
import { TtlCache } from '../../src/services/ttl-cache.ts';

/** A load the test answers when it likes, counting how often it was asked. */
function loader<V>() {
  const answers: ((value: V) => void)[] = [];
  let calls = 0;
  const load = () => {
    calls++;
    return new Promise<V>((resolve) => answers.push(resolve));
  };
  return { load, answer: (value: V) => answers.shift()!(value), calls: () => calls };
}

describe('TtlCache', () => {
  it('reads a row once for callers that miss together, and keeps it until its TTL', async () => {
    let now = 0;
    const cache = new TtlCache<string, string>(1000, () => now);
    const source = loader<string>();
    const together = [cache.get('m', source.load), cache.get('m', source.load), cache.get('m', source.load)];
    source.answer('王主任');
    expect(await Promise.all(together)).toEqual(['王主任', '王主任', '王主任']);
    expect(await cache.get('m', source.load)).toBe('王主任');
    expect(source.calls()).toBe(1);
    now = 1001;
    const again = cache.get('m', source.load);
    source.answer('王局长');
    expect(await again).toBe('王局长');
    expect(source.calls()).toBe(2);
  });

  it('does not keep a load that a write overtook: the next caller reads afresh', async () => {
    const cache = new TtlCache<string, string>(60_000);
    const source = loader<string>();
    const before = cache.get('m', source.load);
    cache.delete('m'); // a /grant committed while the old row was being read
    const after = cache.get('m', source.load);
    source.answer('成员');
    source.answer('联络员');
    expect([await before, await after]).toEqual(['成员', '联络员']);
    expect(await cache.get('m', source.load)).toBe('联络员');
    expect(source.calls()).toBe(2);
  });

  it('keeps a value set by a write over a load started before it', async () => {
    const cache = new TtlCache<string, string>(60_000);
    const source = loader<string>();
    const before = cache.get('m', source.load);
    cache.set('m', '新名字');
    source.answer('旧名字');
    expect(await before).toBe('旧名字');
    expect(await cache.get('m', source.load)).toBe('新名字');
  });

  it('forgets a failed load: the next caller tries again', async () => {
    const cache = new TtlCache<string, string>(60_000);
    let fail = true;
    const load = () => (fail ? Promise.reject(new Error('connection lost')) : Promise.resolve('ok'));
    await expect(cache.get('m', load)).rejects.toThrow('connection lost');
    fail = false;
    expect(await cache.get('m', load)).toBe('ok');
  });
});
