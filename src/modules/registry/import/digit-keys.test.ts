import { describe, expect, it } from 'vitest';
import { DigitKeyIndex, ShortKeyIndex } from './digit-keys.js';

describe('ShortKeyIndex', () => {
  it('remembers the first row of every id, packed or not, across growth', () => {
    const index = new ShortKeyIndex(16);
    const ids = Array.from({ length: 50_000 }, (_, i) => `P3513${String(i).padStart(12, '0')}`);
    const odd = ['id_with_underscore', 'X'.repeat(21), 'ÄÖ', 'a.b'];
    const all = [...ids, ...odd];
    all.forEach((id, i) => {
      expect(index.firstOrAdd(id, i + 2)).toBe(0);
    });
    all.forEach((id, i) => {
      expect(index.firstOrAdd(id, 999_999), id).toBe(i + 2);
    });
  });

  it('tells apart ids that differ only in length, case or position of a character', () => {
    const index = new ShortKeyIndex();
    const keys = ['A', 'A0', '0A', 'a', 'ABCDE', 'ABCDEF', 'ABCDE0', '0ABCDE', 'IND-1', 'IND1', 'Z'.repeat(20), 'Z'.repeat(19)];
    keys.forEach((k, i) => {
      expect(index.firstOrAdd(k, i + 1), k).toBe(0);
    });
    keys.forEach((k, i) => {
      expect(index.firstOrAdd(k, 100), k).toBe(i + 1);
    });
  });

  it('forgets a released id, and keeps ids stored after it reachable', () => {
    const index = new ShortKeyIndex(4);
    for (let i = 0; i < 3; i++) index.firstOrAdd(`K${i}`, i + 1);
    index.delete('K1');
    index.delete('not-there');
    index.delete('with_underscore');
    expect(index.firstOrAdd('K0', 50)).toBe(1);
    expect(index.firstOrAdd('K2', 50)).toBe(3);
    expect(index.firstOrAdd('K1', 7)).toBe(0);
    expect(index.firstOrAdd('K1', 8)).toBe(7);
    index.firstOrAdd('with_underscore', 9);
    index.delete('with_underscore');
    expect(index.firstOrAdd('with_underscore', 10)).toBe(0);
  });
});

describe('DigitKeyIndex', () => {
  it('remembers the first row of every 16-digit NIK', () => {
    const index = new DigitKeyIndex(8);
    const niks = Array.from({ length: 10_000 }, (_, i) => `351306${String(i).padStart(10, '0')}`);
    niks.forEach((n, i) => {
      expect(index.firstOrAdd(n, i + 2)).toBe(0);
    });
    niks.forEach((n, i) => {
      expect(index.firstOrAdd(n, 1)).toBe(i + 2);
    });
  });
});
