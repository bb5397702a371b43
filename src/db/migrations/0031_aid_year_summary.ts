import { type Kysely, sql } from 'kysely';
import { fn, householdDelta, hRows, LOCK, receiptDelta, rRows, upsert } from './0016_aidmon.js';
import { changedByGrouping } from './0020_household_update_trigger_linear.js';

/**
 * The gap analysis with a year chosen (aid `gapAnalysis`, `year`) joined 300,000 households
 * with that year's receipts on every request: 481–779 ms p95 kabupaten-wide. Now a per-year
 * pre-aggregate answers it, kept on write by the same triggers as monitoring.aid_summary (0016):
 *
 * monitoring.aid_year_summary, per desa, year and dimension — (program 0, funding '') any
 * receipt of the year; (program p, funding '') a receipt of program p; (program 0, funding f) a
 * receipt funded by f:
 * - target_aided: target households (isTarget) with at least one such receipt in the year;
 * - aided: households not ended with at least one (any-receipt row only);
 * - ended_aided: households ended by a musdes with at least one (any-receipt row only).
 *
 * A household counts in its own desa (the household's region, as aid_summary does). The 0016
 * trigger functions on household (update, delete) and aid_receipt (insert, update, delete) are
 * replaced by ones that keep both summaries: one statement-level pass, one lock (0016's).
 */

const IS_TARGET = `(d.target_status = 'MISKIN_EKSTREM' and d.ended_reason is null)`;
const ANY = `x.program_id = 0 and x.funding_source = ''`;

/** The three dimensions of a receipt row `r`: any, its program, its funding source. */
const DIMS = `lateral (values (0::bigint, ''::text), (r.program_id, ''::text), (0::bigint, r.funding_source)) v (program_id, funding_source)`;

/** Upsert of grouped deltas (desa_code, period_year, program_id, funding_source, kabupaten_code, kecamatan_code, target_aided, aided, ended_aided). */
const yearUpsert = (select: string) => `
    insert into monitoring.aid_year_summary as s
      (desa_code, period_year, program_id, funding_source, kabupaten_code, kecamatan_code, target_aided, aided, ended_aided)
    select desa_code, period_year, program_id, funding_source, kabupaten_code, kecamatan_code, sum(target_aided), sum(aided), sum(ended_aided)
      from (${select}) y (desa_code, period_year, program_id, funding_source, kabupaten_code, kecamatan_code, target_aided, aided, ended_aided)
     group by desa_code, period_year, program_id, funding_source, kabupaten_code, kecamatan_code
    having sum(target_aided) <> 0 or sum(aided) <> 0 or sum(ended_aided) <> 0
     order by desa_code, period_year, program_id, funding_source
    on conflict (kabupaten_code, desa_code, period_year, program_id, funding_source) do update set
      target_aided = s.target_aided + excluded.target_aided, aided = s.aided + excluded.aided,
      ended_aided = s.ended_aided + excluded.ended_aided;`;

/** Signed household rows `src` (id, region codes, target_status, ended_reason, sign) with the receipts they have now. */
const householdYearDelta = (src: string) =>
  yearUpsert(`
    select d.desa_code, x.period_year, x.program_id, x.funding_source, d.kabupaten_code, d.kecamatan_code,
           coalesce(sum(d.sign) filter (where ${IS_TARGET}), 0),
           coalesce(sum(d.sign) filter (where ${ANY} and d.ended_reason is null), 0),
           coalesce(sum(d.sign) filter (where ${ANY} and d.ended_reason is not null), 0)
      from (${src}) d
      cross join lateral (
        select distinct r.period_year, v.program_id, v.funding_source from aid_receipt r, ${DIMS} where r.household_id = d.id
      ) x
     group by d.desa_code, x.period_year, x.program_id, x.funding_source, d.kabupaten_code, d.kecamatan_code`);

/**
 * Receipts of a statement, signed, to a change of "has a receipt in the year" per household,
 * year and dimension (the count before the statement is the count now minus its net change).
 */
const receiptYearDelta = (src: string) => `
  with d as (
    select r.household_id, r.period_year, v.program_id, v.funding_source, sum(r.sign) as n
      from (${src}) r, ${DIMS}
     group by 1, 2, 3, 4 having sum(r.sign) <> 0
  ), x as (
    select d.household_id, d.period_year, d.program_id, d.funding_source,
           (c.now_n > 0)::int - ((c.now_n - d.n) > 0)::int as change
      from d cross join lateral (
        select count(*) as now_n from aid_receipt r
         where r.household_id = d.household_id and r.period_year = d.period_year
           and (d.program_id = 0 or r.program_id = d.program_id) and (d.funding_source = '' or r.funding_source = d.funding_source)
      ) c
  )
  ${yearUpsert(`
    select d.desa_code, x.period_year, x.program_id, x.funding_source, d.kabupaten_code, d.kecamatan_code,
           coalesce(sum(x.change) filter (where ${IS_TARGET}), 0),
           coalesce(sum(x.change) filter (where ${ANY} and d.ended_reason is null), 0),
           coalesce(sum(x.change) filter (where ${ANY} and d.ended_reason is not null), 0)
      from x join household d on d.id = x.household_id
     where x.change <> 0
     group by d.desa_code, x.period_year, x.program_id, x.funding_source, d.kabupaten_code, d.kecamatan_code`)}`;

const yRows = (table: string, sign: number) =>
  `select household_id, program_id, period_year, funding_source, ${sign}::bigint as sign from ${table}`;

const OLD_ROW = `select old.id, old.desa_code, old.kabupaten_code, old.kecamatan_code, old.target_status, old.ended_reason, -1::bigint as sign`;

const replace = (name: string, body: string, returns = 'null') =>
  fn(name, body, returns).replace('create function', 'create or replace function');

/** The five trigger functions, keeping aid_summary and, when `withYear`, aid_year_summary. */
function functions(withYear: boolean): string {
  const year = (s: string) => (withYear ? s : '');
  return [
    replace(
      'aid_summary_household_update',
      `if exists (select 1 from (${changedByGrouping}) c) then
         ${LOCK}
         ${upsert(householdDelta(changedByGrouping, true))}
         ${year(householdYearDelta(changedByGrouping))}
       end if;`,
    ),
    replace('aid_summary_household_delete', LOCK + upsert(householdDelta(OLD_ROW, true)) + year(householdYearDelta(OLD_ROW)), 'old'),
    replace('aid_summary_receipt_insert', LOCK + receiptDelta(rRows('new_rows', 1)) + year(receiptYearDelta(yRows('new_rows', 1)))),
    replace(
      'aid_summary_receipt_update',
      LOCK +
        receiptDelta(`${rRows('new_rows', 1)} union all ${rRows('old_rows', -1)}`) +
        year(receiptYearDelta(`${yRows('new_rows', 1)} union all ${yRows('old_rows', -1)}`)),
    ),
    replace('aid_summary_receipt_delete', LOCK + receiptDelta(rRows('old_rows', -1)) + year(receiptYearDelta(yRows('old_rows', -1)))),
  ].join('\n');
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table monitoring.aid_year_summary (
      desa_code text not null,
      period_year integer not null,
      program_id bigint not null,   -- 0 = any program
      funding_source text not null, -- '' = any funding source
      kabupaten_code text not null,
      kecamatan_code text not null,
      target_aided bigint not null default 0,
      aided bigint not null default 0,
      ended_aided bigint not null default 0,
      -- kabupaten_code first: the key a Citus deployment distributes by (docs/scaling.md).
      primary key (kabupaten_code, desa_code, period_year, program_id, funding_source)
    );
    create index aid_year_summary_year_idx on monitoring.aid_year_summary (kabupaten_code, period_year, kecamatan_code);
  `.execute(db);
  await sql.raw(functions(true)).execute(db);
  // Receipts already there.
  await sql
    .raw(householdYearDelta(hRows('household d0 where exists (select 1 from aid_receipt r0 where r0.household_id = d0.id)', 1)))
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw(functions(false)).execute(db);
  await sql`drop table monitoring.aid_year_summary`.execute(db);
}
