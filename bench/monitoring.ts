/**
 * Monitoring dashboard timing at scale: a scratch database (in-memory PGlite, and a fresh
 * PostgreSQL database when DATABASE_URL is set) with the region tree of 35.13, N synthetic
 * households loaded by COPY, a baseline import and a status change history for part of them;
 * then getDashboard (kabupaten, largest kecamatan, a desa) and the public summary, p50/p95;
 * and the work-progress sections (getWorkProgress) with a running period whose verval stage
 * has ended and verval records for two thirds of the households.
 *
 *   npx tsc -p bench/tsconfig.json && npx node .tmp/bench-build/bench/monitoring.js [households]
 *   (BENCH_SKIP_PGLITE=1 to time PostgreSQL only)
 */

import { sql } from 'kysely';
import { SYSTEM_ACTOR } from '../src/app.js';
import { type Database, openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createScratchDatabase } from '../src/db/scratch.js';
import type { Actor } from '../src/modules/access/scope.js';
import { receiptsFromRegistry } from '../src/modules/aid/receipts.js';
import { getDashboard } from '../src/modules/monitoring/dashboard.js';
import { getLanding } from '../src/modules/monitoring/landing.js';
import { getWorkProgress } from '../src/modules/monitoring/progress.js';
import { publicSummary } from '../src/modules/monitoring/public.js';
import { publicTrend } from '../src/modules/monitoring/public-trend.js';
import { ensureTrendMonths, getTrends } from '../src/modules/monitoring/trends.js';
import { loadKabupaten } from '../src/modules/regions/service.js';

export const KAB = '35.13';
const N = Number(process.argv[2] ?? 300000);
const RUNS = 30;
export const admin: Actor = { userId: 0, username: 'bench', fullName: 'Bench', grants: [{ role: 'admin_kabupaten', regionCode: KAB }] };

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Households by COPY, a baseline, status changes, verval, and the P3KE flags taken in as aid receipts. */
export async function load(database: Database, N: number) {
  await migrateToLatest(database);
  await loadKabupaten(database.db, KAB, SYSTEM_ACTOR);
  const desa = (
    await database.db.selectFrom('region').select('code').where('level', '=', 4).where('code', 'like', `${KAB}.%`).execute()
  ).map((r) => r.code);
  const batch = await database.db
    .insertInto('import_batch')
    .values({ kind: 'P3KE', status: 'DONE', files: '[]', counts: '{}', finished_at: new Date('2024-03-01T00:00:00Z') })
    .returning('id')
    .executeTakeFirstOrThrow();
  const rand = rng(7);
  const t0 = performance.now();
  await database.bulkTransaction(async (_trx, copy) => {
    const cols = [
      'kabupaten_code',
      'kecamatan_code',
      'desa_code',
      'source',
      'source_id',
      'head_name',
      'desil',
      'target_status',
      'aid_bpnt',
      'aid_pkh',
      'aid_sembako',
      'member_count',
      'row_hash',
      'import_id',
      'created_at',
    ];
    let chunk: string[] = [];
    for (let i = 0; i < N; i++) {
      const d = desa[Math.floor(rand() * desa.length)] ?? '';
      const desil = 1 + Math.floor(rand() * 10);
      const status = desil === 1 ? 'MISKIN_EKSTREM' : 'MISKIN';
      const b = (p: number) => (rand() < p ? 't' : 'f');
      chunk.push(
        [
          KAB,
          d.slice(0, 8),
          d,
          'P3KE',
          `B${i}`,
          `KK ${i}`,
          desil,
          status,
          b(0.3),
          b(0.4),
          b(0.5),
          1 + Math.floor(rand() * 6),
          'h',
          batch.id,
          '2024-02-01T00:00:00Z',
        ].join(','),
      );
      if (chunk.length === 20000) {
        await copy('household', cols, `${chunk.join('\n')}\n`);
        chunk = [];
      }
    }
    if (chunk.length) await copy('household', cols, `${chunk.join('\n')}\n`);
  });
  // A third of the baseline extreme-poor households leave the status later.
  await sql`
    with moved as (
      update household set target_status = 'MISKIN' where target_status = 'MISKIN_EKSTREM' and id % 3 = 0 returning id
    )
    insert into household_history (household_id, changed_at, changes)
    select id, '2024-06-01', '{"target_status":["MISKIN_EKSTREM","MISKIN"]}' from moved`.execute(database.db);
  // A running period with an ended verval stage; two thirds of the households visited, half approved.
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const period = await database.db
    .insertInto('program_period')
    .values({ kabupaten_code: KAB, program: 'Gesek Ekstrem', name: 'Bench', start_date: day(-60), end_date: day(60) })
    .returning('id')
    .executeTakeFirstOrThrow();
  await database.db
    .insertInto('stage')
    .values({ period_id: period.id, kind: 'verval', name: 'Verval', start_date: day(-50), end_date: day(-10), kabupaten_code: KAB })
    .execute();
  await sql`
    insert into verval (period_id, household_id, kabupaten_code, kecamatan_code, desa_code, status, found, outcome)
    select ${period.id}, id, kabupaten_code, kecamatan_code, desa_code,
           case when id % 2 = 0 then 'APPROVED' else 'SUBMITTED' end, true,
           case when id % 5 = 0 then 'MAMPU' else 'TETAP' end
      from household where id % 3 <> 0`.execute(database.db);
  // "Ambil dari data P3KE": the aid flags become receipts (the dashboard's aid figures count receipts).
  const user = await database.db
    .insertInto('app_user')
    .values({ username: 'bench', full_name: 'Bench', password_hash: '-' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const r0 = performance.now();
  const receipts = await receiptsFromRegistry({ db: database.db, kabupatenCode: KAB }, { ...admin, userId: Number(user.id) });
  const receiptSeconds = (performance.now() - r0) / 1000;
  await sql`analyze`.execute(database.db);
  return { seconds: (performance.now() - t0) / 1000, receipts: receipts.households + receipts.members, receiptSeconds };
}

export async function time(name: string, fn: () => Promise<unknown>) {
  for (let i = 0; i < 3; i++) await fn();
  const t: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const s = performance.now();
    await fn();
    t.push(performance.now() - s);
  }
  t.sort((a, b) => a - b);
  const p = (q: number) => (t[Math.min(t.length - 1, Math.ceil(q * t.length) - 1)] ?? 0).toFixed(1);
  console.log(`  ${name.padEnd(34)} p50 ${p(0.5).padStart(7)} ms   p95 ${p(0.95).padStart(7)} ms`);
}

async function bench(database: Database) {
  const loaded = await load(database, N);
  console.log(`${database.kind}: ${N.toLocaleString('en-US')} households loaded in ${loaded.seconds.toFixed(1)} s`);
  console.log(`  ${loaded.receipts.toLocaleString('en-US')} receipts from the P3KE flags in ${loaded.receiptSeconds.toFixed(1)} s`);
  const ctx = { db: database.db, kabupatenCode: KAB };
  const t = performance.now();
  const first = await getDashboard(ctx, admin, KAB);
  console.log(
    `  first call (captures the baseline)  ${(performance.now() - t).toFixed(1)} ms; reduction ${first.extremePoverty.reductionPct}%`,
  );
  const kec = first.children.rows.reduce((a, b) => (b.households > a.households ? b : a));
  const desa = (await getDashboard(ctx, admin, kec.code)).children.rows[0]?.code ?? kec.code;
  await time('dashboard kabupaten', () => getDashboard(ctx, admin, KAB));
  await time(`dashboard kecamatan ${kec.code}`, () => getDashboard(ctx, admin, kec.code));
  await time(`dashboard desa ${desa}`, () => getDashboard(ctx, admin, desa));
  await time('public summary', () => publicSummary(ctx));
  await time('work progress kabupaten', () => getWorkProgress(ctx, admin, KAB));
  await time(`work progress kecamatan ${kec.code}`, () => getWorkProgress(ctx, admin, kec.code));
  await time(`work progress desa ${desa}`, () => getWorkProgress(ctx, admin, desa));

  // Trends (issue 23): the registry made 18 months old, its status changes spread over them,
  // then the first read of the month fills the closed months (timed once) and later reads time.
  await sql`update household set created_at = now() - interval '18 months'`.execute(database.db);
  await sql`update household_history set changed_at = now() - (id % 17) * interval '1 month'`.execute(database.db);
  const target = { ratePct: 0, year: 2024 };
  const tf = performance.now();
  await ensureTrendMonths(database.db, KAB);
  console.log(`  trend months filled (first read of a month)  ${(performance.now() - tf).toFixed(1)} ms`);
  await time('trends kabupaten', () => getTrends(ctx, admin, KAB, target));
  await time(`trends kecamatan ${kec.code}`, () => getTrends(ctx, admin, kec.code, target));
  await time(`trends desa ${desa}`, () => getTrends(ctx, admin, desa, target));
  await time('public trend', () => publicTrend(ctx, target));
  await time('landing admin', () => getLanding(ctx, admin));
  const operator: Actor = { userId: 0, username: 'op', fullName: 'Op', grants: [{ role: 'operator_desa', regionCode: desa }] };
  await time(`landing operator desa ${desa}`, () => getLanding(ctx, operator));
}

/** Run `fn` on an in-memory PGlite and, with DATABASE_URL, on a fresh PostgreSQL database (dropped after). */
export async function onEachEngine(fn: (database: Database) => Promise<void>) {
  if (process.env.BENCH_SKIP_PGLITE !== '1') {
    const pglite = await openDatabase({});
    await fn(pglite);
    await pglite.close();
  }
  if (!process.env.DATABASE_URL) return;
  const scratch = await createScratchDatabase(process.env.DATABASE_URL, 'sasmita_bench');
  const database = await openDatabase({ databaseUrl: scratch.url });
  try {
    await fn(database);
  } finally {
    await database.close();
    await scratch.drop();
  }
}

if (process.argv[1]?.endsWith('monitoring.js')) await onEachEngine(bench);
