// A small bounded LRU map (by entry count and optional total size), for memoising parses and results.
// The size of an entry is what `sizeOf` says of its value and key together: a cache keyed by request
// text (queries, header values) must weigh its keys, or unique long keys grow it past any byte bound.

export class Lru<K, V> {
  private readonly map = new Map<K, { value: V; size: number }>();
  private total = 0;
  hits = 0;
  misses = 0;

  /** `maxEntries` entries at most; with `sizeOf` (of the value and its key), also `maxSize` units (e.g. bytes) at most. */
  constructor(
    private readonly maxEntries: number,
    private readonly maxSize = Number.POSITIVE_INFINITY,
    private readonly sizeOf: (value: V, key: K) => number = () => 0,
  ) {}

  get(key: K): V | undefined {
    const entry = this.map.get(key);
    if (!entry) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.map.delete(key);
    this.map.set(key, entry);
    return entry.value;
  }

  set(key: K, value: V): void {
    const size = this.sizeOf(value, key);
    if (size > this.maxSize) return; // larger than the whole cache: not kept
    const old = this.map.get(key);
    if (old) {
      this.total -= old.size;
      this.map.delete(key);
    }
    this.map.set(key, { value, size });
    this.total += size;
    for (const [k, e] of this.map) {
      if (this.map.size <= this.maxEntries && this.total <= this.maxSize) break;
      this.map.delete(k);
      this.total -= e.size;
    }
  }

  delete(key: K): void {
    const entry = this.map.get(key);
    if (!entry) return;
    this.map.delete(key);
    this.total -= entry.size;
  }

  get size(): number {
    return this.map.size;
  }
  get totalSize(): number {
    return this.total;
  }
}
