import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { countResults, matchExternalList } from '../../src/modules/matching/external.js';
import { asTableOwner } from '../helpers/audit-tamper.js';
import { freshPostgres, POSTGRES_STAGE, runCli, runCliInProcess, startCli, stopCli, tempDataDir } from '../helpers/cli.js';
import { insertHouseholds } from '../helpers/registry-fixtures.js';

const dirs: string[] = [];
const dataDir = () => {
  const d = tempDataDir();
  dirs.push(d);
  return d;
};
// These tests use the embedded database unless a test asks for PostgreSQL explicitly.
const embedded = (dir: string) => ({ SASMITA_DATA_DIR: dir, DATABASE_URL: '' });

afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('sasmita CLI', () => {
  it.skipIf(POSTGRES_STAGE)('prints help for every command group', async () => {
    const top = await runCliInProcess(['--help']);
    expect(top.code).toBe(0);
    for (const cmd of ['serve', 'migrate', 'regions', 'user', 'audit', 'backup', 'restore']) expect(top.stdout).toContain(cmd);
    const user = await runCliInProcess(['user', 'add', '--help']);
    expect(user.code).toBe(0);
    expect(user.stdout).toContain('--region');
  });

  it.skipIf(POSTGRES_STAGE)('reports bad input as one clear line and a non-zero exit', async () => {
    const dir = dataDir();
    const role = await runCli(['user', 'add', 'x', '--role', 'raja', '--region', '35.13'], embedded(dir));
    expect(role.code).toBe(1);
    expect(role.stderr.trim().split('\n')).toHaveLength(1);
    expect(role.stderr).toContain('unknown role "raja"');
    const region = await runCli(['regions', 'load', '--kabupaten', '99.99'], embedded(dir));
    expect(region.code).toBe(1);
    expect(region.stderr.trim().split('\n')).toHaveLength(1);
    expect(region.stderr).toContain('99.99');
    const missing = await runCli(['user', 'passwd', 'nobody'], embedded(dir));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no user named "nobody"');
  });

  it.skipIf(POSTGRES_STAGE)('loads any kabupaten, manages users and verifies the audit chain', async () => {
    const dir = dataDir();
    const env = embedded(dir);
    expect((await runCliInProcess(['migrate'], env)).stdout).toContain('0001_foundation');
    const load = await runCliInProcess(['regions', 'load', '--kabupaten', '33.04'], env);
    expect(load.code).toBe(0);
    expect(load.stdout).toMatch(/Kabupaten Banjarnegara \(33\.04\): 20 kecamatan, \d+ desa\/kelurahan dimuat/);
    const add = await runCliInProcess(['user', 'add', 'op.bna', '--role', 'operator_kecamatan', '--region', '33.04.01'], env);
    expect(add.code).toBe(0);
    expect(add.stdout).toMatch(/Kata sandi: \S{19}/);
    const dup = await runCliInProcess(['user', 'add', 'op.bna', '--role', 'operator_kecamatan', '--region', '33.04.01'], env);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain('sudah dipakai');
    const pw = await runCliInProcess(['user', 'passwd', 'op.bna', '--password', 'sandi-baru-2026'], env);
    expect(pw.code).toBe(0);
    const ok = await runCliInProcess(['audit', 'verify'], env);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/Log audit utuh: [3-9] entri/);

    // Tamper with the second entry directly in the database: verify names it and fails.
    const database = await openDatabase({ pgliteDir: path.join(dir, 'pgdata') });
    await asTableOwner(database.db, (trx) => trx.updateTable('audit_log').set({ action: 'user.innocent' }).where('id', '=', 2).execute());
    await database.close();
    const bad = await runCliInProcess(['audit', 'verify'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('entry 2');
  });

  it('backs up and restores into a fresh data directory with everything intact', async () => {
    const src = dataDir();
    await runCliInProcess(['regions', 'load', '--kabupaten', '35.13'], embedded(src));
    await runCliInProcess(
      ['user', 'add', 'op.2005', '--role', 'operator_desa', '--region', '35.13.06.2005', '--password', 'sandi-desa-2005'],
      embedded(src),
    );
    // A matching run: its rows live in a partition of their own (0017), which a restore must recreate.
    const srcDb = await openDatabase({ pgliteDir: path.join(src, 'pgdata') });
    const run = await srcDb.db
      .insertInto('match_run')
      .values({ kabupaten_code: '35.13', kind: 'EXTERNAL', list_name: 'uji', list_kind: 'OTHER', counts: '{}' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const listRows = [
      { rowNumber: 1, nik: '3513064107900001', kkNumber: null, name: 'Siti', birthDate: '1990-07-01', regionCode: null },
      { rowNumber: 2, nik: '3.51306E+15', kkNumber: null, name: 'Rusak', birthDate: null, regionCode: null },
    ];
    expect(await matchExternalList(srcDb, run.id, '35.13', [listRows])).toMatchObject({ total: 2, NOT_FOUND: 1, INVALID: 1 });
    // Registry rows that name their import and desa through triggers, not keys (0021, 0022):
    // a restore must load import_batch and region before them.
    const batch = await srcDb.db.insertInto('import_batch').values({ kind: 'P3KE' }).returning('id').executeTakeFirstOrThrow();
    const [householdId = 0] = await insertHouseholds(srcDb.db, [
      { desaCode: '35.13.06.2005', headName: 'SITI AMINAH', members: [{ name: 'SITI AMINAH' }] },
    ]);
    await srcDb.db.updateTable('household').set({ import_id: batch.id }).where('id', '=', householdId).execute();
    await srcDb.db.updateTable('member').set({ import_id: batch.id }).where('household_id', '=', householdId).execute();
    await srcDb.db
      .insertInto('household_history')
      .values({ household_id: householdId, import_id: batch.id, changes: '{"head_name": ["SITI", "SITI AMINAH"]}' })
      .execute();
    await srcDb.db
      .insertInto('import_issue')
      .values({
        import_id: batch.id,
        file: 'keluarga',
        row_number: 3,
        severity: 'ERROR',
        code: 'NIK_LENGTH',
        message: 'NIK harus 16 digit',
      })
      .execute();
    await srcDb.close();
    fs.mkdirSync(path.join(src, 'blobs', 'ab'), { recursive: true });
    fs.writeFileSync(path.join(src, 'blobs', 'ab', 'foto.jpg'), Buffer.from([0xff, 0xd8, 0xff, 1, 2, 3]));
    const file = path.join(src, 'cadangan.sasmita.gz');
    const b = await runCliInProcess(['backup', '--out', file], embedded(src));
    expect(b.code).toBe(0);
    expect(b.stdout).toContain('1 berkas');

    const dst = dataDir();
    const r = await runCliInProcess(['restore', file], embedded(dst));
    expect(r.stderr).not.toContain('error');
    expect(r.code).toBe(0);
    expect(fs.readFileSync(path.join(dst, 'blobs', 'ab', 'foto.jpg'))).toEqual(Buffer.from([0xff, 0xd8, 0xff, 1, 2, 3]));
    const again = await runCliInProcess(['restore', file], embedded(dst));
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already holds a database');
    expect((await runCliInProcess(['audit', 'verify'], embedded(dst))).code).toBe(0);
    // The restored user can still sign in and the identity counters continue.
    expect((await runCliInProcess(['user', 'add', 'baru', '--role', 'pimpinan', '--region', '35.13'], embedded(dst))).code).toBe(0);
    const db = await openDatabase({ pgliteDir: path.join(dst, 'pgdata') });
    const users = await db.db.selectFrom('app_user').select(['username']).orderBy('id').execute();
    expect(users.map((u) => u.username)).toEqual(['op.2005', 'baru']);
    const registry = await db.db
      .selectNoFrom((eb) => [
        eb
          .selectFrom('household')
          .select((f) => f.fn.countAll<number>().as('n'))
          .where('import_id', '=', batch.id)
          .as('households'),
        eb
          .selectFrom('member')
          .select((f) => f.fn.countAll<number>().as('n'))
          .where('import_id', '=', batch.id)
          .as('members'),
        eb
          .selectFrom('household_history')
          .select((f) => f.fn.countAll<number>().as('n'))
          .as('history'),
        eb
          .selectFrom('import_issue')
          .select((f) => f.fn.countAll<number>().as('n'))
          .where('import_id', '=', batch.id)
          .as('issues'),
      ])
      .executeTakeFirstOrThrow();
    expect(Object.values(registry).map(Number)).toEqual([1, 1, 1, 1]);
    // The run's rows came back in their partition, and the next run gets one of its own.
    expect(await countResults(db.db, run.id)).toMatchObject({ total: 2, NOT_FOUND: 1, INVALID: 1 });
    const next = await db.db
      .insertInto('match_run')
      .values({ kabupaten_code: '35.13', kind: 'EXTERNAL', list_name: 'uji 2', list_kind: 'OTHER', counts: '{}' })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(next.id).toBeGreaterThan(run.id);
    expect(await matchExternalList(db, next.id, '35.13', [listRows.slice(0, 1)])).toMatchObject({ total: 1, NOT_FOUND: 1 });
    await db.close();

    const pgdb = await freshPostgres();
    if (pgdb) {
      try {
        const toPg = await runCliInProcess(['restore', file], { SASMITA_DATA_DIR: dataDir(), DATABASE_URL: pgdb.url });
        expect(toPg.code).toBe(0);
        expect((await runCliInProcess(['audit', 'verify'], { DATABASE_URL: pgdb.url })).code).toBe(0);
      } finally {
        await pgdb.drop();
      }
    }
  });

  it.skipIf(POSTGRES_STAGE)('refuses a file that is not a backup and leaves no database behind', async () => {
    const dir = dataDir();
    const junk = path.join(dir, 'junk.gz');
    fs.writeFileSync(junk, 'not a backup');
    const r = await runCliInProcess(['restore', junk], embedded(dir));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('nothing was restored');
    expect(fs.existsSync(path.join(dir, 'pgdata'))).toBe(false);
  });

  it.skipIf(POSTGRES_STAGE)('serve creates the first admin once and restarts on the same data with everything intact', async () => {
    const dir = dataDir();
    const port = String(30000 + Math.floor(Math.random() * 20000));
    const env = { ...embedded(dir), PORT: port };
    const first = await startCli(['serve'], env, /berjalan di/);
    const out = first.output();
    const password = /kata sandi\s*:\s*(\S+)/.exec(out)?.[1];
    expect(out).toContain('nama pengguna: admin');
    expect(password).toBeTruthy();
    const login = async () =>
      fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-requested-with': 'sasmita' },
        body: JSON.stringify({ username: 'admin', password }),
      });
    expect((await login()).status).toBe(200);
    await stopCli(first.child);

    const second = await startCli(['serve'], env, /berjalan di/);
    expect(second.output()).not.toContain('nama pengguna: admin');
    expect((await login()).status).toBe(200);
    const meta = (await (await fetch(`http://127.0.0.1:${port}/api/v1/meta`)).json()) as { kabupaten: { name: string } };
    expect(meta.kabupaten.name).toBe('Kabupaten Probolinggo');
    await stopCli(second.child);
  });
});
