/**
 * `npm run bench -- aid [--households 300000]`: the Bantuan gap analysis at scale, on the data
 * of the monitoring benchmark (bench/monitoring.ts: synthetic households, P3KE flags taken in as
 * receipts): GET /aid/gaps kabupaten-wide and per kecamatan, the drill-down's first page
 * kabupaten-wide (with and without a priority filter), p50/p95; and the write cost of the aid
 * pre-aggregates (monitoring.aid_summary, and aid_year_summary for a year): a receipt entered by hand,
 * a musdes-sized status change.
 */
import { isDeepStrictEqual } from 'node:util';
import { sql } from 'kysely';
import type { Database } from '../src/db/database.js';
import { listGapHouseholds } from '../src/modules/aid/gap-list.js';
import { gapAnalysis } from '../src/modules/aid/gaps.js';
import { getDashboard } from '../src/modules/monitoring/dashboard.js';
import { admin, KAB, load, onEachEngine, time } from './monitoring.js';
import { countOption } from './options.js';

const N = countOption('households', 300_000);

async function bench(database: Database) {
  const loaded = await load(database, N);
  const db = database.db;
  const ctx = { db, kabupatenCode: KAB };
  console.log(`${database.kind}: ${N.toLocaleString('en-US')} households loaded in ${loaded.seconds.toFixed(1)} s`);
  console.log(`  ${loaded.receipts.toLocaleString('en-US')} receipts from the P3KE flags in ${loaded.receiptSeconds.toFixed(1)} s`);
  const kab = await gapAnalysis(ctx, admin, { level: 'kecamatan' });
  console.log(`  target ${kab.total.target}, with aid ${kab.total.withAid} (${kab.total.coveragePct}%)`);
  const kec = kab.areas.reduce((a, b) => (b.target > a.target ? b : a));
  await time('gaps kabupaten (per kecamatan)', () => gapAnalysis(ctx, admin, { level: 'kecamatan' }));
  await time('gaps kabupaten (per desa)', () => gapAnalysis(ctx, admin, { level: 'desa' }));
  // With a year: the per-year pre-aggregate (0031), checked against the direct join it replaced.
  const yearRow = await sql<{ y: number }>`select max(period_year) as y from aid_receipt`.execute(db);
  const year = Number(yearRow.rows[0]?.y ?? 2026);
  const fromSummary = await gapAnalysis(ctx, admin, { level: 'desa', year });
  const direct = await gapAnalysis(ctx, admin, { level: 'desa', year }, { direct: true });
  if (!isDeepStrictEqual(fromSummary, direct)) {
    const differ = fromSummary.areas.find((a, i) => !isDeepStrictEqual(a, direct.areas[i]));
    const other = direct.areas.find((a) => a.code === differ?.code);
    throw new Error(
      `gaps ${year}: the pre-aggregate differs from the direct join\n${JSON.stringify({ total: [fromSummary.total, direct.total], area: [differ, other] })}`,
    );
  }
  console.log(`  ${year}: target ${fromSummary.total.target}, with aid ${fromSummary.total.withAid} (pre-aggregate = direct join)`);
  await time(`gaps kabupaten, year ${year} (per kecamatan)`, () => gapAnalysis(ctx, admin, { level: 'kecamatan', year }));
  await time(`gaps kabupaten, year ${year} (per desa)`, () => gapAnalysis(ctx, admin, { level: 'desa', year }));
  await time(`gaps kecamatan ${kec.code}, year ${year}`, () => gapAnalysis(ctx, admin, { level: 'desa', kecamatan: kec.code, year }));
  await time(`gaps kabupaten, year ${year} (direct join)`, () => gapAnalysis(ctx, admin, { level: 'kecamatan', year }, { direct: true }));
  await time(`gaps kecamatan ${kec.code} (per desa)`, () => gapAnalysis(ctx, admin, { level: 'desa', kecamatan: kec.code }));
  await time('gap list kabupaten, first page', () => listGapHouseholds(ctx, admin, {}, { limit: 50 }));
  await time('gap list kabupaten, elderly+alone', () => listGapHouseholds(ctx, admin, { priority: ['elderly', 'alone'] }, { limit: 50 }));
  await time(`gap list kecamatan ${kec.code}, first page`, () => listGapHouseholds(ctx, admin, { kecamatan: kec.code }, { limit: 50 }));
  await time('dashboard kabupaten', () => getDashboard(ctx, admin, KAB));
  // Write cost of the pre-aggregate's triggers.
  const program = await db.selectFrom('aid_program').select('id').where('code', '=', 'BLT_DD').executeTakeFirstOrThrow();
  await time('insert + delete 1 receipt', async () => {
    await db.transaction().execute(async (trx) => {
      await sql`insert into aid_receipt (kabupaten_code, kecamatan_code, desa_code, program_id, household_id, period_year, funding_source, source)
        select kabupaten_code, kecamatan_code, desa_code, ${program.id}, id, 2026, 'APBDES', 'MANUAL' from household where id = 12345`.execute(
        trx,
      );
      await sql`delete from aid_receipt where household_id = 12345 and program_id = ${program.id}`.execute(trx);
    });
  });
  await time('status change of 1,000 households', async () => {
    await sql`update household set target_status = case when target_status = 'MISKIN' then 'MISKIN_EKSTREM' else 'MISKIN' end
      where id between 50000 and 50999`.execute(db);
  });
}

await onEachEngine(bench);
