/**
 * A few recent results of slow async work by key (travel networks and matrices of scenario versions): concurrent
 * callers share one promise, a failed promise is forgotten so the next call retries, and the oldest entries are
 * dropped beyond `max` (they hold whole matrices).
 */
export class PromiseCache<K, V> {
  private readonly entries = new Map<K, Promise<V>>();
  constructor(private readonly max: number) {}

  get(key: K, make: () => Promise<V>): Promise<V> {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = make();
      entry.catch(() => this.entries.delete(key));
      this.entries.set(key, entry);
      while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
    }
    return entry;
  }
}
