import { describe, expect, it } from 'vitest';
import type { CellValue, Reporter } from './types.js';
import { readDate, readDesil, readFlag, readSex, readText, readYear } from './values.js';

function run<T>(fn: (report: Reporter) => T) {
  const codes: string[] = [];
  const messages: string[] = [];
  const value = fn((severity, code, message) => {
    codes.push(`${severity}:${code}`);
    messages.push(message);
  });
  return { value, codes, messages };
}

describe('readDate', () => {
  const date = (v: CellValue) => run((r) => readDate(v, r, 'Tanggal lahir'));

  it('reads yyyy-mm-dd, dd/mm/yyyy, dd-mm-yyyy and "dd/mm/yyyy 0:00:00"', () => {
    expect(date('1978-05-15').value).toBe('1978-05-15');
    expect(date('15/05/1978').value).toBe('1978-05-15');
    expect(date('5/1/1978').value).toBe('1978-01-05');
    expect(date('15-05-1978').value).toBe('1978-05-15');
    expect(date('15/05/1978 0:00:00').value).toBe('1978-05-15');
    expect(date('1978-05-15T00:00:00.000Z').value).toBe('1978-05-15');
  });

  it('reads Excel serial dates as numbers or digits, and XLSX date cells', () => {
    expect(date(28625).value).toBe('1978-05-15');
    expect(date('28625').value).toBe('1978-05-15');
    expect(date(new Date(Date.UTC(1978, 4, 15))).value).toBe('1978-05-15');
  });

  it('rejects impossible, unknown, ancient and future dates with the value in the message', () => {
    const feb = date('31/02/1980');
    expect(feb.value).toBeNull();
    expect(feb.codes).toEqual(['ERROR:DATE_INVALID']);
    expect(feb.messages[0]).toContain('"31/02/1980"');
    expect(date('12/31/1980').codes).toEqual(['ERROR:DATE_INVALID']);
    expect(date('kemarin').codes).toEqual(['ERROR:DATE_INVALID']);
    expect(date('1850-01-01').codes).toEqual(['ERROR:DATE_OUT_OF_RANGE']);
    expect(date('2999-01-01').codes).toEqual(['ERROR:DATE_OUT_OF_RANGE']);
  });

  it('checks plain yyyy-mm-dd against the calendar, leap years included', () => {
    expect(date('2024-02-29').value).toBe('2024-02-29');
    expect(date('2000-02-29').value).toBe('2000-02-29');
    for (const v of ['2023-02-29', '1900-02-29', '2023-04-31', '2023-13-01', '2023-00-10', '2023-01-00', '2023-1a-01']) {
      expect(date(v).codes, v).toEqual(['ERROR:DATE_INVALID']);
    }
    expect(date('1899-12-31').codes).toEqual(['ERROR:DATE_OUT_OF_RANGE']);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect(date(tomorrow).codes).toEqual(['ERROR:DATE_OUT_OF_RANGE']);
  });
});

describe('readFlag', () => {
  const flag = (v: CellValue, extra?: ReadonlySet<string>) => run((r) => readFlag(v, r, 'penerima_pkh', extra));

  it('reads YA/TIDAK in any case, Y/T, 1/0, TRUE/FALSE and booleans', () => {
    for (const v of ['YA', 'ya', 'Ya ', 'Y', 'y', '1', 'TRUE', true, 1]) expect(flag(v).value).toBe(true);
    for (const v of ['TIDAK', 'tidak', 'Tidak', 'T', 't', '0', 'FALSE', false, 0]) expect(flag(v).value).toBe(false);
  });

  it('rejects anything else, naming the column; DTKS may add its own "no" code', () => {
    const r = flag('MUNGKIN');
    expect(r.value).toBeNull();
    expect(r.codes).toEqual(['ERROR:FLAG_INVALID']);
    expect(r.messages[0]).toContain('penerima_pkh');
    expect(flag('2').codes).toEqual(['ERROR:FLAG_INVALID']);
    expect(flag('2', new Set(['2'])).value).toBe(false);
  });
});

describe('readDesil, readSex, readYear, readText', () => {
  it('reads desil 1–4 only', () => {
    expect(run((r) => readDesil('1', r)).value).toBe(1);
    expect(run((r) => readDesil(4, r)).value).toBe(4);
    expect(run((r) => readDesil('Desil 2', r)).value).toBe(2);
    expect(run((r) => readDesil('5', r)).codes).toEqual(['ERROR:DESIL_INVALID']);
    expect(run((r) => readDesil('0', r)).codes).toEqual(['ERROR:DESIL_INVALID']);
  });

  it('reads sex as L/P', () => {
    for (const v of ['LAKI-LAKI', 'laki laki', 'L', '1', 1, 'Pria']) expect(run((r) => readSex(v, r)).value).toBe('L');
    for (const v of ['PEREMPUAN', 'p', '2', 2, 'Wanita']) expect(run((r) => readSex(v, r)).value).toBe('P');
    expect(run((r) => readSex('X', r)).codes).toEqual(['ERROR:SEX_INVALID']);
  });

  it('reads a 4-digit data year', () => {
    expect(run((r) => readYear('2023', r)).value).toBe(2023);
    expect(run((r) => readYear(2024, r)).value).toBe(2024);
    expect(run((r) => readYear('23', r)).codes).toEqual(['ERROR:YEAR_INVALID']);
  });

  it('trims text and writes numbers in full', () => {
    expect(readText('  DUSUN KRAJAN  ')).toBe('DUSUN KRAJAN');
    expect(readText('   ')).toBeNull();
    expect(readText(null)).toBeNull();
    expect(readText(3513062005)).toBe('3513062005');
  });
});
