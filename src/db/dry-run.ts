import type { Db } from './types.ts';

/** Thrown to end a dry run's transaction: it carries the result out while everything written is rolled back. */
class RolledBack<T> {
  constructor(readonly result: T) {}
}

/**
 * Runs `fn` on a client whose every statement belongs to one transaction that is always rolled back: the real
 * services and jobs run on the real data, and nothing they write is kept. A service's own `$transaction`
 * becomes part of the outer one. On SQLite the app's other writers wait until it ends, so keep `fn` short.
 */
export async function dryRun<T>(db: Db, fn: (db: Db) => Promise<T>, timeoutMs = 60_000): Promise<T> {
  try {
    await db.$transaction(
      async (tx) => {
        const inside = new Proxy(tx, {
          get(target, property, receiver) {
            if (property === '$transaction') {
              // Both forms: a callback, or a batch of statements (already bound to this transaction), run in order.
              return async (work: ((client: unknown) => Promise<unknown>) | readonly Promise<unknown>[]) => {
                if (typeof work === 'function') return work(inside);
                const results: unknown[] = [];
                for (const statement of work) results.push(await statement);
                return results;
              };
            }
            return Reflect.get(target, property, receiver);
          },
        }) as unknown as Db;
        throw new RolledBack(await fn(inside));
      },
      { timeout: timeoutMs, maxWait: timeoutMs },
    );
  } catch (error) {
    if (error instanceof RolledBack) return error.result as T;
    throw error;
  }
  throw new Error('a dry run committed');
}
