import { describe, expect, it } from 'vitest';
import type { Cell } from '../monitoring/suppression.js';
import { suppressWithin } from './public-map.js';

const shown = (value: number): Cell => ({ value, suppressed: false, reason: null });
const hidden: Cell = { value: null, suppressed: true, reason: 'complementary' };
const reasons = (cells: Cell[]) => cells.map((c) => c.reason);

describe('desa suppression within a kecamatan', () => {
  it('under a published kecamatan: one small desa takes the smallest other with it', () => {
    expect(reasons(suppressWithin([2, 9, 6, 7], shown(24)))).toEqual(['small', null, 'complementary', null]);
    expect(reasons(suppressWithin([8, 9], shown(17)))).toEqual([null, null]);
    expect(reasons(suppressWithin([1, 3, 9], shown(13)))).toEqual(['small', 'small', null]);
  });

  it('under a withheld kecamatan: at least one desa is withheld, so the desa never add up to it', () => {
    expect(reasons(suppressWithin([6, 9, 7], hidden))).toEqual(['complementary', null, null]);
    expect(reasons(suppressWithin([6, 2, 7], hidden))).toEqual([null, 'small', null]);
    expect(suppressWithin([], hidden)).toEqual([]);
  });
});
