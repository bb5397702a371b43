import { type Kysely, sql } from 'kysely';

/**
 * NIK, No KK and source ids compared byte by byte (COLLATE "C") instead of by the database's
 * locale. They are digit and letter codes, never sorted for people to read, and equal or not
 * equally under either collation; but a locale collation (the Debian server's C.UTF-8 is one)
 * makes every comparison a strcoll call and rules out abbreviated sort keys, and a first load
 * sorts a million of them to build its indexes. Measured on PostgreSQL 15 with the benchmark's
 * 1,006,842 members: member_nik_idx 0.72–0.80 s → 0.56–0.60 s, the member (source, source_id)
 * key 0.41–0.50 s → 0.36–0.38 s.
 *
 * Every column of these identifiers changes together, so joins between them (pemadanan lists,
 * aid recipient lists, the decree's snapshot) compare in one collation and keep using their
 * indexes; a text value of the default collation compared with one of them takes theirs.
 */
const COLUMNS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['household', ['head_nik', 'kk_number', 'source_id']],
  ['member', ['nik', 'source_id']],
  ['aid_import_row', ['nik', 'kk_number']],
  ['decree_household', ['head_nik', 'kk_number']],
  ['match_list_row', ['nik', 'kk_number']],
];

const alter = (collation: string) =>
  COLUMNS.map(
    ([table, columns]) => `alter table ${table} ${columns.map((c) => `alter column ${c} type text collate ${collation}`).join(', ')};`,
  ).join('\n');

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(alter('"C"')).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw(alter('"default"')).execute(db);
}
