import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitJob } from '../helpers/jobs.js';
import { insertHouseholds } from '../helpers/registry-fixtures.js';
import { type Client, startTestServer, type TestServer } from '../helpers/server.js';

/**
 * Issue 20 item 1: a matching candidate shows of each household only what the reader could
 * see of that household by itself. The planted case: an operator desa proposes a new
 * household (USULAN_BARU) with the NIK and No KK of a household in another kecamatan; after
 * an internal run the operator kecamatan of the proposer's kecamatan opens the pair.
 */

const DESA_OWN = '35.13.06.2005';
const KEC_OWN = '35.13.06';
const DESA_OTHER = '35.13.07.2006';
const KEC_OTHER = '35.13.07';
const VICTIM = {
  nik: '3513074101800001',
  kk: '3513070101230099',
  head: 'Suparmi Korban',
  member: 'Anak Korban',
  memberNik: '3513071505100002',
};
const VICTIM_ADDRESS = 'Dusun Rahasia RT 01 RW 02';

let s: TestServer;
let admin: Client;
let opDesa: Client;
let opKec: Client;
let opKecOther: Client;
let victimId: number;
let plantedId: number;
let candidateId: number;

beforeAll(async () => {
  s = await startTestServer();
  admin = await s.userClient('admin', [{ role: 'admin_kabupaten', regionCode: '35.13' }]);
  opDesa = await s.userClient('op-desa', [{ role: 'operator_desa', regionCode: DESA_OWN }]);
  opKec = await s.userClient('op-kec', [{ role: 'operator_kecamatan', regionCode: KEC_OWN }]);
  opKecOther = await s.userClient('op-kec-lain', [{ role: 'operator_kecamatan', regionCode: KEC_OTHER }]);
  [victimId] = (await insertHouseholds(s.ctx.db, [
    {
      desaCode: DESA_OTHER,
      headName: VICTIM.head,
      headNik: VICTIM.nik,
      kkNumber: VICTIM.kk,
      address: VICTIM_ADDRESS,
      members: [
        { name: VICTIM.head, nik: VICTIM.nik, birthDate: '1980-01-01', sex: 'P' },
        { name: VICTIM.member, nik: VICTIM.memberNik, birthDate: '2010-05-15', sex: 'L' },
      ],
    },
  ])) as [number];
  const period = await admin.post('/api/v1/organisation/periods', {
    program: 'Verval',
    name: 'Verval',
    startDate: '2026-01-01',
    endDate: '2026-12-31',
  });
  expect(period.status, JSON.stringify(period.body)).toBe(201);
  const planted = await opDesa.post(`/api/v1/verval/periods/${period.body.id}/households`, {
    desaCode: DESA_OWN,
    headName: 'Penyusup',
    headNik: VICTIM.nik,
    kkNumber: VICTIM.kk,
    reason: 'Keluarga baru ditemukan',
  });
  expect(planted.status, JSON.stringify(planted.body)).toBe(201);
  plantedId = planted.body.householdId;
  const run = await admin.post('/api/v1/matching/runs', { kind: 'INTERNAL' });
  expect(run.status).toBe(202);
  expect((await waitJob(admin, run.body.jobId)).status).toBe('DONE');
  const list = await admin.get('/api/v1/matching/candidates?pageSize=100');
  const c = list.body.items.find(
    (x: { a: { householdId: number }; b: { householdId: number } }) =>
      [x.a.householdId, x.b.householdId].includes(victimId) && [x.a.householdId, x.b.householdId].includes(plantedId),
  );
  expect(c, 'the planted pair is a candidate').toBeTruthy();
  candidateId = c.id;
}, 120_000);
afterAll(async () => {
  await s?.close();
});

/**
 * What the proposer did not type: the victim's names, members, address and birth dates. (The
 * planted household carries the head NIK and No KK its operator entered; those are theirs.)
 */
const leaks = (text: string) =>
  [VICTIM.head, VICTIM.member, VICTIM.memberNik, VICTIM_ADDRESS, '1980-01-01', '2010-05-15'].filter((x) => text.includes(x));

describe('a candidate across kecamatan', () => {
  it('the household itself answers 404 to the operator kecamatan of the proposer', async () => {
    expect((await opKec.get(`/api/v1/households/${victimId}`)).status).toBe(404);
  });

  it('its detail reduces the other side to "a household in kecamatan X"', async () => {
    const res = await opKec.get(`/api/v1/matching/candidates/${candidateId}`);
    expect(res.status).toBe(200);
    expect(leaks(res.text)).toEqual([]);
    const sides = [res.body.a, res.body.b];
    const own = sides.find((x) => x.visible);
    const other = sides.find((x) => !x.visible);
    expect(own).toMatchObject({ householdId: plantedId, headName: 'Penyusup', desaCode: DESA_OWN });
    expect(JSON.stringify(other)).not.toContain(VICTIM.nik);
    expect(res.text).not.toMatch(new RegExp(`"householdId":${victimId}[,}]`));
    expect(other).toMatchObject({
      visible: false,
      householdId: null,
      headName: null,
      headNik: null,
      kkNumber: null,
      address: null,
      desaCode: null,
      kecamatanCode: KEC_OTHER,
      members: [],
    });
    expect(other.kecamatanName).toBeTruthy();
    expect(res.body.canResolve).toBe(false);
  });

  it('its list row shows the other side by kecamatan only', async () => {
    const res = await opKec.get('/api/v1/matching/candidates?pageSize=100');
    expect(res.status).toBe(200);
    expect(leaks(res.text)).toEqual([]);
    const row = res.body.items.find((x: { id: number }) => x.id === candidateId);
    const other = [row.a, row.b].find((x: { visible: boolean }) => !x.visible);
    expect(other).toMatchObject({ householdId: null, headName: null, desaCode: null, kecamatanCode: KEC_OTHER });
  });

  it('the other kecamatan sees its own household in full and the proposer side reduced', async () => {
    const res = await opKecOther.get(`/api/v1/matching/candidates/${candidateId}`);
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('Penyusup');
    const own = [res.body.a, res.body.b].find((x) => x.visible);
    expect(own.headNik).toBe(VICTIM.nik);
    expect(own.members.map((m: { name: string }) => m.name)).toEqual([VICTIM.head, VICTIM.member]);
  });

  it('the admin kabupaten sees both sides and may resolve', async () => {
    const res = await admin.get(`/api/v1/matching/candidates/${candidateId}`);
    expect([res.body.a.visible, res.body.b.visible]).toEqual([true, true]);
    expect(res.text).toContain(VICTIM.memberNik);
    expect(res.body.canResolve).toBe(true);
  });

  it('resolving needs both households in scope: 403 with a clear message, and the pair stays open', async () => {
    const res = await opKec.post(`/api/v1/matching/candidates/${candidateId}/resolve`, { decision: 'SAME', keepHouseholdId: plantedId });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('CANDIDATE_OUT_OF_SCOPE');
    expect(leaks(res.text)).toEqual([]);
    expect((await admin.get(`/api/v1/matching/candidates/${candidateId}`)).body.status).toBe('OPEN');
  });

  it('a kecamatan filter outside the scope answers 404; inside it filters', async () => {
    const out = await opKec.get(`/api/v1/matching/candidates?kecamatan=${KEC_OTHER}`);
    expect(out.status).toBe(404);
    expect(out.body.error.code).toBe('NOT_FOUND');
    const own = await opKec.get(`/api/v1/matching/candidates?kecamatan=${KEC_OWN}`);
    expect(own.status).toBe(200);
    expect(own.body.items.map((x: { id: number }) => x.id)).toContain(candidateId);
  });
});
