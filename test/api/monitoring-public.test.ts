import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HouseholdFixture, insertHouseholds } from '../helpers/registry-fixtures.js';
import { type Client, startTestServer, type TestServer } from '../helpers/server.js';

/**
 * Public view and macro indicators. The public world: every one of the 24 kecamatan has 6
 * households, all extreme-poor, except the first (2 households, 2 extreme) and the second
 * (7 households, 5 extreme). Households: 2 is small → withheld, and the smallest other cell
 * (6, the third kecamatan: the first 6 in code order) is withheld with it. Extreme: 2 is small,
 * the smallest other is 5 (second kecamatan). Totals 2 + 7 + 22·6 = 141 and 2 + 5 + 22·6 = 139.
 */

let s: TestServer;
let closed: TestServer;
let admin: Client;
let opDesa: Client;
let kecamatan: string[];

beforeAll(async () => {
  [s, closed] = await Promise.all([startTestServer({ publicView: true }), startTestServer()]);
  admin = await s.userClient('admin.ind', [{ role: 'admin_kabupaten', regionCode: '35.13' }]);
  opDesa = await s.userClient('op.desa.ind', [{ role: 'operator_desa', regionCode: '35.13.06.2005' }]);
  const desa = await s.ctx.db
    .selectFrom('region')
    .select(['code', 'parent_code'])
    .where('level', '=', 4)
    .where('code', 'like', '35.13.%')
    .orderBy('code')
    .execute();
  kecamatan = [...new Set(desa.map((d) => d.parent_code ?? ''))].sort();
  const firstDesa = (kec: string) => desa.find((d) => d.parent_code === kec)?.code ?? '';
  const fixtures: HouseholdFixture[] = [];
  kecamatan.forEach((kec, i) => {
    const households = i === 0 ? 2 : i === 1 ? 7 : 6;
    const extreme = i === 0 ? 2 : i === 1 ? 5 : 6;
    for (let n = 0; n < households; n++) {
      fixtures.push({
        desaCode: firstDesa(kec),
        headName: `K${i}-${n}`,
        targetStatus: n < extreme ? 'MISKIN_EKSTREM' : 'MISKIN',
        desil: 1,
      });
    }
  });
  await insertHouseholds(s.ctx.db, fixtures);
});
afterAll(async () => {
  await Promise.all([s?.close(), closed?.close()]);
});

describe('public summary', () => {
  it('is off unless the deployment enables it', async () => {
    const res = await closed.anonymous().get('/api/v1/public/summary');
    expect(res.status).toBe(404);
  });

  it('publishes figures per kecamatan without login, small cells and their complements withheld', async () => {
    const res = await s.anonymous().get('/api/v1/public/summary');
    expect(res.status).toBe(200);
    const body = res.body;
    expect(body.kabupaten).toEqual({ code: '35.13', name: 'Kabupaten Probolinggo' });
    expect(body.minCell).toBe(5);
    expect(body.rows).toHaveLength(24);
    expect(body.rows[0].code).toBe(kecamatan[0]);
    expect(Object.keys(body.rows[0]).sort()).toEqual([
      'baselineExtremeHouseholds',
      'code',
      'extremeHouseholds',
      'households',
      'name',
      'reductionPct',
    ]);
    const col = (k: string) =>
      body.rows.map((r: Record<string, { value: number | null; reason: string | null }>) => [r[k]?.value, r[k]?.reason]);
    expect(col('households').slice(0, 4)).toEqual([
      [null, 'small'],
      [7, null],
      [null, 'complementary'],
      [6, null],
    ]);
    expect(col('extremeHouseholds').slice(0, 4)).toEqual([
      [null, 'small'],
      [null, 'complementary'],
      [6, null],
      [6, null],
    ]);
    expect(body.total.households).toEqual({ value: 141, suppressed: false, reason: null });
    expect(body.total.extremeHouseholds).toEqual({ value: 139, suppressed: false, reason: null });
    // No withheld cell can be derived: each column withholds none or at least two.
    for (const k of ['households', 'extremeHouseholds']) {
      const hidden = col(k).filter(([v]: [number | null]) => v === null).length;
      expect(hidden === 0 || hidden >= 2).toBe(true);
    }
    // No import yet: no baseline to publish.
    expect(body.rows[3].baselineExtremeHouseholds).toEqual({ value: null, suppressed: false, reason: null });
    expect(body.rows[3].reductionPct).toBeNull();
  });
});

const url = '/api/v1/monitoring/indicators';

describe('macro indicators', () => {
  it('stores rates by year with their source and returns the series with the 0% target', async () => {
    expect((await admin.put(`${url}/2023`, { povertyRate: 17.12, extremePovertyRate: 3.18, source: 'BPS 2023' })).status).toBe(204);
    expect((await admin.put(`${url}/2024`, { povertyRate: 17.19, extremePovertyRate: 2.28, source: 'BPS 2024' })).status).toBe(204);
    const res = await opDesa.get(url);
    expect(res.status).toBe(200);
    expect(res.body.extremePovertyTarget).toBe(0);
    expect(res.body.series.map((x: Record<string, unknown>) => [x.year, x.povertyRate, x.extremePovertyRate, x.source])).toEqual([
      [2023, 17.12, 3.18, 'BPS 2023'],
      [2024, 17.19, 2.28, 'BPS 2024'],
    ]);
    const audit = await s.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id'])
      .where('entity', '=', 'poverty_indicator')
      .orderBy('id')
      .execute();
    expect(audit).toEqual([
      { action: 'indicator.save', entity_id: '35.13:2023' },
      { action: 'indicator.save', entity_id: '35.13:2024' },
    ]);
  });

  it('refuses rates outside 0–100, extreme above regular, years out of range, and non-admins', async () => {
    const bad = async (year: number, body: Record<string, unknown>, field: string) => {
      const res = await admin.put(`${url}/${year}`, { source: 'BPS', ...body });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('INDICATOR_INVALID');
      expect(res.body.error.details.problems.map((p: { field: string }) => p.field)).toContain(field);
    };
    await bad(2022, { povertyRate: 101, extremePovertyRate: 3 }, 'kemiskinan');
    await bad(2022, { povertyRate: 10, extremePovertyRate: -1 }, 'kemiskinan_ekstrem');
    await bad(2022, { povertyRate: 2, extremePovertyRate: 3 }, 'kemiskinan_ekstrem');
    await bad(1999, { povertyRate: 10, extremePovertyRate: 3 }, 'tahun');
    await bad(2022, { povertyRate: 10, extremePovertyRate: 3, source: '  ' }, 'sumber');
    expect((await opDesa.put(`${url}/2022`, { povertyRate: 10, extremePovertyRate: 3, source: 'BPS' })).status).toBe(403);
    expect((await admin.get(url)).body.series).toHaveLength(2);
  });

  it('imports a CSV with Indonesian decimals, all or nothing', async () => {
    const upload = (text: string) => {
      const form = new FormData();
      form.append('file', new Blob([text], { type: 'text/csv' }), 'indikator.csv');
      return admin.post(`${url}/import`, form);
    };
    const broken = await upload('tahun;kemiskinan;kemiskinan_ekstrem;sumber\n2021;18,61;4,20;BPS\n2022;abc;3,00;BPS\n');
    expect(broken.status).toBe(400);
    expect(broken.body.error.details.problems).toEqual([expect.objectContaining({ row: 3, field: 'kemiskinan' })]);
    expect((await admin.get(url)).body.series).toHaveLength(2);
    const ok = await upload('tahun;kemiskinan;kemiskinan_ekstrem;sumber\n2021;18,61;4,20;BPS Probolinggo\n2024;17,19%;2,28;BPS (revisi)\n');
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ rows: 2 });
    const series = (await admin.get(url)).body.series;
    expect(series.map((x: Record<string, unknown>) => [x.year, x.povertyRate, x.extremePovertyRate, x.source])).toEqual([
      [2021, 18.61, 4.2, 'BPS Probolinggo'],
      [2023, 17.12, 3.18, 'BPS 2023'],
      [2024, 17.19, 2.28, 'BPS (revisi)'],
    ]);
    const missing = await upload('tahun,kemiskinan\n2020,10\n');
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.problems[0].messageEn).toContain('missing: kemiskinan_ekstrem, sumber');
  });

  it('deletes a year, audited', async () => {
    expect((await admin.delete(`${url}/2021`)).status).toBe(204);
    expect((await admin.delete(`${url}/2021`)).status).toBe(404);
    expect((await admin.get(url)).body.series.map((x: { year: number }) => x.year)).toEqual([2023, 2024]);
  });
});
