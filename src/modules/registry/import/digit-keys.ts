/**
 * A set of 16-digit identifiers (NIK) remembering the row each was first seen on: an open
 * addressing table over typed arrays, so a million NIKs take ~12 MB and no garbage, where
 * a Map of strings would take ~100 MB and most of the reading time.
 */
export class DigitKeyIndex {
  private hi: Int32Array;
  private lo: Int32Array;
  private rows: Int32Array;
  private mask: number;
  private count = 0;

  constructor(capacity = 1 << 16) {
    this.hi = new Int32Array(capacity);
    this.lo = new Int32Array(capacity);
    this.rows = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  /** The row that first held `key` (16 ASCII digits), or 0 after recording `row` (> 0) for it. */
  firstOrAdd(key: string, row: number): number {
    let hi = 0;
    let lo = 0;
    for (let i = 0; i < 8; i++) hi = hi * 10 + (key.charCodeAt(i) - 48);
    for (let i = 8; i < 16; i++) lo = lo * 10 + (key.charCodeAt(i) - 48);
    let i = this.home(hi, lo);
    for (;;) {
      const r = this.rows[i] ?? 0;
      if (r === 0) break;
      if (this.hi[i] === hi && this.lo[i] === lo) return r;
      i = (i + 1) & this.mask;
    }
    this.hi[i] = hi;
    this.lo[i] = lo;
    this.rows[i] = row;
    if (++this.count * 2 > this.mask) this.grow();
    return 0;
  }

  private grow() {
    const { hi, lo, rows } = this;
    const capacity = (this.mask + 1) * 2;
    this.hi = new Int32Array(capacity);
    this.lo = new Int32Array(capacity);
    this.rows = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.count = 0;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i] ?? 0;
      if (r !== 0) this.insertDigits(hi[i] ?? 0, lo[i] ?? 0, r);
    }
  }

  private home(hi: number, lo: number): number {
    let h = Math.imul(hi, 0x9e3779b1) ^ Math.imul(lo ^ (lo >>> 13), 0x85ebca77);
    h ^= h >>> 15;
    return h & this.mask;
  }

  private insertDigits(hi: number, lo: number, row: number) {
    let i = this.home(hi, lo);
    while ((this.rows[i] ?? 0) !== 0) i = (i + 1) & this.mask;
    this.hi[i] = hi;
    this.lo[i] = lo;
    this.rows[i] = row;
    this.count++;
  }
}
