import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { notFound } from '../../http/errors.js';
import { todayWib } from '../../lib/dates.js';
import { type Actor, canAccessRegion, regionFilterInScope, regionLevel, regionWithin, scopeWhere } from '../access/scope.js';
import { ensureBaseline } from '../monitoring/baseline.js';
import { pct, reductionPct } from '../monitoring/dashboard.js';
import { getPeriod, listPeriods, periodsOn } from '../organisation/periods.js';

/**
 * The figures a choropleth colours, per kecamatan or desa of a region: the dashboard's
 * (extreme-poor households, their share, the reduction from the P3KE baseline, target
 * households without aid) and the work progress's verval figures, read from the same
 * pre-aggregates the monitoring services read (monitoring.desa_summary, monitoring_baseline,
 * monitoring.aid_summary, monitoring.verval_summary) with the same formulas (`pct`,
 * `reductionPct`), grouped by the map's level in one pass so a kabupaten's 300+ desa cost four
 * grouped reads, not one dashboard per kecamatan. test/api/maps-values.test.ts checks they
 * equal the dashboard's and the progress page's figures.
 *
 * Scope: a row is returned only when its whole region lies in the reader's area (a kecamatan
 * operator asking for the kabupaten's desa gets its kecamatan's desa; a desa operator gets no
 * kecamatan row, since a kecamatan figure would count desa they may not see).
 */

export type MapLevel = 'kecamatan' | 'desa';

export interface MapValueRow {
  code: string;
  name: string;
  parentCode: string | null;
  households: number;
  extremeHouseholds: number;
  /** Extreme-poor share of the region's households, percent. */
  extremeSharePct: number | null;
  baselineExtremeHouseholds: number | null;
  reductionPct: number | null;
  /** Target households (extreme poor, not ended) without any aid receipt. */
  extremeWithoutAid: number;
  aidCoveragePct: number | null;
  vervalVisited: number;
  vervalApproved: number;
  vervalVisitedPct: number | null;
  vervalApprovedPct: number | null;
}

export interface MapValues {
  region: { code: string; name: string; level: number };
  level: MapLevel;
  period: { id: number; name: string } | null;
  generatedAt: Date;
  rows: MapValueRow[];
}

const COLUMN: Record<number, string> = { 2: 'kabupaten_code', 3: 'kecamatan_code', 4: 'desa_code' };

/** The verval period the dashboard would show: the latest running today, else the latest started. */
async function chosenPeriod(db: Kysely<DB>, kabupatenCode: string, periodId?: number) {
  if (periodId !== undefined) return getPeriod(db, kabupatenCode, periodId);
  const today = todayWib();
  const [running, all] = await Promise.all([periodsOn(db, kabupatenCode, today), listPeriods({ db, kabupatenCode })]);
  return running[0] ?? all.find((p) => p.startDate <= today) ?? all[all.length - 1] ?? null;
}

/** `within` must be the kabupaten or below and lie in, or contain part of, the reader's area (404 otherwise). */
export async function mapRegion(db: Kysely<DB>, actor: Actor, kabupatenCode: string, within: string) {
  if (!regionWithin(within, kabupatenCode) || !regionFilterInScope(actor, within)) throw notFound('Wilayah');
  const region = await db.selectFrom('region').select(['code', 'name', 'level']).where('code', '=', within).executeTakeFirst();
  if (!region) throw notFound('Wilayah');
  return region;
}

export async function mapValues(
  db: Kysely<DB>,
  actor: Actor,
  kabupatenCode: string,
  q: { region: string; level: MapLevel; period?: number | undefined },
): Promise<MapValues> {
  const region = await mapRegion(db, actor, kabupatenCode, q.region);
  const lv = q.level === 'kecamatan' ? 3 : 4;
  const level: MapLevel = lv < region.level ? 'desa' : q.level;
  const childLevel = Math.max(lv, region.level);
  const child = sql.ref(COLUMN[childLevel] as string);
  const within: RawBuilder<unknown> = sql`${sql.ref(COLUMN[region.level] as string)} = ${region.code}`;
  const [baseline, period] = await Promise.all([ensureBaseline(db, kabupatenCode), chosenPeriod(db, kabupatenCode, q.period)]);
  const [households, base, aid, verval, regions] = await Promise.all([
    sql<{ code: string; households: number; extreme: number }>`
      select ${child} as code, sum(households)::int as households, sum(extreme)::int as extreme
        from monitoring.desa_summary where ${within} group by 1`.execute(db),
    baseline
      ? sql<{ code: string; extreme: number }>`
      select ${child} as code, sum(extreme_households)::int as extreme from monitoring_baseline where ${within} group by 1`.execute(db)
      : Promise.resolve({ rows: [] }),
    sql<{ code: string; target: number; with_aid: number }>`
      select ${child} as code, sum(target)::int as target, sum(target_aided)::int as with_aid
        from monitoring.aid_summary where program_id = 0 and ${within} group by 1`.execute(db),
    period
      ? sql<{ code: string; visited: number; approved: number }>`
      select ${child} as code, sum(n) filter (where outcome <> '')::int as visited,
             sum(n) filter (where status = 'APPROVED')::int as approved
        from monitoring.verval_summary where period_id = ${period.id} and ${within} group by 1`.execute(db)
      : Promise.resolve({ rows: [] }),
    db
      .selectFrom('region')
      .select(['code', 'name', 'parent_code'])
      .where('level', '=', childLevel)
      .where((eb) => eb.or([eb('code', '=', region.code), eb('code', 'like', `${region.code}.%`)]))
      .orderBy('code')
      .execute(),
  ]);
  const byCode = <T extends { code: string }>(rows: T[]) => new Map(rows.map((r) => [r.code, r]));
  const hh = byCode(households.rows);
  const bl = byCode(base.rows);
  const ad = byCode(aid.rows);
  const vv = byCode(verval.rows);
  const rows = regions
    .filter((r) => canAccessRegion(actor, r.code))
    .map((r): MapValueRow => {
      const h = hh.get(r.code);
      const n = Number(h?.households ?? 0);
      const extreme = Number(h?.extreme ?? 0);
      const b = baseline ? Number(bl.get(r.code)?.extreme ?? 0) : null;
      const target = Number(ad.get(r.code)?.target ?? 0);
      const withAid = Number(ad.get(r.code)?.with_aid ?? 0);
      const visited = Number(vv.get(r.code)?.visited ?? 0);
      const approved = Number(vv.get(r.code)?.approved ?? 0);
      return {
        code: r.code,
        name: r.name,
        parentCode: r.parent_code,
        households: n,
        extremeHouseholds: extreme,
        extremeSharePct: pct(extreme, n),
        baselineExtremeHouseholds: b,
        reductionPct: reductionPct(b, extreme),
        extremeWithoutAid: target - withAid,
        aidCoveragePct: pct(withAid, target),
        vervalVisited: visited,
        vervalApproved: approved,
        vervalVisitedPct: period ? pct(visited, n) : null,
        vervalApprovedPct: period ? pct(approved, n) : null,
      };
    });
  return {
    region: { code: region.code, name: region.name, level: regionLevel(region.code) },
    level,
    period: period ? { id: period.id, name: period.name } : null,
    generatedAt: new Date(),
    rows,
  };
}

export interface GpsPoint {
  householdId: number;
  desaCode: string;
  latitude: number;
  longitude: number;
  status: string;
  outcome: string | null;
}

export const MAX_POINTS = 50_000;

/**
 * GPS points of verval records in `within` for a period, only those in the reader's area
 * (scopeWhere): no names or identifiers, the household id links to its page (scope-checked there).
 */
export async function gpsPoints(
  db: Kysely<DB>,
  actor: Actor,
  kabupatenCode: string,
  q: { region: string; period?: number | undefined },
): Promise<{ period: { id: number; name: string } | null; points: GpsPoint[]; truncated: boolean }> {
  const region = await mapRegion(db, actor, kabupatenCode, q.region);
  const period = await chosenPeriod(db, kabupatenCode, q.period);
  if (!period) return { period: null, points: [], truncated: false };
  const rows = await db
    .selectFrom('verval as v')
    .select(['v.household_id', 'v.desa_code', 'v.latitude', 'v.longitude', 'v.status', 'v.outcome'])
    .where('v.period_id', '=', period.id)
    .where('v.latitude', 'is not', null)
    .where('v.longitude', 'is not', null)
    .where(sql.ref(`v.${COLUMN[region.level]}`), '=', region.code)
    .where(scopeWhere(actor, 'v'))
    .orderBy('v.id')
    .limit(MAX_POINTS + 1)
    .execute();
  return {
    period: { id: period.id, name: period.name },
    truncated: rows.length > MAX_POINTS,
    points: rows.slice(0, MAX_POINTS).map((r) => ({
      householdId: r.household_id,
      desaCode: r.desa_code,
      latitude: Number(r.latitude),
      longitude: Number(r.longitude),
      status: r.status,
      outcome: r.outcome,
    })),
  };
}
