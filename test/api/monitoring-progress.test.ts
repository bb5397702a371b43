import ExcelJS from 'exceljs';
import { extractText } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayWib } from '../../src/lib/dates.js';
import { insertHouseholds } from '../helpers/registry-fixtures.js';
import { type Client, startTestServer, type TestServer } from '../helpers/server.js';

/**
 * Verval progress, ranking and overdue desa on the dashboard, worked out by hand:
 *
 *   Banyuanyar (35.13.06): desa A 35.13.06.2005 a1 APPROVED TETAP, a2 APPROVED MAMPU,
 *                          a3 SUBMITTED MENINGGAL, a4 not visited;
 *                          desa B 35.13.06.2013 b1, b2 APPROVED TETAP (complete)
 *   Sukapura (35.13.01):   desa C 35.13.01.2001 c1 DRAFT TETAP, c2 not visited
 *
 * Kabupaten: 8 households, 6 visited, 4 approved, 2 remaining; TETAP 4, MAMPU 1, MENINGGAL 1.
 * The verval stage of the running period ended 10 days ago: every desa but B is overdue.
 */
const A = '35.13.06.2005';
const B = '35.13.06.2013';
const C = '35.13.01.2001';
const url = '/api/v1/monitoring/progress';
const day = (offset: number) => new Date(Date.parse(`${todayWib()}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);

let s: TestServer;
let admin: Client;
let opDesaA: Client;
let running: number;
let old: number;

beforeAll(async () => {
  s = await startTestServer();
  admin = await s.userClient('admin.prog', [{ role: 'admin_kabupaten', regionCode: '35.13' }]);
  opDesaA = await s.userClient('op.desa.prog', [{ role: 'operator_desa', regionCode: A }]);
  const org = '/api/v1/organisation';
  const period = async (name: string, startDate: string, endDate: string) => {
    const r = await admin.post(`${org}/periods`, { program: 'Gesek Ekstrem', name, startDate, endDate });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id as number;
  };
  old = await period('Gesek Ekstrem 2019', '2019-01-01', '2019-12-31');
  running = await period('Gesek Ekstrem berjalan', day(-60), day(60));
  const stage = await admin.post(`${org}/periods/${running}/stages`, {
    kind: 'verval',
    name: 'Verifikasi dan validasi',
    startDate: day(-50),
    endDate: day(-10),
  });
  expect(stage.status, JSON.stringify(stage.body)).toBe(201);
  const db = s.ctx.db;
  const ids = await insertHouseholds(db, [
    { desaCode: A, headName: 'A1', targetStatus: 'MISKIN_EKSTREM' },
    { desaCode: A, headName: 'A2', targetStatus: 'MISKIN_EKSTREM' },
    { desaCode: A, headName: 'A3', targetStatus: 'MISKIN_EKSTREM' },
    { desaCode: A, headName: 'A4', targetStatus: 'MISKIN' },
    { desaCode: B, headName: 'B1', targetStatus: 'MISKIN_EKSTREM' },
    { desaCode: B, headName: 'B2', targetStatus: 'MISKIN' },
    { desaCode: C, headName: 'C1', targetStatus: 'MISKIN_EKSTREM' },
    { desaCode: C, headName: 'C2', targetStatus: 'MISKIN_EKSTREM' },
  ]);
  const v = (i: number, desa: string, status: 'DRAFT' | 'SUBMITTED' | 'APPROVED', outcome: 'TETAP' | 'MAMPU' | 'MENINGGAL') => ({
    period_id: running,
    household_id: ids[i] ?? 0,
    kabupaten_code: '35.13',
    kecamatan_code: desa.slice(0, 8),
    desa_code: desa,
    status,
    found: true,
    outcome,
  });
  await db
    .insertInto('verval')
    .values([
      v(0, A, 'APPROVED', 'TETAP'),
      v(1, A, 'APPROVED', 'MAMPU'),
      v(2, A, 'SUBMITTED', 'MENINGGAL'),
      v(4, B, 'APPROVED', 'TETAP'),
      v(5, B, 'APPROVED', 'TETAP'),
      v(6, C, 'DRAFT', 'TETAP'),
    ])
    .execute();
});
afterAll(async () => {
  await s?.close();
});

describe('dashboard work progress', () => {
  it('gives the kabupaten verval progress per kecamatan, ranked, for the running period by default', async () => {
    const r = await admin.get(url);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.region.code).toBe('35.13');
    expect(r.body.period).toMatchObject({ id: running, name: 'Gesek Ekstrem berjalan' });
    expect(r.body.periods.map((p: { id: number }) => p.id).sort()).toEqual([old, running].sort());
    expect(r.body.verval.totals).toMatchObject({ households: 8, visited: 6, approved: 4, remaining: 2, visitedPct: 75, approvedPct: 50 });
    expect(r.body.verval.totals.outcomes).toMatchObject({ TETAP: 4, MAMPU: 1, MENINGGAL: 1, PINDAH: 0 });
    const kec = (code: string) => r.body.verval.children.find((c: { code: string }) => c.code === code);
    expect(kec('35.13.06')).toMatchObject({ name: 'Banyuanyar', households: 6, visited: 5, approved: 4, remaining: 1 });
    expect(kec('35.13.01')).toMatchObject({ households: 2, visited: 1, approved: 0, remaining: 1 });
    expect(r.body.verval.ranking).toEqual([
      { rank: 1, code: '35.13.06', name: 'Banyuanyar', households: 6, visited: 5, approved: 4, visitedPct: 83.33, approvedPct: 66.67 },
      { rank: 2, code: '35.13.01', name: 'Sukapura', households: 2, visited: 1, approved: 0, visitedPct: 50, approvedPct: 0 },
    ]);
  });

  it('lists the desa overdue against the ended verval stage: every desa not fully approved', async () => {
    const r = await admin.get(`${url}?region=35.13.06`);
    expect(r.body.verval.children.map((c: { code: string }) => c.code)).toHaveLength(14);
    expect(r.body.overdue).toHaveLength(1);
    const [stage] = r.body.overdue;
    expect(stage.stage).toMatchObject({ kind: 'verval', name: 'Verifikasi dan validasi', endDate: day(-10) });
    expect(stage.completionTracked).toBe(true);
    const codes = stage.overdue.map((d: { code: string }) => d.code);
    expect(codes).toHaveLength(13);
    expect(codes).toContain(A);
    expect(codes).not.toContain(B);
    expect(codes.every((c: string) => c.startsWith('35.13.06.'))).toBe(true);
  });

  it('keeps an operator desa to their desa, and answers 404 outside it or for an unknown period', async () => {
    const r = await opDesaA.get(url);
    expect(r.status).toBe(200);
    expect(r.body.region.code).toBe(A);
    expect(r.body.verval.totals).toMatchObject({ households: 4, visited: 3, approved: 2, remaining: 1 });
    expect(r.body.verval.children).toEqual([]);
    expect(r.body.overdue[0].overdue.map((d: { code: string }) => d.code)).toEqual([A]);
    expect((await opDesaA.get(`${url}?region=${B}`)).status).toBe(404);
    expect((await opDesaA.get(`${url}?region=35.13.06`)).status).toBe(404);
    expect((await admin.get(`${url}?period=999999`)).status).toBe(404);
  });

  it('gives the same figures as the verval module, and follows verval writes (approve, delete)', async () => {
    const same = async (region: string) => {
      const mine = (await admin.get(`${url}?region=${region}`)).body.verval;
      const theirs = (await admin.get(`/api/v1/verval/periods/${running}/progress?region=${region}`)).body;
      expect(mine.totals).toMatchObject(theirs.region);
      expect(mine.children).toEqual(theirs.children);
    };
    await same('35.13');
    await same('35.13.06');
    await same(A);
    const db = s.ctx.db;
    const [c1] = await db.selectFrom('household').select('id').where('head_name', '=', 'C1').execute();
    await db
      .updateTable('verval')
      .set({ status: 'APPROVED', outcome: 'MAMPU' })
      .where('household_id', '=', c1?.id ?? 0)
      .execute();
    const after = (await admin.get(`${url}?region=35.13.01`)).body.verval.totals;
    expect(after).toMatchObject({ households: 2, visited: 1, approved: 1 });
    expect(after.outcomes).toMatchObject({ TETAP: 0, MAMPU: 1 });
    await same('35.13');
    await db
      .deleteFrom('verval')
      .where('household_id', '=', c1?.id ?? 0)
      .execute();
    expect((await admin.get(`${url}?region=35.13.01`)).body.verval.totals).toMatchObject({ visited: 0, approved: 0, remaining: 2 });
    await same('35.13.01');
    // Put it back as it was for the reports below.
    await db
      .insertInto('verval')
      .values({
        period_id: running,
        household_id: c1?.id ?? 0,
        kabupaten_code: '35.13',
        kecamatan_code: '35.13.01',
        desa_code: C,
        status: 'DRAFT',
        found: true,
        outcome: 'TETAP',
      })
      .execute();
    await same('35.13');
  });

  it('shows another period on request: nothing visited, no stage, nothing overdue', async () => {
    const r = await admin.get(`${url}?period=${old}`);
    expect(r.body.period.id).toBe(old);
    expect(r.body.verval.totals).toMatchObject({ households: 8, visited: 0, approved: 0, remaining: 8 });
    expect(r.body.verval.ranking.map((k: { approvedPct: number }) => k.approvedPct)).toEqual([0, 0]);
    expect(r.body.overdue).toEqual([]);
  });

  it('shows musdes progress per kecamatan and per desa, and desa late against an ended musdes stage', async () => {
    const stage = await admin.post(`/api/v1/organisation/periods/${running}/stages`, {
      kind: 'musdes',
      name: 'Musyawarah desa',
      startDate: day(-9),
      endDate: day(-5),
    });
    expect(stage.status, JSON.stringify(stage.body)).toBe(201);
    const meeting = (desa: string, status: 'HELD' | 'FINALISED') => ({
      period_id: running,
      kabupaten_code: '35.13',
      kecamatan_code: desa.slice(0, 8),
      desa_code: desa,
      type: 'MUSDES' as const,
      status,
      held_on: day(-7),
      place: 'Balai desa',
    });
    await s.ctx.db
      .insertInto('musdes_meeting')
      .values([meeting(A, 'HELD'), meeting(B, 'FINALISED')])
      .execute();
    const kab = (await admin.get(url)).body;
    expect(kab.musdes.rows.find((k: { code: string }) => k.code === '35.13.06')).toEqual({
      code: '35.13.06',
      name: 'Banyuanyar',
      desa: 14,
      noMeeting: 12,
      notFinalised: 1,
      finalised: 1,
    });
    expect(kab.musdes.totals).toMatchObject({ notFinalised: 1, finalised: 1 });
    const kec = (await admin.get(`${url}?region=35.13.06`)).body;
    expect(kec.musdes.rows).toHaveLength(14);
    expect(kec.musdes.rows.find((d: { code: string }) => d.code === A)).toMatchObject({ state: 'NOT_FINALISED', notFinalised: 1 });
    const late = kec.overdue.find((o: { stage: { kind: string } }) => o.stage.kind === 'musdes');
    expect(late.completionTracked).toBe(true);
    const codes = late.overdue.map((d: { code: string }) => d.code);
    expect(codes).toHaveLength(13);
    expect(codes).toContain(A);
    expect(codes).not.toContain(B);
    expect((await opDesaA.get(url)).body.musdes).toEqual({
      totals: { desa: 1, noMeeting: 0, notFinalised: 1, finalised: 0 },
      rows: [{ code: A, name: 'Alassapi', state: 'NOT_FINALISED', desa: 1, noMeeting: 0, notFinalised: 1, finalised: 0 }],
    });
  });
});

describe('laporan triwulan', () => {
  const year = Number(todayWib().slice(0, 4));
  const quarter = Math.floor((Number(todayWib().slice(5, 7)) - 1) / 3) + 1;
  const roman = ['I', 'II', 'III', 'IV'][quarter - 1];
  const get = (c: Client, path: string) => fetch(`${s.baseUrl}${path}`, { headers: { cookie: c.cookie } });

  beforeAll(async () => {
    // The P3KE baseline: every household as inserted (6 extreme: Banyuanyar 4, Sukapura 2) …
    await s.ctx.db
      .insertInto('import_batch')
      .values({ kind: 'P3KE', status: 'DONE', edition: 'P3KE', files: '[]', counts: '{}', started_at: new Date(), finished_at: new Date() })
      .execute();
    expect((await admin.get('/api/v1/monitoring/dashboard')).body.extremePoverty.baselineHouseholds).toBe(6);
    // … then A1 leaves extreme poverty and gets aid recorded on A2.
    await s.ctx.db.updateTable('household').set({ target_status: 'MISKIN' }).where('head_name', '=', 'A1').execute();
    await s.ctx.db.updateTable('household').set({ aid_pkh: true }).where('head_name', '=', 'A2').execute();
    // Aid counts from receipts, as in Bantuan: Dinsos takes the P3KE flag in.
    expect((await admin.post('/api/v1/aid/receipts/from-registry')).status).toBe(200);
    const ind = await admin.put(`/api/v1/monitoring/indicators/${year}`, {
      povertyRate: 17.12,
      extremePovertyRate: 1.5,
      source: 'BPS Kabupaten Probolinggo',
    });
    expect(ind.status).toBe(204);
  });

  it('gives per kecamatan baseline, current, reduction, verval progress and aid, with a header and the macro indicators, audited', async () => {
    const res = await get(admin, `/api/v1/monitoring/quarterly.xlsx?year=${year}&quarter=${quarter}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(`laporan-triwulan-${year}-${roman}-3513.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0];
    if (!ws) throw new Error('no worksheet');
    const rows: unknown[][] = [];
    ws.eachRow({ includeEmpty: true }, (r) => {
      rows.push((r.values as unknown[]).slice(1));
    });
    const text = rows.map((r) => r.join(' ')).join('\n');
    expect(rows[0]?.[0]).toBe(`Laporan Triwulan Penanggulangan Kemiskinan Ekstrem — Triwulan ${roman} ${year}`);
    expect(text).toContain('Kabupaten: Kabupaten Probolinggo (35.13)');
    expect(text).toContain(`Periode laporan: Triwulan ${roman} ${year}`);
    expect(text).toContain('Periode program: Gesek Ekstrem berjalan');
    expect(text).toContain('Tanggal dibuat:');
    const head = rows.findIndex((r) => r[0] === 'No');
    expect(rows[head]?.[2]).toBe('Miskin ekstrem awal (P3KE)');
    const kec = (name: string) => rows.find((r) => r[1] === name)?.slice(2);
    // baseline, now, reduction, %, verval households, visited, approved, with aid, without aid
    expect(kec('Banyuanyar')).toEqual([4, 3, 1, 25, 6, 5, 4, 1, 2]);
    expect(kec('Sukapura')).toEqual([2, 2, 0, 0, 2, 1, 0, 0, 2]);
    expect(rows.filter((r, i) => i > head && typeof r[0] === 'number')).toHaveLength(24);
    expect(kec('Jumlah')).toEqual([6, 5, 1, 16.67, 8, 6, 4, 1, 4]);
    expect(text).toContain(`Tingkat kemiskinan ${year}: 17,12%`);
    expect(text).toContain(`Tingkat kemiskinan ekstrem ${year}: 1,50%`);
    expect(text).toContain('Sumber: BPS Kabupaten Probolinggo');
    const audit = await s.ctx.db
      .selectFrom('audit_log')
      .select(['actor_name', 'region_code', 'after'])
      .where('action', '=', 'monitoring.quarterly.export')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      actor_name: 'admin.prog',
      region_code: '35.13',
      after: { format: 'xlsx', year, quarter, periodId: running, rows: 24 },
    });
  });

  it('renders the same report as PDF with Indonesian numbers, audited', async () => {
    const res = await get(admin, `/api/v1/monitoring/quarterly.pdf?year=${year}&quarter=${quarter}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const { text } = await extractText(new Uint8Array(await res.arrayBuffer()), { mergePages: true });
    expect(text).toContain(`Triwulan ${roman} ${year}`);
    expect(text).toContain('Kabupaten Probolinggo');
    expect(text).toContain('Banyuanyar');
    expect(text).toContain('16,67%');
    expect(text).toContain('17,12%');
    expect(text).toContain('BPS Kabupaten Probolinggo');
    const audit = await s.ctx.db
      .selectFrom('audit_log')
      .select(['after'])
      .where('action', '=', 'monitoring.quarterly.export')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit.after).toMatchObject({ format: 'pdf', quarter });
  });

  it('says when a quarter has no period or indicators, refuses a future quarter, a bad quarter and readers below the kabupaten', async () => {
    const res = await get(admin, '/api/v1/monitoring/quarterly.xlsx?year=2018&quarter=2');
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ExcelJS.Buffer);
    const cells: string[] = [];
    wb.worksheets[0]?.eachRow((r) => {
      cells.push((r.values as unknown[]).slice(1).join(' '));
    });
    expect(cells.join('\n')).toContain('tidak ada periode program pada triwulan ini');
    expect(cells.join('\n')).toContain('Indikator makro tahun 2018: belum diisi');
    const future = await admin.get(`/api/v1/monitoring/quarterly.pdf?year=${year + 1}&quarter=1`);
    expect(future.status).toBe(400);
    expect(future.body.error.code).toBe('QUARTER_NOT_STARTED');
    expect((await admin.get(`/api/v1/monitoring/quarterly.pdf?year=${year}&quarter=5`)).status).toBe(400);
    expect((await opDesaA.get(`/api/v1/monitoring/quarterly.xlsx?year=${year}&quarter=${quarter}`)).status).toBe(404);
  });
});
