import { type Kysely, sql } from 'kysely';
import { ADVISORY_LOCKS } from '../advisory-locks.js';

/**
 * Aid coverage per desa from aid receipts, for the monitoring dashboard: the same definition
 * as the aid module's gap analysis (a target household = target_status MISKIN_EKSTREM and not
 * ended by a musdes, aid `isTarget`; "with aid" = at least one aid_receipt), kept on write so
 * the dashboard reads a few thousand rows instead of joining 300k households with receipts.
 *
 * monitoring.aid_summary, per desa and program (program_id 0 = any program):
 * - target: target households (program 0 only); in_registry: households not ended (program 0 only);
 * - target_aided: target households with at least one receipt (of the program);
 * - aided: households not ended with at least one receipt (program 0 only);
 * - ended_aided: households ended by a musdes with at least one receipt (program 0 only).
 *
 * Kept by statement-level triggers on aid_receipt (per household and program, the receipt count
 * before the statement is the count now minus the statement's net change) and on household
 * (insert; update of target_status, ended_reason or the region; a row-level trigger before
 * delete, while the household's receipts still exist, since they cascade away with it).
 * Derived data: it lives in the `monitoring` schema like 0008 and 0015.
 *
 * The receipt triggers read the receipts already there, so two transactions adding the first
 * receipt of one household at once must not both see "none before": the triggers take the
 * audit chain's transaction lock (ADVISORY_LOCKS.AUDIT_CHAIN, `recordAudit`) first, the lock every audited write
 * takes anyway (one lock, so no lock-order deadlock), and then read with a fresh snapshot.
 */

export const LOCK = `perform pg_advisory_xact_lock(${ADVISORY_LOCKS.AUDIT_CHAIN});`;

const IS_TARGET = `(d.target_status = 'MISKIN_EKSTREM' and d.ended_reason is null)`;

/** Upsert of grouped deltas (desa_code, program_id, kabupaten_code, kecamatan_code, target, in_registry, target_aided, aided, ended_aided). */
export const upsert = (select: string) => `
    insert into monitoring.aid_summary as s (desa_code, program_id, kabupaten_code, kecamatan_code, target, in_registry, target_aided, aided, ended_aided)
    select desa_code, program_id, kabupaten_code, kecamatan_code, sum(target), sum(in_registry), sum(target_aided), sum(aided), sum(ended_aided)
      from (${select}) x (desa_code, program_id, kabupaten_code, kecamatan_code, target, in_registry, target_aided, aided, ended_aided)
     group by desa_code, program_id, kabupaten_code, kecamatan_code
    having sum(target) <> 0 or sum(in_registry) <> 0 or sum(target_aided) <> 0 or sum(aided) <> 0 or sum(ended_aided) <> 0
     order by desa_code, program_id
    on conflict (desa_code, program_id) do update set
      target = s.target + excluded.target, in_registry = s.in_registry + excluded.in_registry,
      target_aided = s.target_aided + excluded.target_aided, aided = s.aided + excluded.aided,
      ended_aided = s.ended_aided + excluded.ended_aided;`;

/**
 * The contribution of signed household rows `src` (id, region codes, target_status,
 * ended_reason, sign) with the receipts they have now; `withReceipts` false for new households.
 */
export const householdDelta = (src: string, withReceipts: boolean) => {
  const aided = withReceipts ? 'exists (select 1 from aid_receipt a where a.household_id = d.id)' : 'false';
  const any = `
      select d.desa_code, 0::bigint, d.kabupaten_code, d.kecamatan_code,
             coalesce(sum(d.sign) filter (where ${IS_TARGET}), 0),
             coalesce(sum(d.sign) filter (where d.ended_reason is null), 0),
             coalesce(sum(d.sign) filter (where ${IS_TARGET} and ${aided}), 0),
             coalesce(sum(d.sign) filter (where d.ended_reason is null and ${aided}), 0),
             coalesce(sum(d.sign) filter (where d.ended_reason is not null and ${aided}), 0)
        from (${src}) d
       group by d.desa_code, d.kabupaten_code, d.kecamatan_code`;
  if (!withReceipts) return any;
  return `${any}
      union all
      select d.desa_code, a.program_id, d.kabupaten_code, d.kecamatan_code, 0, 0, sum(d.sign), 0, 0
        from (${src}) d
        join (select distinct household_id, program_id from aid_receipt) a on a.household_id = d.id
       where ${IS_TARGET}
       group by d.desa_code, a.program_id, d.kabupaten_code, d.kecamatan_code`;
};

const hRows = (table: string, sign: number) =>
  `select id, desa_code, kabupaten_code, kecamatan_code, target_status, ended_reason, ${sign}::bigint as sign from ${table}`;

/** Households of an update whose target, ended state or region changed, old (−1) and new (+1). */
export const changedHouseholds = `
  select o.id, o.desa_code, o.kabupaten_code, o.kecamatan_code, o.target_status, o.ended_reason, -1::bigint as sign
    from old_rows o join new_rows n on n.id = o.id
   where (o.target_status, o.ended_reason, o.desa_code) is distinct from (n.target_status, n.ended_reason, n.desa_code)
  union all
  select n.id, n.desa_code, n.kabupaten_code, n.kecamatan_code, n.target_status, n.ended_reason, 1::bigint
    from old_rows o join new_rows n on n.id = o.id
   where (o.target_status, o.ended_reason, o.desa_code) is distinct from (n.target_status, n.ended_reason, n.desa_code)`;

/** Whether an update changed any household's target, ended state or region (0016's form; 0020 replaced it). */
export const anyHouseholdChanged = `select 1 from old_rows o join new_rows n on n.id = o.id
                where (o.target_status, o.ended_reason, o.desa_code) is distinct from (n.target_status, n.ended_reason, n.desa_code)`;

/**
 * Receipts of a statement, signed, to a change of "has a receipt" per household and program
 * (and per household for program 0), counted for the household's desa and target state now.
 */
const receiptDelta = (src: string) => `
  with d as (
    select household_id, program_id, sum(sign) as n from (${src}) s group by 1, 2 having sum(sign) <> 0
  ), hp as (
    select d.household_id, d.program_id, d.n,
           (select count(*) from aid_receipt r where r.household_id = d.household_id and r.program_id = d.program_id) as now_n
      from d
  ), ha as (
    select hp.household_id, sum(hp.n) as n, (select count(*) from aid_receipt r where r.household_id = hp.household_id) as now_n
      from hp group by hp.household_id
  ), delta as (
    select household_id, program_id, (now_n > 0)::int - ((now_n - n) > 0)::int as change from hp
    union all
    select household_id, 0::bigint, (now_n > 0)::int - ((now_n - n) > 0)::int from ha
  )
  ${upsert(`
    select d.desa_code, x.program_id, d.kabupaten_code, d.kecamatan_code, 0::bigint, 0::bigint,
           coalesce(sum(x.change) filter (where ${IS_TARGET}), 0),
           coalesce(sum(x.change) filter (where x.program_id = 0 and d.ended_reason is null), 0),
           coalesce(sum(x.change) filter (where x.program_id = 0 and d.ended_reason is not null), 0)
      from delta x join household d on d.id = x.household_id
     where x.change <> 0
     group by d.desa_code, x.program_id, d.kabupaten_code, d.kecamatan_code`)}`;

const rRows = (table: string, sign: number) => `select household_id, program_id, ${sign}::bigint as sign from ${table}`;

export const fn = (name: string, body: string, returns = 'null') => `
  create function monitoring.${name}() returns trigger language plpgsql as $fn$
  begin
    ${body}
    return ${returns};
  end $fn$;`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table monitoring.aid_summary (
      desa_code text not null,
      program_id bigint not null, -- 0 = any program
      kabupaten_code text not null,
      kecamatan_code text not null,
      target bigint not null default 0,
      in_registry bigint not null default 0,
      target_aided bigint not null default 0,
      aided bigint not null default 0,
      ended_aided bigint not null default 0,
      primary key (desa_code, program_id)
    );
    create index aid_summary_kecamatan_idx on monitoring.aid_summary (kabupaten_code, kecamatan_code);
    -- Target households of the aid module (isTarget) by region: the gap list and funding coverage.
    create index household_target_idx on household (kecamatan_code, desa_code, id)
      where target_status = 'MISKIN_EKSTREM' and ended_reason is null;
  `.execute(db);
  await sql
    .raw(
      [
        fn('aid_summary_household_insert', upsert(householdDelta(hRows('new_rows', 1), false))),
        fn(
          'aid_summary_household_update',
          `if exists (${anyHouseholdChanged}) then
             ${LOCK}
             ${upsert(householdDelta(changedHouseholds, true))}
           end if;`,
        ),
        fn(
          'aid_summary_household_delete',
          LOCK +
            upsert(
              householdDelta(
                `select old.id, old.desa_code, old.kabupaten_code, old.kecamatan_code, old.target_status, old.ended_reason, -1::bigint as sign`,
                true,
              ),
            ),
          'old',
        ),
        fn('aid_summary_receipt_insert', LOCK + receiptDelta(rRows('new_rows', 1))),
        fn('aid_summary_receipt_update', LOCK + receiptDelta(`${rRows('new_rows', 1)} union all ${rRows('old_rows', -1)}`)),
        fn('aid_summary_receipt_delete', LOCK + receiptDelta(rRows('old_rows', -1))),
        `
        create trigger household_aid_summary_insert after insert on household
          referencing new table as new_rows for each statement execute function monitoring.aid_summary_household_insert();
        create trigger household_aid_summary_update after update on household
          referencing old table as old_rows new table as new_rows for each statement execute function monitoring.aid_summary_household_update();
        create trigger household_aid_summary_delete before delete on household
          for each row execute function monitoring.aid_summary_household_delete();
        create trigger aid_receipt_summary_insert after insert on aid_receipt
          referencing new table as new_rows for each statement execute function monitoring.aid_summary_receipt_insert();
        create trigger aid_receipt_summary_update after update on aid_receipt
          referencing old table as old_rows new table as new_rows for each statement execute function monitoring.aid_summary_receipt_update();
        create trigger aid_receipt_summary_delete after delete on aid_receipt
          referencing old table as old_rows for each statement execute function monitoring.aid_summary_receipt_delete();
        `,
        // Households and receipts already there.
        upsert(householdDelta(hRows('household', 1), true)),
      ].join('\n'),
    )
    .execute(db);
}
