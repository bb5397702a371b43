import { describe, expect, it } from 'vitest';
import type { WorkItem } from './api';
import { filterParams, matchesFilter, readFilter } from './worklistFilter';

const item = (over: Partial<WorkItem>): WorkItem => ({
  householdId: 1,
  headName: 'Sumarni',
  headNik: null,
  kkNumber: null,
  address: 'DUSUN KRAJAN RT 001',
  targetStatus: 'MISKIN',
  desil: 2,
  dusun: 'KRAJAN',
  rt: '001',
  memberCount: 3,
  visited: false,
  possibleDuplicate: null,
  verval: null,
  ...over,
});

describe('worklist filter on the device', () => {
  it('reads and writes the URL the same way', () => {
    const f = { extreme: true, visit: 'RETURNED' as const, dusun: 'KRAJAN', rt: '001' };
    const params = new URLSearchParams(Object.entries(filterParams(f)).filter((e): e is [string, string] => e[1] !== null));
    expect(readFilter(params)).toEqual(f);
    expect(readFilter(new URLSearchParams('visit=SOMETIMES'))).toEqual({ extreme: false, visit: null, dusun: null, rt: null });
  });

  it('applies the server rules to items', () => {
    const none = readFilter(new URLSearchParams());
    expect(matchesFilter(item({}), none)).toBe(true);
    expect(matchesFilter(item({}), { ...none, extreme: true })).toBe(false);
    expect(matchesFilter(item({ targetStatus: 'MISKIN_EKSTREM' }), { ...none, extreme: true })).toBe(true);
    expect(matchesFilter(item({ visited: true }), { ...none, visit: 'UNVISITED' })).toBe(false);
    const returned = {
      id: 1,
      status: 'RETURNED' as const,
      outcome: 'TETAP' as const,
      version: 3,
      updatedAt: '2026-02-03T04:05:06Z',
      reviewComment: 'x',
    };
    expect(matchesFilter(item({ visited: true, verval: returned }), { ...none, visit: 'RETURNED' })).toBe(true);
    expect(matchesFilter(item({}), { ...none, visit: 'RETURNED' })).toBe(false);
    expect(matchesFilter(item({}), { ...none, dusun: 'krajan', rt: '1' })).toBe(true);
    expect(matchesFilter(item({ rt: null }), { ...none, rt: '1' })).toBe(false);
  });
});
