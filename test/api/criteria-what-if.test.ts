import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESA_A, DESA_B, DESA_C, exampleCriteria, insertWhatIfFixture, LOWERED_DRAFT, parseCsv } from '../helpers/criteria-fixtures.js';
import { type Client, startTestServer, type TestServer } from '../helpers/server.js';

/** The what-if over HTTP: counts by hand on twelve households, region scope, the list downloads. */

let s: TestServer;
let admin: Client;
let opDesaA: Client;
let opKec: Client;
let ids: Record<string, number>;

beforeAll(async () => {
  s = await startTestServer();
  admin = await s.userClient('admin.kriteria', [{ role: 'admin_kabupaten', regionCode: '35.13' }]);
  opDesaA = await s.userClient('op.desa.a', [{ role: 'operator_desa', regionCode: DESA_A }]);
  opKec = await s.userClient('op.kec', [{ role: 'operator_kecamatan', regionCode: '35.13.06' }]);
  ids = await insertWhatIfFixture(s.ctx.db);
  const v1 = await admin.post('/api/v1/criteria', { definition: exampleCriteria() });
  ids.v1 = v1.body.id;
  expect((await admin.post(`/api/v1/criteria/${ids.v1}/adopt`)).status).toBe(200);
});
afterAll(async () => {
  await s?.close();
});

const counts = (e: number, m: number, t: number) => ({ MISKIN_EKSTREM: e, MISKIN: m, TIDAK_MISKIN: t });

describe('what-if', () => {
  beforeAll(async () => {
    const r = await admin.post('/api/v1/criteria', { definition: LOWERED_DRAFT, note: 'ambang diturunkan' });
    expect(r.body.version).toBe(2);
    ids.v2 = r.body.id;
  });

  it('counts households changing class against the adopted version, per kecamatan and desa', async () => {
    const r = await admin.get(`/api/v1/criteria/${ids.v2}/what-if`);
    expect(r.status).toBe(200);
    expect(r.body.baseline).toMatchObject({ id: ids.v1, version: 1, status: 'ADOPTED' });
    expect(r.body.draft).toMatchObject({ id: ids.v2, version: 2, status: 'DRAFT' });
    expect(r.body.summary).toEqual({
      households: 12,
      changed: 6,
      before: counts(2, 6, 4),
      after: counts(6, 4, 2),
      matrix: [
        { from: 'MISKIN_EKSTREM', to: 'MISKIN_EKSTREM', count: 2 },
        { from: 'MISKIN', to: 'MISKIN_EKSTREM', count: 4 },
        { from: 'MISKIN', to: 'MISKIN', count: 2 },
        { from: 'TIDAK_MISKIN', to: 'MISKIN', count: 2 },
        { from: 'TIDAK_MISKIN', to: 'TIDAK_MISKIN', count: 2 },
      ],
    });
    expect(r.body.byKecamatan).toEqual([
      {
        code: '35.13.01',
        name: expect.any(String),
        households: 1,
        changed: 1,
        before: counts(0, 1, 0),
        after: counts(1, 0, 0),
        transitions: [{ from: 'MISKIN', to: 'MISKIN_EKSTREM', count: 1 }],
      },
      {
        code: '35.13.06',
        name: 'Banyuanyar',
        households: 11,
        changed: 5,
        before: counts(2, 5, 4),
        after: counts(5, 4, 2),
        transitions: [
          { from: 'MISKIN', to: 'MISKIN_EKSTREM', count: 3 },
          { from: 'TIDAK_MISKIN', to: 'MISKIN', count: 2 },
        ],
      },
    ]);
    const desa = Object.fromEntries(r.body.byDesa.map((d: { code: string }) => [d.code, d]));
    expect(Object.keys(desa)).toEqual([DESA_C, DESA_A, DESA_B]);
    expect(desa[DESA_A]).toMatchObject({
      kecamatanCode: '35.13.06',
      kecamatanName: 'Banyuanyar',
      households: 5,
      changed: 3,
      before: counts(1, 2, 2),
      after: counts(3, 1, 1),
      transitions: [
        { from: 'MISKIN', to: 'MISKIN_EKSTREM', count: 2 },
        { from: 'TIDAK_MISKIN', to: 'MISKIN', count: 1 },
      ],
    });
    expect(desa[DESA_B]).toMatchObject({ households: 6, changed: 2, before: counts(1, 3, 2), after: counts(2, 3, 1) });
  });

  it('compares against any version given with ?against', async () => {
    const same = await admin.get(`/api/v1/criteria/${ids.v1}/what-if?against=${ids.v1}`);
    expect(same.body.summary).toMatchObject({ households: 12, changed: 0 });
    const reverse = await admin.get(`/api/v1/criteria/${ids.v1}/what-if?against=${ids.v2}`);
    expect(reverse.body.summary.changed).toBe(6);
    expect(reverse.body.summary.matrix).toContainEqual({ from: 'MISKIN_EKSTREM', to: 'MISKIN', count: 4 });
    expect((await admin.get(`/api/v1/criteria/${ids.v2}/what-if?against=999999`)).status).toBe(404);
  });

  it("counts only the caller's region", async () => {
    const a = await opDesaA.get(`/api/v1/criteria/${ids.v2}/what-if`);
    expect(a.status).toBe(200);
    expect(a.body.summary).toMatchObject({ households: 5, changed: 3, before: counts(1, 2, 2), after: counts(3, 1, 1) });
    expect(a.body.byDesa.map((d: { code: string }) => d.code)).toEqual([DESA_A]);
    expect(a.body.byKecamatan).toHaveLength(1);
    const k = await opKec.get(`/api/v1/criteria/${ids.v2}/what-if`);
    expect(k.body.summary).toMatchObject({ households: 11, changed: 5 });
  });

  it('downloads the changing households as CSV, neutralising formulas, audited', async () => {
    const r = await admin.get(`/api/v1/criteria/${ids.v2}/what-if/households.csv`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(r.headers.get('content-disposition')).toContain('perubahan-kelas-contoh-14-kriteria-bps-v1-v2.csv');
    const bytes = new Uint8Array(
      await (
        await fetch(`${s.baseUrl}/api/v1/criteria/${ids.v2}/what-if/households.csv`, { headers: { cookie: admin.cookie } })
      ).arrayBuffer(),
    );
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(r.text).toContain(`"'=HYPERLINK(""http://x"",""klik"")"`);
    const [header, ...rows] = parseCsv(r.text);
    expect(header).toEqual([
      'No',
      'ID Keluarga',
      'Kode Wilayah',
      'Kecamatan',
      'Desa/Kelurahan',
      'Kepala Keluarga',
      'Desil',
      'Kelas contoh-14-kriteria-bps v1',
      'Kelas contoh-14-kriteria-bps v2',
      'Indikator Terpenuhi v1',
      'Indikator Terpenuhi v2',
    ]);
    expect(rows.map((row) => row.slice(2))).toEqual([
      [DESA_A, 'Banyuanyar', 'Alassapi', `'=HYPERLINK("http://x","klik")`, '1', 'Miskin', 'Miskin ekstrem', '11', '11'],
      [DESA_A, 'Banyuanyar', 'Alassapi', 'A3 MISNAH', '2', 'Miskin', 'Miskin ekstrem', '10', '10'],
      [DESA_A, 'Banyuanyar', 'Alassapi', 'A4 SUNARTO', '1', 'Tidak miskin', 'Miskin', '8', '8'],
      [DESA_B, 'Banyuanyar', 'Gununggeni', 'B1 SAMSUL', '2', 'Miskin', 'Miskin ekstrem', '12', '12'],
      [DESA_B, 'Banyuanyar', 'Gununggeni', 'B3 SLAMET', '4', 'Tidak miskin', 'Miskin', '7', '7'],
      [DESA_C, 'Sukapura', 'Ngadisari', 'C1 MARJUKI', '1', 'Miskin', 'Miskin ekstrem', '11', '11'],
    ]);
    expect(rows.map((row) => row[0])).toEqual(['1', '2', '3', '4', '5', '6']);
    const audit = await s.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id', 'after'])
      .where('action', '=', 'criteria.what_if.export')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit.entity_id).toBe(String(ids.v2));
    expect(audit.after).toMatchObject({ baseline: ids.v1, format: 'csv', rows: 6, completed: true });
  });

  it("downloads XLSX holding only the caller's desa", async () => {
    const res = await fetch(`${s.baseUrl}/api/v1/criteria/${ids.v2}/what-if/households.xlsx`, { headers: { cookie: opDesaA.cookie } });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet('Perubahan kelas');
    if (!ws) throw new Error('no worksheet');
    const rows: unknown[][] = [];
    ws.eachRow((row) => {
      rows.push((row.values as unknown[]).slice(1));
    });
    expect(rows).toHaveLength(4);
    expect(rows.slice(1).map((r) => [r[4], r[5], r[7], r[8]])).toEqual([
      ['Alassapi', '\'=HYPERLINK("http://x","klik")', 'Miskin', 'Miskin ekstrem'],
      ['Alassapi', 'A3 MISNAH', 'Miskin', 'Miskin ekstrem'],
      ['Alassapi', 'A4 SUNARTO', 'Tidak miskin', 'Miskin'],
    ]);
  });

  it('requires sign-in for what-if and downloads', async () => {
    expect((await s.anonymous().get(`/api/v1/criteria/${ids.v2}/what-if`)).status).toBe(401);
    expect((await s.anonymous().get(`/api/v1/criteria/${ids.v2}/what-if/households.csv`)).status).toBe(401);
  });

  it('adopting the draft archives the previous version and evaluation follows it', async () => {
    expect((await admin.post(`/api/v1/criteria/${ids.v2}/adopt`)).body.status).toBe('ADOPTED');
    expect((await admin.get(`/api/v1/criteria/${ids.v1}`)).body.status).toBe('ARCHIVED');
    const e = await opDesaA.get(`/api/v1/households/${ids.a2}/evaluation`);
    expect(e.body.criteria.version).toBe(2);
    expect(e.body.evaluation.label).toBe('MISKIN_EKSTREM');
  });
});
