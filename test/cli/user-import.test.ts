import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { extractText } from 'unpdf';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { parseCsvText } from '../../src/modules/registry/import/reader.js';
import { verifyPassword } from '../../src/modules/users/password.js';
import { freshPostgres, runCliInProcess, tempDataDir } from '../helpers/cli.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('sasmita user import', () => {
  it('reports every bad row and creates nothing, then imports the corrected XLSX with a passwords file and slips', async () => {
    const dir = tempDataDir();
    dirs.push(dir);
    const pg = await freshPostgres();
    const env = pg ? { SASMITA_DATA_DIR: dir, DATABASE_URL: pg.url } : { SASMITA_DATA_DIR: dir, DATABASE_URL: '' };
    try {
      expect((await runCliInProcess(['regions', 'load', '-k', '35.13'], env)).code).toBe(0);
      expect((await runCliInProcess(['user', 'add', 'sudah.ada', '-r', 'dinsos', '--region', '35.13'], env)).code).toBe(0);
      const csv = path.join(dir, 'akun.csv');
      fs.writeFileSync(
        csv,
        [
          'Nama,Username,Peran,Kode Wilayah',
          'Siti Aminah,siti.sumber,operator_desa,35.13.06.2005',
          'Budi,,Operator kecamatan,35.13.06',
          'Salah Peran,salah,kepala,35.13.06.2005',
          'Dobel,sudah.ada,dinsos,35.13',
          'Level Salah,level.salah,operator_desa,35.13.06',
          ',tanpa.nama,pimpinan,35.13',
        ].join('\n'),
      );
      const bad = await runCliInProcess(['user', 'import', csv, '--out', path.join(dir, 'sandi.csv')], env);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('4\tperan tidak dikenal: "kepala"');
      expect(bad.stderr).toContain('5\tnama pengguna sudah dipakai: sudah.ada');
      expect(bad.stderr).toContain('6\tperan operator_desa tidak dapat diberikan pada tingkat wilayah 35.13.06');
      expect(bad.stderr).toContain('7\tnama kosong');
      expect(bad.stderr).toContain('4 baris bermasalah; tidak ada akun yang dibuat');
      expect(fs.existsSync(path.join(dir, 'sandi.csv'))).toBe(false);

      // The corrected list, as XLSX.
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('Akun');
      ws.addRow(['nama', 'username', 'peran', 'kode wilayah']);
      ws.addRow(['Siti Aminah', 'siti.sumber', 'operator_desa', '35.13.06.2005']);
      ws.addRow(['Ir. Budi Santoso, M.T.', '', 'Operator kecamatan', '35.13.06']);
      const xlsx = path.join(dir, 'akun.xlsx');
      await wb.xlsx.writeFile(xlsx);
      const out = path.join(dir, 'sandi.csv');
      const ok = await runCliInProcess(['user', 'import', xlsx, '--out', out], env);
      expect(ok.stderr).toBe('');
      expect(ok.code).toBe(0);
      expect(ok.stdout).toContain('2 akun dibuat');
      expect(ok.stdout).toContain(`Kata sandi awal: ${out}`);
      expect(fs.statSync(out).mode & 0o777).toBe(0o600);
      const [head, siti, budi] = parseCsvText(fs.readFileSync(out, 'utf8'));
      expect(head).toEqual(['nama', 'username', 'peran', 'kode wilayah', 'wilayah', 'kata sandi awal']);
      expect(budi?.[0]).toBe('Ir. Budi Santoso, M.T.');
      expect(siti?.slice(0, 4)).toEqual(['Siti Aminah', 'siti.sumber', 'operator_desa', '35.13.06.2005']);
      expect(budi?.[1]).toBe('budi.santoso');
      // The password in the file is the account's, stored only as a hash, to be changed first.
      const database = await openDatabase({ databaseUrl: pg?.url, pgliteDir: path.join(dir, 'pgdata') });
      try {
        const u = await database.db
          .selectFrom('app_user')
          .select(['password_hash', 'must_change_password'])
          .where('username', '=', 'siti.sumber')
          .executeTakeFirstOrThrow();
        expect(u.must_change_password).toBe(true);
        expect(await verifyPassword(siti?.[5] as string, u.password_hash)).toBe(true);
      } finally {
        await database.close();
      }

      // Slips instead of a CSV.
      const csv2 = path.join(dir, 'akun2.csv');
      fs.writeFileSync(csv2, 'nama;peran;kode wilayah\nDewi Lestari;pendamping;35.13.06.2013\n');
      const slips = path.join(dir, 'slip.pdf');
      const pdf = await runCliInProcess(['user', 'import', csv2, '--slips', slips, '--url', 'https://sasmita.example.go.id'], env);
      expect(pdf.code, pdf.stderr).toBe(0);
      const { text } = await extractText(new Uint8Array(fs.readFileSync(slips)), { mergePages: true });
      expect(text).toContain('dewi.lestari');
      expect(text).toContain('https://sasmita.example.go.id');
      expect(text).toContain('Pendamping');
    } finally {
      await pg?.drop();
    }
    // Each run opens the data directory anew (migrations included): slow on a loaded machine.
  }, 240_000);
});
