import { type Kysely, sql } from 'kysely';

/**
 * The import that last wrote a household, a member or a history entry (`import_id`) was a
 * foreign key to import_batch, checked row by row: on PostgreSQL each inserted or updated row
 * ran its own lookup and key-share lock of the batch row, ~5 µs a row; a first load of 1.3M
 * rows spent ~7 s of the server's CPU on them while it competed with the reader for two cores
 * (measured: 1M rows inserted in 0.9 s without the key, 5.8 s with it, 1.1 s with the check below).
 * The foreign key cannot be set aside during an import on PostgreSQL either: dropping it locks
 * import_batch against every reader until the commit.
 *
 * The same rule, now checked once per statement over the statement's new rows: every import_id
 * written must name an import_batch. And an import_batch stays while anything names it (the
 * foreign key's NO ACTION): a delete or truncate of one still named is refused. The error is
 * the same SQLSTATE as the foreign key's (23503).
 */
const TABLES = ['household', 'member', 'household_history'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
    create function registry_import_ref_check() returns trigger language plpgsql as $$
    begin
      if exists (select 1 from (select distinct import_id from new_rows where import_id is not null) n
                  where not exists (select 1 from import_batch b where b.id = n.import_id)) then
        raise foreign_key_violation using message = format('%s.import_id names no import_batch', tg_table_name);
      end if;
      return null;
    end $$;

    create function import_batch_still_named() returns trigger language plpgsql as $$
    begin
      if (tg_op = 'TRUNCATE' and (exists (select 1 from household where import_id is not null)
            or exists (select 1 from member where import_id is not null)
            or exists (select 1 from household_history where import_id is not null)))
         or (tg_op = 'DELETE' and (exists (select 1 from household where import_id = old.id)
            or exists (select 1 from member where import_id = old.id)
            or exists (select 1 from household_history where import_id = old.id))) then
        raise foreign_key_violation using message = 'import_batch is still named by the registry (import_id)';
      end if;
      return case when tg_op = 'DELETE' then old else null end;
    end $$;
    create trigger import_batch_delete_named before delete on import_batch
      for each row execute function import_batch_still_named();
    create trigger import_batch_truncate_named before truncate on import_batch
      for each statement execute function import_batch_still_named();
    ${TABLES.map(
      (t) => `
    alter table ${t} drop constraint ${t}_import_id_fkey;
    create trigger ${t}_import_ref_insert after insert on ${t}
      referencing new table as new_rows for each statement execute function registry_import_ref_check();
    create trigger ${t}_import_ref_update after update on ${t}
      referencing new table as new_rows for each statement execute function registry_import_ref_check();`,
    ).join('\n')}
  `)
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
    ${TABLES.map(
      (t) => `
    drop trigger ${t}_import_ref_insert on ${t};
    drop trigger ${t}_import_ref_update on ${t};
    alter table ${t} add constraint ${t}_import_id_fkey foreign key (import_id) references import_batch(id);`,
    ).join('\n')}
    drop trigger import_batch_delete_named on import_batch;
    drop trigger import_batch_truncate_named on import_batch;
    drop function import_batch_still_named();
    drop function registry_import_ref_check();
  `)
    .execute(db);
}
