/**
 * A map from text keys whose lookups mostly repeat the one before: rows of one family or one
 * desa follow each other in P3KE files. A `get` of the key last found is answered by comparing
 * the two strings, without hashing the key again; misses are not remembered.
 */
export class RepeatMap<V> {
  private readonly map = new Map<string, V>();
  private lastKey: string | null = null;
  private lastValue: V | undefined;

  get size(): number {
    return this.map.size;
  }

  get(key: string): V | undefined {
    if (key === this.lastKey) return this.lastValue;
    const value = this.map.get(key);
    if (value !== undefined) {
      this.lastKey = key;
      this.lastValue = value;
    }
    return value;
  }

  has(key: string): boolean {
    return this.map.has(key);
  }

  delete(key: string): boolean {
    if (key === this.lastKey) {
      this.lastKey = null;
      this.lastValue = undefined;
    }
    return this.map.delete(key);
  }

  set(key: string, value: V): this {
    this.map.set(key, value);
    if (key === this.lastKey) this.lastValue = value;
    return this;
  }
}
