/**
 * Issue 20, item 3: hostile spreadsheets sent to every spreadsheet upload over real HTTP. Each
 * is refused with a clear 413/422 in Indonesian before it expands, the server still answers,
 * and no temporary file is left behind (nor by a refused photo, nor by a refused CSV).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgres, runCli, tempDataDir } from '../helpers/cli.js';
import { emptyRowFlood, hugeCell, saneWorkbook, sharedStringsBomb } from '../helpers/hostile-xlsx.js';
import { waitJob } from '../helpers/jobs.js';
import { type Client, startTestServer, type TestServer } from '../helpers/server.js';

interface Hostile {
  name: string;
  data: Buffer;
  status: 413 | 422;
  says: RegExp;
}

let s: TestServer;
let admin: Client;
let hostile: Hostile[];

beforeAll(async () => {
  s = await startTestServer();
  admin = await s.userClient('admin.keamanan', [{ role: 'admin_kabupaten', regionCode: '35.13' }]);
  hostile = [
    { name: 'bom-6gb.xlsx', data: sharedStringsBomb(6), status: 413, says: /sharedStrings\.xml .*(melebihi batas|bom zip)/ },
    { name: 'bom-bohong.xlsx', data: sharedStringsBomb(6, true), status: 413, says: /bom zip/ },
    { name: 'sel-1gb.xlsx', data: hugeCell(1200), status: 413, says: /bom zip/ },
    { name: 'sel-panjang.xlsx', data: hugeCell(2, true), status: 422, says: /sel yang lebih panjang dari 32\.767 karakter/ },
    { name: 'baris-kosong.xlsx', data: emptyRowFlood(1_100_000), status: 422, says: /baris sampai nomor 1\.048\.577/ },
  ];
});

afterAll(async () => {
  await s?.close();
});

/** Every file under `dir` (recursively), after the pending file operations of the request settle. */
async function filesLeft(dir: string): Promise<string[]> {
  await new Promise((resolve) => setTimeout(resolve, 150));
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.join(d.parentPath, d.name));
}

const form = (fields: Record<string, string>, files: Record<string, [Buffer, string]>) => {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  for (const [k, [data, name]] of Object.entries(files)) fd.append(k, new Blob([new Uint8Array(data)]), name);
  return fd;
};

/** The spreadsheet uploads: route, form fields and the file fields a hostile file goes into. */
const ROUTES: Array<{ route: string; send: (file: [Buffer, string]) => FormData }> = [
  { route: '/api/v1/imports (DTKS)', send: (f) => form({ kind: 'DTKS' }, { dtks: f }) },
  { route: '/api/v1/imports (P3KE)', send: (f) => form({ kind: 'P3KE' }, { keluarga: [saneWorkbook([]), 'keluarga.xlsx'], anggota: f }) },
  { route: '/api/v1/matching/lists', send: (f) => form({ name: 'Daftar uji', listKind: 'OTHER' }, { file: f }) },
  { route: '/api/v1/aid/imports', send: (f) => form({ programCode: 'PKH', periodYear: '2024' }, { file: f }) },
  { route: '/api/v1/organisation/agencies/import', send: (f) => form({}, { file: f }) },
  { route: '/api/v1/organisation/officials/import', send: (f) => form({}, { file: f }) },
];

const pathOf = (route: string) => route.split(' ')[0] as string;

const HOSTILE_NAMES = ['bom-6gb.xlsx', 'bom-bohong.xlsx', 'sel-1gb.xlsx', 'sel-panjang.xlsx', 'baris-kosong.xlsx'];

describe('hostile spreadsheets against every spreadsheet upload', () => {
  for (const { route, send } of ROUTES) {
    for (const name of HOSTILE_NAMES) {
      it(`${route}, ${name}: refused with a clear 413/422, the server keeps answering, no temp file is left`, async () => {
        const h = hostile.find((x) => x.name === name) as Hostile;
        const t0 = performance.now();
        const res = await admin.post(pathOf(route), send([h.data, h.name]));
        expect(res.status, `${h.name}: ${JSON.stringify(res.body)}`).toBe(h.status);
        expect(res.body.error.code).toBe(h.status === 413 ? 'SPREADSHEET_TOO_LARGE' : 'SPREADSHEET_REJECTED');
        expect(res.body.error.message).toMatch(/ditolak: /);
        expect(res.body.error.message).toMatch(h.says);
        expect(performance.now() - t0).toBeLessThan(5000);
        expect((await admin.get('/api/v1/health')).status).toBe(200);
        expect(await filesLeft(path.join(s.ctx.config.dataDir, 'tmp'))).toEqual([]);
      });
    }
  }

  it('the indicators import (CSV only) refuses an XLSX bomb as text that is not UTF-8, without expanding it', async () => {
    const res = await admin.post('/api/v1/monitoring/indicators/import', form({}, { file: [sharedStringsBomb(6), 'bom.csv'] }));
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('bukan UTF-8');
    expect((await admin.get('/api/v1/health')).status).toBe(200);
  });

  it('a sane XLSX still goes through the same routes', async () => {
    const res = await admin.post(
      '/api/v1/matching/lists',
      form({ listKind: 'OTHER' }, { file: [saneWorkbook([['3513010101900001', 'Siti']]), 'daftar.xlsx'] }),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    // The matching run reads its list in a job and removes the file when done: wait, so that the
    // next test's "no temporary file left" is about its own uploads.
    await waitJob(admin, res.body.jobId);
    const agencies = await admin.post('/api/v1/organisation/agencies/import', form({}, { file: [saneWorkbook([]), 'opd.xlsx'] }));
    // A readable file without the agency columns: the import's own 400, not the guard's.
    expect(agencies.status).toBe(400);
    expect(agencies.body.error.code).toBe('IMPORT_INVALID');
  });
});

describe('refused uploads leave no temporary file', () => {
  it('a screenshot refused for its type (415), a list refused for its content (415) or its fields (400)', async () => {
    const ticket = await admin.post('/api/v1/kendala', {
      category: 'APLIKASI',
      title: 'Uji unggah',
      description: 'x',
      desaCode: '35.13.06.2005',
    });
    expect(ticket.status, JSON.stringify(ticket.body)).toBe(201);
    const tmp = path.join(s.ctx.config.dataDir, 'tmp');
    const notList = await admin.post(
      '/api/v1/matching/lists',
      form({ listKind: 'OTHER' }, { file: [Buffer.from('hanya catatan\n'), 'x.csv'] }),
    );
    expect(notList.status).toBe(415);
    const badFields = await admin.post(
      '/api/v1/aid/imports',
      form({ programCode: '!' }, { file: [Buffer.from('nik,nama\n1,2\n'), 'x.csv'] }),
    );
    expect(badFields.status).toBe(400);
    expect(await filesLeft(tmp)).toEqual([]);
    // Refused on its first chunk: the temp file used to be created after its removal.
    const shot = await admin.put(
      `/api/v1/kendala/${ticket.body.id}/screenshot`,
      form({}, { file: [Buffer.from('bukan gambar, hanya teks'.repeat(5000)), 'layar.png'] }),
    );
    expect(shot.status, JSON.stringify(shot.body)).toBe(415);
    expect(await filesLeft(tmp)).toEqual([]);
  });
});

describe('the CLI import refuses a bomb with one clear line', () => {
  it('sasmita import dtks bom.xlsx', { timeout: 120_000 }, async () => {
    const dir = tempDataDir();
    const pg = await freshPostgres();
    try {
      const file = path.join(dir, 'bom.xlsx');
      fs.writeFileSync(file, sharedStringsBomb(6, true));
      const r = await runCli(['import', 'dtks', file], { SASMITA_DATA_DIR: dir, DATABASE_URL: pg?.url ?? '' });
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toMatch(/Berkas dtks \(bom\.xlsx\) ditolak: .*bom zip/);
    } finally {
      await pg?.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
