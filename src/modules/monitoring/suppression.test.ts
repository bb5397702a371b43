import { describe, expect, it } from 'vitest';
import { suppressColumn } from './suppression.js';

describe('suppressColumn', () => {
  it('publishes everything when no cell is small', () => {
    const r = suppressColumn([10, 7, 5], 22);
    expect(r.cells.map((c) => c.value)).toEqual([10, 7, 5]);
    expect(r.total).toEqual({ value: 22, suppressed: false, reason: null });
  });

  it('withholds a small cell and the smallest other cell so it cannot be derived from the total', () => {
    const r = suppressColumn([10, 3, 8, 20], 41);
    expect(r.cells).toEqual([
      { value: 10, suppressed: false, reason: null },
      { value: null, suppressed: true, reason: 'small' },
      { value: null, suppressed: true, reason: 'complementary' },
      { value: 20, suppressed: false, reason: null },
    ]);
    expect(r.total.value).toBe(41);
  });

  it('needs no complement when two cells are already small', () => {
    const r = suppressColumn([2, 4, 30], 36);
    expect(r.cells.map((c) => c.reason)).toEqual(['small', 'small', null]);
  });

  it('counts 0 as a small cell', () => {
    const r = suppressColumn([0, 12, 9], 21);
    expect(r.cells.map((c) => c.reason)).toEqual(['small', null, 'complementary']);
  });

  it('withholds the total when the only cell is small, or the total itself is small', () => {
    expect(suppressColumn([3], 3).total).toEqual({ value: null, suppressed: true, reason: 'small' });
    expect(suppressColumn([2, 1], 3).cells.every((c) => c.suppressed)).toBe(true);
  });
});
