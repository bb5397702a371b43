import { type Kysely, sql } from 'kysely';

/**
 * The schedule gains the penetapan stage (the SK Bupati, after the musdes and before the
 * pendampingan): the stage kinds' check admits it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
    alter table stage drop constraint stage_kind_check;
    alter table stage add constraint stage_kind_check
      check (kind in ('sosialisasi', 'verval', 'musdes', 'penetapan', 'pendampingan'));
  `)
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
    alter table stage drop constraint stage_kind_check;
    alter table stage add constraint stage_kind_check check (kind in ('sosialisasi', 'verval', 'musdes', 'pendampingan'));
  `)
    .execute(db);
}
