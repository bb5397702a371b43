import { describe, expect, it } from 'vitest';
import { normaliseEchelon, readSheet } from './imports.js';

describe('import helpers', () => {
  it('reads the echelon as written in agency lists', () => {
    expect(normaliseEchelon('III/a')).toBe('III');
    expect(normaliseEchelon('Eselon IV.b')).toBe('IV');
    expect(normaliseEchelon('ii')).toBe('II');
    expect(normaliseEchelon('Fungsional Tertentu')).toBe('JF');
    expect(normaliseEchelon('JFT')).toBe('JF');
    expect(normaliseEchelon('Pelaksana')).toBe('STAF');
    expect(normaliseEchelon('Honorer')).toBeNull();
    expect(normaliseEchelon('V')).toBeNull();
  });

  it('reads a semicolon CSV with Indonesian headers, keeping spreadsheet row numbers', async () => {
    const csv =
      'Kode OPD;Nama OPD;Singkatan\r\n1.01;Dinas Pendidikan;Disdik\r\n;;\r\n1.02;"Dinas Kesehatan; Pengendalian Penduduk";Dinkes\r\n';
    const sheet = await readSheet('opd.csv', Buffer.from(csv));
    expect(sheet.headers).toEqual(['kode_opd', 'nama_opd', 'singkatan']);
    expect(sheet.rows).toEqual([
      { row: 2, cells: { kode_opd: '1.01', nama_opd: 'Dinas Pendidikan', singkatan: 'Disdik' } },
      { row: 4, cells: { kode_opd: '1.02', nama_opd: 'Dinas Kesehatan; Pengendalian Penduduk', singkatan: 'Dinkes' } },
    ]);
  });

  it('refuses a file that is not CSV', async () => {
    await expect(readSheet('x.csv', Buffer.from('a,"b\n1,2'))).rejects.toMatchObject({ code: 'UNREADABLE_FILE' });
  });
});
