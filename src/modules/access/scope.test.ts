import { describe, expect, it } from 'vitest';
import {
  type Actor,
  assertDesaOf,
  assertRegionFilter,
  canAccessRegion,
  isDesaOf,
  regionFilterInScope,
  regionWithin,
  scopeCodes,
  scopeColumns,
} from './scope.js';

const actor = (grants: Actor['grants']): Actor => ({ userId: 1, username: 'u', fullName: 'U', grants });

describe('region scope', () => {
  it('treats a code as inside itself and its ancestors only', () => {
    expect(regionWithin('35.13.06.2005', '35.13.06')).toBe(true);
    expect(regionWithin('35.13.06.2005', '35.13.06.2005')).toBe(true);
    expect(regionWithin('35.13.06.2005', '35.13.06.2013')).toBe(false);
    // A prefix of the text is not a parent region.
    expect(regionWithin('35.13.16', '35.13.1')).toBe(false);
  });

  it('lets a desa operator reach only their desa', () => {
    const op = actor([{ role: 'operator_desa', regionCode: '35.13.06.2005' }]);
    expect(canAccessRegion(op, '35.13.06.2005')).toBe(true);
    expect(canAccessRegion(op, '35.13.06.2013')).toBe(false);
    expect(canAccessRegion(op, '35.13.06')).toBe(false);
  });

  it('collapses codes covered by a broader grant', () => {
    const a = actor([
      { role: 'operator_kecamatan', regionCode: '35.13.06' },
      { role: 'pendamping', regionCode: '35.13.06.2005' },
      { role: 'pendamping', regionCode: '35.13.07.2001' },
    ]);
    expect(scopeCodes(a).sort()).toEqual(['35.13.06', '35.13.07.2001']);
    expect(scopeCodes(a, ['pendamping']).sort()).toEqual(['35.13.06.2005', '35.13.07.2001']);
  });

  it('splits a desa code into scope columns', () => {
    expect(scopeColumns('35.13.06.2005')).toEqual({
      kabupaten_code: '35.13',
      kecamatan_code: '35.13.06',
      desa_code: '35.13.06.2005',
    });
  });
});

describe('region filters', () => {
  const op = actor([{ role: 'operator_desa', regionCode: '35.13.06.2005' }]);
  it('accept a region inside the scope or containing part of it', () => {
    expect(regionFilterInScope(op, '35.13.06.2005')).toBe(true);
    expect(regionFilterInScope(op, '35.13.06')).toBe(true);
    expect(regionFilterInScope(op, '35.13')).toBe(true);
    expect(() => assertRegionFilter(op, undefined)).not.toThrow();
    expect(() => assertRegionFilter(op, '')).not.toThrow();
  });
  it('answer 404 for any other region', () => {
    expect(regionFilterInScope(op, '35.13.06.2013')).toBe(false);
    expect(regionFilterInScope(op, '35.13.07')).toBe(false);
    expect(() => assertRegionFilter(op, '35.13.07')).toThrow(expect.objectContaining({ status: 404, code: 'NOT_FOUND' }));
    expect(regionFilterInScope(actor([]), '35.13')).toBe(false);
  });
});

describe('a desa of this kabupaten', () => {
  it('is a level-4 code inside the kabupaten, nothing else', () => {
    expect(isDesaOf('35.13.06.2005', '35.13')).toBe(true);
    expect(isDesaOf('35.13.06.1001', '35.13')).toBe(true); // a kelurahan
    expect(isDesaOf('35.13.06', '35.13')).toBe(false); // a kecamatan
    expect(isDesaOf('35.13', '35.13')).toBe(false);
    expect(isDesaOf('35.14.06.2005', '35.13')).toBe(false); // another kabupaten
    expect(isDesaOf('35.130.06.2005', '35.13')).toBe(false); // a prefix, not a parent
  });

  it('answers 400 DESA_REQUIRED for anything else', () => {
    expect(() => assertDesaOf('35.13.06.2005', '35.13')).not.toThrow();
    expect(() => assertDesaOf('35.13.06', '35.13')).toThrow(expect.objectContaining({ status: 400, code: 'DESA_REQUIRED' }));
    expect(() => assertDesaOf('35.14.01.2001', '35.13')).toThrow(expect.objectContaining({ status: 400, code: 'DESA_REQUIRED' }));
  });
});
