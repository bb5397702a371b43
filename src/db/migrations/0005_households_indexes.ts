import { type Kysely, sql } from 'kysely';

/**
 * Indexes for the household list (src/modules/households): one per sort order, each ending
 * in the id, so a page is an ordered index scan that stops after pageSize rows, at any
 * scope (names sort on lower(head_name) in the "C" collation, the same on every server);
 * a full-text index for the word-prefix name search; and a narrow covering index so that
 * counting a filtered list is an index-only scan instead of a read of the whole table.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index household_desa_name_idx on household (desa_code, (lower(head_name) collate "C"), id);
    create index household_name_sort_idx on household ((lower(head_name) collate "C"), id);
    create index household_desil_sort_idx on household ((coalesce(desil, 11)), (lower(head_name) collate "C"), id);
    create index household_updated_idx on household (updated_at, id);
    create index household_name_fts_idx on household using gin (to_tsvector('simple', head_name));
    create index household_count_idx on household (kecamatan_code, desa_code)
      include (kabupaten_code, desil, target_status, source, aid_bpnt, aid_bpum, aid_bst, aid_pkh, aid_sembako);
  `.execute(db);
}
