import { type Kysely, sql } from 'kysely';
import type { DB } from '../src/db/schema.js';
import type { ExternalRow } from '../src/modules/matching/exact.js';

/**
 * Synthetic registry and lists with known answers for the matching benchmark. Person i has
 * a deterministic, structurally valid NIK, birth date and name, computed identically in SQL
 * (registry) and in JS (the external list), so every row's true answer is known.
 */

const FIRST = [
  'Siti',
  'Ahmad',
  'Budi',
  'Sri',
  'Muhammad',
  'Dewi',
  'Agus',
  'Nur',
  'Eko',
  'Rina',
  'Joko',
  'Wati',
  'Slamet',
  'Yuli',
  'Hadi',
  'Sumarni',
  'Bambang',
  'Lestari',
  'Rohman',
  'Kartini',
  'Suparno',
  'Fatimah',
  'Sugeng',
  'Aminah',
  'Wahyu',
  'Indah',
  'Darmo',
  'Sulastri',
  'Imam',
  'Ratna',
  'Teguh',
  'Maryam',
  'Rudi',
  'Supriyati',
  'Hasan',
  'Ningsih',
  'Yanto',
  'Khotimah',
  'Bagus',
  'Umi',
];
const LAST = [
  'Santoso',
  'Wibowo',
  'Hidayat',
  'Rahayu',
  'Saputra',
  'Kurniawan',
  'Lestari',
  'Setiawan',
  'Purnomo',
  'Susanti',
  'Prasetyo',
  'Handayani',
  'Gunawan',
  'Wahyuni',
  'Nugroho',
  'Hartono',
  'Maulana',
  'Fauzi',
  'Yulianti',
  'Hakim',
  'Firmansyah',
  'Anggraini',
  'Suryadi',
  'Permana',
  'Utomo',
  'Rahman',
  'Sholeh',
  'Mustofa',
  'Zainal',
  'Hasanah',
  'Sutrisno',
  'Sulistyo',
  'Widodo',
  'Maesaroh',
  'Junaidi',
  'Aisyah',
  'Efendi',
  'Ridwan',
  'Safitri',
  'Munir',
  'Karim',
  'Jannah',
  'Syaiful',
  'Ismail',
  'Latifah',
  'Rosyid',
  'Mahmud',
  'Salim',
  'Kusuma',
  'Pratama',
];

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** Birth date parts of person i: 28 days × 12 months × 60 years, so (date, serial) is unique per i. */
function parts(i: number) {
  const day = 1 + (i % 28);
  const month = 1 + (Math.floor(i / 28) % 12);
  const year = 1950 + (Math.floor(i / 336) % 60);
  const serial = 1 + Math.floor(i / 20160);
  return { day, month, year, serial };
}

export function personNik(i: number): string {
  const p = parts(i);
  return `351306${pad(p.day, 2)}${pad(p.month, 2)}${pad(p.year % 100, 2)}${pad(p.serial, 4)}`;
}
export function personBirth(i: number): string {
  const p = parts(i);
  return `${p.year}-${pad(p.month, 2)}-${pad(p.day, 2)}`;
}
export function personName(i: number): string {
  return `${FIRST[(i * 7) % FIRST.length]} ${LAST[(i * 13) % LAST.length]}`;
}

/** The same three functions in SQL over a bigint `i`. */
const sqlDay = (i: string) => `(1 + ${i} % 28)`;
const sqlMonth = (i: string) => `(1 + (${i} / 28) % 12)`;
const sqlYear = (i: string) => `(1950 + (${i} / 336) % 60)`;
const sqlNik = (i: string) =>
  `'351306' || lpad(${sqlDay(i)}::text, 2, '0') || lpad(${sqlMonth(i)}::text, 2, '0') || lpad((${sqlYear(i)} % 100)::text, 2, '0') || lpad((1 + ${i} / 20160)::text, 4, '0')`;
const sqlBirth = (i: string) => `make_date(${sqlYear(i)}::int, ${sqlMonth(i)}::int, ${sqlDay(i)}::int)`;

/** Four members per household, households spread over every desa of the kabupaten (in SQL, no JS rows). */
export async function generateRegistry(db: Kysely<DB>, kabupatenCode: string, members: number): Promise<void> {
  const households = Math.ceil(members / 4);
  await sql`
    insert into household (kabupaten_code, kecamatan_code, desa_code, source, source_id, kk_number, head_name, head_nik, head_birth_date, row_hash, member_count)
    select r.parent_code_kab, r.parent_code, r.code, 'P3KE', 'H' || g, '3513060101' || lpad(g::text, 6, '0'),
      (${sql.val(FIRST)}::text[])[1 + (g * 4 * 7) % ${FIRST.length}] || ' ' || (${sql.val(LAST)}::text[])[1 + (g * 4 * 13) % ${LAST.length}],
      ${sql.raw(sqlNik('(g * 4)'))}, ${sql.raw(sqlBirth('(g * 4)'))}, md5(g::text), 4
    from generate_series(0, ${households - 1}::bigint) g
    join (select code, parent_code, ${kabupatenCode}::text as parent_code_kab, (row_number() over (order by code)) - 1 as idx,
            count(*) over () as n
          from region where level = 4 and code like ${`${kabupatenCode}.%`}) r on r.idx = g % r.n`.execute(db);
  await sql`
    insert into member (household_id, kabupaten_code, kecamatan_code, desa_code, source, source_id, nik, name, birth_date, row_hash)
    select h.id, h.kabupaten_code, h.kecamatan_code, h.desa_code, 'P3KE', 'M' || i, ${sql.raw(sqlNik('i'))},
      (${sql.val(FIRST)}::text[])[1 + (i * 7) % ${FIRST.length}] || ' ' || (${sql.val(LAST)}::text[])[1 + (i * 13) % ${LAST.length}],
      ${sql.raw(sqlBirth('i'))}, md5(i::text)
    from generate_series(0, ${members - 1}::bigint) i
    join household h on h.source = 'P3KE' and h.source_id = 'H' || (i / 4)`.execute(db);
}

/**
 * Records without NIK for the fuzzy run, each in a new one-member household of the same desa
 * as the person it copies: 90 % are a registry person with a changed name (a letter dropped,
 * changed or added, name parts swapped, a title) and the same birth date, or the same name and
 * a birth date one day off (which blocking on the birth date cannot find), the true pairs; 10 %
 * are other people (another name) born the same day, which must not be paired. The true
 * partner household id is kept in source_id ("D<j>:<household id>").
 */
export async function generateFuzzyRecords(db: Kysely<DB>, count: number, registryMembers: number): Promise<number> {
  const step = Math.max(1, Math.floor(registryMembers / count));
  await sql`
    create temp table fuzzy_src as
    select j, m.id as member_id, m.household_id, m.name,
      case when j % 10 = 8 then m.birth_date + 1 else m.birth_date end as birth_date, m.kabupaten_code, m.kecamatan_code, m.desa_code,
      case when j % 10 = 9 then 'Paimin Wiryo' || chr(65 + (j % 26)::int)
           when j % 10 = 8 then m.name
           when j % 5 = 0 then overlay(m.name placing '' from 3 for 1)
           when j % 5 = 1 then overlay(m.name placing 'y' from 4 for 1)
           when j % 5 = 2 then split_part(m.name, ' ', 2) || ' ' || split_part(m.name, ' ', 1)
           when j % 5 = 3 then overlay(m.name placing 'h' from 3 for 0)
           else 'H. ' || upper(m.name) end as dup_name,
      j % 10 <> 9 as is_pair
    from generate_series(0, ${count - 1}::bigint) j
    join member m on m.source = 'P3KE' and m.source_id = 'M' || ((j * ${step}) % ${registryMembers})`.execute(db);
  await sql`
    insert into household (kabupaten_code, kecamatan_code, desa_code, source, source_id, head_name, row_hash, member_count)
    select kabupaten_code, kecamatan_code, desa_code, 'MANUAL', 'D' || j || ':' || case when is_pair then household_id else 0 end, dup_name, md5('d' || j), 1
    from fuzzy_src`.execute(db);
  await sql`
    insert into member (household_id, kabupaten_code, kecamatan_code, desa_code, source, source_id, nik, name, birth_date, row_hash)
    select h.id, f.kabupaten_code, f.kecamatan_code, f.desa_code, 'MANUAL', 'DM' || f.j, null, f.dup_name, f.birth_date, md5('dm' || f.j)
    from fuzzy_src f join household h on h.source = 'MANUAL' and h.source_id = 'D' || f.j || ':' || case when f.is_pair then f.household_id else 0 end`.execute(
    db,
  );
  const r = await sql<{ n: number }>`select count(*)::int as n from fuzzy_src where is_pair`.execute(db);
  await sql`drop table fuzzy_src`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

/** Expected result of list row r (1-based) against a registry of `members` people. */
export function expectedResult(r: number): 'MATCHED' | 'MATCHED_DIFF' | 'NOT_FOUND' | 'INVALID' {
  if (r % 100 === 0) return 'INVALID';
  if (r % 10 === 1) return 'NOT_FOUND';
  if (r % 10 === 3) return 'MATCHED_DIFF';
  return 'MATCHED';
}

/** The external list, in batches: row r refers to person (r - 1) mod members. */
export async function* externalList(rows: number, members: number, batch = 10_000): AsyncGenerator<ExternalRow[]> {
  for (let start = 1; start <= rows; start += batch) {
    const out: ExternalRow[] = [];
    for (let r = start; r < Math.min(rows + 1, start + batch); r++) {
      const i = (r - 1) % members;
      const kind = expectedResult(r);
      let nik = personNik(i);
      let name = personName(i);
      let birthDate: string | null = personBirth(i);
      if (kind === 'INVALID') nik = '3.51306E+15';
      else if (kind === 'NOT_FOUND') nik = `${nik.slice(0, 12)}9${nik.slice(13)}`;
      else if (kind === 'MATCHED_DIFF') birthDate = `${Number(birthDate.slice(0, 4)) - 1}${birthDate.slice(4)}`;
      else if (r % 10 === 2) name = name.replace(/a/, 'o');
      out.push({ rowNumber: r, nik, kkNumber: null, name, birthDate, regionCode: null });
    }
    yield out;
  }
}
