import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestServer, type TestServer } from '../helpers/server.js';
import { A, B, C, KEC, seedAidWorld } from './aid-fixture.js';

/**
 * One truth for "aid" (issue 9): the monitoring dashboard's aid figures equal the Bantuan gap
 * analysis after receipts are added and removed and after a musdes changes target status.
 */

let s: TestServer;
let dinsos: Client;
let opA: Client;
let ids: Awaited<ReturnType<typeof seedAidWorld>>;
const year = new Date().getUTCFullYear();

beforeAll(async () => {
  s = await startTestServer();
  dinsos = await s.userClient('dinsos.cov', [{ role: 'dinsos', regionCode: '35.13' }]);
  opA = await s.userClient('op.a.cov', [{ role: 'operator_desa', regionCode: A }]);
  ids = await seedAidWorld(s);
});
afterAll(async () => {
  await s?.close();
});

interface GapArea {
  code: string;
  target: number;
  withAid: number;
  withoutAid: number;
  coveragePct: number;
  inclusionNonTarget: number;
  byProgram: Record<string, number>;
}

/** Dashboard figures of `region` against the gap analysis of the same region, child by child. */
async function expectSame(c: Client, region: string, gapQuery: string) {
  const dash = await c.get(`/api/v1/monitoring/dashboard?region=${region}`);
  const gaps = await c.get(`/api/v1/aid/gaps?${gapQuery}`);
  expect(dash.status).toBe(200);
  expect(gaps.status).toBe(200);
  // Every receipt here is of this year: the year's figures, joined straight from households and
  // receipts, must equal the all-years figures read from the pre-aggregate.
  const direct = await c.get(`/api/v1/aid/gaps?${gapQuery}&year=${year}`);
  const shape = (b: { areas: GapArea[]; total: unknown; programs: unknown[]; fundingSources: unknown[] }) => ({
    total: b.total,
    areas: b.areas.filter((a) => a.target > 0 || a.withAid > 0 || a.inclusionNonTarget > 0),
    programs: [...b.programs].sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y))),
    fundingSources: [...b.fundingSources].sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y))),
  });
  expect(shape(gaps.body)).toEqual(shape(direct.body));
  const t = gaps.body.total;
  const programs = Object.fromEntries(gaps.body.programs.map((p: { code: string; households: number }) => [p.code, p.households]));
  expect(dash.body.aid).toMatchObject({
    targetHouseholds: t.target,
    withAid: t.withAid,
    withoutAid: t.withoutAid,
    coveragePct: t.target === 0 ? null : t.coveragePct,
    byProgram: programs,
  });
  const byCode = new Map<string, GapArea>(gaps.body.areas.map((a: GapArea) => [a.code, a]));
  for (const row of dash.body.children.rows as { code: string; extremeWithAid: number; extremeWithoutAid: number }[]) {
    const g = byCode.get(row.code);
    expect({ code: row.code, withAid: row.extremeWithAid, withoutAid: row.extremeWithoutAid }).toEqual({
      code: row.code,
      withAid: g?.withAid ?? 0,
      withoutAid: g?.withoutAid ?? 0,
    });
  }
  return { dash: dash.body, gaps: gaps.body };
}

/** Households in the registry without any receipt, counted straight from the tables. */
async function withoutAnyReceipt(): Promise<number> {
  const r = await sql<{ n: number }>`
    select count(*)::int as n from household h
     where h.ended_reason is null and not exists (select 1 from aid_receipt r where r.household_id = h.id)`.execute(s.ctx.db);
  return Number(r.rows[0]?.n);
}

describe('dashboard aid = gap analysis', () => {
  it('agrees before and after the P3KE flags become receipts', async () => {
    const before = await expectSame(dinsos, '35.13', 'level=kecamatan');
    // Flags alone are not receipts: nothing counts as aid until "Ambil dari data P3KE".
    expect(before.dash.aid).toMatchObject({ targetHouseholds: 6, withAid: 0, householdsWithoutAnyAid: 8 });
    expect((await dinsos.post('/api/v1/aid/receipts/from-registry')).status).toBe(200);
    const after = await expectSame(dinsos, '35.13', 'level=kecamatan');
    expect(after.dash.aid).toMatchObject({ targetHouseholds: 6, withAid: 2, byProgram: { PKH: 1, SEMBAKO: 1 } });
    expect(after.dash.aid.householdsWithoutAnyAid).toBe(await withoutAnyReceipt());
    await expectSame(dinsos, KEC, `level=desa&kecamatan=${KEC}`);
    await expectSame(opA, A, `level=desa&desa=${A}`);
  });

  it('follows receipts added and removed', async () => {
    const add = async (householdId: number, programCode: string) => {
      const r = await dinsos.post('/api/v1/aid/receipts', { householdId, programCode, periodYear: year });
      expect(r.status).toBe(201);
      return r.body.id as number;
    };
    const r1 = await add(ids.b1, 'BLT_DD');
    const r2 = await add(ids.b1, 'RTLH');
    const r3 = await add(ids.a5, 'BAZNAS');
    let d = (await expectSame(dinsos, KEC, `level=desa&kecamatan=${KEC}`)).dash;
    expect(d.aid).toMatchObject({ withAid: 3, byProgram: { PKH: 1, SEMBAKO: 1, BLT_DD: 1, RTLH: 1 } });
    expect(d.aid.householdsWithoutAnyAid).toBe((await withoutAnyReceipt()) - 1); // C1 is in another kecamatan
    expect((await dinsos.delete(`/api/v1/aid/receipts/${r1}`)).status).toBe(204);
    d = (await expectSame(dinsos, KEC, `level=desa&kecamatan=${KEC}`)).dash;
    expect(d.aid).toMatchObject({ withAid: 3, byProgram: { RTLH: 1 } });
    expect(d.aid.byProgram.BLT_DD).toBeUndefined();
    for (const id of [r2, r3]) expect((await dinsos.delete(`/api/v1/aid/receipts/${id}`)).status).toBe(204);
    d = (await expectSame(dinsos, '35.13', 'level=kecamatan')).dash;
    expect(d.aid).toMatchObject({ withAid: 2 });
    expect(d.aid.householdsWithoutAnyAid).toBe(await withoutAnyReceipt());
  });

  it('follows a musdes changing target status and ending households', async () => {
    await dinsos.post('/api/v1/aid/receipts', { householdId: ids.b2, programCode: 'PKH', periodYear: year });
    // The statements a finalised musdes runs on the registry (musdes/finalise.ts applyDecisions).
    await sql`update household set target_status = 'MISKIN', version = version + 1 where id = ${ids.a1}`.execute(s.ctx.db);
    await sql`update household set target_status = 'MISKIN_EKSTREM', version = version + 1 where id = ${ids.a4}`.execute(s.ctx.db);
    await sql`update household set ended_reason = 'MENINGGAL', ended_at = now() where id in (${ids.b2}, ${ids.c1})`.execute(s.ctx.db);
    const { dash } = await expectSame(dinsos, '35.13', 'level=kecamatan');
    expect(dash.aid).toMatchObject({ targetHouseholds: 4, withAid: 2 });
    expect(dash.aid.householdsWithoutAnyAid).toBe(await withoutAnyReceipt());
    await expectSame(dinsos, KEC, `level=desa&kecamatan=${KEC}`);
    await expectSame(dinsos, B, `level=desa&desa=${B}`);
    await expectSame(dinsos, C, `level=desa&desa=${C}`);
  });

  it('follows households deleted with their receipts', async () => {
    await sql`delete from household where id = ${ids.a3}`.execute(s.ctx.db);
    const { dash } = await expectSame(dinsos, '35.13', 'level=kecamatan');
    expect(dash.aid.householdsWithoutAnyAid).toBe(await withoutAnyReceipt());
  });

  it('counts a household once when two first receipts arrive at the same time', async () => {
    const before = (await expectSame(dinsos, '35.13', 'level=kecamatan')).dash.aid.withAid;
    const sent = await Promise.all(
      ['BLT_DD', 'BAZNAS', 'RTLH'].map((programCode) =>
        dinsos.post('/api/v1/aid/receipts', { householdId: ids.b1, programCode, periodYear: year }),
      ),
    );
    expect(sent.map((r) => r.status)).toEqual([201, 201, 201]);
    const { dash } = await expectSame(dinsos, '35.13', 'level=kecamatan');
    expect(dash.aid.withAid).toBe(before + 1);
  });
});
