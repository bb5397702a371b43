import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scopeColumns } from '../../src/modules/access/scope.js';
import { insertHouseholds } from '../helpers/registry-fixtures.js';
import { type Client, startTestServer, type TestServer } from '../helpers/server.js';
import {
  assign,
  assignBanyuanyar,
  BANYUANYAR,
  BANYUANYAR_DESA,
  createFixtureOfficials,
  createOfficial,
  createPeriod,
  type Fixture,
  nip,
} from './organisation-fixture.js';

let s: TestServer;
let admin: Client;
let fx: Fixture;
let period: number;
const api = '/api/v1/organisation';

beforeAll(async () => {
  s = await startTestServer();
  admin = await s.userClient('admin.jadwal', [{ role: 'admin_kabupaten', regionCode: '35.13' }]);
  fx = await createFixtureOfficials(admin);
  period = await createPeriod(admin, 'Gesek Ekstrem 2024', '2024-01-01', '2024-12-31');
});
afterAll(async () => {
  await s?.close();
});

describe('stage schedule', () => {
  const stages: Record<string, number> = {};

  it('stores the stages of the period, refusing bad dates and regions', async () => {
    const plan = [
      { kind: 'sosialisasi', name: 'Sosialisasi', startDate: '2024-01-15', endDate: '2024-01-31' },
      { kind: 'verval', name: 'Verifikasi dan validasi', startDate: '2024-02-01', endDate: '2024-02-17' },
      { kind: 'musdes', name: 'Musyawarah desa', startDate: '2024-02-19', endDate: '2024-02-28' },
      { kind: 'pendampingan', name: 'Pendampingan usulan dan penyaluran', startDate: '2024-03-01', endDate: '2024-12-31' },
      {
        kind: 'verval',
        name: 'Verval Banyuanyar (diperpanjang)',
        startDate: '2024-02-01',
        endDate: '2024-02-24',
        kecamatanCode: BANYUANYAR,
      },
    ];
    for (const st of plan) {
      const r = await admin.post(`${api}/periods/${period}/stages`, st);
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      stages[st.name] = r.body.id;
    }
    const reversed = await admin.post(`${api}/periods/${period}/stages`, {
      kind: 'musdes',
      name: 'X',
      startDate: '2024-03-10',
      endDate: '2024-03-01',
    });
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.code).toBe('STAGE_DATES');
    const outside = await admin.post(`${api}/periods/${period}/stages`, {
      kind: 'musdes',
      name: 'X',
      startDate: '2024-12-20',
      endDate: '2025-01-05',
    });
    expect(outside.body.error.code).toBe('STAGE_OUTSIDE_PERIOD');
    const region = await admin.post(`${api}/periods/${period}/stages`, {
      kind: 'musdes',
      name: 'X',
      startDate: '2024-03-01',
      endDate: '2024-03-05',
      kecamatanCode: '35.14.01',
    });
    expect(region.body.error.code).toBe('REGION_OUTSIDE_KABUPATEN');
    const patchBad = await admin.patch(`${api}/stages/${stages.Sosialisasi}`, { endDate: '2024-01-01' });
    expect(patchBad.body.error.code).toBe('STAGE_DATES');
    const list = await admin.get(`${api}/periods/${period}/schedule?date=2024-01-20`);
    expect(list.body.stages).toHaveLength(5);
    // A period cannot shrink away from its stages.
    const shrink = await admin.patch(`${api}/periods/${period}`, { endDate: '2024-06-30' });
    expect(shrink.body.error.code).toBe('STAGE_OUTSIDE_PERIOD');
  });

  it('shows the current stage for a date, with a kecamatan’s own stage replacing the kabupaten one', async () => {
    const names = (r: { body: { current: Array<{ name: string }> } }) => r.body.current.map((c) => c.name);
    expect(names(await admin.get(`${api}/periods/${period}/schedule?date=2024-01-20`))).toEqual(['Sosialisasi']);
    expect(names(await admin.get(`${api}/periods/${period}/schedule?date=2024-02-10`))).toEqual(['Verifikasi dan validasi']);
    expect(names(await admin.get(`${api}/periods/${period}/schedule?date=2024-02-10&kecamatan=${BANYUANYAR}`))).toEqual([
      'Verval Banyuanyar (diperpanjang)',
    ]);
    expect(names(await admin.get(`${api}/periods/${period}/schedule?date=2024-02-20&kecamatan=${BANYUANYAR}`))).toEqual([
      'Verval Banyuanyar (diperpanjang)',
      'Musyawarah desa',
    ]);
    expect(names(await admin.get(`${api}/periods/${period}/schedule?date=2024-02-18`))).toEqual([]);
    // An operator of Banyuanyar gets their kecamatan's schedule without asking.
    const op = await s.userClient('op.banyuanyar', [{ role: 'operator_kecamatan', regionCode: BANYUANYAR }]);
    const cur = await op.get(`${api}/schedule/current?date=2024-02-20`);
    expect(cur.status).toBe(200);
    expect(cur.body.items).toHaveLength(1);
    expect(cur.body.items[0].kecamatanCode).toBe(BANYUANYAR);
    expect(cur.body.items[0].current.map((c: { name: string }) => c.name)).toEqual(['Verval Banyuanyar (diperpanjang)', 'Musyawarah desa']);
    expect(cur.body.items[0].next.name).toBe('Pendampingan usulan dan penyaluran');
    expect((await op.get(`${api}/schedule/current?date=2023-06-01`)).body.items).toEqual([]);
  });

  it('lists overdue desa once a stage has ended, per its area', async () => {
    const verval = stages['Verifikasi dan validasi'];
    const before = await admin.get(`${api}/stages/${verval}/overdue?date=2024-02-17`);
    expect(before.body).toMatchObject({ ended: false, completionTracked: true, overdue: [] });
    const after = await admin.get(`${api}/stages/${verval}/overdue?date=2024-02-18`);
    expect(after.body.ended).toBe(true);
    // Banyuanyar has its own verval stage, so the kabupaten stage covers the other 316 desa.
    expect(after.body.areaDesa).toBe(316);
    expect(after.body.overdue).toHaveLength(316);
    expect(after.body.overdue.some((d: { kecamatanCode: string }) => d.kecamatanCode === BANYUANYAR)).toBe(false);
    const own = stages['Verval Banyuanyar (diperpanjang)'];
    expect((await admin.get(`${api}/stages/${own}/overdue?date=2024-02-20`)).body.overdue).toEqual([]);
    const late = await admin.get(`${api}/stages/${own}/overdue?date=2024-02-25`);
    expect(late.body.overdue.map((d: { code: string }) => d.code)).toEqual(BANYUANYAR_DESA);
    expect(late.body.overdue[4]).toEqual({
      code: '35.13.06.2005',
      name: 'Alassapi',
      kecamatanCode: BANYUANYAR,
      kecamatanName: 'Banyuanyar',
    });
    // A desa operator sees only their own desa in the list.
    const desaOp = await s.userClient('op.alassapi', [{ role: 'operator_desa', regionCode: '35.13.06.2005' }]);
    const mine = await desaOp.get(`${api}/stages/${own}/overdue?date=2024-02-25`);
    expect(mine.body.overdue.map((d: { code: string }) => d.code)).toEqual(['35.13.06.2005']);
    const other = await desaOp.get(`${api}/stages/${verval}/overdue?date=2024-02-25`);
    expect(other.body.overdue).toEqual([]);
  });

  it('drops a desa from the verval overdue list once every household there has an approved verval', async () => {
    const own = stages['Verval Banyuanyar (diperpanjang)'];
    const [done1, done2, open] = await insertHouseholds(s.ctx.db, [
      { desaCode: '35.13.06.2005', headName: 'Selesai Satu' },
      { desaCode: '35.13.06.2005', headName: 'Selesai Dua' },
      { desaCode: '35.13.06.2013', headName: 'Belum Disetujui' },
    ]);
    const verval = (id: number | undefined, desa: string, status: 'APPROVED' | 'SUBMITTED') => ({
      period_id: period,
      household_id: id ?? 0,
      ...scopeColumns(desa),
      status,
    });
    await s.ctx.db
      .insertInto('verval')
      .values([
        verval(done1, '35.13.06.2005', 'APPROVED'),
        verval(done2, '35.13.06.2005', 'APPROVED'),
        verval(open, '35.13.06.2013', 'SUBMITTED'),
      ])
      .execute();
    const late = await admin.get(`${api}/stages/${own}/overdue?date=2024-02-25`);
    expect(late.body.completionTracked).toBe(true);
    const codes = late.body.overdue.map((d: { code: string }) => d.code);
    expect(codes).not.toContain('35.13.06.2005');
    expect(codes).toContain('35.13.06.2013');
    expect(codes).toHaveLength(BANYUANYAR_DESA.length - 1);
    // Musdes stages follow finalised meetings (test/api/musdes-documents.test.ts); pendampingan has no recorded completion yet, and says so.
    const musdes = stages['Musyawarah desa'];
    expect((await admin.get(`${api}/stages/${musdes}/overdue?date=2024-03-01`)).body.completionTracked).toBe(true);
    const pendampingan = stages['Pendampingan usulan dan penyaluran'];
    expect((await admin.get(`${api}/stages/${pendampingan}/overdue?date=2025-01-01`)).body.completionTracked).toBe(false);
  });
});

/** The text drawn on the pages of an uncompressed-font (standard Helvetica) PDF made by pdfkit. */
function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  let out = '';
  for (const m of raw.matchAll(/stream\r?\n/g)) {
    const start = (m.index ?? 0) + m[0].length;
    const end = raw.indexOf('endstream', start);
    let content: string;
    try {
      content = zlib.inflateSync(pdf.subarray(start, end)).toString('latin1');
    } catch {
      continue;
    }
    for (const tj of content.matchAll(/\[(.*?)\] TJ/g)) {
      for (const h of (tj[1] ?? '').matchAll(/<([0-9a-fA-F]*)>/g)) out += Buffer.from(h[1] ?? '', 'hex').toString('latin1');
      out += ' ';
    }
  }
  return out.replace(/\s+/g, ' ');
}

describe('exports of the assignment table', () => {
  beforeAll(async () => {
    await assignBanyuanyar(admin, period, fx);
    // A name that a spreadsheet would run as a formula.
    const sly = await createOfficial(admin, {
      agencyId: fx.agencyA,
      name: '=HYPERLINK("http://x")',
      nip: nip(16),
      position: 'Staf',
      echelon: 'STAF',
    });
    await assign(admin, period, sly, 'staf_pendamping', '35.13.06.2001');
  });

  it('exports XLSX with one row per assignment, NIP as text, formulas neutralised', async () => {
    const res = await fetch(`${s.baseUrl}${api}/periods/${period}/export.xlsx`, { headers: { cookie: admin.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    expect(res.headers.get('content-disposition')).toContain('penugasan-gesek-ekstrem-2024.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const sheet = wb.worksheets[0]!;
    const rows: unknown[][] = [];
    sheet.eachRow((row) => {
      rows.push((row.values as unknown[]).slice(1));
    });
    expect(rows[0]).toEqual([
      'No',
      'Kecamatan',
      'OPD Kecamatan Binaan',
      'Desa/Kelurahan',
      'OPD',
      'Nama Pejabat',
      'NIP',
      'Jabatan',
      'Eselon',
      'Peran',
    ]);
    expect(rows).toHaveLength(16);
    expect(rows[1]).toEqual([
      1,
      'Banyuanyar',
      'Dinas Pekerjaan Umum dan Penataan Ruang',
      'Sentulan',
      'Dinas Pekerjaan Umum dan Penataan Ruang',
      fx.names[0],
      nip(0),
      'Kepala Bidang 1',
      'III',
      'Pendamping desa',
    ]);
    expect(rows.find((r) => r[5] === '\'=HYPERLINK("http://x")')).toBeDefined();
    expect(rows.at(-1)?.slice(3, 6)).toEqual(['Blado Wetan', 'Dinas Sosial', 'Drs. Moch. Yasin']);
    const audit = await admin.get('/api/v1/audit?entity=program_period');
    expect(audit.body.items[0]).toMatchObject({ action: 'assignment.export', after: { format: 'xlsx', rows: 15, completed: true } });
  });

  it('exports a landscape A4 PDF annex grouped by kecamatan, with page numbers', async () => {
    const res = await fetch(`${s.baseUrl}${api}/periods/${period}/export.pdf`, { headers: { cookie: admin.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // A4 landscape: 841.89 × 595.28 points.
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 841\.89 595\.28\]/);
    const text = pdfText(pdf);
    expect(text).toContain('Lampiran Penugasan Gesek Ekstrem 2024');
    expect(text).toContain('Kecamatan Banyuanyar');
    expect(text).toContain('OPD kecamatan binaan: Dinas Pekerjaan Umum dan Penataan Ruang');
    for (const name of fx.names) expect(text).toContain(name);
    expect(text).toContain(nip(10));
    expect(text).toContain('Pendamping desa');
    expect(text).toMatch(/Halaman 1 dari \d/);
  });

  it('limits an export to the reader’s area', async () => {
    const op = await s.userClient('op.export.lain', [{ role: 'operator_kecamatan', regionCode: '35.13.07' }]);
    const res = await fetch(`${s.baseUrl}${api}/periods/${period}/export.pdf`, { headers: { cookie: op.cookie } });
    const text = pdfText(Buffer.from(await res.arrayBuffer()));
    expect(text).toContain('Belum ada penugasan pada periode ini.');
    expect(text).not.toContain(fx.names[0]);
    expect((await s.anonymous().get(`${api}/periods/${period}/export.xlsx`)).status).toBe(401);
  });
});
