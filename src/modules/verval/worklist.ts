import { type SqlBool, sql } from 'kysely';
import { isKeyInteger, isKeyText } from '../../http/cursor-keys.js';
import { badRequest, notFound } from '../../http/errors.js';
import type { ServiceContext } from '../../service-context.js';
import { identifierMasker } from '../access/privacy.js';
import { type Actor, assertRegionInScope, regionLevel } from '../access/scope.js';
import { dusunOf, rtOf } from '../households/address.js';
import { isIdentifierQuery, namePrefixQuery } from '../households/filters.js';
import { householdMatchFlags } from '../matching/status.js';
import { getPeriod } from '../organisation/periods.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { OUTCOMES } from './outcome.js';

/** The desa worklist (not yet visited first) and progress per desa, kecamatan and kabupaten, in set-based SQL. */

export interface WorklistQuery {
  desaCode: string;
  /** Name words (prefix match, any order) or a 16-digit NIK / No KK. */
  q?: string | undefined;
  /** Cursor from the previous page's `nextCursor`. */
  after?: string | undefined;
  pageSize: number;
  /** Extreme-poor households only (target status MISKIN_EKSTREM). */
  extreme?: boolean | undefined;
  /** Not yet visited (no outcome recorded) or returned by the reviewer. */
  visit?: WorklistVisit | undefined;
  /** Dusun and RT as the address names them (see households/address.ts). */
  dusun?: string | undefined;
  rt?: string | undefined;
}

export const WORKLIST_VISITS = ['UNVISITED', 'RETURNED'] as const;
export type WorklistVisit = (typeof WORKLIST_VISITS)[number];

/** Returned ones first (the reviewer's comment needs fixing), then not yet visited, then the rest. */
const bucket = sql<number>`case when v.status = 'RETURNED' then 0 when v.outcome is null then 1 else 2 end`;

type Cursor = [number, string, number];

/** The search condition on `household h`: a 16-digit identifier (head NIK, No KK, a member's NIK) or name words. */
function searchCondition(q: string | undefined) {
  const text = q?.trim();
  if (!text) return null;
  if (isIdentifierQuery(text)) {
    return sql<SqlBool>`(h.head_nik = ${text} or h.kk_number = ${text}
      or exists (select 1 from member m where m.household_id = h.id and m.nik = ${text}))`;
  }
  const tsquery = namePrefixQuery(text);
  return tsquery ? sql<SqlBool>`to_tsvector('simple', h.head_name) @@ to_tsquery('simple', ${tsquery})` : null;
}

const DUSUN = dusunOf('h');
const RT = rtOf('h');

/** The worklist filters as SQL conditions on `household h` left-joined to `verval v`. */
function filterConditions(q: WorklistQuery) {
  const where = [];
  if (q.extreme) where.push(sql<SqlBool>`h.target_status = 'MISKIN_EKSTREM'`);
  if (q.visit === 'UNVISITED') where.push(sql<SqlBool>`v.outcome is null`);
  if (q.visit === 'RETURNED') where.push(sql<SqlBool>`v.status = 'RETURNED'`);
  if (q.dusun) where.push(sql<SqlBool>`${DUSUN} = ${q.dusun.toUpperCase()}`);
  if (q.rt) where.push(sql<SqlBool>`${RT} = ${q.rt.padStart(3, '0')}`);
  return where;
}

/**
 * One page of a desa's worklist in keyset order (returned, not visited, the rest; then name
 * and id), with totals for the whole desa and the number matching the search.
 */
export async function worklist(
  { db, kabupatenCode }: Pick<ServiceContext, 'db' | 'kabupatenCode'>,
  actor: Actor,
  periodId: number,
  q: WorklistQuery,
) {
  await getPeriod(db, kabupatenCode, periodId);
  if (regionLevel(q.desaCode) !== 4) throw badRequest('DESA_REQUIRED', 'Pilih satu desa', 'Choose one desa', { field: 'desa' });
  assertRegionInScope(actor, q.desaCode);
  const mask = identifierMasker(actor);
  const base = db
    .selectFrom('household as h')
    .leftJoin('verval as v', (j) => j.onRef('v.household_id', '=', 'h.id').on('v.period_id', '=', periodId))
    .where('h.desa_code', '=', q.desaCode);
  const search = searchCondition(q.q);
  const conditions = [...(search ? [search] : []), ...filterConditions(q)];
  const matching = conditions.reduce((b, c) => b.where(c), base);
  let page = matching;
  if (q.after) {
    const [b, name, id] = decodeCursor<Cursor>(
      q.after,
      (c) => c.length === 3 && isKeyInteger(c[0]) && isKeyText(c[1]) && isKeyInteger(c[2], true),
    );
    page = page.where(sql<SqlBool>`(${bucket}, h.head_name, h.id) > (${b}::int, ${name}, ${id}::bigint)`);
  }
  const facets = db
    .selectFrom('household as h')
    .where('h.desa_code', '=', q.desaCode)
    .select([DUSUN.as('dusun'), RT.as('rt')])
    .distinct();
  const [rows, totals, matched, present] = await Promise.all([
    page
      .select([
        'h.id',
        'h.head_name',
        'h.head_nik',
        'h.kk_number',
        'h.address',
        'h.target_status',
        'h.member_count',
        'h.desil',
        DUSUN.as('dusun'),
        RT.as('rt'),
        'v.id as verval_id',
        'v.status',
        'v.outcome',
        'v.version',
        'v.updated_at',
        'v.review_comment',
        bucket.as('bucket'),
      ])
      .orderBy(bucket)
      .orderBy('h.head_name')
      .orderBy('h.id')
      .limit(q.pageSize + 1)
      .execute(),
    base.select((eb) => [eb.fn.countAll<number>().as('total'), sql<number>`count(v.outcome)::int`.as('visited')]).executeTakeFirstOrThrow(),
    conditions.length ? matching.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow() : null,
    facets.execute(),
  ]);
  const distinct = (values: (string | null)[]) =>
    [...new Set(values.filter((v): v is string => v !== null))].sort((a, b) => a.localeCompare(b, 'id'));
  const more = rows.length > q.pageSize;
  const items = more ? rows.slice(0, q.pageSize) : rows;
  const last = items.at(-1);
  const flags = await householdMatchFlags(
    db,
    items.map((r) => Number(r.id)),
  );
  return {
    desaCode: q.desaCode,
    pageSize: q.pageSize,
    total: Number(totals.total),
    visited: Number(totals.visited),
    matching: matched ? Number(matched.n) : Number(totals.total),
    /** The dusun and RT the desa's addresses name, for the filters (empty when the addresses do not say). */
    dusuns: distinct(present.map((r) => r.dusun)),
    rts: distinct(present.map((r) => r.rt)),
    nextCursor: more && last ? encodeCursor([Number(last.bucket), last.head_name, Number(last.id)]) : null,
    items: items.map((r) => ({
      householdId: r.id,
      headName: r.head_name,
      headNik: mask(r.head_nik, q.desaCode),
      kkNumber: mask(r.kk_number, q.desaCode),
      address: r.address,
      targetStatus: r.target_status,
      desil: r.desil,
      dusun: r.dusun,
      rt: r.rt,
      memberCount: r.member_count,
      visited: r.outcome !== null,
      /** Pemadanan: open candidate pairs ("kemungkinan ganda") and pairs decided as a duplicate of another household. */
      possibleDuplicate: flags.get(Number(r.id)) ?? null,
      verval:
        r.verval_id === null
          ? null
          : {
              id: r.verval_id,
              status: r.status!,
              outcome: r.outcome,
              version: r.version!,
              updatedAt: new Date(r.updated_at!).toISOString(),
              reviewComment: r.status === 'RETURNED' ? r.review_comment : null,
            },
    })),
  };
}

export interface ProgressRow {
  code: string;
  name: string;
  households: number;
  visited: number;
  approved: number;
  remaining: number;
  outcomes: Record<string, number>;
}

interface RawProgress {
  code: string;
  name: string;
  households: number;
  visited: number;
  approved: number;
  [outcome: string]: string | number;
}

const COLUMN_OF_LEVEL: Record<number, string> = { 2: 'kabupaten_code', 3: 'kecamatan_code', 4: 'desa_code' };

/**
 * Progress of a region (kabupaten, kecamatan or desa) and of each of its child regions:
 * households, visited (an outcome recorded), per outcome, approved and remaining.
 */
export async function progress(
  { db, kabupatenCode }: Pick<ServiceContext, 'db' | 'kabupatenCode'>,
  actor: Actor,
  periodId: number,
  regionCode: string,
) {
  await getPeriod(db, kabupatenCode, periodId);
  assertRegionInScope(actor, regionCode);
  const region = await db.selectFrom('region').select(['code', 'name', 'level']).where('code', '=', regionCode).executeTakeFirst();
  if (!region || !COLUMN_OF_LEVEL[region.level]) throw notFound('Wilayah');
  const own = sql.ref(`h.${COLUMN_OF_LEVEL[region.level]}`);
  const childLevel = region.level + 1;
  const child = COLUMN_OF_LEVEL[childLevel] ? sql.ref(`h.${COLUMN_OF_LEVEL[childLevel]}`) : null;
  const perOutcome = sql.join(OUTCOMES.map((o) => sql`count(*) filter (where v.outcome = ${o})::int as ${sql.ref(o)}`));
  const aggregate = (group: typeof own) => sql<RawProgress>`
    select ${group} as code,
           count(*)::int as households,
           count(v.outcome)::int as visited,
           count(*) filter (where v.status = 'APPROVED')::int as approved,
           ${perOutcome}
      from household h
      left join verval v on v.household_id = h.id and v.period_id = ${periodId}
     where ${own} = ${regionCode}
     group by ${group}`;
  const shape = (r: RawProgress | undefined, code: string, name: string): ProgressRow => {
    const households = Number(r?.households ?? 0);
    const visited = Number(r?.visited ?? 0);
    return {
      code,
      name,
      households,
      visited,
      approved: Number(r?.approved ?? 0),
      remaining: households - visited,
      outcomes: Object.fromEntries(OUTCOMES.map((o) => [o, Number(r?.[o] ?? 0)])),
    };
  };
  const total = (await aggregate(own).execute(db)).rows[0];
  let children: ProgressRow[] = [];
  if (child) {
    const [rows, regions] = await Promise.all([
      aggregate(child).execute(db),
      db.selectFrom('region').select(['code', 'name']).where('parent_code', '=', regionCode).orderBy('code').execute(),
    ]);
    const byCode = new Map(rows.rows.map((r) => [r.code, r]));
    children = regions.map((r) => shape(byCode.get(r.code), r.code, r.name));
  }
  return { periodId, region: shape(total, region.code, region.name), children };
}
