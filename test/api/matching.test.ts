import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countOpenCandidates, householdMatchFlags, openCandidateHouseholds } from '../../src/modules/matching/status.js';
import { waitJob } from '../helpers/jobs.js';
import { DESA_A, insertMatchingWorld, type MatchingWorld, NIK_SITI } from '../helpers/matching-fixtures.js';
import { type Client, startTestServer, type TestServer } from '../helpers/server.js';

let s: TestServer;
let admin: Client;
let opBanyuanyar: Client;
let opTiris: Client;
let pimpinan: Client;
let w: MatchingWorld;

async function run(kind: 'INTERNAL' | 'FUZZY') {
  const res = await admin.post('/api/v1/matching/runs', { kind });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  const job = await waitJob(admin, res.body.jobId);
  expect(job.status, job.error).toBe('DONE');
  return (await admin.get(`/api/v1/matching/runs/${res.body.runId}`)).body;
}

type Cand = { id: number; kind: string; status: string; score: number; a: { householdId: number }; b: { householdId: number } };
const pairOf = (c: Cand) => [c.a.householdId, c.b.householdId].sort((x, y) => x - y).join(':');
const key = (a: number, b: number) => [a, b].sort((x, y) => x - y).join(':');

async function candidates(c: Client, query = ''): Promise<Cand[]> {
  const res = await c.get(`/api/v1/matching/candidates?pageSize=100${query}`);
  expect(res.status).toBe(200);
  return res.body.items;
}

beforeAll(async () => {
  s = await startTestServer();
  admin = await s.userClient('admin', [{ role: 'admin_kabupaten', regionCode: '35.13' }]);
  opBanyuanyar = await s.userClient('op-banyuanyar', [{ role: 'operator_kecamatan', regionCode: '35.13.06' }]);
  opTiris = await s.userClient('op-tiris', [{ role: 'operator_kecamatan', regionCode: '35.13.07' }]);
  pimpinan = await s.userClient('bupati', [{ role: 'pimpinan', regionCode: '35.13' }]);
  w = await insertMatchingWorld(s.ctx.db);
}, 60_000);
afterAll(async () => {
  await s?.close();
});

describe('internal exact run', () => {
  it('finds the household listed by two sources, the member in two desa and the NIK in two households, once', async () => {
    const r = await run('INTERNAL');
    expect(r).toMatchObject({ kind: 'INTERNAL', status: 'DONE', counts: { found: 3, added: 3 } });
    const list = await candidates(admin);
    const byPair = new Map(list.map((c) => [pairOf(c), c]));
    expect(byPair.get(key(w.sitiP3ke, w.sitiDtks))?.kind).toBe('HOUSEHOLD_DUPLICATE');
    expect(byPair.get(key(w.sitiP3ke, w.rohmanTiris))?.kind).toBe('MEMBER_TWO_DESA');
    expect(byPair.get(key(w.ahmad1, w.ahmad2))?.kind).toBe('NIK_TWO_HOUSEHOLDS');
    expect(list).toHaveLength(3);
    const detail = await admin.get(`/api/v1/matching/candidates/${byPair.get(key(w.sitiP3ke, w.sitiDtks))?.id}`);
    expect(detail.body.reasons).toEqual(['No KK sama', 'NIK kepala keluarga sama', 'Sumber berbeda: P3KE dan DTKS']);
    expect(detail.body.a.members.map((m: { name: string }) => m.name)).toEqual(['Siti Aminah', 'Rohman']);
    expect(detail.body.a.headNik).toBe(NIK_SITI);

    const again = await run('INTERNAL');
    expect(again.counts).toEqual({ found: 3, added: 0 });
    expect(await candidates(admin)).toHaveLength(3);
  });
});

describe('fuzzy run', () => {
  it('pairs a member without NIK with a similar name and the same birth date in the same kecamatan only', async () => {
    const r = await run('FUZZY');
    expect(r.counts).toEqual({ found: 1, added: 1 });
    const [f] = await candidates(admin, '&kind=FUZZY');
    expect(f && pairOf(f)).toBe(key(w.sumiatiNoNik, w.sumiyati));
    expect(f?.score).toBeGreaterThanOrEqual(0.85);
    expect(f?.score).toBeLessThan(1);
  });
});

describe('scope', () => {
  it('an operator sees the pairs touching their kecamatan and gets 404 for the others', async () => {
    const tiris = await candidates(opTiris);
    // The side in Banyuanyar is reduced to its kecamatan (test/security/matching-candidate-scope.test.ts).
    expect(tiris.map(pairOf)).toEqual([`:${w.rohmanTiris}`]);
    expect(tiris[0]?.a).toMatchObject({ visible: false, householdId: null, kecamatanCode: '35.13.06' });
    const ahmad = (await candidates(admin)).find((c) => pairOf(c) === key(w.ahmad1, w.ahmad2));
    expect((await opTiris.get(`/api/v1/matching/candidates/${ahmad?.id}`)).status).toBe(404);
    expect((await opTiris.post(`/api/v1/matching/candidates/${ahmad?.id}/resolve`, { decision: 'DIFFERENT' })).status).toBe(404);
    // The pair spans two kecamatan: seeing one side is not enough to decide for both.
    const rohman = tiris[0];
    expect((await opTiris.post(`/api/v1/matching/candidates/${rohman?.id}/resolve`, { decision: 'SAME' })).status).toBe(403);
    expect((await opBanyuanyar.get('/api/v1/matching/candidates?pageSize=100')).body.total).toBe(4);
  });

  it('pimpinan reads but cannot resolve or start runs', async () => {
    const [c] = await candidates(pimpinan);
    expect((await pimpinan.post(`/api/v1/matching/candidates/${c?.id}/resolve`, { decision: 'DIFFERENT' })).status).toBe(403);
    expect((await pimpinan.post('/api/v1/matching/runs', { kind: 'INTERNAL' })).status).toBe(403);
    expect((await opBanyuanyar.post('/api/v1/matching/runs', { kind: 'INTERNAL' })).status).toBe(403);
  });
});

describe('resolution', () => {
  it('SAME marks the other household GANDA, audited; it cannot be resolved twice', async () => {
    const openBefore = await countOpenCandidates(s.ctx.db, '35.13');
    expect(openBefore).toBe(4);
    expect(await openCandidateHouseholds(s.ctx.db, DESA_A)).toEqual([w.sitiP3ke, w.sitiDtks, w.sumiatiNoNik].sort((a, b) => a - b));
    const c = (await candidates(admin)).find((x) => pairOf(x) === key(w.sitiP3ke, w.sitiDtks));
    const res = await opBanyuanyar.post(`/api/v1/matching/candidates/${c?.id}/resolve`, {
      decision: 'SAME',
      keepHouseholdId: w.sitiP3ke,
      note: 'KK sama, data DTKS lama',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      status: 'SAME',
      resolution: 'GANDA',
      keptHouseholdId: w.sitiP3ke,
      duplicateHouseholdId: w.sitiDtks,
      note: 'KK sama, data DTKS lama',
      resolvedBy: 'op-banyuanyar',
    });
    expect(await countOpenCandidates(s.ctx.db, '35.13')).toBe(3);
    const flags = await householdMatchFlags(s.ctx.db, [w.sitiP3ke, w.sitiDtks, w.paijo]);
    expect(flags.get(w.sitiDtks)).toEqual({ openCandidates: 0, resolvedSame: 1 });
    expect(flags.get(w.sitiP3ke)).toEqual({ openCandidates: 1, resolvedSame: 0 }); // still paired with Rohman in Tiris
    expect(flags.has(w.paijo)).toBe(false);
    const audit = await s.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'matching.candidate.resolve')
      .where('entity_id', '=', String(c?.id))
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor_name).toBe('op-banyuanyar');
    // The verval worklist of the desa shows both flags to the operator in the field.
    const period = await admin.post('/api/v1/organisation/periods', {
      program: 'Gesek Ekstrem',
      name: 'Gesek Ekstrem 2026',
      startDate: '2026-01-01',
      endDate: '2026-12-31',
    });
    expect(period.status, JSON.stringify(period.body)).toBe(201);
    const list = await admin.get(`/api/v1/verval/periods/${period.body.id}/worklist?desa=${DESA_A}&pageSize=100`);
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    const flagOf = (id: number) => list.body.items.find((i: { householdId: number }) => i.householdId === id)?.possibleDuplicate;
    expect(flagOf(w.sitiDtks)).toEqual({ openCandidates: 0, resolvedSame: 1 });
    expect(flagOf(w.sitiP3ke)).toEqual({ openCandidates: 1, resolvedSame: 0 });
    const twice = await admin.post(`/api/v1/matching/candidates/${c?.id}/resolve`, { decision: 'DIFFERENT' });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('CANDIDATE_RESOLVED');
  });

  it('DIFFERENT dismisses the pair and a new run does not bring it back; a foreign household cannot be kept', async () => {
    const c = (await candidates(admin)).find((x) => pairOf(x) === key(w.ahmad1, w.ahmad2));
    const bad = await admin.post(`/api/v1/matching/candidates/${c?.id}/resolve`, { decision: 'SAME', keepHouseholdId: w.paijo });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('KEEP_INVALID');
    const res = await admin.post(`/api/v1/matching/candidates/${c?.id}/resolve`, { decision: 'DIFFERENT', note: 'Dua orang berbeda' });
    expect(res.body).toMatchObject({ status: 'DIFFERENT', resolution: 'DISMISSED', duplicateHouseholdId: null });
    const r = await run('INTERNAL');
    expect(r.counts).toEqual({ found: 3, added: 0 });
    const after = (await candidates(admin)).find((x) => pairOf(x) === key(w.ahmad1, w.ahmad2));
    expect(after?.status).toBe('DIFFERENT');
    expect((await candidates(admin, '&status=OPEN')).map(pairOf).sort()).toEqual(
      [key(w.sitiP3ke, w.rohmanTiris), key(w.sumiatiNoNik, w.sumiyati)].sort(),
    );
  });
});
