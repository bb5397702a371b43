import { type Kysely, sql } from 'kysely';

/**
 * Three household indexes of 0002 that no query uses since 0005 added the list's own:
 * - household_head_name_idx (lower(head_name) text_pattern_ops): the name search is the
 *   full-text household_name_fts_idx, and name sorting uses household_name_sort_idx
 *   (lower(head_name) collate "C");
 * - household_desa_idx (desa_code, id): household_desa_name_idx leads with desa_code and
 *   serves equality on it and the desa sort; household_count_idx counts per desa;
 * - household_desil_idx (desil, id): a desil filter is counted from household_count_idx
 *   (which includes desil) and paged along the sort's index.
 * Each one was rebuilt on every large import and maintained on every write for nothing.
 * docs/performance.md has the EXPLAIN of the list queries without them.
 *
 * And the default list order's index (desa, name, id) now carries the scope columns and the
 * name, so a deep page (offset) finds its ids by an index-only scan: at 300,000 households,
 * page 3,000 of the kabupaten took ~150–250 ms reading the table for every row it skipped,
 * ~25 ms from the index alone (needs the visibility map, kept by VACUUM after each import).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index if exists household_head_name_idx;
    drop index if exists household_desa_idx;
    drop index if exists household_desil_idx;
    drop index if exists household_desa_name_idx;
    create index household_desa_name_idx on household (desa_code, (lower(head_name) collate "C"), id)
      include (kabupaten_code, kecamatan_code, head_name);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index if exists household_desa_name_idx;
    create index household_desa_name_idx on household (desa_code, (lower(head_name) collate "C"), id);
    create index household_desa_idx on household (desa_code, id);
    create index household_desil_idx on household (desil, id);
    create index household_head_name_idx on household (lower(head_name) text_pattern_ops);
  `.execute(db);
}
