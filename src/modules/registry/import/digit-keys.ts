import { ownCopy } from '../validate/types.js';

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

  /** The row that first held `key` (16 ASCII digits), or 0 when none did; nothing is recorded. */
  rowOf(key: string): number {
    let hi = 0;
    let lo = 0;
    for (let i = 0; i < 8; i++) hi = hi * 10 + (key.charCodeAt(i) - 48);
    for (let i = 8; i < 16; i++) lo = lo * 10 + (key.charCodeAt(i) - 48);
    let i = this.home(hi, lo);
    for (;;) {
      const r = this.rows[i] ?? 0;
      if (r === 0) return 0;
      if (this.hi[i] === hi && this.lo[i] === lo) return r;
      i = (i + 1) & this.mask;
    }
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

/** 6-bit codes of the characters a packed key may hold (0 = not packable). */
const CODE = new Int8Array(128);
for (let c = 0; c < 10; c++) CODE[48 + c] = 1 + c;
for (let c = 0; c < 26; c++) {
  CODE[65 + c] = 11 + c;
  CODE[97 + c] = 37 + c;
}
CODE[45] = 63; // '-'

/** Characters packed per 32-bit word (5 × 6 bits) and words per key. */
const PER_WORD = 5;
const WORDS = 4;

/**
 * A set of short text ids (id_keluarga_p3ke, id_individu, IDARTBDT) remembering the row each
 * was first seen on. Ids of up to 20 letters, digits and '-' are packed exactly into four
 * 32-bit words of an open-addressing table (no string kept, no garbage); any other id goes to
 * a Map. A Map of a million id strings was a tenth of the reading time and ~100 MB.
 */
export class ShortKeyIndex {
  private words: Int32Array;
  private rows: Int32Array;
  private mask: number;
  private count = 0;
  private readonly other = new Map<string, number>();
  private readonly packed = new Int32Array(WORDS);

  constructor(capacity = 1 << 16) {
    this.words = new Int32Array(capacity * WORDS);
    this.rows = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  /** The row that first held `key`, or 0 after recording `row` (> 0) for it. */
  firstOrAdd(key: string, row: number): number {
    if (!this.pack(key)) {
      const first = this.other.get(key);
      if (first !== undefined) return first;
      this.other.set(ownCopy(key), row);
      return 0;
    }
    const i = this.find();
    const r = this.rows[i] ?? 0;
    if (r > 0) return r;
    this.put(i, row);
    return 0;
  }

  /** Forget `key` (claimed by a row that turned out to be rejected). */
  delete(key: string) {
    if (!this.pack(key)) {
      this.other.delete(key);
      return;
    }
    const i = this.find();
    // A tombstone: lookups probe past it, so keys stored after it stay reachable.
    if ((this.rows[i] ?? 0) > 0) this.rows[i] = -1;
  }

  /** Pack `key` into this.packed; false when it does not fit. */
  private pack(key: string): boolean {
    const n = key.length;
    if (n === 0 || n > PER_WORD * WORDS) return false;
    const p = this.packed;
    p.fill(0);
    for (let i = 0; i < n; i++) {
      const ch = key.charCodeAt(i);
      const code = ch < 128 ? (CODE[ch] ?? 0) : 0;
      if (code === 0) return false;
      const w = (i / PER_WORD) | 0;
      p[w] = (p[w] ?? 0) * 64 + code;
    }
    return true;
  }

  /** The slot holding this.packed, or the empty slot where it belongs. */
  private find(): number {
    const p = this.packed;
    const w0 = p[0] ?? 0;
    const w1 = p[1] ?? 0;
    const w2 = p[2] ?? 0;
    const w3 = p[3] ?? 0;
    let h = Math.imul(w0, 0x9e3779b1) ^ Math.imul(w1 ^ (w1 >>> 13), 0x85ebca77) ^ Math.imul(w2, 0xc2b2ae3d) ^ Math.imul(w3, 0x27d4eb2f);
    h ^= h >>> 15;
    let i = h & this.mask;
    const words = this.words;
    for (;;) {
      const r = this.rows[i] ?? 0;
      if (r === 0) return i;
      const o = i * WORDS;
      if (words[o] === w0 && words[o + 1] === w1 && words[o + 2] === w2 && words[o + 3] === w3) {
        if (r > 0) return i;
      }
      i = (i + 1) & this.mask;
    }
  }

  private put(i: number, row: number) {
    const o = i * WORDS;
    for (let k = 0; k < WORDS; k++) this.words[o + k] = this.packed[k] ?? 0;
    this.rows[i] = row;
    if (++this.count * 2 > this.mask) this.grow();
  }

  private grow() {
    const { words, rows } = this;
    const capacity = (this.mask + 1) * 2;
    this.words = new Int32Array(capacity * WORDS);
    this.rows = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.count = 0;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i] ?? 0;
      if (r <= 0) continue;
      for (let k = 0; k < WORDS; k++) this.packed[k] = words[i * WORDS + k] ?? 0;
      this.put(this.find(), r);
    }
  }
}
