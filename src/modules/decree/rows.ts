import { type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { isKeyText } from '../../http/cursor-keys.js';
import { badRequest } from '../../http/errors.js';
import { type Actor, scopeWhere } from '../access/scope.js';
import { isTarget } from '../households/target.js';

/**
 * The households of a decree, read the same way whether they come from the live registry
 * (the draft: the current target households) or from a finalised decree's snapshot: totals
 * per kecamatan and desa, and a keyset-paged list in lampiran order (kecamatan, desa, head
 * name, household id), always limited to the reader's region scope.
 */

export type RowSource = { kind: 'draft'; kabupatenCode: string } | { kind: 'decree'; decreeId: number };

/** The columns every source yields, as one relation aliased `t`. */
export function sourceRelation(src: RowSource): RawBuilder<unknown> {
  if (src.kind === 'decree') {
    return sql`(select decree_id, household_id, kabupaten_code, kecamatan_code, desa_code, head_name, head_nik, kk_number,
      address, member_count, desil, source from decree_household where decree_id = ${src.decreeId}) as t`;
  }
  return sql`(select h.id as household_id, h.kabupaten_code, h.kecamatan_code, h.desa_code, h.head_name, h.head_nik,
      h.kk_number, h.address, h.member_count, h.desil, h.source
    from household h where h.kabupaten_code = ${src.kabupatenCode} and ${isTarget('h')}) as t`;
}

export interface DesaTotal {
  code: string;
  name: string;
  households: number;
  members: number;
}

export interface KecamatanTotal extends DesaTotal {
  desa: DesaTotal[];
}

export interface Totals {
  households: number;
  members: number;
  kecamatan: KecamatanTotal[];
}

/** Households and members per kecamatan and desa (in code order), within the reader's scope. */
export async function regionTotals(db: Kysely<DB>, actor: Actor, src: RowSource): Promise<Totals> {
  const { rows } = await sql<{
    kecamatan_code: string;
    kecamatan_name: string | null;
    desa_code: string;
    desa_name: string | null;
    households: number;
    members: number;
  }>`
    select g.kecamatan_code, k.name as kecamatan_name, g.desa_code, d.name as desa_name, g.households, g.members
    from (
      select t.kecamatan_code, t.desa_code, count(*)::int as households, coalesce(sum(t.member_count), 0)::int as members
      from ${sourceRelation(src)} where ${scopeWhere(actor, 't')}
      group by t.kecamatan_code, t.desa_code
    ) g
    left join region k on k.code = g.kecamatan_code
    left join region d on d.code = g.desa_code
    order by g.kecamatan_code, g.desa_code`.execute(db);
  const kecamatan: KecamatanTotal[] = [];
  for (const r of rows) {
    let kec = kecamatan.at(-1);
    if (!kec || kec.code !== r.kecamatan_code) {
      kec = { code: r.kecamatan_code, name: r.kecamatan_name ?? r.kecamatan_code, households: 0, members: 0, desa: [] };
      kecamatan.push(kec);
    }
    const households = Number(r.households);
    const members = Number(r.members);
    kec.households += households;
    kec.members += members;
    kec.desa.push({ code: r.desa_code, name: r.desa_name ?? r.desa_code, households, members });
  }
  return {
    households: kecamatan.reduce((n, k) => n + k.households, 0),
    members: kecamatan.reduce((n, k) => n + k.members, 0),
    kecamatan,
  };
}

export interface DecreeRow {
  householdId: number;
  kecamatanCode: string;
  kecamatanName: string;
  desaCode: string;
  desaName: string;
  headName: string;
  headNik: string | null;
  kkNumber: string | null;
  address: string | null;
  memberCount: number;
  desil: number | null;
  source: string;
}

interface RawRow {
  household_id: number | string;
  kecamatan_code: string;
  kecamatan_name: string | null;
  desa_code: string;
  desa_name: string | null;
  head_name: string;
  head_nik: string | null;
  kk_number: string | null;
  address: string | null;
  member_count: number;
  desil: number | null;
  source: string;
  k2: string;
}

export interface RowFilter {
  kecamatan?: string | undefined;
  desa?: string | undefined;
  /** Extra condition on `t` (e.g. the diff's anti-join). */
  where?: RawBuilder<SqlBool>;
}

/** Cursor keys: kecamatan, desa, lower(head name), household id. */
export type RowKeys = [string, string, string, string];

const ORDER = sql`t.kecamatan_code, t.desa_code, lower(t.head_name) collate "C", t.household_id`;

/** One batch of rows after `keys` in lampiran order (an ordered index scan on a decree). */
export async function selectRows(
  db: Kysely<DB>,
  actor: Actor,
  src: RowSource,
  f: RowFilter,
  keys: RowKeys | undefined,
  limit: number,
): Promise<{ rows: DecreeRow[]; last: RowKeys | undefined }> {
  const conds: RawBuilder<SqlBool>[] = [scopeWhere(actor, 't')];
  if (f.kecamatan) conds.push(sql<SqlBool>`t.kecamatan_code = ${f.kecamatan}`);
  if (f.desa) conds.push(sql<SqlBool>`t.desa_code = ${f.desa}`);
  if (f.where) conds.push(f.where);
  if (keys) {
    conds.push(sql<SqlBool>`(${ORDER}) > (${keys[0]}, ${keys[1]}, ${keys[2]} collate "C", ${keys[3]}::bigint)`);
  }
  // The page is cut from the source alone (an ordered index scan that stops after `limit` rows
  // on a decree), and only then joined to the region names.
  const { rows } = await sql<RawRow>`
    select p.*, k.name as kecamatan_name, d.name as desa_name
    from (
      select t.household_id, t.kecamatan_code, t.desa_code, t.head_name, t.head_nik, t.kk_number, t.address, t.member_count,
        t.desil, t.source, lower(t.head_name) collate "C" as k2
      from ${sourceRelation(src)}
      where ${sql.join(conds, sql` and `)}
      order by ${ORDER}
      limit ${limit}
    ) p
    left join region k on k.code = p.kecamatan_code
    left join region d on d.code = p.desa_code
    order by p.kecamatan_code, p.desa_code, p.k2, p.household_id`.execute(db);
  const out = rows.map((r) => ({
    householdId: Number(r.household_id),
    kecamatanCode: r.kecamatan_code,
    kecamatanName: r.kecamatan_name ?? r.kecamatan_code,
    desaCode: r.desa_code,
    desaName: r.desa_name ?? r.desa_code,
    headName: r.head_name,
    headNik: r.head_nik,
    kkNumber: r.kk_number,
    address: r.address,
    memberCount: Number(r.member_count),
    desil: r.desil === null ? null : Number(r.desil),
    source: r.source,
  }));
  const l = rows.at(-1);
  return { rows: out, last: l ? [l.kecamatan_code, l.desa_code, l.k2, String(l.household_id)] : undefined };
}

/** Every row in lampiran order, fetched in keyset batches (memory stays flat at any size). */
export async function* iterateRows(
  db: Kysely<DB>,
  actor: Actor,
  src: RowSource,
  f: RowFilter,
  batchSize = 5000,
): AsyncGenerator<DecreeRow> {
  let keys: RowKeys | undefined;
  for (;;) {
    const { rows, last } = await selectRows(db, actor, src, f, keys, batchSize);
    yield* rows;
    if (rows.length < batchSize || !last) return;
    keys = last;
  }
}

export function encodeCursor(keys: RowKeys): string {
  return Buffer.from(JSON.stringify(keys)).toString('base64url');
}

export function decodeCursor(cursor: string): RowKeys {
  let keys: unknown;
  try {
    keys = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    keys = null;
  }
  if (!Array.isArray(keys) || keys.length !== 4 || !keys.every((k) => isKeyText(k)) || !/^\d{1,18}$/.test(keys[3] as string)) {
    throw badRequest('INVALID_CURSOR', 'Penanda halaman tidak valid', 'The page cursor is invalid');
  }
  return keys as RowKeys;
}
