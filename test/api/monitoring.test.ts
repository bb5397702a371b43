import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertHouseholds } from '../helpers/registry-fixtures.js';
import { type Client, startTestServer, type TestServer } from '../helpers/server.js';

/**
 * A small registry whose figures are worked out by hand below. Baseline = the first import,
 * finished 2024-03-01; households created before that belong to it, with the status/desa
 * they had then (the "before" of their first later change in household_history).
 *
 *   Banyuanyar (35.13.06)   desa A = 35.13.06.2005 Alassapi, desa B = 35.13.06.2013
 *     a1 EKSTREM→MISKIN   desil 1  pkh        3 members
 *     a2 EKSTREM          desil 1  bpnt+pkh   2 members
 *     a3 EKSTREM          desil 1  —          1 member
 *     a4 MISKIN           desil 3  —
 *     m1 EKSTREM          desil 1  sembako    moved B → A after the baseline
 *     b1 EKSTREM→MISKIN   desil 2  sembako
 *     b2 EKSTREM→TIDAK    desil 4  —
 *     b3 EKSTREM (new after the baseline) desil 1  bst
 *   Sukapura (35.13.01)     desa C = 35.13.01.2001
 *     c1 EKSTREM desil 1 pkh 2 members; c2 EKSTREM desil – —; c3 MISKIN desil 2 —
 *
 * Baseline extreme: A 3 (a1 a2 a3), B 3 (b1 b2 m1), C 2 → kecamatan 06: 6, 01: 2, kabupaten 8.
 * Now extreme:      A 3 (a2 a3 m1), B 1 (b3),    C 2 → kecamatan 06: 4, 01: 2, kabupaten 6.
 * Penurunan: A 0%, B 66,67%, Banyuanyar 33,33%, Sukapura 0%, kabupaten 25%.
 */

const A = '35.13.06.2005';
const B = '35.13.06.2013';
const C = '35.13.01.2001';
const BEFORE = '2024-02-01T00:00:00Z';

let s: TestServer;
let admin: Client;
let opDesaA: Client;
let opKec: Client;

beforeAll(async () => {
  s = await startTestServer();
  admin = await s.userClient('admin.mon', [{ role: 'admin_kabupaten', regionCode: '35.13' }]);
  opDesaA = await s.userClient('op.desa.mon', [{ role: 'operator_desa', regionCode: A }]);
  opKec = await s.userClient('op.kec.mon', [{ role: 'operator_kecamatan', regionCode: '35.13.06' }]);
  const db = s.ctx.db;
  const batch = await db
    .insertInto('import_batch')
    .values({
      kind: 'P3KE',
      status: 'DONE',
      edition: 'P3KE 2024',
      files: '[]',
      counts: '{}',
      started_at: '2024-02-01T00:00:00Z',
      finished_at: new Date('2024-03-01T00:00:00Z'),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const importId = Number(batch.id);
  const base = { updatedAt: BEFORE, columns: { import_id: importId } };
  const members = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `ANGGOTA ${i + 1}` }));
  const [a1, , , , m1, b1, b2] = await insertHouseholds(db, [
    { ...base, desaCode: A, headName: 'A1', desil: 1, targetStatus: 'MISKIN', aid: { pkh: true }, members: members(3) },
    { ...base, desaCode: A, headName: 'A2', desil: 1, targetStatus: 'MISKIN_EKSTREM', aid: { bpnt: true, pkh: true }, members: members(2) },
    { ...base, desaCode: A, headName: 'A3', desil: 1, targetStatus: 'MISKIN_EKSTREM', members: members(1) },
    { ...base, desaCode: A, headName: 'A4', desil: 3, targetStatus: 'MISKIN' },
    { ...base, desaCode: A, headName: 'M1', desil: 1, targetStatus: 'MISKIN_EKSTREM', aid: { sembako: true } },
    { ...base, desaCode: B, headName: 'B1', desil: 2, targetStatus: 'MISKIN', aid: { sembako: true } },
    { ...base, desaCode: B, headName: 'B2', desil: 4, targetStatus: 'TIDAK_MISKIN' },
    { desaCode: B, headName: 'B3', desil: 1, targetStatus: 'MISKIN_EKSTREM', aid: { bst: true } },
    { ...base, desaCode: C, headName: 'C1', desil: 1, targetStatus: 'MISKIN_EKSTREM', aid: { pkh: true }, members: members(2) },
    { ...base, desaCode: C, headName: 'C2', desil: null, targetStatus: 'MISKIN_EKSTREM' },
    { ...base, desaCode: C, headName: 'C3', desil: 2, targetStatus: 'MISKIN' },
  ]);
  const change = (id: number | undefined, at: string, changes: Record<string, unknown>) => ({
    household_id: id ?? 0,
    import_id: null,
    changed_by: null,
    changed_at: at,
    changes: JSON.stringify(changes),
  });
  await db
    .insertInto('household_history')
    .values([
      // a change before the baseline does not count; the first change after it does
      change(a1, '2024-02-15T00:00:00Z', { target_status: ['MISKIN', 'MISKIN_EKSTREM'] }),
      change(a1, '2024-06-01T00:00:00Z', { target_status: ['MISKIN_EKSTREM', 'MISKIN'] }),
      change(b1, '2024-06-01T00:00:00Z', { target_status: ['MISKIN_EKSTREM', 'MISKIN'] }),
      change(b2, '2024-06-01T00:00:00Z', { desil: [1, 4], target_status: ['MISKIN_EKSTREM', 'MISKIN'] }),
      change(b2, '2024-09-01T00:00:00Z', { target_status: ['MISKIN', 'TIDAK_MISKIN'] }),
      change(m1, '2024-07-01T00:00:00Z', { desa_code: [B, A] }),
    ])
    .execute();
  // Aid is counted from aid receipts, as Bantuan counts it: Dinsos takes the P3KE flags in first.
  expect((await admin.post('/api/v1/aid/receipts/from-registry')).status).toBe(200);
});
afterAll(async () => {
  await s?.close();
});

const url = '/api/v1/monitoring';

describe('dashboard', () => {
  it('gives the kabupaten figures per kecamatan, computed by hand', async () => {
    const res = await admin.get(`${url}/dashboard`);
    expect(res.status).toBe(200);
    const d = res.body;
    expect(d.region).toEqual({ code: '35.13', name: 'Kabupaten Probolinggo', level: 2 });
    expect(d.totals).toEqual({
      code: '35.13',
      name: 'Kabupaten Probolinggo',
      households: 11,
      members: 8,
      extremeHouseholds: 6,
      baselineExtremeHouseholds: 8,
      reductionPct: 25,
      extremeWithAid: 4,
      extremeWithoutAid: 2,
      aidCoveragePct: 66.67,
    });
    expect(d.children.level).toBe('kecamatan');
    expect(d.children.rows).toHaveLength(24);
    const row = (code: string) => d.children.rows.find((r: { code: string }) => r.code === code);
    expect(row('35.13.06')).toEqual({
      code: '35.13.06',
      name: 'Banyuanyar',
      households: 8,
      members: 6,
      extremeHouseholds: 4,
      baselineExtremeHouseholds: 6,
      reductionPct: 33.33,
      extremeWithAid: 3,
      extremeWithoutAid: 1,
      aidCoveragePct: 75,
    });
    expect(row('35.13.01')).toMatchObject({
      households: 3,
      members: 2,
      extremeHouseholds: 2,
      baselineExtremeHouseholds: 2,
      reductionPct: 0,
    });
    expect(row('35.13.02')).toMatchObject({
      households: 0,
      extremeHouseholds: 0,
      baselineExtremeHouseholds: 0,
      reductionPct: null,
      aidCoveragePct: null,
    });
    expect(d.desil).toEqual([
      { desil: 1, households: 6, extremeHouseholds: 5 },
      { desil: 2, households: 2, extremeHouseholds: 0 },
      { desil: 3, households: 1, extremeHouseholds: 0 },
      { desil: 4, households: 1, extremeHouseholds: 0 },
      ...[5, 6, 7, 8, 9, 10].map((desil) => ({ desil, households: 0, extremeHouseholds: 0 })),
      { desil: null, households: 1, extremeHouseholds: 1 },
    ]);
    expect(d.extremePoverty).toMatchObject({ baselineHouseholds: 8, now: 6, reduction: 2, reductionPct: 25 });
    expect(d.extremePoverty.baseline.importFinishedAt).toBe('2024-03-01T00:00:00.000Z');
    expect(d.extremePoverty.ranking.slice(0, 3)).toEqual([
      { rank: 1, code: '35.13.06', name: 'Banyuanyar', baseline: 6, now: 4, reductionPct: 33.33 },
      { rank: 2, code: '35.13.01', name: 'Sukapura', baseline: 2, now: 2, reductionPct: 0 },
      { rank: 3, code: '35.13.02', name: expect.any(String), baseline: 0, now: 0, reductionPct: null },
    ]);
    expect(d.aid).toEqual({
      targetHouseholds: 6,
      withAid: 4,
      withoutAid: 2,
      coveragePct: 66.67,
      // BPNT is Program Sembako: A2 has both flags, one SEMBAKO household.
      byProgram: { SEMBAKO: 2, BST: 1, PKH: 2 },
      householdsWithoutAnyAid: 5,
    });
  });

  it('gives a kecamatan per desa, and is where an operator kecamatan lands', async () => {
    const res = await opKec.get(`${url}/dashboard`);
    expect(res.status).toBe(200);
    expect(res.body.region).toEqual({ code: '35.13.06', name: 'Banyuanyar', level: 3 });
    expect(res.body.children.level).toBe('desa');
    expect(res.body.children.rows).toHaveLength(14);
    const row = (code: string) => res.body.children.rows.find((r: { code: string }) => r.code === code);
    expect(row(A)).toMatchObject({
      name: 'Alassapi',
      households: 5,
      extremeHouseholds: 3,
      baselineExtremeHouseholds: 3,
      reductionPct: 0,
      extremeWithAid: 2,
    });
    expect(row(B)).toMatchObject({
      households: 3,
      extremeHouseholds: 1,
      baselineExtremeHouseholds: 3,
      reductionPct: 66.67,
      extremeWithAid: 1,
    });
    expect(res.body.extremePoverty.ranking[0]).toMatchObject({ rank: 1, code: B, reductionPct: 66.67 });
    expect(res.body.extremePoverty.reductionPct).toBe(33.33);
  });

  it('keeps an operator desa inside their desa (404 elsewhere)', async () => {
    const own = await opDesaA.get(`${url}/dashboard`);
    expect(own.status).toBe(200);
    expect(own.body.region.code).toBe(A);
    expect(own.body.children).toEqual({ level: null, rows: [] });
    expect(own.body.totals).toMatchObject({
      households: 5,
      members: 6,
      extremeHouseholds: 3,
      baselineExtremeHouseholds: 3,
      reductionPct: 0,
    });
    for (const region of ['35.13.01', '35.13.06', '35.13', B]) {
      const res = await opDesaA.get(`${url}/dashboard?region=${region}`);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    }
    expect((await opKec.get(`${url}/dashboard?region=35.13.01`)).status).toBe(404);
    expect((await admin.get(`${url}/dashboard?region=35.14`)).status).toBe(404);
    expect((await s.anonymous().get(`${url}/dashboard`)).status).toBe(401);
  });
});

describe('rekap reports', () => {
  it('downloads the kecamatan rekap as XLSX with a total line, audited', async () => {
    const res = await fetch(`${s.baseUrl}${url}/report.xlsx?region=35.13.06`, { headers: { cookie: opKec.cookie } });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet('Rekap');
    if (!ws) throw new Error('no worksheet');
    const rows: unknown[][] = [];
    ws.eachRow((r) => {
      rows.push((r.values as unknown[]).slice(1));
    });
    expect(rows[0]?.[2]).toBe('Wilayah');
    expect(rows).toHaveLength(1 + 14 + 1);
    expect(rows.find((r) => r[1] === B)).toEqual([expect.any(Number), B, expect.any(String), 3, 0, 3, 1, 66.67, 1, 0, 100]);
    expect(rows.at(-1)?.slice(1)).toEqual(['35.13.06', 'Jumlah Banyuanyar', 8, 6, 6, 4, 33.33, 3, 1, 75]);
    const audit = await s.ctx.db
      .selectFrom('audit_log')
      .select(['actor_name', 'region_code', 'after'])
      .where('action', '=', 'monitoring.report.export')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      actor_name: 'op.kec.mon',
      region_code: '35.13.06',
      after: { format: 'xlsx', rows: 15, completed: true },
    });
  });

  it('renders the kabupaten rekap as PDF, audited, and refuses out-of-scope regions', async () => {
    const res = await fetch(`${s.baseUrl}${url}/report.pdf`, { headers: { cookie: admin.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toContain('rekap-3513-kabupaten-probolinggo.pdf');
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const audit = await s.ctx.db
      .selectFrom('audit_log')
      .select(['actor_name', 'after'])
      .where('action', '=', 'monitoring.report.export')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_name: 'admin.mon', after: { format: 'pdf', rows: 24 } });
    expect((await opDesaA.get(`${url}/report.pdf?region=35.13.06`)).status).toBe(404);
  });
});

describe('figures follow registry writes', () => {
  it('updates the dashboard after households change, leave and change desil', async () => {
    const db = s.ctx.db;
    await db.updateTable('household').set({ target_status: 'MISKIN' }).where('head_name', '=', 'A3').execute();
    await db.updateTable('household').set({ desil: 2 }).where('head_name', '=', 'A2').execute();
    await db.deleteFrom('household').where('head_name', '=', 'C3').execute();
    const d = (await admin.get(`${url}/dashboard`)).body;
    // 11 − C3 = 10 households; extreme now A2 M1 B3 C1 C2 = 5; baseline stays 8 → (8 − 5) / 8 = 37,5%.
    expect(d.totals).toMatchObject({ households: 10, members: 8, extremeHouseholds: 5, baselineExtremeHouseholds: 8, reductionPct: 37.5 });
    expect(d.aid).toMatchObject({ targetHouseholds: 5, withAid: 4, withoutAid: 1, coveragePct: 80, householdsWithoutAnyAid: 4 });
    // desil 1: A1 A3 M1 B3 C1 (extreme M1 B3 C1); desil 2: B1 A2 (extreme A2).
    expect(d.desil.slice(0, 2)).toEqual([
      { desil: 1, households: 5, extremeHouseholds: 3 },
      { desil: 2, households: 2, extremeHouseholds: 1 },
    ]);
    expect(d.children.rows.find((r: { code: string }) => r.code === '35.13.01')).toMatchObject({ households: 2, extremeHouseholds: 2 });
  });
});
