import { type Kysely, sql } from 'kysely';

/**
 * Drop two member indexes of 0002 that no query uses:
 * - member_desa_idx (desa_code): members are never listed or scoped by their own region
 *   columns; every member read goes through its household (household_id) or its NIK.
 * - member_name_idx (lower(name) text_pattern_ops): the name search is on the household head
 *   (household_name_fts_idx, household_desa_name_idx); member names are only compared after a
 *   NIK or a (kecamatan, birth date) block has found the rows (pemadanan).
 * Each was rebuilt after every first load of a registry: 1.3 s and 1.7 s for 1,000,000 members
 * on PostgreSQL 15 (idle 2-core machine), a fifth of the index rebuild, and kept up on every
 * member write.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index if exists member_desa_idx;
    drop index if exists member_name_idx;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index member_desa_idx on member (desa_code);
    create index member_name_idx on member (lower(name) text_pattern_ops);
  `.execute(db);
}
