import { type Kysely, sql } from 'kysely';

/**
 * Two more foreign keys that a first load paid for row by row, checked once per statement
 * instead (as 0021 did for import_id). Measured on PostgreSQL 15 with the benchmark's rows:
 * 300,000 households copied in 2.87 s with household.desa_code → region(code), 1.58 s without;
 * 171,179 findings in 1.40 s with import_issue.import_id → import_batch(id), 0.66 s without.
 * Neither key can be set aside during an import on PostgreSQL: dropping it locks region or
 * import_batch against every reader until the commit.
 *
 * The same guarantees, now by triggers (SQLSTATE 23503 as the keys raised):
 * - every household's desa_code names a region; a region a household names cannot be deleted,
 *   truncated or given another code;
 * - every finding's import_id names an import_batch; deleting an import_batch deletes its
 *   findings (the key's ON DELETE CASCADE), truncating import_batch truncates them too.
 * What the keys did and these do not: lock the named row against a concurrent delete. Neither
 * regions nor import batches are ever deleted by Sasmita; the triggers keep a hand-written
 * delete from leaving rows that name nothing.
 */
/** Triggers `<name>_insert` and `<name>_update` on `table` that run `fn` once per statement over its new rows. */
function checkedPerStatement(table: string, name: string, fn: string): string {
  return (['insert', 'update'] as const)
    .map(
      (op) => `create trigger ${name}_${op} after ${op} on ${table}
      referencing new table as new_rows for each statement execute function ${fn}();`,
    )
    .join('\n    ');
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
    alter table household drop constraint household_desa_code_fkey;
    create function household_region_ref_check() returns trigger language plpgsql as $$
    begin
      if exists (select 1 from (select distinct desa_code from new_rows) n
                  where not exists (select 1 from region r where r.code = n.desa_code)) then
        raise foreign_key_violation using message = 'household.desa_code names no region';
      end if;
      return null;
    end $$;
    ${checkedPerStatement('household', 'household_region_ref', 'household_region_ref_check')}

    create function region_still_named() returns trigger language plpgsql as $$
    begin
      if tg_op = 'TRUNCATE' then
        if exists (select 1 from household) then
          raise foreign_key_violation using message = 'region is still named by household.desa_code';
        end if;
        return null;
      end if;
      if (tg_op = 'DELETE' or old.code is distinct from new.code)
         and exists (select 1 from household where desa_code = old.code) then
        raise foreign_key_violation using message = format('region %s is still named by household.desa_code', old.code);
      end if;
      return case when tg_op = 'DELETE' then old else new end;
    end $$;
    create trigger region_delete_named before delete on region
      for each row execute function region_still_named();
    create trigger region_update_named before update of code on region
      for each row execute function region_still_named();
    create trigger region_truncate_named before truncate on region
      for each statement execute function region_still_named();

    alter table import_issue drop constraint import_issue_import_id_fkey;
    ${checkedPerStatement('import_issue', 'import_issue_import_ref', 'registry_import_ref_check')}

    create function import_batch_drop_issues() returns trigger language plpgsql as $$
    begin
      if tg_op = 'TRUNCATE' then
        truncate import_issue;
      else
        delete from import_issue i using old_rows o where i.import_id = o.id;
      end if;
      return null;
    end $$;
    create trigger import_batch_delete_issues after delete on import_batch
      referencing old table as old_rows for each statement execute function import_batch_drop_issues();
    create trigger import_batch_truncate_issues after truncate on import_batch
      for each statement execute function import_batch_drop_issues();
  `)
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
    drop trigger import_batch_truncate_issues on import_batch;
    drop trigger import_batch_delete_issues on import_batch;
    drop function import_batch_drop_issues();
    drop trigger import_issue_import_ref_update on import_issue;
    drop trigger import_issue_import_ref_insert on import_issue;
    alter table import_issue add constraint import_issue_import_id_fkey
      foreign key (import_id) references import_batch(id) on delete cascade;
    drop trigger region_truncate_named on region;
    drop trigger region_update_named on region;
    drop trigger region_delete_named on region;
    drop function region_still_named();
    drop trigger household_region_ref_update on household;
    drop trigger household_region_ref_insert on household;
    drop function household_region_ref_check();
    alter table household add constraint household_desa_code_fkey foreign key (desa_code) references region(code);
  `)
    .execute(db);
}
