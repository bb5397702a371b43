import { describe, expect, it } from 'vitest';
import type { RegionRow } from '../../regions/service.js';
import { looseName, normaliseDesaCode, RegionChecker } from './region.js';

const rows: RegionRow[] = [
  { code: '35', name: 'Jawa Timur', level: 1, parent_code: null, is_kelurahan: false },
  { code: '35.13', name: 'Kabupaten Probolinggo', level: 2, parent_code: '35', is_kelurahan: false },
  { code: '35.13.06', name: 'Banyuanyar', level: 3, parent_code: '35.13', is_kelurahan: false },
  { code: '35.13.06.2005', name: 'Klenangkidul', level: 4, parent_code: '35.13.06', is_kelurahan: false },
  { code: '35.13.06.2013', name: 'Klenanglor', level: 4, parent_code: '35.13.06', is_kelurahan: false },
];
const checker = () => new RegionChecker(new Map(rows.map((r) => [r.code, r])), '35.13');

function desa(raw: string | number) {
  const codes: string[] = [];
  const messages: string[] = [];
  const ref = checker().desa(raw, (_s, code, message) => {
    codes.push(code);
    messages.push(message);
  });
  return { ref, codes, messages };
}

describe('normaliseDesaCode', () => {
  it('accepts 10 digits, dotted codes, XLSX numbers and the text apostrophe', () => {
    expect(normaliseDesaCode('3513062005')).toBe('35.13.06.2005');
    expect(normaliseDesaCode('35.13.06.2005')).toBe('35.13.06.2005');
    expect(normaliseDesaCode(3513062005)).toBe('35.13.06.2005');
    expect(normaliseDesaCode("'3513062005")).toBe('35.13.06.2005');
  });

  it('rejects other shapes', () => {
    for (const v of ['351306200', '35.13.6.2005', '35-13-06-2005', 'Klenangkidul', 3.513062005e9 + 0.5])
      expect(normaliseDesaCode(v)).toBeNull();
  });
});

describe('RegionChecker', () => {
  it('gives the same desa for a code met again, and reports a bad code every time it is met', () => {
    const c = checker();
    const codes: string[] = [];
    const report = (_s: string, code: string) => {
      codes.push(code);
    };
    const first = c.desa('3513062005', report);
    expect(c.desa('3513062005', report)).toBe(first);
    expect(c.desa("'3513062005", report)).toEqual(first);
    expect(c.desa('3513062099', report)).toBeNull();
    expect(c.desa('3513062099', report)).toBeNull();
    expect(codes).toEqual(['REGION_UNKNOWN', 'REGION_UNKNOWN']);
    // Codes alternating row by row, and a bad one between two good ones, each get their own answer.
    const lor = c.desa('3513062013', report);
    expect(lor?.desa).toBe('35.13.06.2013');
    expect(c.desa('3513062005', report)).toBe(first);
    expect(c.desa('3513062013', report)).toBe(lor);
    expect(c.desa('3513062099', report)).toBeNull();
    expect(c.desa('3513062013', report)).toBe(lor);
    expect(codes).toEqual(['REGION_UNKNOWN', 'REGION_UNKNOWN', 'REGION_UNKNOWN']);
  });

  it('resolves a known desa in the kabupaten', () => {
    expect(desa('3513062005')).toEqual({
      ref: { desa: '35.13.06.2005', kecamatan: '35.13.06', kabupaten: '35.13', provinsi: '35' },
      codes: [],
      messages: [],
    });
  });

  it('rejects malformed, outside and unknown codes with a precise reason', () => {
    expect(desa('35130620').codes).toEqual(['REGION_CODE_INVALID']);
    const outside = desa('3574021001');
    expect(outside.codes).toEqual(['REGION_OUTSIDE']);
    expect(outside.messages[0]).toContain('35.74.02.1001');
    const unknown = desa('35.13.06.2099');
    expect(unknown.codes).toEqual(['REGION_UNKNOWN']);
    expect(unknown.messages[0]).toContain('35.13.06.2099');
  });

  it('compares names loosely and reports mismatches per column', () => {
    const c = checker();
    const ref = c.desa('3513062005', () => {});
    if (!ref) throw new Error('expected a desa');
    expect(
      c.checkNames(ref, { provinsi: 'JAWA TIMUR', kabupaten: 'KAB. PROBOLINGGO', kecamatan: 'banyu anyar', desa: 'DESA KLENANGKIDUL' }),
    ).toEqual([]);
    const bad = c.checkNames(ref, { kecamatan: 'KRAKSAAN', desa: 'Klenang Lor' });
    expect(bad.map(([column]) => column)).toEqual(['kecamatan', 'desa_kelurahan']);
    expect(bad[0]?.[1]).toContain('KRAKSAAN');
    expect(bad[0]?.[1]).toContain('Banyuanyar');
  });

  it('answers a row with the names of the row before at once, and a row that differs in one name anew', () => {
    const c = checker();
    const ref = c.desa('3513062005', () => {});
    const other = c.desa('3513062013', () => {});
    if (!ref || !other) throw new Error('expected two desa');
    const names = { provinsi: 'JAWA TIMUR', kabupaten: 'KAB. PROBOLINGGO', kecamatan: 'BANYUANYAR', desa: 'KLENANGKIDUL' };
    expect(c.checkNames(ref, names)).toEqual([]);
    // Equal names in new strings (as every parsed row has) are the same names.
    expect(c.checkNames(ref, { ...names, desa: ['KLENANG', 'KIDUL'].join('') })).toEqual([]);
    expect(c.checkNames(ref, { ...names, desa: 'KRAKSAAN' }).map(([column]) => column)).toEqual(['desa_kelurahan']);
    expect(c.checkNames(ref, names)).toEqual([]);
    // The same names under another desa code are checked against that desa.
    expect(c.checkNames(other, names).map(([column]) => column)).toEqual(['desa_kelurahan']);
    expect(c.checkNames(ref, { ...names, kecamatan: null })).toEqual([]);
  });

  it('looseName ignores case, spacing, punctuation and the level word', () => {
    expect(looseName('KAB. PROBOLINGGO')).toBe(looseName('Kabupaten Probolinggo'));
    expect(looseName('Kec. Banyu-Anyar')).toBe(looseName('BANYUANYAR'));
    expect(looseName('Kotaanyar')).toBe('KOTAANYAR');
  });
});
