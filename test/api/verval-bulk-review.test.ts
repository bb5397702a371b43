import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertHouseholds } from '../helpers/registry-fixtures.js';
import { type Client, startTestServer, type TestServer } from '../helpers/server.js';

/**
 * Bulk approval of verval (issue 22, defect 6): a reviewer approves the filtered review queue
 * with exceptions; each record goes through the single approval (audited, applied to the
 * registry), failures are reported per record, and nothing outside the reviewer's scope moves.
 */

const DESA_A = '35.13.06.2005';
const DESA_B = '35.13.06.2013';
const KEC = '35.13.06';

let s: TestServer;
let admin: Client;
let opA: Client;
let opB: Client;
let pendA: Client;
let kec: Client;
let periodId: number;

const base = () => `/api/v1/verval/periods/${periodId}`;
const bulk = (c: Client, body: Record<string, unknown>) => c.post(`${base()}/review/approve`, body);
const statusOf = async (ids: number[]) => {
  const rows = await s.ctx.db.selectFrom('verval').select(['id', 'status']).where('id', 'in', ids).orderBy('id').execute();
  return Object.fromEntries(rows.map((r) => [r.id, r.status]));
};
const audited = async (action: string) =>
  (await s.ctx.db.selectFrom('audit_log').select(['entity_id']).where('action', '=', action).orderBy('id').execute()).map((r) =>
    Number(r.entity_id),
  );

/** Record and submit a verval; returns its id and version. */
async function submitted(c: Client, hh: number, record: Record<string, unknown>) {
  const saved = await c.request('PUT', `${base()}/households/${hh}`, { baseVersion: 0, found: true, ...record });
  expect(saved.status, JSON.stringify(saved.body)).toBe(201);
  const sub = await c.post(`/api/v1/verval/${saved.body.id}/submit`, { baseVersion: 1 });
  expect(sub.status, JSON.stringify(sub.body)).toBe(200);
  return { id: saved.body.id as number, version: 2 };
}

beforeAll(async () => {
  s = await startTestServer();
  admin = await s.userClient('admin', [{ role: 'admin_kabupaten', regionCode: '35.13' }]);
  opA = await s.userClient('op2005', [{ role: 'operator_desa', regionCode: DESA_A }]);
  opB = await s.userClient('op2013', [{ role: 'operator_desa', regionCode: DESA_B }]);
  pendA = await s.userClient('pend2005', [{ role: 'pendamping', regionCode: DESA_A }]);
  kec = await s.userClient('kec06', [{ role: 'operator_kecamatan', regionCode: KEC }]);
  const p = await admin.post('/api/v1/organisation/periods', {
    program: 'Verval',
    name: 'Verval',
    startDate: '2026-01-01',
    endDate: '2026-12-31',
  });
  periodId = p.body.id;
});
afterAll(() => s?.close());

describe('bulk approval', () => {
  let a: Record<string, { id: number; version: number }>;
  let hh: number[];

  beforeAll(async () => {
    hh = await insertHouseholds(s.ctx.db, [
      { desaCode: DESA_A, headName: 'Antok' },
      { desaCode: DESA_A, headName: 'Bariyah' },
      { desaCode: DESA_A, headName: 'Cahyo' },
      { desaCode: DESA_A, headName: 'Dewi' },
      { desaCode: DESA_A, headName: 'Eko' },
      { desaCode: DESA_A, headName: 'Fitri' },
      { desaCode: DESA_A, headName: 'Gatot' },
      { desaCode: DESA_B, headName: 'Hartini' },
    ]);
    a = {
      corrected: await submitted(opA, hh[0]!, { outcome: 'TETAP', updates: { headName: 'Antok Sugiarto', floorType: 'Semen' } }),
      mampu: await submitted(opA, hh[1]!, { outcome: 'MAMPU', outcomeReason: 'Sudah bekerja tetap' }),
      excepted: await submitted(opA, hh[2]!, { outcome: 'TETAP' }),
      stale: await submitted(opA, hh[3]!, { outcome: 'TETAP' }),
      returned: await submitted(opA, hh[4]!, { outcome: 'TETAP' }),
      own: await submitted(pendA, hh[5]!, { outcome: 'TETAP' }),
      other: await submitted(opB, hh[7]!, { outcome: 'MAMPU', outcomeReason: 'Punya toko' }),
    };
    await put(opA, hh[6]!);
    const ret = await kec.post(`/api/v1/verval/${a.returned!.id}/return`, { baseVersion: 2, comment: 'Foto kurang jelas' });
    expect(ret.status, JSON.stringify(ret.body)).toBe(200);
  });
  const put = (c: Client, h: number) => c.request('PUT', `${base()}/households/${h}`, { baseVersion: 0, found: true, outcome: 'TETAP' });

  it('refuses a non-reviewer and a region outside the reviewer’s scope; nothing is approved', async () => {
    const r = await bulk(opA, {});
    expect(r.status).toBe(403);
    const out = await bulk(pendA, { region: DESA_B });
    // Out-of-scope region filters answer 404 everywhere (access/scope.ts assertRegionFilter).
    expect(out.status).toBe(404);
    expect(out.body.error.code).toBe('NOT_FOUND');
    expect(Object.values(await statusOf(Object.values(a).map((x) => x.id)))).not.toContain('APPROVED');
    expect(await audited('verval.approve')).toEqual([]);
  });

  it('approves the filtered queue except the unticked record, each through the single approval; conflicts reported per record', async () => {
    const r = await bulk(pendA, {
      exceptIds: [a.excepted!.id, a.other!.id],
      // The reviewer saw "Dewi" at version 1: it changed since, so it is not approved blindly.
      seen: [
        { id: a.stale!.id, version: 1 },
        { id: a.other!.id, version: 2 },
      ],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ matched: 4, approved: 2, skipped: 1, failed: 1, remaining: 0 });
    expect(r.body.failures).toEqual([
      {
        id: a.stale!.id,
        householdId: hh[3],
        headName: 'Dewi',
        code: 'VERSION_CONFLICT',
        message: expect.stringContaining('muat ulang'),
        messageEn: expect.any(String),
      },
    ]);
    expect(await statusOf(Object.values(a).map((x) => x.id))).toEqual({
      [a.corrected!.id]: 'APPROVED',
      [a.mampu!.id]: 'APPROVED',
      [a.excepted!.id]: 'SUBMITTED',
      [a.stale!.id]: 'SUBMITTED',
      [a.returned!.id]: 'RETURNED',
      [a.own!.id]: 'SUBMITTED',
      [a.other!.id]: 'SUBMITTED',
    });
    // Audited per record exactly as the single approval: a revision and an audit row each.
    expect(await audited('verval.approve')).toEqual([a.corrected!.id, a.mampu!.id]);
    const revisions = await s.ctx.db
      .selectFrom('verval_revision')
      .select(['verval_id', 'action', 'changed_by'])
      .where('action', '=', 'APPROVE')
      .orderBy('verval_id')
      .execute();
    expect(revisions.map((x) => x.verval_id)).toEqual([a.corrected!.id, a.mampu!.id]);
    // The registry took the approved correction, as on the single approval screen.
    const h = await s.ctx.db.selectFrom('household').select(['head_name', 'floor_type']).where('id', '=', hh[0]!).executeTakeFirstOrThrow();
    expect(h).toEqual({ head_name: 'Antok Sugiarto', floor_type: 'Semen' });
    expect(await audited('household.verval_apply')).toEqual([hh[0]]);
    const summary = await s.ctx.db
      .selectFrom('audit_log')
      .select(['after', 'actor_name'])
      .where('action', '=', 'verval.approve_bulk')
      .execute();
    expect(summary).toHaveLength(1);
    expect(summary[0]).toMatchObject({
      actor_name: 'pend2005',
      after: { approved: [a.corrected!.id, a.mampu!.id], failed: [{ id: a.stale!.id, code: 'VERSION_CONFLICT' }], matched: 4 },
    });
  });

  it('filters by outcome and region like the queue, and a repeated request approves nothing twice', async () => {
    const none = await bulk(kec, { region: DESA_A, outcome: 'MAMPU' });
    expect(none.body).toMatchObject({ matched: 0, approved: 0, skipped: 0, failed: 0 });
    const other = await bulk(kec, { outcome: 'MAMPU' });
    expect(other.body).toMatchObject({ matched: 1, approved: 1 });
    expect((await statusOf([a.other!.id]))[a.other!.id]).toBe('APPROVED');
    expect((await statusOf([a.excepted!.id]))[a.excepted!.id]).toBe('SUBMITTED');
    expect(await audited('verval.approve')).toEqual([a.corrected!.id, a.mampu!.id, a.other!.id]);
  });

  it('finds the next record in the queue after the one just reviewed', async () => {
    const next = await kec.get(`${base()}/review?afterId=${a.corrected!.id}&pageSize=1`);
    expect(next.body.items.map((i: { id: number }) => i.id)).toEqual([a.excepted!.id]);
    const afterLast = await kec.get(`${base()}/review?afterId=${a.own!.id}&pageSize=1`);
    expect(afterLast.body.items).toEqual([]);
    const inDesa = await kec.get(`${base()}/review?afterId=${a.excepted!.id}&region=${DESA_A}&pageSize=5`);
    expect(inDesa.body.items.map((i: { id: number }) => i.id)).toEqual([a.stale!.id, a.own!.id]);
  });
});
