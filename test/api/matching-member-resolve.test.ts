import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitJob } from '../helpers/jobs.js';
import { insertHouseholds } from '../helpers/registry-fixtures.js';
import { type Client, startTestServer, type TestServer } from '../helpers/server.js';

/**
 * A member recorded in two households is resolved as a member over HTTP: kept in one household,
 * ended in the other through the household door (history, version, audit), the households
 * themselves untouched — not by marking a whole household GANDA.
 */

const DESA_A = '35.13.06.2005';
const DESA_B = '35.13.06.2013';
const NIK_ROHMAN = '3513061203050002';
const NIK_JOKO = '3513060101600003';

let s: TestServer;
let admin: Client;
let opKec: Client;
let opOther: Client;
let pimpinan: Client;
let h: Record<'ibu' | 'pak' | 'joko' | 'ani', number>;

type Side = { householdId: number; members: { id: number; name: string; matched: boolean }[] };
interface Detail {
  id: number;
  status: string;
  resolution: string | null;
  keptHouseholdId: number | null;
  duplicateHouseholdId: number | null;
  a: Side;
  b: Side;
}

const resolve = (c: Client, id: number, body: Record<string, unknown>) => c.post(`/api/v1/matching/candidates/${id}/resolve-member`, body);
const matched = (side: Side) => side.members.find((m) => m.matched)!.id;
const household = (id: number) =>
  s.ctx.db
    .selectFrom('household')
    .select(['member_count', 'version', 'target_status', 'ended_reason', 'desa_code'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

/** The candidate pairing two households, with both sides. */
async function candidateOf(x: number, y: number): Promise<Detail> {
  const list = (await admin.get('/api/v1/matching/candidates?pageSize=100')).body.items as { id: number; a: Side; b: Side }[];
  const c = list.find((i) => [i.a.householdId, i.b.householdId].sort().join() === [x, y].sort().join());
  if (!c) throw new Error(`no candidate for ${x}:${y}`);
  return (await admin.get(`/api/v1/matching/candidates/${c.id}`)).body;
}

beforeAll(async () => {
  s = await startTestServer();
  admin = await s.userClient('admin', [{ role: 'admin_kabupaten', regionCode: '35.13' }]);
  opKec = await s.userClient('kec06', [{ role: 'operator_kecamatan', regionCode: '35.13.06' }]);
  opOther = await s.userClient('kec07', [{ role: 'operator_kecamatan', regionCode: '35.13.07' }]);
  pimpinan = await s.userClient('bupati', [{ role: 'pimpinan', regionCode: '35.13' }]);
  const [ibu, pak, joko, ani] = await insertHouseholds(s.ctx.db, [
    { desaCode: DESA_A, headName: 'Ibu Sumi', members: [{ name: 'Ibu Sumi' }, { name: 'Rohman', nik: NIK_ROHMAN }] },
    {
      desaCode: DESA_B,
      headName: 'Pak Karto',
      targetStatus: 'MISKIN_EKSTREM',
      members: [{ name: 'Pak Karto' }, { name: 'Rohman', nik: NIK_ROHMAN }],
    },
    { desaCode: DESA_A, headName: 'Joko', members: [{ name: 'Joko', nik: NIK_JOKO }] },
    { desaCode: DESA_A, headName: 'Ani', members: [{ name: 'Ani' }, { name: 'Joko', nik: NIK_JOKO }] },
  ]);
  h = { ibu: ibu!, pak: pak!, joko: joko!, ani: ani! };
  const run = await admin.post('/api/v1/matching/runs', { kind: 'INTERNAL' });
  expect(run.status, JSON.stringify(run.body)).toBe(202);
  expect((await waitJob(admin, run.body.jobId)).status).toBe('DONE');
}, 120_000);
afterAll(() => s?.close());

describe('resolving a member recorded in two households', () => {
  it('refuses readers, resolvers outside both desa and a member not of the pair; nothing changes', async () => {
    const c = await candidateOf(h.ibu, h.pak);
    const keep = matched(c.a);
    expect((await resolve(pimpinan, c.id, { keepMemberId: keep })).status).toBe(403);
    expect((await resolve(opOther, c.id, { keepMemberId: keep })).status).toBe(404);
    const wrong = await resolve(opKec, c.id, { keepMemberId: keep + 1000 });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({ code: 'KEEP_MEMBER_INVALID', details: { field: 'keepMemberId' } });
    expect((await resolve(opKec, c.id, { keepMemberId: 'x' })).status).toBe(400);
    expect((await household(h.pak)).member_count).toBe(2);
    expect((await household(h.ibu)).member_count).toBe(2);
  });

  it('keeps the member in the household chosen and ends them in the other, audited, both households kept', async () => {
    const c = await candidateOf(h.ibu, h.pak);
    const [ibuSide, pakSide] = c.a.householdId === h.ibu ? [c.a, c.b] : [c.b, c.a];
    const keep = matched(ibuSide);
    const ended = matched(pakSide);
    const before = await household(h.pak);
    const r = await resolve(opKec, c.id, { keepMemberId: keep, note: 'Rohman tinggal bersama ibunya' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ status: 'SAME', resolution: 'MEMBER_GANDA', keptHouseholdId: h.ibu, duplicateHouseholdId: null });

    const members = await s.ctx.db.selectFrom('member').select(['id', 'name']).where('household_id', 'in', [h.ibu, h.pak]).execute();
    expect(members.map((m) => Number(m.id))).toContain(keep);
    expect(members.map((m) => Number(m.id))).not.toContain(ended);
    // The household of the ended member stays, one member fewer, its status untouched.
    expect(await household(h.pak)).toEqual({ ...before, member_count: 1, version: before.version + 1 });
    const page = (await admin.get(`/api/v1/households/${h.pak}`)).body;
    expect(page.history[0].changes).toMatchObject({
      members: [{ removed: ended, name: 'Rohman', reason: 'GANDA' }],
      matchCandidateId: c.id,
      keptMemberId: keep,
      keptHouseholdId: h.ibu,
    });
    const audit = await s.ctx.db.selectFrom('audit_log').select(['action', 'entity_id']).where('action', 'like', '%member%').execute();
    expect(audit).toEqual(
      expect.arrayContaining([
        { action: 'member.duplicate_end', entity_id: String(h.pak) },
        { action: 'matching.candidate.resolve_member', entity_id: String(c.id) },
      ]),
    );
    const again = await resolve(opKec, c.id, { keepMemberId: keep });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CANDIDATE_RESOLVED');
  });

  it('does not empty a household: its only member is resolved as a duplicate household instead', async () => {
    const c = await candidateOf(h.joko, h.ani);
    const [jokoSide, aniSide] = c.a.householdId === h.joko ? [c.a, c.b] : [c.b, c.a];
    const last = await resolve(opKec, c.id, { keepMemberId: matched(aniSide) });
    expect(last.status).toBe(409);
    expect(last.body.error.code).toBe('MEMBER_LAST');
    expect((await household(h.joko)).member_count).toBe(1);
    const ok = await resolve(opKec, c.id, { keepMemberId: matched(jokoSide) });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect((await household(h.ani)).member_count).toBe(1);
  });
});
