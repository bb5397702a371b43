import { describe, expect, it } from 'vitest';
import { lastClosedMonth, withTargetPath } from './trends.js';

describe('trend months', () => {
  it('the last closed month is the one before the running month, across a year end', () => {
    expect(lastClosedMonth('2026-12-08')).toBe('2026-11-01');
    expect(lastClosedMonth('2027-01-01')).toBe('2026-12-01');
  });

  it('the target path runs straight from the first month to the target at December of the target year, then stays there', () => {
    const rows = ['2024-01', '2024-07', '2025-03'].map((month, i) => ({ month, households: 100, extreme: 40 - i * 10, current: false }));
    const path = withTargetPath(rows, { ratePct: 5, year: 2024 });
    // January → December 2024 is 11 months: July is 6/11 of the way from 40 to 5.
    expect(path.map((p) => p.targetExtremeHouseholds)).toEqual([40, Math.round(40 + (5 - 40) * (6 / 11)), 5]);
    expect(path.map((p) => p.extremeRatePct)).toEqual([40, 30, 20]);
  });

  it('a target year already past puts the whole path on the target', () => {
    const path = withTargetPath([{ month: '2026-05', households: 200, extreme: 9, current: true }], { ratePct: 0, year: 2024 });
    expect(path[0]?.targetExtremeHouseholds).toBe(0);
  });
});
