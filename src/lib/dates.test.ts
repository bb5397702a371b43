import { describe, expect, it } from 'vitest';
import { isIsoDate, todayWib } from './dates.js';

describe('isIsoDate', () => {
  it('accepts real calendar dates written yyyy-mm-dd', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2025-12-31')).toBe(true);
  });

  it('refuses impossible days and other spellings', () => {
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2024-13-01')).toBe(false);
    expect(isIsoDate('2024-04-31')).toBe(false);
    expect(isIsoDate('2024-2-1')).toBe(false);
    expect(isIsoDate('17-02-2024')).toBe(false);
    expect(isIsoDate('2024-02-17T00:00:00Z')).toBe(false);
  });
});

describe('todayWib', () => {
  it('turns to the next day at 17:00 UTC (midnight WIB)', () => {
    expect(todayWib(new Date('2024-03-10T16:59:59Z'))).toBe('2024-03-10');
    expect(todayWib(new Date('2024-03-10T17:00:00Z'))).toBe('2024-03-11');
  });

  it('crosses the year at WIB midnight', () => {
    expect(todayWib(new Date('2024-12-31T17:30:00Z'))).toBe('2025-01-01');
  });
});
