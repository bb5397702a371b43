import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayWib } from '../../src/lib/dates.js';
import { insertHouseholds } from '../helpers/registry-fixtures.js';
import { type Client, startTestServer, type TestServer } from '../helpers/server.js';
import { DESA_A, DESA_B, insertVerval, KEC, makeReady } from './musdes-fixture.js';

/**
 * The checks of a musdes (issue 22, defect 5): held only on or after its date, finalised only
 * with every tabled household decided or the rest deferred on purpose, a preview of what
 * finalising does, and a verval returned to the field not tabled. Both engines.
 */

let s: TestServer;
let admin: Client;
let opA: Client;
let opB: Client;
let kec: Client;
let periodId: number;
const hh: Record<string, number> = {};

const dayAfter = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const meeting = async (heldOn: string) => {
  const r = await opA.post('/api/v1/musdes/meetings', { periodId, desaCode: DESA_A, type: 'MUSDES', heldOn, place: 'Balai Desa' });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.meeting as { id: number; version: number };
};
const household = (id: number) =>
  s.ctx.db.selectFrom('household').select(['target_status', 'ended_reason', 'version']).where('id', '=', id).executeTakeFirstOrThrow();

beforeAll(async () => {
  s = await startTestServer();
  admin = await s.userClient('admin', [{ role: 'admin_kabupaten', regionCode: '35.13' }]);
  opA = await s.userClient('op2005', [{ role: 'operator_desa', regionCode: DESA_A }]);
  opB = await s.userClient('op2013', [{ role: 'operator_desa', regionCode: DESA_B }]);
  kec = await s.userClient('kec06', [{ role: 'operator_kecamatan', regionCode: KEC }]);
  const p = await admin.post('/api/v1/organisation/periods', {
    program: 'Gesek',
    name: 'Gesek 2026',
    startDate: '2026-01-01',
    endDate: '2026-12-31',
  });
  periodId = p.body.id;
  const ME = 'MISKIN_EKSTREM' as const;
  const ids = await insertHouseholds(s.ctx.db, [
    { desaCode: DESA_A, headName: 'Mampu Marni', targetStatus: ME },
    { desaCode: DESA_A, headName: 'Almarhum Karto', targetStatus: ME },
    { desaCode: DESA_A, headName: 'Usulan Umi', targetStatus: 'MISKIN', source: 'MANUAL' },
    { desaCode: DESA_A, headName: 'Tetap Tarjo', targetStatus: ME },
    { desaCode: DESA_A, headName: 'Kembali Kasmi', targetStatus: ME },
    { desaCode: DESA_A, headName: 'Belum Verval', targetStatus: ME },
    { desaCode: DESA_A, headName: 'Tunda Tono', targetStatus: ME },
    { desaCode: DESA_B, headName: 'Desa Lain', targetStatus: ME },
  ]);
  for (const [i, k] of ['mampu', 'meninggal', 'usulan', 'tetap', 'returned', 'none', 'tunda', 'other'].entries()) hh[k] = ids[i]!;
  await insertVerval(s.ctx.db, periodId, [
    { householdId: hh.mampu!, desaCode: DESA_A, outcome: 'MAMPU' },
    { householdId: hh.meninggal!, desaCode: DESA_A, outcome: 'MENINGGAL' },
    { householdId: hh.usulan!, desaCode: DESA_A, outcome: 'USULAN_BARU' },
    { householdId: hh.tetap!, desaCode: DESA_A, outcome: 'TETAP' },
    // Returned to the field: "deceased" is not a result until it is submitted again.
    { householdId: hh.returned!, desaCode: DESA_A, outcome: 'MENINGGAL', status: 'RETURNED' },
    { householdId: hh.tunda!, desaCode: DESA_A, outcome: 'PINDAH' },
    { householdId: hh.other!, desaCode: DESA_B, outcome: 'MAMPU' },
  ]);
});
afterAll(() => s?.close());

describe('marking a musdes held', () => {
  it('refuses a meeting dated after today (WIB) with an Indonesian message; it stays scheduled', async () => {
    const today = todayWib();
    const tomorrow = dayAfter(today, 1);
    const m = await meeting(tomorrow);
    const r = await opA.post(`/api/v1/musdes/meetings/${m.id}/hold`, { version: m.version });
    expect(r.status).toBe(409);
    expect(r.body.error).toMatchObject({ code: 'MEETING_DATE_IN_FUTURE', details: { heldOn: tomorrow, today } });
    expect(r.body.error.message).toMatch(/^Musyawarah bertanggal \d{1,2} \w+ \d{4} belum dapat ditandai terlaksana: tanggalnya belum tiba/);
    const after = await opA.get(`/api/v1/musdes/meetings/${m.id}`);
    expect(after.body.meeting).toMatchObject({ status: 'SCHEDULED', version: m.version });
    const audit = await s.ctx.db.selectFrom('audit_log').select('id').where('action', '=', 'musdes.hold').execute();
    expect(audit).toHaveLength(0);
  });

  it('accepts a meeting dated today, then refuses moving the held meeting to a later date', async () => {
    const m = await meeting(todayWib());
    const held = await opA.post(`/api/v1/musdes/meetings/${m.id}/hold`, { version: m.version });
    expect(held.status, JSON.stringify(held.body)).toBe(200);
    expect(held.body.meeting.status).toBe('HELD');
    const moved = await opA.request('PATCH', `/api/v1/musdes/meetings/${m.id}`, {
      version: held.body.meeting.version,
      heldOn: dayAfter(todayWib(), 3),
    });
    expect(moved.status).toBe(409);
    expect(moved.body.error.code).toBe('MEETING_DATE_IN_FUTURE');
    expect((await opA.get(`/api/v1/musdes/meetings/${m.id}`)).body.meeting.heldOn).toBe(todayWib());
  });
});

describe('finalising with every household decided', () => {
  let id: number;
  const url = (path = '') => `/api/v1/musdes/meetings/${id}${path}`;

  beforeAll(async () => {
    id = (await meeting(dayAfter(todayWib(), -1))).id;
  });

  it('does not table a returned verval: the household is tabled as not verified, and a suggestion leaves it undecided', async () => {
    const r = await opA.get(url('/tabled'));
    const returned = r.body.items.find((i: { householdId: number }) => i.householdId === hh.returned);
    expect(returned).toMatchObject({ verval: null, suggestion: { decision: 'DEFER', reason: null }, decision: null });
    expect((await opA.get(url('/tabled?outcome=MENINGGAL'))).body.items.map((i: { headName: string }) => i.headName)).toEqual([
      'Almarhum Karto',
    ]);
    const bulk = await opA.post(url('/decisions/bulk'), { filter: { outcome: ['MENINGGAL'] }, decision: 'SUGGESTED' });
    expect(bulk.body.updated).toBe(1);
    const decisions = await s.ctx.db.selectFrom('musdes_decision').select(['household_id']).where('meeting_id', '=', id).execute();
    expect(decisions.map((d) => d.household_id)).toEqual([hh.meninggal]);
  });

  it('previews what finalising will do, with the households still undecided', async () => {
    const put = await opA.request('PUT', url('/decisions'), {
      items: [
        { householdId: hh.mampu, decision: 'REMOVE', reason: 'MAMPU' },
        { householdId: hh.usulan, decision: 'ADD' },
        { householdId: hh.tetap, decision: 'KEEP' },
        { householdId: hh.tunda, decision: 'DEFER' },
      ],
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const version = await makeReady(opA, id, '140/21/BA/2026');
    const r = await kec.get(url('/finalise-preview'));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toEqual({
      meetingId: id,
      version,
      status: 'HELD',
      tabled: 7,
      decisions: { KEEP: 1, REMOVE: 2, ADD: 1, DEFER: 1 },
      undecided: 2,
      leaving: 2,
      entering: 1,
      moving: 0,
      ended: 1,
      deferred: 1,
      problems: [],
    });
    expect((await opA.get(url('/finalise-preview'))).body.undecided).toBe(2);
    expect((await opB.get(url('/finalise-preview'))).status).toBe(404);
  });

  it('refuses to finalise while households are undecided; nothing changes', async () => {
    const before = await Promise.all(Object.values(hh).map(household));
    const { version } = (await kec.get(url('/finalise-preview'))).body;
    const r = await kec.post(url('/finalise'), { version });
    expect(r.status).toBe(409);
    expect(r.body.error).toMatchObject({ code: 'UNDECIDED_HOUSEHOLDS', details: { undecided: 2 } });
    expect(r.body.error.message).toContain('2 keluarga belum diputuskan');
    expect(r.body.error.message).toContain('tunda sisanya');
    expect(await Promise.all(Object.values(hh).map(household))).toEqual(before);
    expect((await kec.get(url())).body.meeting).toMatchObject({ status: 'HELD', version });
    expect((await kec.post(url('/finalise'), { version, deferRest: 'yes' })).status).toBe(400);
  });

  it('finalises with deferRest: the undecided are recorded as deferred and audited, the effect is the previewed one', async () => {
    const preview = (await kec.get(url('/finalise-preview'))).body;
    const r = await kec.post(url('/finalise'), { version: preview.version, deferRest: true });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.effect).toEqual({ removed: preview.leaving, added: preview.entering, ended: preview.ended, moved: preview.moving });
    expect(r.body.decisions).toEqual({ KEEP: 1, REMOVE: 2, ADD: 1, DEFER: 3 });
    const deferred = await s.ctx.db
      .selectFrom('musdes_decision')
      .select(['household_id', 'reason', 'decided_by'])
      .where('meeting_id', '=', id)
      .where('decision', '=', 'DEFER')
      .orderBy('household_id')
      .execute();
    expect(deferred.map((d) => [d.household_id, d.reason])).toEqual([
      [hh.returned, 'Belum diputuskan; ditunda saat finalisasi'],
      [hh.none, 'Belum diputuskan; ditunda saat finalisasi'],
      [hh.tunda, null],
    ]);
    const audit = await s.ctx.db.selectFrom('audit_log').select(['after', 'entity_id']).where('action', '=', 'musdes.defer_rest').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.after).toEqual({ deferred: 2, householdIds: [hh.returned, hh.none] });
    expect(await household(hh.returned!)).toMatchObject({ target_status: 'MISKIN_EKSTREM', ended_reason: null });
    expect(await household(hh.meninggal!)).toMatchObject({ target_status: 'MISKIN', ended_reason: 'MENINGGAL' });
    const after = (await kec.get(url('/finalise-preview'))).body;
    expect(after).toMatchObject({ status: 'FINALISED', undecided: 0, problems: [] });
  });

  it('finalises a meeting whose households are all decided without deferRest', async () => {
    const m = await meeting(dayAfter(todayWib(), -2));
    const bulk = await opA.post(`/api/v1/musdes/meetings/${m.id}/decisions/bulk`, { filter: {}, decision: 'KEEP' });
    expect(bulk.status, JSON.stringify(bulk.body)).toBe(200);
    const version = await makeReady(opA, m.id, '140/22/BA/2026');
    const preview = (await kec.get(`/api/v1/musdes/meetings/${m.id}/finalise-preview`)).body;
    expect(preview).toMatchObject({ undecided: 0, leaving: 0, entering: 0, decisions: { KEEP: preview.tabled } });
    const r = await kec.post(`/api/v1/musdes/meetings/${m.id}/finalise`, { version });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(await s.ctx.db.selectFrom('audit_log').select('id').where('action', '=', 'musdes.defer_rest').execute()).toHaveLength(1);
  });
});
