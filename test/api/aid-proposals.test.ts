import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestServer, type TestServer } from '../helpers/server.js';
import { A, B, KEC, seedAidWorld } from './aid-fixture.js';

let s: TestServer;
let dinsos: Client;
let opA: Client;
let opB: Client;
let opKec: Client;
let ids: Awaited<ReturnType<typeof seedAidWorld>>;
const url = '/api/v1/aid/proposals';

beforeAll(async () => {
  s = await startTestServer();
  dinsos = await s.userClient('dinsos.usul', [{ role: 'dinsos', regionCode: '35.13' }]);
  opA = await s.userClient('op.a.usul', [{ role: 'operator_desa', regionCode: A }]);
  opB = await s.userClient('op.b.usul', [{ role: 'operator_desa', regionCode: B }]);
  opKec = await s.userClient('op.kec.usul', [{ role: 'operator_kecamatan', regionCode: KEC }]);
  ids = await seedAidWorld(s);
});
afterAll(async () => {
  await s?.close();
});

const statusOf = async (id: number) =>
  (await sql<{ status: string; version: number }>`select status, version from aid_proposal where id = ${id}`.execute(s.ctx.db)).rows[0];

describe('usulan', () => {
  let id: number;

  it('suggests programs for a household without any aid', async () => {
    const res = await opA.get(`/api/v1/aid/households/${ids.a2}`);
    expect(res.status).toBe(200);
    expect(res.body.priority.noAid).toBe(true);
    expect(res.body.suggestions.map((x: { programCode: string; memberName: string | null }) => [x.programCode, x.memberName])).toEqual([
      ['PBI_DAERAH', 'A2 Ibu'],
      ['PIP', 'A2 Anak'],
      ['PBI_DAERAH', 'A2 Anak'],
      ['RTLH', null],
      ['BLT_DD', null],
      ['BANSOS_APBD', null],
    ]);
  });

  it('lets a desa operator propose within their desa only, once per program', async () => {
    const body = { householdId: ids.a2, programCode: 'BLT_DD', amount: 300000, reason: 'Belum menerima bantuan apa pun' };
    expect((await opB.post(url, body)).status).toBe(404);
    const res = await opA.post(url, body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'PROPOSED', programCode: 'BLT_DD', amount: 300000, version: 1, actions: [] });
    expect(res.body.events).toHaveLength(1);
    id = res.body.id;
    const again = await opA.post(url, body);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('PROPOSAL_OPEN');
    expect((await opA.post(url, { householdId: ids.a2, programCode: 'PIP' })).status).toBe(400);
    expect((await opB.get(`${url}/${id}`)).status).toBe(404);
    expect((await opB.get(url)).body.items).toEqual([]);
  });

  it('refuses illegal transitions and changes nothing', async () => {
    expect((await opA.post(`${url}/${id}/transition`, { action: 'verify', version: 1 })).status).toBe(403);
    const skip = await dinsos.post(`${url}/${id}/transition`, { action: 'approve', version: 1 });
    expect(skip.status).toBe(409);
    expect(skip.body.error.code).toBe('ILLEGAL_TRANSITION');
    const distribute = await dinsos.post(`${url}/${id}/transition`, { action: 'distribute', version: 1 });
    expect(distribute.status).toBe(409);
    const noReason = await opKec.post(`${url}/${id}/transition`, { action: 'reject', version: 1 });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.code).toBe('REASON_REQUIRED');
    const stale = await opKec.post(`${url}/${id}/transition`, { action: 'verify', version: 7 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('STALE');
    expect(await statusOf(id)).toEqual({ status: 'PROPOSED', version: 1 });
    const receipts = await sql<{ n: number }>`select count(*)::int as n from aid_receipt`.execute(s.ctx.db);
    expect(receipts.rows[0]?.n).toBe(0);
  });

  it('walks verify → approve → distribute, recording who and when, and the receipt closes the gap', async () => {
    const v = await opKec.post(`${url}/${id}/transition`, { action: 'verify', version: 1, note: 'Sudah dicek' });
    expect(v.status).toBe(200);
    expect(v.body).toMatchObject({ status: 'VERIFIED', version: 2 });
    expect((await opKec.post(`${url}/${id}/transition`, { action: 'approve', version: 2 })).status).toBe(403);
    const a = await dinsos.post(`${url}/${id}/transition`, { action: 'approve', version: 2, amount: 600000 });
    expect(a.body).toMatchObject({ status: 'APPROVED', amount: 600000, actions: ['distribute', 'reject'] });
    const d = await dinsos.post(`${url}/${id}/transition`, { action: 'distribute', version: 3, periodYear: 2026, periodMonth: 4 });
    expect(d.status).toBe(200);
    expect(d.body.status).toBe('DISTRIBUTED');
    expect(d.body.receiptId).toEqual(expect.any(Number));
    expect(d.body.events.map((e: { to: string; actorName: string }) => [e.to, e.actorName])).toEqual([
      ['PROPOSED', 'op.a.usul'],
      ['VERIFIED', 'op.kec.usul'],
      ['APPROVED', 'dinsos.usul'],
      ['DISTRIBUTED', 'dinsos.usul'],
    ]);
    const receipts = await opA.get(`/api/v1/aid/receipts?householdId=${ids.a2}`);
    expect(receipts.body.items).toEqual([
      expect.objectContaining({ programCode: 'BLT_DD', amount: 600000, periodYear: 2026, periodMonth: 4, proposalId: id }),
    ]);
    const gap = await opA.get('/api/v1/aid/gaps/households');
    expect(gap.body.items.map((h: { id: number }) => h.id)).not.toContain(ids.a2);
    expect((await dinsos.post(`${url}/${id}/transition`, { action: 'reject', version: 4, note: 'x' })).status).toBe(409);
    const audit = await sql<{ action: string }>`select action from audit_log where entity = 'aid_proposal' order by id`.execute(s.ctx.db);
    expect(audit.rows.map((r) => r.action)).toEqual([
      'aid.proposal.create',
      'aid.proposal.verify',
      'aid.proposal.approve',
      'aid.proposal.distribute',
    ]);
  });

  it('rejects with a reason and allows a new proposal afterwards', async () => {
    const p = await opB.post(url, { householdId: ids.b1, programCode: 'RTLH' });
    const r = await opKec.post(`${url}/${p.body.id}/transition`, { action: 'reject', version: 1, note: 'Rumah sudah layak' });
    expect(r.body).toMatchObject({ status: 'REJECTED', rejectionReason: 'Rumah sudah layak' });
    expect((await opB.post(url, { householdId: ids.b1, programCode: 'RTLH' })).status).toBe(201);
  });

  it('proposes a filtered gap list in bulk, skipping open duplicates', async () => {
    const res = await dinsos.post(`${url}/bulk`, { filter: { kecamatan: KEC }, programCode: 'RTLH' });
    expect(res.status).toBe(200);
    // Without aid in Banyuanyar (no registry flags taken here; A2 got its BLT DD): A1, A3, B1, B2; B1 has an open RTLH.
    expect(res.body).toEqual({ created: 3, skipped: 1 });
    const bansos = await dinsos.post(`${url}/bulk`, { filter: { priority: ['elderly'] }, programCode: 'BANSOS_APBD', amount: 250000 });
    expect(bansos.body).toEqual({ created: 1, skipped: 0 });
    expect((await dinsos.post(`${url}/bulk`, { filter: { priority: ['elderly'] }, programCode: 'BANSOS_APBD' })).body).toEqual({
      created: 0,
      skipped: 1,
    });
    expect((await dinsos.post(`${url}/bulk`, { filter: {}, programCode: 'PIP' })).status).toBe(400);
    const scoped = await opA.post(`${url}/bulk`, { filter: {}, programCode: 'BAZNAS' });
    expect(scoped.body).toEqual({ created: 2, skipped: 0 });
    const baznas = await dinsos.get(`${url}?program=BAZNAS&status=PROPOSED`);
    expect(baznas.body.items.map((x: { desaCode: string }) => x.desaCode)).toEqual([A, A]);
    const listed = await dinsos.get(`${url}?program=BANSOS_APBD&status=PROPOSED`);
    expect(listed.body.items).toEqual([expect.objectContaining({ headName: 'B1 Lansia', amount: 250000 })]);
    expect(listed.body.items[0].events).toBeUndefined();
  });

  it('exports proposals per program in the agency format', async () => {
    const res = await dinsos.get(`${url}/export?program=BLT_DD&format=csv`);
    expect(res.status).toBe(200);
    const lines = res.text.replace('\uFEFF', '').trim().split('\r\n');
    expect(lines[0]).toBe('No,NIK,No KK,Nama,Alamat,Desa,Kecamatan,Program,Status,Nominal');
    expect(lines[1]).toBe(
      `1,3513064101900001,3513060101200001,"'=HYPERLINK(""http://x"")",,Alassapi,Banyuanyar,BLT Dana Desa,Disalurkan,600000`,
    );
    expect((await opB.get(`${url}/export?desa=${A}`)).status).toBe(404);
  });
});

describe('desa budget', () => {
  it('records the APBDes allocation and the households it covers, in the desa only', async () => {
    expect((await opA.post('/api/v1/aid/budgets', { desaCode: B, year: 2026, allocation: 1e8 })).status).toBe(404);
    const b = await opB.post('/api/v1/aid/budgets', { desaCode: B, year: 2026, allocation: 108000000 });
    expect(b.status).toBe(200);
    expect(b.body).toMatchObject({ programCode: 'BLT_DD', allocation: 108000000, coveredHouseholds: 0, targetWithoutAid: 2 });
    const wrong = await opB.put(`/api/v1/aid/budgets/${b.body.id}/households`, { householdIds: [ids.a2], version: b.body.version });
    expect(wrong.status).toBe(400);
    const ok = await opB.put(`/api/v1/aid/budgets/${b.body.id}/households`, { householdIds: [ids.b1, ids.b2], version: b.body.version });
    expect(ok.body).toMatchObject({
      coveredHouseholds: 2,
      coveredTargetHouseholds: 2,
      householdIds: [ids.b1, ids.b2].sort((x, y) => x - y),
    });
    expect((await opB.put(`/api/v1/aid/budgets/${b.body.id}/households`, { householdIds: [], version: b.body.version })).status).toBe(409);
    expect((await opA.get('/api/v1/aid/budgets')).body).toEqual([]);
    expect((await dinsos.get('/api/v1/aid/budgets?year=2026')).body).toHaveLength(1);
  });
});
