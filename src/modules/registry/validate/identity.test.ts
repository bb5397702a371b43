import { describe, expect, it } from 'vitest';
import { checkKkStructure, checkNikStructure, compareNikWithRecord, readIdentifier } from './identity.js';
import type { Reporter, Severity } from './types.js';

function collect() {
  const found: Array<{ severity: Severity; code: string; message: string }> = [];
  const report: Reporter = (severity, code, message) => found.push({ severity, code, message });
  return { found, report };
}

function read(v: string | number) {
  const { found, report } = collect();
  const value = readIdentifier(v, 'NIK', report);
  return { value, found, codes: found.map((f) => `${f.severity}:${f.code}`) };
}

describe('readIdentifier (NIK / No KK from a cell)', () => {
  it('accepts 16 digits as they are, trimming spaces around', () => {
    expect(read(' 3513064105780001 ')).toEqual({ value: '3513064105780001', found: [], codes: [] });
  });

  it('rejects scientific notation in either decimal separator, never guessing digits', () => {
    for (const v of ['3.51306E+15', '3,51306E+15', '3.51306e15', '3.513064105780E+15']) {
      const r = read(v);
      expect(r.value).toBeNull();
      expect(r.codes).toEqual(['ERROR:ID_SCIENTIFIC_NOTATION']);
      expect(r.found[0]?.message).toContain(`"${v}"`);
      expect(r.found[0]?.message).toContain('notasi ilmiah');
    }
  });

  it('rejects a NIK that lost a digit, naming the length', () => {
    const fifteen = read('351306410578001');
    expect(fifteen.codes).toEqual(['ERROR:ID_DIGIT_LOST']);
    expect(fifteen.found[0]?.message).toContain('15 digit');
    const short = read('35130641');
    expect(short.codes).toEqual(['ERROR:ID_LENGTH']);
    expect(short.found[0]?.message).toContain('8 digit');
  });

  it('strips the leading apostrophe of a spreadsheet text cell with a warning', () => {
    const r = read("'3513064105780001");
    expect(r.value).toBe('3513064105780001');
    expect(r.codes).toEqual(['WARNING:ID_LEADING_APOSTROPHE']);
  });

  it('rejects decimal-number text and anything that is not digits', () => {
    expect(read('3513064105780001.00').codes).toEqual(['ERROR:ID_DECIMAL_NUMBER']);
    expect(read('3513 0641 0578 0001').codes).toEqual(['ERROR:ID_NOT_DIGITS']);
    expect(read('35130641O5780001').codes).toEqual(['ERROR:ID_NOT_DIGITS']);
  });

  it('treats numeric XLSX cells as damage unless they are intact 16-digit integers', () => {
    const intact = read(3513064105780001);
    expect(intact.value).toBe('3513064105780001');
    expect(intact.codes).toEqual(['WARNING:ID_STORED_AS_NUMBER']);
    // Excel keeps 15 significant digits: a trailing 0 may be a lost 16th digit.
    expect(read(3513064105780000).codes).toEqual(['ERROR:ID_NUMBER_PRECISION_LOST']);
    expect(read(351306410578000).codes).toEqual(['ERROR:ID_DIGIT_LOST']);
    // Beyond 2^53 a spreadsheet number cannot hold 16 exact digits.
    expect(read(Number('9513064105780001')).codes).toEqual(['ERROR:ID_NUMBER_DAMAGED']);
    expect(read(3.51306e15).value).toBeNull();
    expect(read(3513.06).codes).toEqual(['ERROR:ID_NUMBER_DAMAGED']);
  });
});

describe('checkNikStructure', () => {
  const check = (nik: string) => {
    const { found, report } = collect();
    return { ok: checkNikStructure(nik, report), codes: found.map((f) => f.code) };
  };

  it('accepts men (day 01–31) and women (day 41–71)', () => {
    expect(check('3513061505780001')).toEqual({ ok: true, codes: [] });
    expect(check('3513065505780001')).toEqual({ ok: true, codes: [] });
    expect(check('3513067112990123')).toEqual({ ok: true, codes: [] });
  });

  it('rejects impossible birth days and months', () => {
    expect(check('3513060005780001').codes).toEqual(['NIK_BIRTH_DAY_INVALID']);
    expect(check('3513063205780001').codes).toEqual(['NIK_BIRTH_DAY_INVALID']);
    expect(check('3513064005780001').codes).toEqual(['NIK_BIRTH_DAY_INVALID']);
    expect(check('3513067205780001').codes).toEqual(['NIK_BIRTH_DAY_INVALID']);
    expect(check('3513063102780001').codes).toEqual(['NIK_BIRTH_DAY_INVALID']);
    expect(check('3513061513780001').codes).toEqual(['NIK_BIRTH_MONTH_INVALID']);
    expect(check('3513061500780001').codes).toEqual(['NIK_BIRTH_MONTH_INVALID']);
  });

  it('rejects serial 0000 and long runs of trailing zeros from float rounding', () => {
    expect(check('3513061505780000').codes).toEqual(['NIK_SERIAL_INVALID']);
    expect(check('3513061505700000').codes).toEqual(['NIK_TRAILING_ZEROS']);
  });

  it('rejects an impossible region prefix', () => {
    expect(check('0913061505780001').codes).toEqual(['NIK_REGION_INVALID']);
    expect(check('3500061505780001').codes).toEqual(['NIK_REGION_INVALID']);
    expect(check('3513001505780001').codes).toEqual(['NIK_REGION_INVALID']);
  });
});

describe('checkKkStructure', () => {
  it('requires a valid region prefix and no float-rounding zeros', () => {
    const ok = collect();
    expect(checkKkStructure('3513062103150007', ok.report)).toBe(true);
    expect(ok.found).toEqual([]);
    const bad = collect();
    expect(checkKkStructure('9913062103150007', bad.report)).toBe(false);
    expect(bad.found[0]?.code).toBe('KK_REGION_INVALID');
    const zeros = collect();
    expect(checkKkStructure('3513062103100000', zeros.report)).toBe(false);
    expect(zeros.found[0]?.code).toBe('KK_TRAILING_ZEROS');
  });
});

describe('compareNikWithRecord (warnings only)', () => {
  const compare = (nik: string, rec: { kecamatanCode: string; sex: 'L' | 'P' | null; birthDate: string | null }) => {
    const { found, report } = collect();
    compareNikWithRecord(nik, rec, report);
    return found;
  };

  it('finds nothing when region, sex and birth date agree', () => {
    expect(compare('3513065505780001', { kecamatanCode: '35.13.06', sex: 'P', birthDate: '1978-05-15' })).toEqual([]);
    expect(compare('3513061505780001', { kecamatanCode: '35.13.06', sex: 'L', birthDate: '1978-05-15' })).toEqual([]);
  });

  it('warns when the NIK was issued elsewhere, naming both regions', () => {
    const f = compare('3574021505780001', { kecamatanCode: '35.13.06', sex: null, birthDate: null });
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'WARNING', code: 'NIK_REGION_MISMATCH' });
    expect(f[0]?.message).toContain('35.74.02');
    expect(f[0]?.message).toContain('35.13.06');
  });

  it('warns on sex and birth date disagreement', () => {
    const f = compare('3513061505780001', { kecamatanCode: '35.13.06', sex: 'P', birthDate: '1978-05-16' });
    expect(f.map((x) => x.code)).toEqual(['NIK_SEX_MISMATCH', 'NIK_BIRTH_DATE_MISMATCH']);
    expect(f.every((x) => x.severity === 'WARNING')).toBe(true);
    expect(f[1]?.message).toContain('15-05-78');
    expect(f[1]?.message).toContain('16-05-1978');
  });
});
