import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayWib } from '../../src/lib/dates.js';
import { ensureSyntheticBoundaries } from '../../src/modules/maps/synthetic.js';
import { type HouseholdFixture, insertHouseholds } from '../helpers/registry-fixtures.js';
import { type Client, startTestServer, type TestServer } from '../helpers/server.js';

/**
 * Map figures, GPS points and the public map, by hand:
 *
 *   Banyuanyar 35.13.06: desa A 35.13.06.2005 6 households, 4 extreme poor (2 verval APPROVED with GPS)
 *                        desa B 35.13.06.2013 7 households, all extreme (1 verval SUBMITTED with GPS)
 *   Sukapura 35.13.01:   desa C 35.13.01.2001 8 households, 6 extreme (1 verval DRAFT with GPS, 1 without)
 *   the kecamatan with the fewest desa (K): every desa 6 households, all extreme, but its first desa 2.
 *
 * Readers: the admin, an operator of Banyuanyar, an operator of desa B.
 */

const KAB = '35.13';
const A = '35.13.06.2005';
const B = '35.13.06.2013';
const C = '35.13.01.2001';
const day = (offset: number) => new Date(Date.parse(`${todayWib()}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);

let s: TestServer;
let admin: Client;
let opKec: Client;
let opDesaB: Client;
let smallKec: { code: string; desa: string[] };

interface Row {
  code: string;
  [k: string]: unknown;
}
const byCode = (rows: Row[]) => new Map(rows.map((r) => [r.code, r]));

beforeAll(async () => {
  s = await startTestServer({ publicView: true });
  admin = await s.userClient('admin.mapv', [{ role: 'admin_kabupaten', regionCode: KAB }]);
  opKec = await s.userClient('op.kec.mapv', [{ role: 'operator_kecamatan', regionCode: '35.13.06' }]);
  opDesaB = await s.userClient('op.desa.mapv', [{ role: 'operator_desa', regionCode: B }]);
  const db = s.ctx.db;
  const desa = await db
    .selectFrom('region')
    .select(['code', 'parent_code'])
    .where('level', '=', 4)
    .where('code', 'like', `${KAB}.%`)
    .orderBy('code')
    .execute();
  const counts = new Map<string, string[]>();
  for (const d of desa) counts.set(d.parent_code ?? '', [...(counts.get(d.parent_code ?? '') ?? []), d.code]);
  const [code, list] = [...counts.entries()]
    .filter(([k]) => k !== '35.13.06' && k !== '35.13.01')
    .sort((a, b) => a[1].length - b[1].length)[0] ?? ['', []];
  smallKec = { code, desa: list };
  const hh = (desaCode: string, n: number, extreme: number): HouseholdFixture[] =>
    Array.from({ length: n }, (_, i) => ({
      desaCode,
      headName: `${desaCode}-${i}`,
      targetStatus: i < extreme ? 'MISKIN_EKSTREM' : 'MISKIN',
    }));
  const ids = await insertHouseholds(db, [
    ...hh(A, 6, 4),
    ...hh(B, 7, 7),
    ...hh(C, 8, 6),
    ...smallKec.desa.flatMap((d, i) => hh(d, i === 0 ? 2 : 6, i === 0 ? 2 : 6)),
  ]);
  const period = await admin.post('/api/v1/organisation/periods', {
    program: 'Gesek Ekstrem',
    name: 'Berjalan',
    startDate: day(-30),
    endDate: day(30),
  });
  expect(period.status, JSON.stringify(period.body)).toBe(201);
  const v = (i: number, desaCode: string, status: 'DRAFT' | 'SUBMITTED' | 'APPROVED', gps: boolean) => ({
    period_id: period.body.id as number,
    household_id: ids[i] ?? 0,
    kabupaten_code: KAB,
    kecamatan_code: desaCode.slice(0, 8),
    desa_code: desaCode,
    status,
    found: true,
    outcome: 'TETAP' as const,
    latitude: gps ? -7.9 + i / 1000 : null,
    longitude: gps ? 113.2 + i / 1000 : null,
  });
  await db
    .insertInto('verval')
    .values([
      v(0, A, 'APPROVED', true),
      v(1, A, 'APPROVED', true),
      v(6, B, 'SUBMITTED', true),
      v(13, C, 'DRAFT', true),
      v(14, C, 'DRAFT', false),
    ])
    .execute();
  await ensureSyntheticBoundaries(db, KAB);
});
afterAll(async () => {
  await s?.close();
});

describe('map figures', () => {
  it('equal the dashboard’s and the progress page’s figures for the desa of a kecamatan', async () => {
    const [map, dash, prog] = await Promise.all([
      admin.get('/api/v1/maps/values?region=35.13.06&level=desa'),
      admin.get('/api/v1/monitoring/dashboard?region=35.13.06'),
      admin.get('/api/v1/monitoring/progress?region=35.13.06'),
    ]);
    expect(map.status, map.text).toBe(200);
    expect(map.body.rows).toHaveLength(dash.body.children.rows.length);
    const d = byCode(dash.body.children.rows);
    const p = byCode(prog.body.verval.children);
    for (const r of map.body.rows as Row[]) {
      const x = d.get(r.code) as Row;
      expect(r).toMatchObject({
        households: x.households,
        extremeHouseholds: x.extremeHouseholds,
        baselineExtremeHouseholds: x.baselineExtremeHouseholds,
        reductionPct: x.reductionPct,
        extremeWithoutAid: x.extremeWithoutAid,
        aidCoveragePct: x.aidCoveragePct,
        vervalVisited: p.get(r.code)?.visited,
        vervalApproved: p.get(r.code)?.approved,
      });
    }
    expect(byCode(map.body.rows).get(A)).toMatchObject({
      households: 6,
      extremeHouseholds: 4,
      extremeSharePct: 66.67,
      vervalApproved: 2,
      vervalApprovedPct: 33.33,
    });
    expect(byCode(map.body.rows).get(B)).toMatchObject({ extremeSharePct: 100, vervalVisited: 1, vervalApproved: 0 });
  });

  it('gives the kabupaten by kecamatan as the dashboard does', async () => {
    const [map, dash] = await Promise.all([admin.get('/api/v1/maps/values?level=kecamatan'), admin.get('/api/v1/monitoring/dashboard')]);
    expect(map.body.rows).toHaveLength(24);
    const d = byCode(dash.body.children.rows);
    for (const r of map.body.rows as Row[]) expect(r.extremeHouseholds).toBe(d.get(r.code)?.extremeHouseholds);
    expect(byCode(map.body.rows).get('35.13.06')).toMatchObject({ households: 13, extremeHouseholds: 11 });
  });

  it('shows a kecamatan operator only its kecamatan’s desa, and a desa operator only its desa', async () => {
    const all = await opKec.get('/api/v1/maps/values?level=desa');
    expect(all.status).toBe(200);
    expect(all.body.rows.length).toBe(14);
    expect(all.body.rows.every((r: Row) => r.code.startsWith('35.13.06.'))).toBe(true);
    const kec = await opKec.get('/api/v1/maps/values?level=kecamatan');
    expect(kec.body.rows.map((r: Row) => r.code)).toEqual(['35.13.06']);
    expect((await opKec.get('/api/v1/maps/values?region=35.13.01')).status).toBe(404);
    expect((await opKec.get('/api/v1/maps/values?region=35.13.01.2001')).status).toBe(404);
    const desaB = await opDesaB.get('/api/v1/maps/values?level=kecamatan');
    expect(desaB.body.rows).toEqual([]);
    const own = await opDesaB.get('/api/v1/maps/values?level=desa&region=35.13.06');
    expect(own.body.rows.map((r: Row) => r.code)).toEqual([B]);
    const shapes = await opKec.get('/api/v1/maps/boundaries?level=desa');
    expect(shapes.body.features).toHaveLength(14);
    expect(shapes.body.synthetic).toBe(true);
    expect((await opDesaB.get('/api/v1/maps/boundaries?level=desa')).body.features.map((f: Row) => f.code)).toEqual([B]);
  });

  it('refuses bad queries with 400, not 500', async () => {
    expect((await admin.get('/api/v1/maps/values?level=provinsi')).status).toBe(400);
    expect((await admin.get('/api/v1/maps/values?region=35.13%00')).status).toBe(400);
    expect((await admin.get('/api/v1/maps/values?period=abc')).status).toBe(400);
    expect((await admin.get('/api/v1/maps/values?region=35.14')).status).toBe(404);
  });
});

describe('GPS points of verval', () => {
  it('shows each reader the points in their area only, without names', async () => {
    const all = await admin.get('/api/v1/maps/points');
    expect(all.status, all.text).toBe(200);
    expect(all.body.points.map((p: { desaCode: string }) => p.desaCode).sort()).toEqual([C, A, A, B]);
    expect(Object.keys(all.body.points[0]).sort()).toEqual(['desaCode', 'householdId', 'latitude', 'longitude', 'outcome', 'status']);
    const kec = await opKec.get('/api/v1/maps/points');
    expect(kec.body.points.map((p: { desaCode: string }) => p.desaCode).sort()).toEqual([A, A, B]);
    const desaB = await opDesaB.get('/api/v1/maps/points?region=35.13.06');
    expect(desaB.body.points.map((p: { desaCode: string }) => p.desaCode)).toEqual([B]);
    expect((await opKec.get('/api/v1/maps/points?region=35.13.01')).status).toBe(404);
    expect((await s.anonymous().get('/api/v1/maps/points')).status).toBe(401);
  });
});

describe('public map', () => {
  it('is off unless the public view is enabled', async () => {
    s.ctx.config.publicView = false;
    try {
      expect((await s.anonymous().get('/api/v1/public/map')).status).toBe(404);
    } finally {
      s.ctx.config.publicView = true;
    }
  });

  it('withholds small desa and never exactly one desa of a published kecamatan, consistent with /public/summary', async () => {
    const [map, summary] = await Promise.all([s.anonymous().get('/api/v1/public/map'), s.anonymous().get('/api/v1/public/summary')]);
    expect(map.status, map.text).toBe(200);
    expect(map.body.kecamatan).toEqual(summary.body.rows);
    expect(map.body.boundaries).toHaveLength(330);
    expect(map.body.synthetic).toBe(true);
    expect(JSON.stringify(map.body)).not.toMatch(/latitude|householdId|headName/);
    const desa = byCode(map.body.desa);
    // Desa A: 4 extreme poor → withheld; B 7 and the rest of Banyuanyar 0 (withheld).
    expect(desa.get(A)?.extremeHouseholds).toEqual({ value: null, suppressed: true, reason: 'small' });
    expect(desa.get(A)?.extremeSharePct).toBeNull();
    expect(desa.get(B)?.extremeHouseholds).toEqual({ value: 7, suppressed: false, reason: null });
    expect(desa.get(B)?.extremeSharePct).toBe(100);
    // K: its first desa (2) is small, so the smallest other (6, the next in code order) is withheld with it.
    const k = smallKec.desa.map((d) => desa.get(d) as Row & { households: { value: number | null; reason: string | null } });
    expect(k[0]?.households.reason).toBe('small');
    expect(k[1]?.households.reason).toBe('complementary');
    expect(k.slice(2).every((r) => r.households.value === 6)).toBe(true);

    // No withheld cell can be derived: per kecamatan and column, a published kecamatan has 0 or ≥ 2
    // withheld desa, and a withheld kecamatan has at least one.
    for (const kec of map.body.kecamatan as (Row & Record<string, { suppressed: boolean }>)[]) {
      const rows = (map.body.desa as (Row & Record<string, { suppressed: boolean }>)[]).filter(
        (d) => (d as unknown as Row).kecamatanCode === kec.code,
      );
      for (const col of ['households', 'extremeHouseholds']) {
        const hidden = rows.filter((d) => d[col]?.suppressed).length;
        if (kec[col]?.suppressed) expect(hidden, `${kec.code} ${col}`).toBeGreaterThanOrEqual(1);
        else expect(hidden === 0 || hidden >= 2, `${kec.code} ${col}`).toBe(true);
      }
    }
  });
});
