import { type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { notFound } from '../../http/errors.js';
import { type Actor, assertRegionFilter, regionLevel } from '../access/scope.js';
import { type AID_PROGRAMS, andAll, filterConditions, type HouseholdFilters, isIdentifierQuery, namePrefixQuery } from './filters.js';
import { afterKeys, decodeCursor, encodeCursor, keySelections, keysOf, orderBy, type SortOrder } from './keyset.js';

/**
 * Reading the household registry: the filtered, sorted, paged list, and the rows behind an
 * export. Every query carries the actor's region scope (scopeWhere) and every region the
 * client names is checked first: out of scope is 404, exactly like a missing region.
 */

export type AidFlags = Record<(typeof AID_PROGRAMS)[number], boolean>;

/** A list row as read, before identifiers are masked for the viewer. */
export interface HouseholdListRow {
  id: number;
  desaCode: string;
  desaName: string | null;
  kecamatanCode: string;
  kecamatanName: string | null;
  headName: string;
  headNik: string | null;
  kkNumber: string | null;
  address: string | null;
  desil: number | null;
  targetStatus: string;
  source: string;
  memberCount: number;
  aid: AidFlags;
  updatedAt: Date;
}

const LEVEL_OF_PARAM = { kecamatan: 3, desa: 4 } as const;

/**
 * A region named in a filter must exist at the right level and overlap the actor's scope:
 * inside it, or containing it (an operator desa filtering by their own kecamatan still sees
 * only their desa, because every query is scoped). Anything else is the same 404.
 */
export async function assertFilterRegions(db: Kysely<DB>, actor: Actor, f: HouseholdFilters): Promise<void> {
  for (const param of ['kecamatan', 'desa'] as const) {
    const code = f[param];
    if (!code) continue;
    assertRegionFilter(actor, code);
    if (regionLevel(code) !== LEVEL_OF_PARAM[param]) throw notFound('Wilayah');
    const region = await db.selectFrom('region').select('level').where('code', '=', code).executeTakeFirst();
    if (region?.level !== LEVEL_OF_PARAM[param]) throw notFound('Wilayah');
  }
}

/** Households whose head NIK, No KK or any member's NIK is exactly `identifier` (scope applied later). */
async function householdsByIdentifier(db: Kysely<DB>, identifier: string): Promise<number[]> {
  const rows = await sql<{ id: number }>`
    select id from household where head_nik = ${identifier} or kk_number = ${identifier}
    union
    select household_id as id from member where nik = ${identifier}
    limit 1000
  `.execute(db);
  return rows.rows.map((r) => Number(r.id));
}

/** All conditions of a filter for `household h`, resolving an identifier search first. */
export async function buildWhere(db: Kysely<DB>, actor: Actor, f: HouseholdFilters): Promise<RawBuilder<SqlBool>> {
  const ids = f.q && isIdentifierQuery(f.q) ? await householdsByIdentifier(db, f.q) : undefined;
  return andAll(filterConditions(actor, f, ids));
}

const listColumns = sql`
  h.id, h.desa_code, d.name as desa_name, h.kecamatan_code, k.name as kecamatan_name,
  h.head_name, h.head_nik, h.kk_number, h.address, h.desil, h.target_status, h.source, h.member_count,
  h.aid_bpnt, h.aid_bpum, h.aid_bst, h.aid_pkh, h.aid_sembako, h.updated_at`;

interface ListRecord {
  id: number;
  desa_code: string;
  desa_name: string | null;
  kecamatan_code: string;
  kecamatan_name: string | null;
  head_name: string;
  head_nik: string | null;
  kk_number: string | null;
  address: string | null;
  desil: number | null;
  target_status: string;
  source: string;
  member_count: number;
  aid_bpnt: boolean;
  aid_bpum: boolean;
  aid_bst: boolean;
  aid_pkh: boolean;
  aid_sembako: boolean;
  updated_at: Date;
  [key: `k${number}`]: string;
}

function toListRow(r: ListRecord): HouseholdListRow {
  return {
    id: Number(r.id),
    desaCode: r.desa_code,
    desaName: r.desa_name,
    kecamatanCode: r.kecamatan_code,
    kecamatanName: r.kecamatan_name,
    headName: r.head_name,
    headNik: r.head_nik,
    kkNumber: r.kk_number,
    address: r.address,
    desil: r.desil,
    targetStatus: r.target_status,
    source: r.source,
    memberCount: r.member_count,
    aid: { bpnt: r.aid_bpnt, bpum: r.aid_bpum, bst: r.aid_bst, pkh: r.aid_pkh, sembako: r.aid_sembako },
    updatedAt: new Date(r.updated_at),
  };
}

/**
 * One ordered slice of the filtered households, with the keys to continue after it. A page
 * after an offset first finds its ids along the sort's index (the rows it skips are neither
 * read whole nor joined to their region names), then reads just those rows.
 */
async function selectPage<R extends { [key: `k${number}`]: string }>(
  db: Kysely<DB>,
  columns: RawBuilder<unknown>,
  where: RawBuilder<SqlBool>,
  so: SortOrder,
  limit: number,
  offset: number,
): Promise<R[]> {
  const rows =
    offset > 0
      ? sql`(select h.id from household h where ${where} order by ${orderBy(so)} limit ${limit} offset ${offset}) p
            join household h on h.id = p.id`
      : sql`household h`;
  const result = await sql<R>`
    select ${columns}, ${sql.join(keySelections(so))}
    from ${rows}
    left join region d on d.code = h.desa_code
    left join region k on k.code = h.kecamatan_code
    where ${offset > 0 ? sql`true` : where}
    order by ${orderBy(so)}
    limit ${limit}
  `.execute(db);
  return result.rows;
}

/** The household columns behind listColumns and every sort key (keyset.ts), for a materialised search. */
const searchedColumns = sql`
  h.id, h.desa_code, h.kecamatan_code, h.head_name, h.head_nik, h.kk_number, h.address, h.desil,
  h.target_status, h.source, h.member_count, h.aid_bpnt, h.aid_bpum, h.aid_bst, h.aid_pkh, h.aid_sembako, h.updated_at`;

/**
 * A page and the total of a name search with few matches, in one statement: every household
 * matching `where` is read through the name index first (materialised), then counted, sorted
 * and paged. Without this the planner may instead walk the sort index testing each household's
 * name until it has a page, taking the matches to be spread evenly over the sort order:
 * "siti" (2,075 of 300,000 households) took 50–80 ms that way, and a name found only in the
 * last kecamatan would walk nearly the whole index. `after` is a cursor's condition.
 */
async function selectSearchPage(
  db: Kysely<DB>,
  where: RawBuilder<SqlBool>,
  after: RawBuilder<SqlBool> | undefined,
  so: SortOrder,
  limit: number,
  offset: number,
): Promise<{ rows: ListRecord[]; total: number }> {
  const result = await sql<ListRecord & { matched: number }>`
    with m as materialized (select ${searchedColumns} from household h where ${where})
    select ${listColumns}, ${sql.join(keySelections(so))}, (select count(*) from m)::int as matched
    from (select * from m h where ${after ?? sql`true`} order by ${orderBy(so)} limit ${limit} offset ${offset}) h
    left join region d on d.code = h.desa_code
    left join region k on k.code = h.kecamatan_code
    order by ${orderBy(so)}
  `.execute(db);
  const first = result.rows[0];
  if (first) return { rows: result.rows, total: Number(first.matched) };
  // No row to carry the total: nothing matches, or the page is past the end.
  return { rows: [], total: after || offset > 0 ? await exactCount(db, where) : 0 };
}

/**
 * A name search the planner expects to match at most this many households is paged by
 * selectSearchPage; a more common name is paged like any other filter (walking the sort
 * index finds a page soon when matches are that dense).
 */
export const SEARCH_MATERIALISED_UP_TO = 5_000;

/**
 * The exact number of households matching `where`. household_count_idx covers every filter
 * column except the name search, so the count is an index-only scan of a narrow index
 * instead of a read of the whole table. PostgreSQL's default random_page_cost (4, tuned for
 * spinning disks) makes the planner prefer a sequential scan of the table, about twice as
 * slow at 300,000 households; the SSD value 1.1, set for this statement only, lets it pick
 * the index.
 */
async function exactCount(db: Kysely<DB>, where: RawBuilder<SqlBool>): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await sql`set local random_page_cost = 1.1`.execute(trx);
    const r = await sql<{ n: number }>`select count(*)::int as n from household h where ${where}`.execute(trx);
    return Number(r.rows[0]?.n ?? 0);
  });
}

/** The planner's estimate of the households matching `where` (from the statistics VACUUM ANALYZE keeps). */
async function estimatedCount(db: Kysely<DB>, where: RawBuilder<SqlBool>): Promise<number> {
  const r = await sql<Record<string, unknown>>`explain (format json) select 1 from household h where ${where}`.execute(db);
  const raw = Object.values(r.rows[0] ?? {})[0];
  const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Array<{ Plan?: { 'Plan Rows'?: number } }> | undefined;
  return Number(plan?.[0]?.Plan?.['Plan Rows'] ?? 0);
}

/** From this many households (estimated) a list's total is the planner's estimate, shown as "± n". */
export const APPROXIMATE_TOTAL_FROM = 50_000;

/**
 * Filters whose estimate is reliable: equality on the region columns and on the few values of
 * desil, status and source (per-column statistics). Name searches and aid combinations are
 * always counted exactly, since an estimate of them can be far off.
 */
function estimable(f: HouseholdFilters): boolean {
  return !f.q && !f.aid && f.noAid === undefined;
}

/**
 * The total of a list. Counting 300,000 households exactly costs tens of milliseconds on every
 * page, so a large region-wide list (≥ approximateFrom by the planner's estimate, which after
 * the import's ANALYZE is within a few percent) reports that estimate, rounded to hundreds and
 * flagged approximate; every smaller or searched list is counted exactly.
 */
async function countHouseholds(
  db: Kysely<DB>,
  where: RawBuilder<SqlBool>,
  f: HouseholdFilters,
  approximateFrom: number,
): Promise<{ total: number; approximate: boolean }> {
  if (estimable(f)) {
    const estimate = await estimatedCount(db, where);
    if (estimate >= approximateFrom) return { total: Math.max(100, Math.round(estimate / 100) * 100), approximate: true };
  }
  return { total: await exactCount(db, where), approximate: false };
}

export interface ListQuery {
  page: number;
  pageSize: number;
  cursor?: string | undefined;
  /** See countHouseholds; APPROXIMATE_TOTAL_FROM unless given. */
  approximateFrom?: number;
  /** See selectSearchPage; SEARCH_MATERIALISED_UP_TO unless given. */
  searchMaterialisedUpTo?: number;
}

export interface HouseholdPage {
  items: HouseholdListRow[];
  /** Households matching the filters; an estimate rounded to hundreds when totalApproximate. */
  total: number;
  totalApproximate: boolean;
  page: number;
  pageSize: number;
  /** Pass as `cursor` to get the rows after this page without an offset (keyset paging). */
  nextCursor: string | null;
}

/** The list: one page plus the exact total of the filtered, scoped households. */
export async function listHouseholds(
  db: Kysely<DB>,
  actor: Actor,
  f: HouseholdFilters,
  so: SortOrder,
  q: ListQuery,
): Promise<HouseholdPage> {
  await assertFilterRegions(db, actor, f);
  const base = await buildWhere(db, actor, f);
  const after = q.cursor ? afterKeys(so, decodeCursor(so, q.cursor)) : undefined;
  const offset = q.cursor ? 0 : (q.page - 1) * q.pageSize;
  const nameSearch = f.q !== undefined && !isIdentifierQuery(f.q) && namePrefixQuery(f.q) !== null;
  const [rows, count] =
    nameSearch && (await estimatedCount(db, base)) <= (q.searchMaterialisedUpTo ?? SEARCH_MATERIALISED_UP_TO)
      ? await selectSearchPage(db, base, after, so, q.pageSize + 1, offset).then(
          (p) => [p.rows, { total: p.total, approximate: false }] as const,
        )
      : // On PostgreSQL the page and the count run on two pooled connections at once.
        await Promise.all([
          selectPage<ListRecord>(db, listColumns, after ? andAll([base, after]) : base, so, q.pageSize + 1, offset),
          countHouseholds(db, base, f, q.approximateFrom ?? APPROXIMATE_TOTAL_FROM),
        ]);
  const more = rows.length > q.pageSize;
  const items = rows.slice(0, q.pageSize);
  const last = items.at(-1);
  return {
    items: items.map(toListRow),
    total: count.total,
    totalApproximate: count.approximate,
    page: q.page,
    pageSize: q.pageSize,
    nextCursor: more && last ? encodeCursor(so, keysOf(last, so)) : null,
  };
}

/** Every column an export carries, per household. */
export interface HouseholdExportRow extends HouseholdListRow {
  kabupatenCode: string;
  sourceId: string;
  headSex: string | null;
  headBirthDate: string | null;
  houseOwnership: string | null;
  roofType: string | null;
  wallType: string | null;
  floorType: string | null;
  lighting: string | null;
  cookingFuel: string | null;
  drinkingWater: string | null;
  toilet: string | null;
  hasSavings: boolean | null;
  stuntingRisk: boolean;
  dataYear: number | null;
  edition: string | null;
}

const exportColumns = sql`${listColumns},
  h.kabupaten_code, h.source_id, h.head_sex, to_char(h.head_birth_date, 'YYYY-MM-DD') as head_birth_date,
  h.house_ownership, h.roof_type, h.wall_type, h.floor_type, h.lighting, h.cooking_fuel, h.drinking_water,
  h.toilet, h.has_savings, h.stunting_risk, h.data_year, h.edition`;

interface ExportRecord extends ListRecord {
  kabupaten_code: string;
  source_id: string;
  head_sex: string | null;
  head_birth_date: string | null;
  house_ownership: string | null;
  roof_type: string | null;
  wall_type: string | null;
  floor_type: string | null;
  lighting: string | null;
  cooking_fuel: string | null;
  drinking_water: string | null;
  toilet: string | null;
  has_savings: boolean | null;
  stunting_risk: boolean;
  data_year: number | null;
  edition: string | null;
}

/**
 * The filtered households in list order, fetched in keyset batches (PGlite has no server-side
 * cursors; keyset batches also never hold a transaction open while the client downloads).
 * Call assertFilterRegions before starting a response.
 */
export async function* iterateHouseholds(
  db: Kysely<DB>,
  actor: Actor,
  f: HouseholdFilters,
  so: SortOrder,
  batchSize = 5000,
): AsyncGenerator<HouseholdExportRow> {
  const base = await buildWhere(db, actor, f);
  let keys: string[] | undefined;
  for (;;) {
    const where = keys ? andAll([base, afterKeys(so, keys)]) : base;
    const rows = await selectPage<ExportRecord>(db, exportColumns, where, so, batchSize, 0);
    for (const r of rows) {
      yield {
        ...toListRow(r),
        kabupatenCode: r.kabupaten_code,
        sourceId: r.source_id,
        headSex: r.head_sex,
        headBirthDate: r.head_birth_date,
        houseOwnership: r.house_ownership,
        roofType: r.roof_type,
        wallType: r.wall_type,
        floorType: r.floor_type,
        lighting: r.lighting,
        cookingFuel: r.cooking_fuel,
        drinkingWater: r.drinking_water,
        toilet: r.toilet,
        hasSavings: r.has_savings,
        stuntingRisk: r.stunting_risk,
        dataYear: r.data_year,
        edition: r.edition,
      };
    }
    const last = rows.at(-1);
    if (rows.length < batchSize || !last) return;
    keys = keysOf(last, so);
  }
}
