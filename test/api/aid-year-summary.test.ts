import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/modules/access/scope.js';
import { gapAnalysis } from '../../src/modules/aid/gaps.js';
import { waitJob } from '../helpers/jobs.js';
import { insertHouseholds } from '../helpers/registry-fixtures.js';
import { type Client, startTestServer, type TestServer } from '../helpers/server.js';
import { A, B, C, KEC, NIK_A2, seedAidWorld } from './aid-fixture.js';

/**
 * The gap analysis with a year reads monitoring.aid_year_summary (0031), kept by triggers. After
 * every kind of write — receipts added by hand, from the registry flags, by a recipient-list
 * import, deleted, moved to another year; households changing target status, ended, moved,
 * added and deleted — what the API answers equals the direct join over households and receipts,
 * and the summary table equals a recomputation from scratch.
 */

let s: TestServer;
let dinsos: Client;
let opB: Client;
let ids: Awaited<ReturnType<typeof seedAidWorld>>;
const KAB = '35.13';
const admin: Actor = { userId: 0, username: 'uji', fullName: 'Uji', grants: [{ role: 'admin_kabupaten', regionCode: KAB }] };
const opBActor: Actor = { userId: 0, username: 'uji.b', fullName: 'Uji B', grants: [{ role: 'operator_desa', regionCode: B }] };

beforeAll(async () => {
  s = await startTestServer();
  dinsos = await s.userClient('dinsos.ys', [{ role: 'dinsos', regionCode: KAB }]);
  opB = await s.userClient('op.b.ys', [{ role: 'operator_desa', regionCode: B }]);
  ids = await seedAidWorld(s);
});
afterAll(async () => {
  await s?.close();
});

const years = [2024, 2025, 2026];
const queries: Array<{ level: 'kecamatan' | 'desa'; kecamatan?: string; desa?: string }> = [
  { level: 'kecamatan' },
  { level: 'desa' },
  { level: 'desa', kecamatan: KEC },
  { level: 'desa', desa: A },
];

/** The API's answer for every year and level equals the direct computation; returns the kabupaten totals per year. */
async function expectSummaryEqualsDirect() {
  const totals: Record<number, unknown> = {};
  for (const year of years) {
    for (const q of queries) {
      const params = new URLSearchParams(Object.entries({ ...q, year: String(year) }) as Array<[string, string]>);
      const res = await dinsos.get(`/api/v1/aid/gaps?${params}`);
      expect(res.status).toBe(200);
      const direct = await gapAnalysis({ db: s.ctx.db, kabupatenCode: KAB }, admin, { ...q, year }, { direct: true });
      expect(res.body, `${year} ${params}`).toEqual(JSON.parse(JSON.stringify(direct)));
      if (q.level === 'kecamatan') totals[year] = res.body.total;
    }
    // A desa operator's scope reads the same rows, limited to their desa.
    const scoped = await opB.get(`/api/v1/aid/gaps?level=desa&year=${year}`);
    const direct = await gapAnalysis({ db: s.ctx.db, kabupatenCode: KAB }, opBActor, { level: 'desa', year }, { direct: true });
    expect(scoped.body).toEqual(JSON.parse(JSON.stringify(direct)));
  }
  // The table itself equals a recomputation from the households and receipts now.
  const recomputed = await sql<{ k: string }>`
    select concat_ws('|', h.desa_code, x.period_year, x.program_id, x.funding_source,
      count(*) filter (where h.target_status = 'MISKIN_EKSTREM' and h.ended_reason is null),
      count(*) filter (where x.program_id = 0 and x.funding_source = '' and h.ended_reason is null),
      count(*) filter (where x.program_id = 0 and x.funding_source = '' and h.ended_reason is not null)) as k
    from household h join (
      select distinct r.household_id, r.period_year, v.program_id, v.funding_source
        from aid_receipt r, lateral (values (0::bigint, ''), (r.program_id, ''), (0::bigint, r.funding_source)) v (program_id, funding_source)
    ) x on x.household_id = h.id
    group by h.desa_code, x.period_year, x.program_id, x.funding_source
    having count(*) filter (where h.target_status = 'MISKIN_EKSTREM' and h.ended_reason is null) <> 0
        or count(*) filter (where x.program_id = 0 and x.funding_source = '') <> 0`.execute(s.ctx.db);
  const kept = await sql<{ k: string }>`
    select concat_ws('|', desa_code, period_year, program_id, funding_source, target_aided, aided, ended_aided) as k
    from monitoring.aid_year_summary where target_aided <> 0 or aided <> 0 or ended_aided <> 0`.execute(s.ctx.db);
  expect(kept.rows.map((r) => r.k).sort()).toEqual(recomputed.rows.map((r) => r.k).sort());
  return totals as Record<number, { target: number; withAid: number; inclusionNonTarget: number; inclusionOutsideRegistry: number }>;
}

function upload(c: Client, csv: string, fields: Record<string, string>) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([csv], { type: 'text/csv' }), 'penerima.csv');
  return c.request('POST', '/api/v1/aid/imports', form);
}

describe('gap analysis per year from the pre-aggregate', { timeout: 300_000 }, () => {
  it('equals the direct computation as receipts are added, imported, moved and deleted', async () => {
    expect((await expectSummaryEqualsDirect())[2025]).toMatchObject({ target: 6, withAid: 0 });

    expect((await dinsos.post('/api/v1/aid/receipts/from-registry')).status).toBe(200);
    const blt = { householdId: ids.b2, programCode: 'BLT_DD', periodYear: 2025, periodMonth: 3, amount: 900000 };
    const first = await opB.post('/api/v1/aid/receipts', blt);
    expect(first.status).toBe(201);
    // A second receipt of the same program and year for the same household: still one household.
    const second = await opB.post('/api/v1/aid/receipts', { ...blt, periodMonth: 4 });
    expect(second.status).toBe(201);
    await opB.post('/api/v1/aid/receipts', { ...blt, householdId: ids.b1, programCode: 'BAZNAS', periodYear: 2024 });
    let totals = await expectSummaryEqualsDirect();
    expect(totals[2025]).toMatchObject({ withAid: 1 });
    expect(totals[2024]).toMatchObject({ withAid: 1 });

    // A recipient list for 2026: A2 matched by NIK, one person outside the registry.
    const csv = ['NIK,No KK,Nama,Kode Desa', `${NIK_A2},,A2 Ibu,${A}`, `3513064101900099,,Orang Luar,${B.replaceAll('.', '')}`].join('\n');
    const imp = await upload(dinsos, csv, { programCode: 'BAZNAS', periodYear: '2026', amount: '500000' });
    expect(imp.status).toBe(202);
    expect((await waitJob(dinsos, imp.body.jobId)).status).toBe('DONE');
    totals = await expectSummaryEqualsDirect();
    expect(totals[2026]).toMatchObject({ inclusionOutsideRegistry: 1 });

    // Deleting one of two receipts keeps the household aided; deleting both does not.
    expect((await opB.delete(`/api/v1/aid/receipts/${first.body.id}`)).status).toBe(204);
    expect((await expectSummaryEqualsDirect())[2025]).toMatchObject({ withAid: 1 });
    expect((await opB.delete(`/api/v1/aid/receipts/${second.body.id}`)).status).toBe(204);
    expect((await expectSummaryEqualsDirect())[2025]).toMatchObject({ withAid: 0 });

    // A receipt moved to another year and funding source (an UPDATE of aid_receipt).
    await sql`update aid_receipt set period_year = 2025, funding_source = 'APBD_KAB' where household_id = ${ids.b1}`.execute(s.ctx.db);
    totals = await expectSummaryEqualsDirect();
    expect(totals[2024]).toMatchObject({ withAid: 0 });
    expect(totals[2025]).toMatchObject({ withAid: 1 });
  });

  it('equals the direct computation as households change, end, move, arrive and leave', async () => {
    const year = new Date().getUTCFullYear();
    if (!years.includes(year)) years.push(year);
    // Target status changes both ways (a verval or musdes outcome), in one statement.
    await sql`update household set target_status = case when target_status = 'MISKIN' then 'MISKIN_EKSTREM' else 'MISKIN' end
      where id in (${ids.a4}, ${ids.a1})`.execute(s.ctx.db);
    await expectSummaryEqualsDirect();
    // Ended by a musdes: its aid counts outside the registry.
    await sql`update household set ended_reason = 'MENINGGAL', ended_at = now() where id = ${ids.a4}`.execute(s.ctx.db);
    const totals = await expectSummaryEqualsDirect();
    // A4's receipts and the 2026 list's row that matched no one.
    expect(totals[year]).toMatchObject({ inclusionOutsideRegistry: year === 2026 ? 2 : 1 });
    // Moved to another desa and kecamatan, with its receipts.
    await sql`update household set desa_code = ${C}, kecamatan_code = '35.13.01' where id = ${ids.b1}`.execute(s.ctx.db);
    await sql`update aid_receipt set desa_code = ${C}, kecamatan_code = '35.13.01' where household_id = ${ids.b1}`.execute(s.ctx.db);
    await expectSummaryEqualsDirect();
    // A new household with a receipt, then households deleted (their receipts cascade away).
    const [n1 = 0] = await insertHouseholds(s.ctx.db, [{ desaCode: B, headName: 'B3 Baru', targetStatus: 'MISKIN_EKSTREM' }]);
    expect((await opB.post('/api/v1/aid/receipts', { householdId: n1, programCode: 'BLT_DD', periodYear: 2026 })).status).toBe(201);
    await expectSummaryEqualsDirect();
    await sql`delete from household where id in (${n1}, ${ids.a3})`.execute(s.ctx.db);
    await expectSummaryEqualsDirect();
  });
});
