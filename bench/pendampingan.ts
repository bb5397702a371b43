/**
 * `npm run bench -- pendampingan [--households 300000] [--officials 5000] [--activities 500000]`:
 * the leaders' view of pendampingan at scale. A scratch database per engine (in-memory PGlite,
 * and a fresh PostgreSQL database when DATABASE_URL is set) with the region tree of 35.13,
 * N households, 40 agencies with their officials and staff assigned to desa, a companion for
 * every target household and a year of activity — visits, household accompaniments (a tenth
 * linked to an aid proposal) and follow-ups — all generated with set-based SQL
 * (generate_series). Then p50/p95 of the per-agency view (every agency), the per-official view
 * of the largest agency, the per-official view as an official's own account sees it, the
 * overdue follow-ups and a household's history.
 */
import { sql } from 'kysely';
import { SYSTEM_ACTOR } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { Database } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import type { Actor } from '../src/modules/access/scope.js';
import { leadersSummary } from '../src/modules/pendampingan/leaders.js';
import { householdPendampingan, listFollowups } from '../src/modules/pendampingan/queries.js';
import { loadKabupaten } from '../src/modules/regions/service.js';
import type { ServiceContext } from '../src/service-context.js';
import { describeMachine } from './machine.js';
import { admin, KAB, onEachEngine, time } from './monitoring.js';
import { countOption } from './options.js';

const N = countOption('households', 300_000);
const OFFICIALS = countOption('officials', 5_000);
const ACTIVITIES = countOption('activities', 500_000);
const AGENCIES = 40;

async function load(database: Database) {
  const db = database.db;
  await migrateToLatest(database);
  await loadKabupaten(db, KAB, SYSTEM_ACTOR);
  const t0 = performance.now();
  await sql`create temporary table bench_desa as
            select row_number() over (order by code) as n, code, left(code, 8) as kec from region where level = 4 and code like ${`${KAB}.%`}`.execute(
    db,
  );
  const desaCount = Number((await sql<{ n: number }>`select count(*)::int as n from bench_desa`.execute(db)).rows[0]?.n);
  // Households spread over the desa; one in five extreme poor.
  await sql`
    insert into household (kabupaten_code, kecamatan_code, desa_code, source, source_id, head_name, address, target_status, row_hash)
    select ${KAB}, d.kec, d.code, 'P3KE', 'B' || g, 'KK ' || g, 'DUSUN ' || (g % 4) || ' RT 00' || (g % 9 + 1),
           case when g % 5 = 0 then 'MISKIN_EKSTREM' else 'MISKIN' end, 'h'
      from generate_series(1, ${N}) g join bench_desa d on d.n = 1 + g % ${desaCount}`.execute(db);
  const period = await db
    .insertInto('program_period')
    .values({ kabupaten_code: KAB, program: 'Gesek Ekstrem', name: 'Bench', start_date: day(-330), end_date: day(30) })
    .returning('id')
    .executeTakeFirstOrThrow();
  const periodId = Number(period.id);
  await sql`
    insert into agency (kabupaten_code, code, name, short_name)
    select ${KAB}, 'A.' || g, 'Dinas Bench ' || g, 'DB' || g from generate_series(1, ${AGENCIES}) g`.execute(db);
  // Officials: one in eight echelon III, the rest JF/staff; each on one desa (echelon III on two), agencies in blocks of desa.
  await sql`
    insert into official (kabupaten_code, agency_id, name, nip, position, echelon)
    select ${KAB}, a.id, 'Pejabat ' || g, lpad(g::text, 18, '0'), 'Jabatan', case when g % 8 = 0 then 'III' else 'JF' end
      from generate_series(1, ${OFFICIALS}) g join agency a on a.code = 'A.' || (1 + (g * ${AGENCIES}) / (${OFFICIALS} + 1))`.execute(db);
  await sql`
    insert into official_assignment (period_id, official_id, role, kabupaten_code, kecamatan_code, desa_code)
    select ${periodId}::bigint, o.id, case when o.echelon = 'III' then 'pendamping_desa' else 'staf_pendamping' end, ${KAB}, d.kec, d.code
      from official o join bench_desa d on d.n = 1 + (o.id * 7) % ${desaCount}
    union all
    select ${periodId}::bigint, o.id, 'pendamping_desa', ${KAB}, d.kec, d.code
      from official o join bench_desa d on d.n = 1 + (o.id * 7 + 1) % ${desaCount} where o.echelon = 'III'`.execute(db);
  // Every target household gets a companion among its desa's staff.
  await sql`
    insert into pendampingan_companion (period_id, household_id, official_id, kabupaten_code, kecamatan_code, desa_code)
    select distinct on (h.id) ${periodId}::bigint, h.id, oa.official_id, h.kabupaten_code, h.kecamatan_code, h.desa_code
      from household h join official_assignment oa on oa.desa_code = h.desa_code and oa.period_id = ${periodId}
     where h.target_status = 'MISKIN_EKSTREM'
     order by h.id, (oa.official_id + h.id) % 7`.execute(db);
  // A year of activity: a visit per five accompaniments; accompaniments of companion households.
  const visits = Math.round(ACTIVITIES / 5);
  await sql`
    insert into pendampingan_visit (period_id, official_id, agency_id, kabupaten_code, kecamatan_code, desa_code, visit_date, place, participants)
    select ${periodId}::bigint, oa.official_id, o.agency_id, oa.kabupaten_code, oa.kecamatan_code, oa.desa_code,
           (current_date - (g % 330))::date, 'Balai Desa', '["Kepala Desa"]'
      from generate_series(1, ${visits}) g
      join official_assignment oa on oa.id = 1 + g % (select count(*) from official_assignment)
      join official o on o.id = oa.official_id`.execute(db);
  await sql`create temporary table bench_companion as select row_number() over (order by household_id) as n, * from pendampingan_companion`.execute(
    db,
  );
  const companions = Number((await sql<{ n: number }>`select count(*)::int as n from bench_companion`.execute(db)).rows[0]?.n);
  // Aid proposals for a tenth of the companion households, in every status.
  await sql`
    insert into aid_proposal (kabupaten_code, kecamatan_code, desa_code, household_id, program_id, status, proposed_by)
    select c.kabupaten_code, c.kecamatan_code, c.desa_code, c.household_id, (select id from aid_program where code = 'BLT_DD'),
           (array['PROPOSED','VERIFIED','APPROVED','DISTRIBUTED','REJECTED'])[1 + c.n % 5], null
      from bench_companion c where c.n % 10 = 0`.execute(db);
  await sql`
    insert into pendampingan_activity (period_id, official_id, agency_id, household_id, kabupaten_code, kecamatan_code, desa_code,
                                       activity_date, visited, problem, aid_action, aid_proposal_id, referral_agency)
    select ${periodId}::bigint, c.official_id, o.agency_id, c.household_id, c.kabupaten_code, c.kecamatan_code, c.desa_code,
           (current_date - (g % 330))::date, g % 4 <> 0, 'Masalah ' || (g % 17),
           case when p.id is not null then 'ADVOCATED' end, p.id, case when g % 7 = 0 then 'Dinas Kesehatan' end
      from generate_series(1, ${ACTIVITIES}) g
      join bench_companion c on c.n = 1 + g % ${companions}
      join official o on o.id = c.official_id
      left join aid_proposal p on p.household_id = c.household_id and g % 3 = 0`.execute(db);
  await sql`
    insert into pendampingan_followup (period_id, activity_id, household_id, owner_official_id, agency_id, kabupaten_code, kecamatan_code,
                                       desa_code, title, due_date, status)
    select a.period_id, a.id, a.household_id, a.official_id, a.agency_id, a.kabupaten_code, a.kecamatan_code, a.desa_code,
           'Tindak lanjut', a.activity_date + 14, case when a.id % 3 = 0 then 'OPEN' when a.id % 3 = 1 then 'DONE' else 'CANCELLED' end
      from pendampingan_activity a where a.id % 4 = 0`.execute(db);
  await sql`analyze`.execute(db);
  const counts = await sql<{ v: number; a: number; f: number; c: number }>`
    select (select count(*) from pendampingan_visit)::int as v, (select count(*) from pendampingan_activity)::int as a,
           (select count(*) from pendampingan_followup)::int as f, (select count(*) from pendampingan_companion)::int as c`.execute(db);
  return { periodId, seconds: (performance.now() - t0) / 1000, counts: counts.rows[0] };
}

function day(offset: number): string {
  return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
}

async function bench(database: Database) {
  const deps: ServiceContext = { db: database.db, kabupatenCode: KAB, config: loadConfig({ kabupatenCode: KAB, logLevel: 'silent' }, {}) };
  const { periodId, seconds, counts } = await load(database);
  console.log(
    `${database.kind}: ${N.toLocaleString('en-US')} households, ${OFFICIALS.toLocaleString('en-US')} officials, ` +
      `${counts?.v.toLocaleString('en-US')} visits + ${counts?.a.toLocaleString('en-US')} accompaniments + ` +
      `${counts?.f.toLocaleString('en-US')} follow-ups, ${counts?.c.toLocaleString('en-US')} companions; generated in ${seconds.toFixed(1)} s`,
  );
  const big = await sql<{ agency_id: number }>`
    select agency_id from pendampingan_activity where period_id = ${periodId} group by 1 order by count(*) desc limit 1`.execute(
    database.db,
  );
  const agencyId = Number(big.rows[0]?.agency_id);
  // An official's own account: opd_pendamping on their desa (the grants of their assignments).
  const mine = await sql<{ desa_code: string }>`
    select oa.desa_code from official_assignment oa join official o on o.id = oa.official_id
     where o.agency_id = ${agencyId} and o.echelon = 'III' limit 2`.execute(database.db);
  const official: Actor = {
    userId: 0,
    username: 'pejabat',
    fullName: 'Pejabat',
    grants: mine.rows.map((r) => ({ role: 'opd_pendamping' as const, regionCode: r.desa_code })),
  };
  const household = await sql<{ household_id: number }>`select household_id from pendampingan_activity order by id limit 1`.execute(
    database.db,
  );
  await time('per agency (all agencies)', () => leadersSummary(deps, admin, periodId, undefined));
  await time(`per official of agency ${agencyId}`, () => leadersSummary(deps, admin, periodId, agencyId));
  await time('per official, an official’s own desa', () => leadersSummary(deps, official, periodId, agencyId));
  await time('overdue follow-ups, first page', () => listFollowups(deps, admin, { periodId, overdue: true, page: 1, pageSize: 50 }));
  await time('household history', () => householdPendampingan(deps, admin, Number(household.rows[0]?.household_id)));
}

const m = describeMachine();
console.log(`pendampingan bench on ${m.cpu} (${m.cores} cores, ${m.ramGb} GB), Node ${m.node}`);
await onEachEngine(bench);
