import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayWib } from '../../src/lib/dates.js';
import type { Actor } from '../../src/modules/access/scope.js';
import { changeTargetStatus } from '../../src/modules/households/changes.js';
import { ensureSyntheticBoundaries } from '../../src/modules/maps/synthetic.js';
import { insertHouseholds } from '../helpers/registry-fixtures.js';
import { type Client, startTestServer, type TestServer } from '../helpers/server.js';
import { insertVerval } from './musdes-fixture.js';
import { createPeriod } from './organisation-fixture.js';

/**
 * Trends over months (issue 23). The registry is made four months old: every household created
 * in month T-3 (T = this month); the extreme-poor statuses then change through the households'
 * write door and the history rows are dated back to when they "happened":
 *   desa A (35.13.06.2005): 10 households, all extreme; 4 leave in T-2, 2 more leave now (T).
 *   desa C (35.13.01.2001): 6 households, 3 extreme; 1 enters in T-1.
 * Kabupaten: T-3 16/13, T-2 16/9, T-1 16/10, T 16/8. The first import finished in T-3 (the baseline).
 */

const A = '35.13.06.2005';
const C = '35.13.01.2001';
const today = todayWib();
const month = (back: number) => {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const i = y * 12 + (m - 1) - back;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
};
const at = (back: number, day = 15) => new Date(`${month(back)}-${String(day).padStart(2, '0')}T03:00:00Z`);

let s: TestServer;
let closed: TestServer;
let admin: Client;
let opDesa: Client;
let periodId: number;

beforeAll(async () => {
  // One after the other: two servers starting at once on a busy machine miss the plugin timeout.
  s = await startTestServer({ publicView: true, extremePovertyTarget: { ratePct: 0, year: Number(month(0).slice(0, 4)) + 1 } });
  closed = await startTestServer();
  admin = await s.userClient('admin.trend', [{ role: 'admin_kabupaten', regionCode: '35.13' }]);
  opDesa = await s.userClient('op.desa.trend', [{ role: 'operator_desa', regionCode: A }]);
  const db = s.ctx.db;
  const a = await insertHouseholds(
    db,
    Array.from({ length: 10 }, (_, i) => ({ desaCode: A, headName: `A${i}`, targetStatus: 'MISKIN_EKSTREM' as const })),
  );
  const c = await insertHouseholds(
    db,
    Array.from({ length: 6 }, (_, i) => ({
      desaCode: C,
      headName: `C${i}`,
      targetStatus: i < 3 ? ('MISKIN_EKSTREM' as const) : ('MISKIN' as const),
    })),
  );
  await db
    .updateTable('household')
    .set({ created_at: at(3) })
    .execute();
  // The first import finished on day 20 of T-3: the baseline (A 10, C 3 extreme-poor).
  await db
    .insertInto('import_batch')
    .values({ kind: 'P3KE', status: 'DONE', started_at: at(3, 14), finished_at: at(3, 20) })
    .execute();
  const user = await db.selectFrom('app_user').select('id').where('username', '=', 'admin.trend').executeTakeFirstOrThrow();
  const actor: Actor = {
    userId: Number(user.id),
    username: 'admin.trend',
    fullName: 'Admin',
    grants: [{ role: 'admin_kabupaten', regionCode: '35.13' }],
  };
  const change = async (ids: number[], status: 'MISKIN' | 'MISKIN_EKSTREM', back: number | null) => {
    await changeTargetStatus(
      db,
      actor,
      ids.map((householdId) => ({ householdId, targetStatus: status })),
      { action: 'household.test_status', regionCode: '35.13' },
    );
    if (back !== null)
      await db
        .updateTable('household_history')
        .set({ changed_at: at(back) })
        .where('household_id', 'in', ids)
        .execute();
  };
  await change(a.slice(0, 4), 'MISKIN', 2);
  await change(c.slice(3, 4), 'MISKIN_EKSTREM', 1);
  await change(a.slice(4, 6), 'MISKIN', null);

  // A program period from the start of T-1 to the end of T+1, its verval and musdes stages, five
  // households of A visited (two on day 3 of T-1, three on day 10), three approved on day 12, and
  // desa A's musdes finalised on day 25 of T-1.
  periodId = await createPeriod(admin, 'Gesek Ekstrem uji', `${month(1)}-01`, `${month(-1)}-28`);
  for (const st of [
    { kind: 'verval', name: 'Verval', startDate: `${month(1)}-01`, endDate: `${month(1)}-20` },
    { kind: 'musdes', name: 'Musdes', startDate: `${month(1)}-21`, endDate: `${month(1)}-28` },
  ]) {
    const r = await admin.post(`/api/v1/organisation/periods/${periodId}/stages`, st);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  }
  await insertVerval(
    db,
    periodId,
    a.slice(0, 5).map((householdId) => ({ householdId, desaCode: A, outcome: 'TETAP' as const, status: 'SUBMITTED' as const })),
  );
  await db
    .updateTable('verval')
    .set({ created_at: at(1, 3) })
    .where('household_id', 'in', a.slice(0, 2))
    .execute();
  await db
    .updateTable('verval')
    .set({ created_at: at(1, 10) })
    .where('household_id', 'in', a.slice(2, 5))
    .execute();
  await db
    .updateTable('verval')
    .set({ status: 'APPROVED', reviewed_at: at(1, 12) })
    .where('household_id', 'in', a.slice(0, 3))
    .execute();
  await db
    .insertInto('musdes_meeting')
    .values({
      period_id: periodId,
      kabupaten_code: '35.13',
      kecamatan_code: '35.13.06',
      desa_code: A,
      type: 'MUSDES',
      status: 'FINALISED',
      held_on: `${month(1)}-25`,
      place: 'Balai desa',
      finalised_at: at(1, 25),
    })
    .execute();
  const ind = await admin.put(`/api/v1/monitoring/indicators/${month(0).slice(0, 4)}`, {
    povertyRate: 15.2,
    extremePovertyRate: 1.1,
    source: 'BPS',
  });
  expect(ind.status).toBe(204);
}, 300_000);
afterAll(async () => {
  await Promise.all([s?.close(), closed?.close()]);
});

const figures = (body: { registry: { month: string; households: number; extremeHouseholds: number; current: boolean }[] }) =>
  body.registry.map((p) => [p.month, p.households, p.extremeHouseholds, p.current]);

describe('registry trend', () => {
  it('gives the kabupaten’s households and extreme-poor households per month from the history, the running month live', async () => {
    const r = await admin.get('/api/v1/monitoring/trends');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(figures(r.body)).toEqual([
      [month(3), 16, 13, false],
      [month(2), 16, 9, false],
      [month(1), 16, 10, false],
      [month(0), 16, 8, true],
    ]);
    expect(r.body.registry.at(-1).extremeRatePct).toBe(50);
    expect(r.body.target).toEqual({ ratePct: 0, year: Number(month(0).slice(0, 4)) + 1 });
    // The target path starts at the first month's count and falls toward 0.
    const path = r.body.registry.map((p: { targetExtremeHouseholds: number }) => p.targetExtremeHouseholds);
    expect(path[0]).toBe(13);
    expect(path[3]).toBeLessThan(13);
    // The running month equals the dashboard.
    const d = await admin.get('/api/v1/monitoring/dashboard');
    expect(d.body.totals.extremeHouseholds).toBe(8);
  });

  it('is given for a kecamatan and a desa, and the macro indicator sits beside the registry’s share at the year end', async () => {
    const kec = await admin.get('/api/v1/monitoring/trends?region=35.13.01');
    expect(figures(kec.body).map((p) => p[2])).toEqual([3, 3, 4, 4]);
    const desa = await admin.get(`/api/v1/monitoring/trends?region=${A}`);
    expect(figures(desa.body).map((p) => p[2])).toEqual([10, 6, 6, 4]);
    const all = await admin.get('/api/v1/monitoring/trends');
    expect(all.body.macro).toEqual([
      { year: Number(month(0).slice(0, 4)), povertyRate: 15.2, extremePovertyRate: 1.1, source: 'BPS', registryExtremeRatePct: 50 },
    ]);
  });

  it('keeps a closed month as computed: a change now moves only the running month', async () => {
    const before = await admin.get(`/api/v1/monitoring/trends?region=${C}`);
    const id = await s.ctx.db.selectFrom('household').select('id').where('head_name', '=', 'C5').executeTakeFirstOrThrow();
    await s.ctx.db.updateTable('household').set({ target_status: 'MISKIN_EKSTREM' }).where('id', '=', id.id).execute();
    const after = await admin.get(`/api/v1/monitoring/trends?region=${C}`);
    expect(figures(after.body).slice(0, 3)).toEqual(figures(before.body).slice(0, 3));
    expect(after.body.registry.at(-1).extremeHouseholds).toBe(before.body.registry.at(-1).extremeHouseholds + 1);
    await s.ctx.db.updateTable('household').set({ target_status: 'MISKIN' }).where('id', '=', id.id).execute();
  });

  it('keeps a reader in their scope: an operator desa gets their desa by default and 404 for another', async () => {
    const own = await opDesa.get('/api/v1/monitoring/trends');
    expect(own.status).toBe(200);
    expect(own.body.region.code).toBe(A);
    expect((await opDesa.get(`/api/v1/monitoring/trends?region=${C}`)).status).toBe(404);
    expect((await opDesa.get('/api/v1/monitoring/trends?region=35.13')).status).toBe(404);
    expect((await opDesa.get('/api/v1/monitoring/trends?period=999999')).status).toBe(404);
    expect((await s.anonymous().get('/api/v1/monitoring/trends')).status).toBe(401);
  });
});

describe('work progress over time', () => {
  it('counts verval visits and approvals and finalised musdes per day of the period, with the schedule’s stages', async () => {
    const r = await admin.get(`/api/v1/monitoring/trends?region=35.13.06&period=${periodId}`);
    expect(r.status).toBe(200);
    const w = r.body.work;
    expect(w.period.id).toBe(periodId);
    expect(w.stages.map((x: { kind: string }) => x.kind)).toEqual(['verval', 'musdes']);
    expect(w.points[0].date).toBe(`${month(1)}-01`);
    expect(w.points.at(-1).date).toBe(today);
    const on = (day: number) => w.points.find((p: { date: string }) => p.date === `${month(1)}-${String(day).padStart(2, '0')}`);
    expect(on(2)).toMatchObject({ visited: 0, approved: 0, finalisedDesa: 0 });
    expect(on(3)).toMatchObject({ visited: 2, approved: 0 });
    expect(on(10)).toMatchObject({ visited: 5, approved: 0 });
    expect(on(12)).toMatchObject({ visited: 5, approved: 3, finalisedDesa: 0 });
    expect(on(25)).toMatchObject({ finalisedDesa: 1 });
    expect(w.points.at(-1)).toMatchObject({ visited: 5, approved: 3, finalisedDesa: 1 });
    // Desa C's kecamatan has none of it.
    const other = await admin.get(`/api/v1/monitoring/trends?region=35.13.01&period=${periodId}`);
    expect(other.body.work.points.at(-1)).toMatchObject({ visited: 0, approved: 0, finalisedDesa: 0 });
  });
});

describe('one-page summary', () => {
  it('is a dated PDF with the figures, the trend and the map, audited', async () => {
    const r = await fetch(`${s.baseUrl}/api/v1/monitoring/summary.pdf`, { headers: { cookie: admin.cookie } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/pdf');
    expect(r.headers.get('content-disposition')).toContain(`ringkasan-3513-`);
    const pdf = await getDocumentProxy(new Uint8Array(await r.arrayBuffer()));
    expect(pdf.numPages).toBe(1);
    const { text } = await extractText(pdf, { mergePages: true });
    expect(text).toContain('Ringkasan Penanggulangan Kemiskinan Ekstrem');
    expect(text).toMatch(/Data per \d{1,2} \w+ \d{4}/);
    expect(text).toContain('Miskin ekstrem (kini)');
    expect(text).toContain('Keluarga miskin ekstrem per bulan');
    // No boundaries uploaded yet: the map's place says so.
    expect(text).toContain('Batas wilayah belum diunggah');
    expect(text).toContain('Penurunan tertinggi');
    // Banyuanyar (desa A's kecamatan) went from 10 to 4.
    expect(text).toMatch(/Banyuanyar\s+10\s+4\s+60,00%/);
    const audit = await s.ctx.db.selectFrom('audit_log').select('action').where('action', '=', 'monitoring.summary.export').execute();
    expect(audit.length).toBeGreaterThan(0);
    expect((await opDesa.get('/api/v1/monitoring/summary.pdf?region=35.13')).status).toBe(404);
  });

  it('draws the desa map with its legend once boundaries exist, still on one page', async () => {
    await ensureSyntheticBoundaries(s.ctx.db, '35.13');
    const r = await fetch(`${s.baseUrl}/api/v1/monitoring/summary.pdf`, { headers: { cookie: admin.cookie } });
    expect(r.status).toBe(200);
    const pdf = await getDocumentProxy(new Uint8Array(await r.arrayBuffer()));
    expect(pdf.numPages).toBe(1);
    const { text } = await extractText(pdf, { mergePages: true });
    expect(text).toMatch(/Persentase keluarga\s+miskin ekstrem/);
    expect(text).toMatch(/\d+,\d % – \d+,\d %/);
    expect(text).toContain('Tidak ada data');
    expect(text).toContain('SINTETIS');
    expect(text).not.toContain('Batas wilayah belum diunggah');
  });
});

describe('public trend', () => {
  it('is off unless the deployment enables it', async () => {
    expect((await closed.anonymous().get('/api/v1/public/trend')).status).toBe(404);
  });

  it('publishes the kabupaten’s months without login and withholds a month under 5 as the public summary does', async () => {
    const r = await s.anonymous().get('/api/v1/public/trend');
    expect(r.status).toBe(200);
    expect(r.body.points.map((p: { extremeHouseholds: { value: number | null } }) => p.extremeHouseholds.value)).toEqual([13, 9, 10, 8]);
    // Every household of A leaves the extreme poor now: the kabupaten keeps 4, a small cell.
    await s.ctx.db.updateTable('household').set({ target_status: 'MISKIN' }).where('desa_code', '=', A).execute();
    const small = await s.anonymous().get('/api/v1/public/trend');
    expect(small.body.points.at(-1)).toMatchObject({
      extremeHouseholds: { value: null, suppressed: true, reason: 'small' },
      households: { value: 16, suppressed: false },
      extremeRatePct: null,
    });
    expect(JSON.stringify(small.body)).not.toMatch(/A\d|C\d|35\.13\.0/);
  });
});
