import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freshPostgres, POSTGRES_STAGE, runCliInProcess, startCli, stopCli, tempDataDir } from '../helpers/cli.js';

const dirs: string[] = [];
const dataDir = () => {
  const d = tempDataDir();
  dirs.push(d);
  return d;
};
const embedded = (dir: string) => ({ SASMITA_DATA_DIR: dir, DATABASE_URL: '' });
const drops: Array<() => Promise<void>> = [];

/** The engine under test: a fresh PostgreSQL database when DATABASE_URL is set, else PGlite in `dir`. */
async function engineEnv(dir: string): Promise<Record<string, string>> {
  const pg = await freshPostgres();
  if (!pg) return embedded(dir);
  drops.push(pg.drop);
  return { SASMITA_DATA_DIR: dir, DATABASE_URL: pg.url };
}

afterAll(async () => {
  for (const drop of drops) await drop();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const accountLines = (out: string) => [
  ...out.matchAll(/^\s+(\S+)\s+(operator_desa|operator_kecamatan|pimpinan) @ (\S+).*kata sandi (\S+)$/gm),
];

describe('sasmita demo', () => {
  it.skipIf(POSTGRES_STAGE)('writes a P3KE pair without loading it, in CSV or XLSX', async () => {
    const dir = dataDir();
    const csv = await runCliInProcess(
      ['demo', '--no-load', '--households', '300', '--seed', '2', '--out', path.join(dir, 'csv')],
      embedded(dir),
    );
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout).toMatch(/Kabupaten Probolinggo \(35\.13\): 300 keluarga, [\d.]+ anggota \(sintetis\) ditulis ke/);
    const family = path.join(dir, 'csv', 'p3ke-keluarga-3513.csv');
    const lines = fs.readFileSync(family, 'utf8').trim().split('\r\n');
    expect(lines).toHaveLength(301);
    expect(lines[0]).toMatch(/^id_keluarga_p3ke,provinsi,kabupaten_kota,/);
    expect(fs.existsSync(path.join(dir, 'csv', 'p3ke-anggota-3513.csv'))).toBe(true);
    // Nothing was written to a database.
    expect(fs.existsSync(path.join(dir, 'pgdata'))).toBe(false);

    const xlsx = await runCliInProcess(
      ['demo', '--no-load', '--households', '200', '--format', 'xlsx', '--kabupaten', '33.04', '--out', path.join(dir, 'x')],
      embedded(dir),
    );
    expect(xlsx.code, xlsx.stderr).toBe(0);
    expect(xlsx.stdout).toContain('Kabupaten Banjarnegara (33.04): 200 keluarga');
    const head = fs
      .readFileSync(path.join(dir, 'x', 'p3ke-keluarga-3304.xlsx'))
      .subarray(0, 2)
      .toString();
    expect(head).toBe('PK');
  });

  it.skipIf(POSTGRES_STAGE)('reports bad options as one clear line', async () => {
    const dir = dataDir();
    for (const [args, message] of [
      [['--format', 'pdf'], '--format must be csv or xlsx'],
      [['--households', '0'], '--households must be between 1 and 5000000'],
      [['--households', 'banyak'], '--households must be a whole number'],
      [['--kabupaten', '33.04'], 'this deployment serves kabupaten 35.13'],
    ] as const) {
      const r = await runCliInProcess(['demo', ...args], embedded(dir));
      expect(r.code).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(message);
    }
  });

  it('loads a demo kabupaten through the import and prints the demo accounts once', async () => {
    const dir = dataDir();
    const env = await engineEnv(dir);
    const r = await runCliInProcess(['demo', '--households', '1000'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Data demo dimuat \(sintetis, bukan data nyata\): 1\.000 keluarga, [\d.]+ anggota — impor #1/);
    expect(r.stdout).toMatch(/Hasil impor: [\d.]+ baris disimpan .* 0 ditolak/);
    const accounts = accountLines(r.stdout);
    expect(accounts.map((a) => `${a[2]} @ ${a[3]}`)).toEqual([
      'operator_desa @ 35.13.06.2005',
      'operator_kecamatan @ 35.13.06',
      'pimpinan @ 35.13',
    ]);
    const again = await runCliInProcess(['demo', '--households', '1000'], env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/impor #2/);
    expect(again.stdout).toContain('sudah ada, kata sandi tidak diubah');
    expect(accountLines(again.stdout)).toHaveLength(0);
  });

  it('serve --demo loads the 20,000-household demo on the first run only, within 30 s', async () => {
    const dir = dataDir();
    const port = String(30000 + Math.floor(Math.random() * 20000));
    const env = { ...(await engineEnv(dir)), PORT: port };
    const first = await startCli(['serve', '--demo'], env, /berjalan di/);
    const out = first.output();
    expect(out).toContain('memuat kabupaten demo (20.000 keluarga sintetis)');
    expect(out).toMatch(/Data demo dimuat \(sintetis, bukan data nyata\): 20\.000 keluarga/);
    // Generating and importing the demo takes well under 30 s.
    const took = /dibuat ([\d,]+) detik, diimpor ([\d,]+) detik/.exec(out);
    expect(took).not.toBeNull();
    const seconds = Number(took![1]!.replace(',', '.')) + Number(took![2]!.replace(',', '.'));
    expect(seconds).toBeLessThan(30);
    const desa = accountLines(out).find((a) => a[2] === 'operator_desa');
    expect(desa).toBeDefined();
    const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-requested-with': 'sasmita' },
      body: JSON.stringify({ username: desa![1], password: desa![4] }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
    const list = await fetch(`http://127.0.0.1:${port}/api/v1/households`, { headers: { cookie } });
    const body = (await list.json()) as { total: number; items: Array<{ desaCode: string }> };
    expect(body.total).toBeGreaterThan(0);
    for (const item of body.items) expect(item.desaCode).toBe('35.13.06.2005');
    await stopCli(first.child);

    const second = await startCli(['serve', '--demo'], env, /berjalan di/);
    expect(second.output()).not.toContain('Data demo dimuat');
    await stopCli(second.child);
  });
});
