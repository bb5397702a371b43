import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { ANGGOTA_COLUMNS, KELUARGA_COLUMNS } from '../../src/modules/registry/import/columns.js';
import { freshPostgres, POSTGRES_STAGE, ROOT, runCliInProcess, tempDataDir } from '../helpers/cli.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const DESA = ['35.13.06.2005', '35.13.06.2013', '35.13.01.2001', '35.13.02.2002'];

/** A valid synthetic P3KE pair: `households` families of 1–5 members, NIKs consistent with region and birth date. */
function writePair(dir: string, households: number, dataYear = '2023'): { keluarga: string; anggota: string; members: number } {
  const fam: string[] = [KELUARGA_COLUMNS.join(',')];
  const mem: string[] = [ANGGOTA_COLUMNS.join(',')];
  let members = 0;
  for (let i = 1; i <= households; i++) {
    const desa = DESA[i % DESA.length] as string;
    const code = desa.replace(/\./g, '');
    const kec6 = code.slice(0, 6);
    const size = 1 + (i % 5);
    const heads: Record<string, string> = {};
    for (let j = 0; j < size; j++) {
      members++;
      const day = 1 + (members % 28);
      const month = 1 + (members % 12);
      const year = 1950 + (members % 60);
      const female = j % 2 === 1;
      // Birth date and serial cycle with different periods, so every NIK is unique.
      const nik = `${kec6}${String(day + (female ? 40 : 0)).padStart(2, '0')}${String(month).padStart(2, '0')}${String(year % 100).padStart(2, '0')}${String(1 + (members % 9999)).padStart(4, '0')}`;
      const dob = `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${year}`;
      const row: Record<string, string> = {
        id_keluarga_p3ke: `K${i}`,
        kode_kemdagri: code,
        desil_kesejahteraan: String(1 + (i % 4)),
        id_individu: `A${members}`,
        nama: `ANGGOTA ${members}`,
        nik,
        jenis_kelamin: female ? 'PEREMPUAN' : 'LAKI-LAKI',
        tanggal_lahir: dob,
        hubungan_dengan_kepala_keluarga: j === 0 ? 'KEPALA KELUARGA' : 'ANAK',
        penerima_pkh: i % 3 === 0 ? 'YA' : 'TIDAK',
      };
      if (j === 0) Object.assign(heads, row, { kepala_keluarga: row.nama, tahun: dataYear });
      mem.push(ANGGOTA_COLUMNS.map((c) => row[c] ?? '').join(','));
    }
    fam.push(KELUARGA_COLUMNS.map((c) => heads[c] ?? '').join(','));
  }
  const keluarga = path.join(dir, 'keluarga.csv');
  const anggota = path.join(dir, 'anggota.csv');
  fs.writeFileSync(keluarga, `${fam.join('\n')}\n`);
  fs.writeFileSync(anggota, `${mem.join('\n')}\n`);
  return { keluarga, anggota, members };
}

/** The progress shows the member file being read (after the family file). */
const readingMembers = (err: string) => err.includes('membaca berkas anggota');
const loading = (err: string) => err.includes('memuat ke database');

/** Start the import and SIGKILL it as soon as its progress shows `when`. */
function killDuringLoad(args: string[], env: Record<string, string | undefined>, when = loading): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(ROOT, 'node_modules/.bin/node'), [path.join(ROOT, 'dist/cli/main.js'), ...args], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    });
    let err = '';
    let killed = false;
    child.stdout.on('data', () => {});
    child.stderr.on('data', (d) => {
      err += d;
      if (!killed && when(err)) {
        killed = true;
        // Let the transaction get under way, then pull the plug.
        setTimeout(() => child.kill('SIGKILL'), 300);
      }
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`import never reached the load phase:\n${err}`));
    }, 240_000);
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL' || !killed) reject(new Error(`import ended before it could be killed (${signal}):\n${err}`));
      else resolve(err);
    });
  });
}

async function registryCounts(opts: { pgliteDir?: string; databaseUrl?: string }) {
  const database = await openDatabase(opts);
  try {
    const r = await sql<{ households: number; members: number; history: number; issues: number; stages: number }>`
      select (select count(*)::int from household) as households, (select count(*)::int from member) as members,
             (select count(*)::int from household_history) as history, (select count(*)::int from import_issue) as issues,
             (select count(*)::int from information_schema.tables where table_schema = 'import_stage') as stages`.execute(database.db);
    return r.rows[0];
  } finally {
    await database.close();
  }
}

/** The valid indexes and the constraints of household and member: what a load may set aside and must restore. */
async function registryKeys(opts: { pgliteDir?: string; databaseUrl?: string }): Promise<string[]> {
  const database = await openDatabase(opts);
  try {
    const r = await sql<{ name: string }>`
      select c.relname as name from pg_index i join pg_class c on c.oid = i.indexrelid
      where i.indrelid in ('household'::regclass, 'member'::regclass) and i.indisvalid
      union all
      select conname from pg_constraint where conrelid in ('household'::regclass, 'member'::regclass)
      order by 1`.execute(database.db);
    return r.rows.map((x) => x.name);
  } finally {
    await database.close();
  }
}

describe('sasmita import: killed mid-load, nothing is kept; run again, it completes', () => {
  const households = 30_000;

  async function scenario(env: Record<string, string | undefined>, dbOpts: { pgliteDir?: string; databaseUrl?: string }, dataDir: string) {
    const files = writePair(dataDir, households);
    expect((await runCliInProcess(['regions', 'load', '--kabupaten', '35.13'], env)).code).toBe(0);

    // A first load writes straight into the registry in one transaction: killed while it
    // reads the member file, nothing of it is kept.
    const progress = await killDuringLoad(['import', 'p3ke', files.keluarga, files.anggota, '--edition', 'P3KE 2023'], env, readingMembers);
    expect(progress).toContain('membaca berkas anggota');
    // The precount of members per family is a phase of its own, before the family file.
    const precountAt = progress.indexOf('menghitung anggota per keluarga');
    expect(precountAt).toBeGreaterThanOrEqual(0);
    expect(precountAt).toBeLessThan(progress.indexOf('membaca berkas keluarga'));
    expect(progress.indexOf('membaca berkas keluarga')).toBeLessThan(progress.indexOf('membaca berkas anggota'));
    expect(await registryCounts(dbOpts)).toEqual({ households: 0, members: 0, history: 0, issues: 0, stages: 0 });

    const again = await runCliInProcess(['import', 'p3ke', files.keluarga, files.anggota, '--edition', 'P3KE 2023'], env);
    expect(again.code, again.stderr).toBe(0);
    // Sequences may skip numbers after a crash (PostgreSQL logs them ahead), so read the id back.
    const id = /Impor #(\d+) selesai\./.exec(again.stdout)?.[1];
    expect(id).toBeDefined();
    const n = households.toLocaleString('id-ID').replace('.', '\\.');
    expect(again.stdout).toMatch(new RegExp(`keluarga\\s+${n}\\s+${n}`));
    expect(await registryCounts(dbOpts)).toEqual({ households, members: files.members, history: 0, issues: 0, stages: 0 });
    const keys = await registryKeys(dbOpts);
    expect(keys).toContain('member_nik_idx');
    expect(keys).toContain('household_source_source_id_key');

    // A newer release goes through staging and one merge transaction: killed in the merge, the
    // registry is as it was; run again, every household is updated with its history.
    writePair(dataDir, households, '2024');
    await killDuringLoad(['import', 'p3ke', files.keluarga, files.anggota, '--edition', 'P3KE 2024'], env);
    expect(await registryCounts(dbOpts)).toEqual({ households, members: files.members, history: 0, issues: 0, stages: 4 });
    const newer = await runCliInProcess(['import', 'p3ke', files.keluarga, files.anggota, '--edition', 'P3KE 2024'], env);
    expect(newer.code, newer.stderr).toBe(0);
    expect(await registryCounts(dbOpts)).toEqual({ households, members: files.members, history: households, issues: 0, stages: 0 });
    // Every household and member was rewritten: on PGlite through indexes set aside and rebuilt.
    expect(await registryKeys(dbOpts)).toEqual(keys);

    const list = await runCliInProcess(['import', 'list'], env);
    expect(list.stdout).toMatch(new RegExp(`#${id}\\s+P3KE\\s+DONE`));
    expect(list.stdout).toMatch(/#1\s+P3KE\s+FAILED .*terputus \(server berhenti\)/);
  }

  // The embedded database by default; a fresh PostgreSQL database when DATABASE_URL is set.
  it('on the database in use', { timeout: 600_000 }, async () => {
    const dir = tempDataDir();
    dirs.push(dir);
    const pg = await freshPostgres();
    try {
      if (pg) await scenario({ SASMITA_DATA_DIR: dir, DATABASE_URL: pg.url }, { databaseUrl: pg.url }, dir);
      else await scenario({ SASMITA_DATA_DIR: dir, DATABASE_URL: '' }, { pgliteDir: path.join(dir, 'pgdata') }, dir);
    } finally {
      await pg?.drop();
    }
  });
});

describe('sasmita import: errors and reports', () => {
  it.skipIf(POSTGRES_STAGE)(
    'reports a missing file or an unknown import as one line with exit code 1; writes the report',
    { timeout: 300_000 },
    async () => {
      const dir = tempDataDir();
      dirs.push(dir);
      const env = { SASMITA_DATA_DIR: dir, DATABASE_URL: '' };
      const missing = await runCliInProcess(['import', 'p3ke', path.join(dir, 'tidak-ada.csv'), path.join(dir, 'juga.csv')], env);
      expect(missing.code).toBe(1);
      expect(missing.stderr.trim().split('\n')).toHaveLength(1);
      expect(missing.stderr).toContain('file not found');

      const noRegions = writePair(dir, 3);
      const early = await runCliInProcess(['import', 'p3ke', noRegions.keluarga, noRegions.anggota], env);
      expect(early.code).toBe(1);
      expect(early.stderr.trim().split('\n').at(-1)).toContain('sasmita regions load --kabupaten 35.13');

      expect((await runCliInProcess(['regions', 'load', '--kabupaten', '35.13'], env)).code).toBe(0);
      const bad = path.join(dir, 'rusak.csv');
      fs.writeFileSync(bad, `${fs.readFileSync(noRegions.keluarga, 'utf8')}K9,,,,,3513062005,2,,RUSAK,3.51306E+15\n`);
      const ok = await runCliInProcess(['import', 'p3ke', bad, noRegions.anggota], env);
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stdout).toMatch(/keluarga\s+4\s+3\s+3\s+0\s+0\s+1\s+0/);
      expect(ok.stdout).toContain('sasmita import report 1 --out laporan-impor-1.xlsx');

      const out = path.join(dir, 'laporan.csv');
      const report = await runCliInProcess(['import', 'report', '1', '--out', out], env);
      expect(report.code, report.stderr).toBe(0);
      const text = fs.readFileSync(out, 'utf8');
      expect(text).toContain('Berkas,Baris,Kolom,Nilai,Tingkat,Kode,Keterangan');
      expect(text).toContain('rusak.csv,5,nik,3.51306E+15,Ditolak,ID_SCIENTIFIC_NOTATION');
      const unknown = await runCliInProcess(['import', 'report', '99', '--out', out], env);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain('no import #99');
    },
  );
});

describe('the reader thread (compiled, as the server runs it)', () => {
  it('loads no XLSX library to read CSV files (loading exceljs cost every import 0.25–0.4 s before its first row)', () => {
    // The reader thread's whole module graph, then every CommonJS package it pulled in.
    const script = `await import(${JSON.stringify(path.join(ROOT, 'dist/modules/registry/import/parse-worker.js'))}).catch(() => {});
      const { default: Module } = await import('node:module');
      console.log(JSON.stringify(Object.keys(Module._cache).map((k) => k.split('/node_modules/')[1]?.split('/')[0]).filter(Boolean)));`;
    const loaded = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as string[];
    expect(loaded).toContain('papaparse');
    expect(loaded).not.toContain('exceljs');
  });

  it.skipIf(POSTGRES_STAGE)('stops with IMPORT_TOO_LARGE, not a crash, when the files outgrow its memory limit', async () => {
    const dir = tempDataDir();
    dirs.push(dir);
    const files = writePair(dir, 20_000);
    const runner = (await import(
      path.join(ROOT, 'dist/modules/registry/import/parse-runner.js')
    )) as typeof import('../../src/modules/registry/import/parse-runner.js');
    const request = {
      kind: 'P3KE' as const,
      importId: 1,
      kabupatenCode: '35.13',
      regions: [],
      readerHeapMb: 8,
      files: [
        { role: 'keluarga' as const, path: files.keluarga, name: 'keluarga.csv', type: 'csv' as const },
        { role: 'anggota' as const, path: files.anggota, name: 'anggota.csv', type: 'csv' as const },
      ],
    };
    await expect(
      runner.parseFiles(
        request,
        () => {},
        async () => {},
      ),
    ).rejects.toMatchObject({
      status: 413,
      code: 'IMPORT_TOO_LARGE',
      messageId: expect.stringContaining('batas memori pembaca 8 MB'),
    });
  });
});
