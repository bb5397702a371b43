import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { badRequest, notFound } from '../../http/errors.js';
import { identifierMasker } from '../access/privacy.js';
import { type Actor, assertRegionInScope, regionLevel } from '../access/scope.js';
import { getPeriod } from '../organisation/periods.js';
import { OUTCOMES } from './outcome.js';

/** The desa worklist (not yet visited first) and progress per desa, kecamatan and kabupaten, in set-based SQL. */

export interface WorklistQuery {
  desaCode: string;
  page: number;
  pageSize: number;
}

export async function worklist(db: Kysely<DB>, kabupatenCode: string, actor: Actor, periodId: number, q: WorklistQuery) {
  await getPeriod(db, kabupatenCode, periodId);
  if (regionLevel(q.desaCode) !== 4) throw badRequest('DESA_REQUIRED', 'Pilih satu desa', 'Choose one desa', { field: 'desa' });
  assertRegionInScope(actor, q.desaCode);
  const mask = identifierMasker(actor);
  const base = db
    .selectFrom('household as h')
    .leftJoin('verval as v', (j) => j.onRef('v.household_id', '=', 'h.id').on('v.period_id', '=', periodId))
    .where('h.desa_code', '=', q.desaCode);
  const [rows, totals] = await Promise.all([
    base
      .select([
        'h.id',
        'h.head_name',
        'h.head_nik',
        'h.kk_number',
        'h.address',
        'h.target_status',
        'h.member_count',
        'v.id as verval_id',
        'v.status',
        'v.outcome',
        'v.version',
        'v.updated_at',
      ])
      // Not yet visited first, then returned ones (they need another visit), then the rest.
      .orderBy(sql`case when v.outcome is null then 0 when v.status = 'RETURNED' then 1 else 2 end`)
      .orderBy('h.head_name')
      .orderBy('h.id')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select((eb) => [eb.fn.countAll<number>().as('total'), sql<number>`count(v.outcome)::int`.as('visited')]).executeTakeFirstOrThrow(),
  ]);
  return {
    desaCode: q.desaCode,
    page: q.page,
    pageSize: q.pageSize,
    total: Number(totals.total),
    visited: Number(totals.visited),
    items: rows.map((r) => ({
      householdId: r.id,
      headName: r.head_name,
      headNik: mask(r.head_nik, q.desaCode),
      kkNumber: mask(r.kk_number, q.desaCode),
      address: r.address,
      targetStatus: r.target_status,
      memberCount: r.member_count,
      visited: r.outcome !== null,
      verval:
        r.verval_id === null
          ? null
          : {
              id: r.verval_id,
              status: r.status!,
              outcome: r.outcome,
              version: r.version!,
              updatedAt: new Date(r.updated_at!).toISOString(),
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
export async function progress(db: Kysely<DB>, kabupatenCode: string, actor: Actor, periodId: number, regionCode: string) {
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
