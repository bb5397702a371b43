import { type Kysely, sql } from 'kysely';

/**
 * match_list_row becomes a table partitioned by run (one partition per external list).
 *
 * A list of a million rows was stored with one INSERT into a table carrying a primary key and
 * two indexes, maintained row by row: 12.3 s for 1,000,000 rows on PostgreSQL 15 (idle 2-core
 * machine), twice the matching query itself. A run now fills a table of its own without
 * indexes (0.8 s), builds the three indexes in bulk (2.1 s) and attaches it as the run's
 * partition, all in the run's one transaction (docs/performance.md, "Matching"). Every query
 * names run_id, so it reads one partition, whose indexes therefore leave run_id out.
 *
 * Rows of earlier runs move into partitions of their own here.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table match_list_row rename to match_list_row_unpartitioned;
    alter index match_list_row_pkey rename to match_list_row_unpartitioned_pkey;
    alter index match_list_row_result_idx rename to match_list_row_unpartitioned_result_idx;
    alter index match_list_row_kecamatan_idx rename to match_list_row_unpartitioned_kecamatan_idx;

    -- The same columns, defaults and NOT NULLs as 0010, partitioned by run.
    create table match_list_row (like match_list_row_unpartitioned including defaults including constraints)
      partition by list (run_id);
    alter table match_list_row add primary key (run_id, row_number);
    -- Within a run's partition run_id is one value: the indexes need not repeat it.
    create index match_list_row_result_idx on match_list_row (result, row_number);
    create index match_list_row_kecamatan_idx on match_list_row (kecamatan_code, row_number);

    do $$
    declare r record;
    begin
      for r in select distinct run_id from match_list_row_unpartitioned loop
        execute format('create table match_list_row_r%s partition of match_list_row for values in (%s)', r.run_id, r.run_id);
      end loop;
    end $$;
    insert into match_list_row select * from match_list_row_unpartitioned;
    drop table match_list_row_unpartitioned;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table match_list_row_unpartitioned (like match_list_row including defaults including constraints);
    insert into match_list_row_unpartitioned select * from match_list_row;
    drop table match_list_row;
    alter table match_list_row_unpartitioned rename to match_list_row;
    alter table match_list_row add primary key (run_id, row_number);
    create index match_list_row_result_idx on match_list_row (run_id, result, row_number);
    create index match_list_row_kecamatan_idx on match_list_row (run_id, kecamatan_code, row_number);
  `.execute(db);
}
