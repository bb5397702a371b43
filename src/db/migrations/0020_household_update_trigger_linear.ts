import { type Kysely, sql } from 'kysely';
import { anyHouseholdChanged, changedHouseholds, fn, householdDelta, LOCK, upsert } from './0016_aidmon.js';

/**
 * The aid summary's trigger after an UPDATE of households (0016) found the households whose
 * target, ended state or desa changed by joining the statement's old and new rows on id. The
 * planner knows nothing of transition tables and nested-looped that join: an import updating
 * 30,000 households spent 194 s in the trigger on PGlite (quadratic in the rows updated).
 *
 * Now the changed rows are what is left of old rows (−1) and new rows (+1) grouped by their
 * id, region, target status and ended reason: an unchanged household's two versions cancel
 * out. One hash aggregate, linear, and exactly the rows 0016's join gave.
 */
export const changedByGrouping = `
  select id, desa_code, kabupaten_code, kecamatan_code, target_status, ended_reason, sum(sign)::bigint as sign
    from (
      select id, desa_code, kabupaten_code, kecamatan_code, target_status, ended_reason, -1 as sign from old_rows
      union all
      select id, desa_code, kabupaten_code, kecamatan_code, target_status, ended_reason, 1 from new_rows
    ) r
   group by id, desa_code, kabupaten_code, kecamatan_code, target_status, ended_reason
  having sum(sign) <> 0`;

const updateFunction = (changed: string, precheck: string) =>
  fn(
    'aid_summary_household_update',
    `if exists (${precheck}) then
       ${LOCK}
       ${upsert(householdDelta(changed, true))}
     end if;`,
  ).replace('create function', 'create or replace function');

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(updateFunction(changedByGrouping, `select 1 from (${changedByGrouping}) c`)).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw(updateFunction(changedHouseholds, anyHouseholdChanged)).execute(db);
}
