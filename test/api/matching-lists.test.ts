import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitJob } from '../helpers/jobs.js';
import { insertMatchingWorld, type MatchingWorld, NIK_ROHMAN, NIK_SITI } from '../helpers/matching-fixtures.js';
import { type Client, startTestServer, type TestServer } from '../helpers/server.js';

let s: TestServer;
let admin: Client;
let dinsos: Client;
let opTiris: Client;
let pimpinan: Client;
let w: MatchingWorld;

function upload(c: Client, body: Buffer | string, fields: Record<string, string> = {}, filename = 'daftar.csv') {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  fd.append('file', new Blob([body]), filename);
  return c.post('/api/v1/matching/lists', fd);
}

const CSV = [
  'No;NIK;No KK;Nama;Tanggal Lahir;Kode Desa',
  `1;${NIK_SITI};;Hj. Siti Aminah;05/07/1980;35.13.06.2005`,
  `2;${NIK_ROHMAN};;Rohman Hakim Saputra;2004-03-12;3513062005`,
  '3;3513060101990001;;Orang Lain;1999-01-01;',
  '4;3.51306E+15;;Rusak;;',
  '5;;3513070101230009;Karto;;',
  '6;351306450780000;;Kurang Digit;;',
].join('\n');

let runId: number;

beforeAll(async () => {
  s = await startTestServer();
  admin = await s.userClient('admin', [{ role: 'admin_kabupaten', regionCode: '35.13' }]);
  dinsos = await s.userClient('dinsos', [{ role: 'dinsos', regionCode: '35.13' }]);
  opTiris = await s.userClient('op-tiris', [{ role: 'operator_kecamatan', regionCode: '35.13.07' }]);
  pimpinan = await s.userClient('bupati', [{ role: 'pimpinan', regionCode: '35.13' }]);
  w = await insertMatchingWorld(s.ctx.db);
}, 60_000);
afterAll(async () => {
  await s?.close();
});

describe('external list', () => {
  it('matches a CSV list: matched, matched with differences, not found, damaged NIK, No KK only', async () => {
    const res = await upload(dinsos, CSV, { name: 'Penerima BPNT 2026', listKind: 'RECIPIENTS' });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    runId = res.body.runId;
    const job = await waitJob(dinsos, res.body.jobId);
    expect(job.status, job.error).toBe('DONE');
    const run = (await admin.get(`/api/v1/matching/runs/${runId}`)).body;
    expect(run).toMatchObject({
      kind: 'EXTERNAL',
      listName: 'Penerima BPNT 2026',
      listKind: 'RECIPIENTS',
      status: 'DONE',
      counts: { total: 6, MATCHED: 2, MATCHED_DIFF: 1, NOT_FOUND: 1, INVALID: 2 },
    });
    const rows = (await admin.get(`/api/v1/matching/runs/${runId}/rows?limit=100`)).body;
    const by = new Map(rows.items.map((r: { rowNumber: number }) => [r.rowNumber, r]));
    expect(by.get(2)).toMatchObject({
      result: 'MATCHED',
      householdId: w.sitiP3ke,
      differences: [],
      desaCode: '35.13.06.2005',
      nik: NIK_SITI,
    });
    expect(by.get(3)).toMatchObject({ result: 'MATCHED_DIFF', differences: ['name', 'birthDate'], registryName: 'Rohman' });
    expect(by.get(4)).toMatchObject({ result: 'NOT_FOUND', householdId: null });
    expect(by.get(5)).toMatchObject({ result: 'INVALID' });
    expect((by.get(5) as { reason: string }).reason).toContain('notasi ilmiah');
    expect(by.get(6)).toMatchObject({ result: 'MATCHED', householdId: w.rohmanTiris, reason: 'Cocok lewat No KK' });
    expect((by.get(7) as { reason: string }).reason).toContain('15 digit');
    expect(rows.counts).toEqual({ MATCHED: 2, MATCHED_DIFF: 1, NOT_FOUND: 1, INVALID: 2 });

    const diff = (await admin.get(`/api/v1/matching/runs/${runId}/rows?result=MATCHED_DIFF`)).body;
    expect(diff.items.map((r: { rowNumber: number }) => r.rowNumber)).toEqual([3]);
    const page = (await admin.get(`/api/v1/matching/runs/${runId}/rows?limit=2`)).body;
    expect(page.items.map((r: { rowNumber: number }) => r.rowNumber)).toEqual([2, 3]);
    const next = (await admin.get(`/api/v1/matching/runs/${runId}/rows?limit=2&after=${page.nextAfter}`)).body;
    expect(next.items.map((r: { rowNumber: number }) => r.rowNumber)).toEqual([4, 5]);
    const audit = await s.ctx.db.selectFrom('audit_log').select('action').where('action', '=', 'matching.run.external').execute();
    expect(audit).toHaveLength(1);
  });

  it('an operator sees only rows matched in their kecamatan; pimpinan sees NIK masked', async () => {
    const tiris = (await opTiris.get(`/api/v1/matching/runs/${runId}/rows?limit=100`)).body;
    expect(tiris.items.map((r: { rowNumber: number }) => r.rowNumber)).toEqual([6]);
    const p = (await pimpinan.get(`/api/v1/matching/runs/${runId}/rows?result=MATCHED`)).body;
    expect(p.items[0].nik).toBe('3513**********01');
  });

  it('downloads the results as CSV and XLSX with NIK masked for pimpinan, audited', async () => {
    const csv = await pimpinan.get(`/api/v1/matching/runs/${runId}/rows.csv`);
    expect(csv.status).toBe(200);
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines).toHaveLength(7);
    expect(lines[1]).toContain('3513**********01');
    expect(lines[1]).not.toContain(NIK_SITI);
    expect(lines[2]).toContain('Padan dengan perbedaan');
    const res = await fetch(`${s.baseUrl}/api/v1/matching/runs/${runId}/rows.xlsx?result=NOT_FOUND`, { headers: { cookie: admin.cookie } });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const sheet = wb.worksheets[0];
    expect(sheet?.rowCount).toBe(2);
    expect(sheet?.getRow(2).getCell(2).value).toBe('3513060101990001');
    const audits = await s.ctx.db.selectFrom('audit_log').select('actor_name').where('action', '=', 'matching.list.export').execute();
    expect(audits.map((a) => a.actor_name).sort()).toEqual(['admin', 'bupati']);
  });

  it('reads an XLSX list whose NIK cells are numbers', async () => {
    const wb = new ExcelJS.Workbook();
    const sh = wb.addWorksheet('Daftar');
    sh.addRow(['NIK', 'Nama']);
    sh.addRow([Number(NIK_ROHMAN), 'Rohman']);
    sh.addRow([3513064507800000, 'Siti']);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await upload(admin, buf, { listKind: 'DECEASED' }, 'meninggal.xlsx');
    expect(res.status).toBe(202);
    expect((await waitJob(admin, res.body.jobId)).status).toBe('DONE');
    const run = (await admin.get(`/api/v1/matching/runs/${res.body.runId}`)).body;
    expect(run).toMatchObject({ listName: 'meninggal.xlsx', listKind: 'DECEASED', counts: { total: 2, MATCHED: 1, INVALID: 1 } });
  });

  it('takes a province’s or ministry’s target list in one step, as a run of kind TARGET', async () => {
    const res = await upload(admin, `NIK;Nama\n${NIK_ROHMAN};Rohman\n`, { name: 'Sasaran P3KE Provinsi 2026', listKind: 'TARGET' });
    expect(res.status).toBe(202);
    expect((await waitJob(admin, res.body.jobId)).status).toBe('DONE');
    const run = (await admin.get(`/api/v1/matching/runs/${res.body.runId}`)).body;
    expect(run).toMatchObject({ listName: 'Sasaran P3KE Provinsi 2026', listKind: 'TARGET', counts: { total: 1, MATCHED: 1 } });
  });

  it('rejects a list without NIK or No KK column, a file that is not CSV/XLSX, a bad list kind, and operators', async () => {
    const noId = await upload(admin, 'Nama;Alamat\nBudi;Jalan 1\n');
    expect(noId.status).toBe(202);
    const job = await waitJob(admin, noId.body.jobId);
    expect(job.status).toBe('FAILED');
    expect(job.error).toContain('NIK atau No KK');
    expect((await admin.get(`/api/v1/matching/runs/${noId.body.runId}`)).body.status).toBe('FAILED');

    const pdf = await upload(admin, Buffer.from('%PDF-1.4\n\0\0binary'), {}, 'daftar.pdf');
    expect(pdf.status).toBe(415);
    const kind = await upload(admin, CSV, { listKind: 'LAIN' });
    expect(kind.status).toBe(400);
    expect(kind.body.error.code).toBe('LIST_KIND_INVALID');
    expect((await upload(opTiris, CSV)).status).toBe(403);
    expect((await pimpinan.post('/api/v1/matching/lists', new FormData())).status).toBe(403);
  });

  it('rejects a list larger than the upload limit', async () => {
    const small = await startTestServer({ uploadLimit: 1024 });
    try {
      const c = await small.userClient('admin', [{ role: 'admin_kabupaten', regionCode: '35.13' }]);
      const big = `NIK;Nama\n${`${NIK_SITI};Siti Aminah\n`.repeat(200)}`;
      expect((await upload(c, big)).status).toBe(413);
    } finally {
      await small.close();
    }
  });
});
