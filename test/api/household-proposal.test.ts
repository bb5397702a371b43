import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestServer, type TestServer } from '../helpers/server.js';
import { DESA_A, KEC, makeReady } from './musdes-fixture.js';

/**
 * A household proposed in the field (USULAN_BARU) records its members: an 86-year-old widow
 * living alone is one member — counted in the SK lampiran, living alone in the aid priority
 * (70, not 50), findable by her NIK — not a household of none.
 */

let s: TestServer;
let admin: Client;
let opA: Client;
let kec: Client;
let periodId: number;

const WIDOW_NIK = '3513065503400001'; // born 15-03-1940, a woman (day + 40)
const propose = (body: Record<string, unknown>) => opA.post(`/api/v1/verval/periods/${periodId}/households`, body);
const widow = {
  desaCode: DESA_A,
  headName: 'Mbah Sainah',
  headNik: WIDOW_NIK,
  headSex: 'P',
  headBirthDate: '1940-03-15',
  address: 'Dusun Krajan RT 01',
  reason: 'Janda lansia tinggal sendiri, belum terdata',
};
const householdCount = async () =>
  Number(
    (
      await s.ctx.db
        .selectFrom('household')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  s = await startTestServer();
  admin = await s.userClient('admin', [{ role: 'admin_kabupaten', regionCode: '35.13' }]);
  opA = await s.userClient('op2005', [{ role: 'operator_desa', regionCode: DESA_A }]);
  kec = await s.userClient('kec06', [{ role: 'operator_kecamatan', regionCode: KEC }]);
  periodId = (
    await admin.post('/api/v1/organisation/periods', {
      program: 'Gesek',
      name: 'Gesek 2026',
      startDate: '2026-01-01',
      endDate: '2026-12-31',
    })
  ).body.id;
}, 120_000);
afterAll(() => s?.close());

describe('a household proposed in the field (USULAN_BARU)', () => {
  it('refuses members without exactly one head, or with a NIK the registry would reject; nothing is created', async () => {
    const before = await householdCount();
    const noHead = await propose({ ...widow, members: [{ name: 'Cucu', relationship: 'Cucu' }] });
    expect(noHead.status).toBe(400);
    expect(noHead.body.error).toMatchObject({ code: 'MEMBER_HEAD_REQUIRED', details: { field: 'members' } });
    const badNik = await propose({
      ...widow,
      members: [{ name: 'Mbah Sainah', nik: '3513065513400001', sex: 'P', birthDate: '1940-03-15', relationship: 'Kepala Keluarga' }],
    });
    expect(badNik.status).toBe(400);
    expect(badNik.body.error).toMatchObject({ code: 'MEMBER_NIK_INVALID', details: { field: 'members.0.nik' } });
    expect(badNik.body.error.message).toMatch(/Bulan lahir di NIK/);
    const twice = await propose({
      ...widow,
      members: [
        { name: 'Mbah Sainah', nik: WIDOW_NIK, relationship: 'Kepala Keluarga' },
        { name: 'Cucu', nik: WIDOW_NIK, relationship: 'Cucu' },
      ],
    });
    expect(twice.body.error).toMatchObject({ code: 'MEMBER_NIK_REPEATED', details: { field: 'members.1.nik' } });
    expect(await householdCount()).toBe(before);
  });

  it('records the head as a member when only the head fields are given (an older app version)', async () => {
    const r = await propose({ ...widow, headName: 'Pak Darmo', headNik: null, headSex: 'L', headBirthDate: '1950-01-01' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const members = await s.ctx.db
      .selectFrom('member')
      .select(['name', 'relationship'])
      .where('household_id', '=', r.body.householdId)
      .execute();
    expect(members).toEqual([{ name: 'Pak Darmo', relationship: 'Kepala Keluarga' }]);
    // A member added later in the verval is checked the same way.
    const born = await opA.request('PUT', `/api/v1/verval/periods/${periodId}/households/${r.body.householdId}`, {
      baseVersion: 1,
      found: true,
      outcome: 'USULAN_BARU',
      outcomeReason: 'Belum terdata',
      memberChanges: [{ type: 'BORN', name: 'Cucu Darmo', nik: '3513069912250001', birthDate: '2025-12-01' }],
    });
    expect(born.status).toBe(400);
    expect(born.body.error).toMatchObject({ code: 'MEMBER_NIK_INVALID', details: { field: 'memberChanges.0.nik' } });
  });

  it('keeps the widow’s members through approval and the musdes: one member in the lampiran, living alone, priority 70', async () => {
    const r = await propose({
      ...widow,
      members: [{ name: 'Mbah Sainah', nik: WIDOW_NIK, sex: 'P', birthDate: '1940-03-15', relationship: 'Kepala Keluarga' }],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const id = r.body.householdId as number;
    const members = await s.ctx.db
      .selectFrom('member')
      .select(['name', 'nik', 'sex', 'relationship', 'desa_code', 'source'])
      .where('household_id', '=', id)
      .execute();
    expect(members).toEqual([
      { name: 'Mbah Sainah', nik: WIDOW_NIK, sex: 'P', relationship: 'Kepala Keluarga', desa_code: DESA_A, source: 'MANUAL' },
    ]);
    // The household page shows her as a member, with the proposal in its history.
    const page = (await opA.get(`/api/v1/households/${id}`)).body;
    expect(page.household).toMatchObject({ memberCount: 1, targetStatus: 'MISKIN', source: 'MANUAL' });
    expect(page.members).toHaveLength(1);
    expect(page.history).toHaveLength(1);

    // Submitted, approved, added by the desa's finalised musdes.
    expect((await opA.post(`/api/v1/verval/${r.body.id}/submit`, { baseVersion: 1 })).status).toBe(200);
    expect((await kec.post(`/api/v1/verval/${r.body.id}/approve`, { baseVersion: 2 })).status).toBe(200);
    const m = await opA.post('/api/v1/musdes/meetings', {
      periodId,
      desaCode: DESA_A,
      type: 'MUSDES',
      heldOn: '2026-02-20',
      place: 'Balai Desa',
      chair: 'Kepala Desa',
      agenda: 'Usulan baru',
    });
    const meetingId = m.body.meeting.id;
    expect((await opA.post(`/api/v1/musdes/meetings/${meetingId}/decisions/bulk`, { filter: {}, decision: 'SUGGESTED' })).status).toBe(200);
    const version = await makeReady(opA, meetingId, '140/03/BA/2026');
    const fin = await kec.post(`/api/v1/musdes/meetings/${meetingId}/finalise`, { version });
    expect(fin.status, JSON.stringify(fin.body)).toBe(200);
    expect(fin.body.effect.added).toBeGreaterThanOrEqual(1);

    const lampiran = (await admin.get(`/api/v1/decrees/draft/households?desa=${DESA_A}`)).body.items;
    expect(lampiran.find((h: { householdId: number }) => h.householdId === id)).toMatchObject({ headName: 'Mbah Sainah', memberCount: 1 });
    const aid = (await opA.get(`/api/v1/aid/households/${id}`)).body;
    // No aid yet 30 + elderly 20 + living alone 20.
    expect(aid.priority).toMatchObject({ noAid: true, elderly: true, alone: true });
    expect(aid.score).toBe(70);
  });
});
