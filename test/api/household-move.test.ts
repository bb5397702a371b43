import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertHouseholds } from '../helpers/registry-fixtures.js';
import { type Client, startTestServer, type TestServer } from '../helpers/server.js';
import { DESA_A, DESA_B, KEC, makeReady } from './musdes-fixture.js';

/**
 * ADR 0013 over HTTP: an approved PINDAH within the kabupaten leaves the household in its desa
 * until the origin desa's musdes is finalised; then it lives in the destination desa, which
 * tables it as an arrival to keep, not as a removal; no monitoring figure goes negative.
 */

let s: TestServer;
let admin: Client;
let opA: Client;
let opB: Client;
let kec: Client;
let periodId: number;
let mover: number;
let stayer: number;
let local: number;

const ME = 'MISKIN_EKSTREM' as const;
const household = (id: number) =>
  s.ctx.db
    .selectFrom('household')
    .select(['desa_code', 'kecamatan_code', 'target_status', 'ended_reason', 'version'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

/** Record, submit and approve a verval through the API. */
async function approved(c: Client, hh: number, record: Record<string, unknown>) {
  const base = `/api/v1/verval/periods/${periodId}/households/${hh}`;
  const saved = await c.request('PUT', base, { baseVersion: 0, ...record });
  expect(saved.status, JSON.stringify(saved.body)).toBe(201);
  expect((await c.post(`/api/v1/verval/${saved.body.id}/submit`, { baseVersion: 1 })).status).toBe(200);
  const ok = await kec.post(`/api/v1/verval/${saved.body.id}/approve`, { baseVersion: 2 });
  expect(ok.status, JSON.stringify(ok.body)).toBe(200);
}

/** A musdes of a desa, every tabled household decided as suggested, finalised by the kecamatan. */
async function finalisedMusdes(op: Client, desaCode: string, number: string) {
  const m = await op.post('/api/v1/musdes/meetings', {
    periodId,
    desaCode,
    type: 'MUSDES',
    heldOn: '2026-02-20',
    place: 'Balai Desa',
    chair: 'Kepala Desa',
    agenda: 'Hasil verval',
  });
  expect(m.status, JSON.stringify(m.body)).toBe(201);
  const id = m.body.meeting.id as number;
  const tabled = (await op.get(`/api/v1/musdes/meetings/${id}/tabled`)).body.items;
  const decided = await op.post(`/api/v1/musdes/meetings/${id}/decisions/bulk`, { filter: {}, decision: 'SUGGESTED' });
  expect(decided.status, JSON.stringify(decided.body)).toBe(200);
  const version = await makeReady(op, id, number);
  // The confirmation the user reads before finalising says what then takes effect.
  const preview = (await kec.get(`/api/v1/musdes/meetings/${id}/finalise-preview`)).body;
  const fin = await kec.post(`/api/v1/musdes/meetings/${id}/finalise`, { version });
  expect(fin.status, JSON.stringify(fin.body)).toBe(200);
  expect({ removed: preview.leaving, added: preview.entering, ended: preview.ended, moved: preview.moving }).toEqual(fin.body.effect);
  return { id, tabled, effect: fin.body.effect };
}

/** Every reduction and remaining figure of the dashboard and the work progress, kabupaten to desa. */
async function figures() {
  const out: number[] = [];
  for (const region of ['35.13', KEC, DESA_A, DESA_B]) {
    const d = (await admin.get(`/api/v1/monitoring/dashboard?region=${region}`)).body;
    out.push(
      d.totals.reductionPct,
      d.totals.reduction ?? 0,
      ...d.children.rows.map((r: { reductionPct: number | null }) => r.reductionPct ?? 0),
    );
    const p = (await admin.get(`/api/v1/monitoring/progress?region=${region}&period=${periodId}`)).body;
    out.push(p.verval.totals.remaining, ...p.verval.children.map((r: { remaining: number }) => r.remaining));
  }
  return out;
}

beforeAll(async () => {
  s = await startTestServer();
  admin = await s.userClient('admin', [{ role: 'admin_kabupaten', regionCode: '35.13' }]);
  opA = await s.userClient('op2005', [{ role: 'operator_desa', regionCode: DESA_A }]);
  opB = await s.userClient('op2013', [{ role: 'operator_desa', regionCode: DESA_B }]);
  kec = await s.userClient('kec06', [{ role: 'operator_kecamatan', regionCode: KEC }]);
  periodId = (
    await admin.post('/api/v1/organisation/periods', {
      program: 'Gesek',
      name: 'Gesek 2026',
      startDate: '2026-01-01',
      endDate: '2026-12-31',
    })
  ).body.id;
  // The first import, before which these households existed: the monitoring baseline.
  const batch = await s.ctx.db
    .insertInto('import_batch')
    .values({
      kind: 'P3KE',
      status: 'DONE',
      files: '[]',
      counts: '{}',
      started_at: '2025-01-01T00:00:00Z',
      finished_at: new Date('2025-01-02T00:00:00Z'),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const base = { updatedAt: '2025-01-01T00:00:00Z', columns: { import_id: Number(batch.id) }, targetStatus: ME };
  [mover, stayer, local] = (await insertHouseholds(s.ctx.db, [
    { ...base, desaCode: DESA_A, headName: 'Pindah Parto', members: [{ name: 'Pindah Parto' }, { name: 'Anak Parto' }] },
    { ...base, desaCode: DESA_A, headName: 'Tetap Tarjo' },
    { ...base, desaCode: DESA_B, headName: 'Warga Bambang' },
  ])) as [number, number, number];
  // Baseline: A 2, B 1 extreme-poor households.
  expect((await admin.get(`/api/v1/monitoring/dashboard?region=${DESA_B}`)).body.totals.baselineExtremeHouseholds).toBe(1);
}, 120_000);
afterAll(() => s?.close());

describe('a move within the kabupaten (PINDAH)', () => {
  it('stays in the origin desa when the verval is approved', async () => {
    await approved(opA, mover, { found: false, outcome: 'PINDAH', destinationDesaCode: DESA_B });
    await approved(opA, stayer, { found: true, outcome: 'TETAP' });
    expect(await household(mover)).toMatchObject({ desa_code: DESA_A, target_status: ME });
    for (const f of await figures()) expect(f).toBeGreaterThanOrEqual(0);
  });

  it('is tabled at the origin desa’s musdes and takes effect when it is finalised', async () => {
    const { tabled, effect, id } = await finalisedMusdes(opA, DESA_A, '140/01/BA/2026');
    const item = tabled.find((i: { householdId: number }) => i.householdId === mover);
    expect(item).toMatchObject({ arrivedFrom: null, suggestion: { decision: 'REMOVE', reason: 'PINDAH' } });
    expect(effect).toEqual({ removed: 0, added: 0, ended: 0, moved: 1 });
    // Moved with its members, still extreme poor: it moved, it did not leave poverty.
    expect(await household(mover)).toMatchObject({ desa_code: DESA_B, kecamatan_code: KEC, target_status: ME, ended_reason: null });
    const members = await s.ctx.db.selectFrom('member').select('desa_code').where('household_id', '=', mover).execute();
    expect(members.map((m) => m.desa_code)).toEqual([DESA_B, DESA_B]);
    const history = await s.ctx.db.selectFrom('household_history').select('changes').where('household_id', '=', mover).execute();
    expect(history.map((h) => h.changes)).toContainEqual({
      desa_code: [DESA_A, DESA_B],
      musdes: { meetingId: id, number: '140/01/BA/2026', decision: 'REMOVE' },
    });
    // The origin's finalised berita acara still lists the household it decided on.
    const after = (await opA.get(`/api/v1/musdes/meetings/${id}/tabled`)).body.items;
    expect(after.map((i: { householdId: number }) => i.householdId)).toContain(mover);
    // The destination desa's operator now sees it; the origin's no longer does.
    expect((await opB.get(`/api/v1/households/${mover}`)).status).toBe(200);
    expect((await opA.get(`/api/v1/households/${mover}`)).status).toBe(404);
  });

  it('appears in the destination desa’s musdes as an arrival to keep, never as a removal', async () => {
    const { tabled, effect } = await finalisedMusdes(opB, DESA_B, '140/02/BA/2026');
    const item = tabled.find((i: { householdId: number }) => i.householdId === mover);
    expect(item).toMatchObject({ arrivedFrom: DESA_A, suggestion: { decision: 'KEEP', reason: null } });
    expect(effect).toEqual({ removed: 0, added: 0, ended: 0, moved: 0 });
    expect(await household(mover)).toMatchObject({ desa_code: DESA_B, target_status: ME });
    expect((await household(local)).target_status).toBe(ME);
  });

  it('leaves no figure negative: the destination has more extreme-poor households than at baseline, a reduction of 0', async () => {
    const b = (await admin.get(`/api/v1/monitoring/dashboard?region=${DESA_B}`)).body.totals;
    expect(b).toMatchObject({ extremeHouseholds: 2, baselineExtremeHouseholds: 1, reductionPct: 0 });
    const a = (await admin.get(`/api/v1/monitoring/dashboard?region=${DESA_A}`)).body.totals;
    expect(a).toMatchObject({ extremeHouseholds: 1, baselineExtremeHouseholds: 2, reductionPct: 50 });
    for (const f of await figures()) expect(f).toBeGreaterThanOrEqual(0);
  });
});
