import { type Kysely, sql } from 'kysely';

/**
 * PINDAH to outside the kabupaten: the operator names the place in words ("Kota Malang",
 * "Batam, Kepri") instead of another kabupaten's desa code it does not know (issue 21).
 * A move within the kabupaten keeps its desa code; this column is for the other case.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table verval add column destination_place text`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table verval drop column destination_place`.execute(db);
}
