/**
 * A small read-through cache for rows read on every update (the member, the chat binding, the units).
 * Writes in this process invalidate at once; the TTL bounds staleness from other instances. Callers that miss
 * together share one load (a burst after a start or an invalidation reads the row once, not once per update),
 * and a load that an invalidation overtook answers its callers but is not kept.
 */
export class TtlCache<K, V> {
  private readonly entries = new Map<K, { value: V; expiresAt: number }>();
  private readonly loading = new Map<K, Promise<V>>();
  /** Bumped by every write: a load started before one is not kept. */
  private generation = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxEntries = 10_000,
  ) {}

  get(key: K, load: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > this.now()) return Promise.resolve(hit.value);
    const inFlight = this.loading.get(key);
    if (inFlight) return inFlight;
    const generation = this.generation;
    const loaded = load().then(
      (value) => {
        if (this.loading.get(key) === loaded) this.loading.delete(key);
        if (this.generation === generation) this.keep(key, value);
        return value;
      },
      (error: unknown) => {
        if (this.loading.get(key) === loaded) this.loading.delete(key);
        throw error;
      },
    );
    this.loading.set(key, loaded);
    return loaded;
  }

  set(key: K, value: V): void {
    this.generation++;
    this.loading.delete(key);
    this.keep(key, value);
  }

  delete(key: K): void {
    this.generation++;
    this.loading.delete(key);
    this.entries.delete(key);
  }

  clear(): void {
    this.generation++;
    this.loading.clear();
    this.entries.clear();
  }

  private keep(key: K, value: V): void {
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, { value, expiresAt: this.now() + this.ttlMs });
  }
}
