import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { notFound } from '../../http/errors.js';
import type { ServiceContext } from '../../service-context.js';
import { type Actor, assertRegionInScope, regionLevel, regionWithin, scopeCodes } from '../access/scope.js';
import { type AidCoverage, aidCoverage } from '../aid/coverage.js';
import { type BaselineInfo, ensureBaseline } from './baseline.js';

/**
 * The monitoring dashboard of one region (kabupaten, kecamatan or desa) from the household
 * registry: one grouped read of the per-desa summary kept on write and one of the per-desa
 * baseline. Aid figures are the aid module's (`aidCoverage`: receipts, the gap analysis's
 * definition of a target household), so the dashboard and Bantuan show the same numbers. Each concern is its own section of the response so later sections
 * (verval, musdes progress) can be added beside them without changing the existing ones.
 */

export interface RegionFigures {
  code: string;
  name: string;
  households: number;
  members: number;
  extremeHouseholds: number;
  baselineExtremeHouseholds: number | null;
  /** (baseline − now) / baseline in percent, 2 decimals; null without a baseline or when it was 0. */
  reductionPct: number | null;
  /** Target households (MISKIN_EKSTREM, not ended) with at least one aid receipt. */
  extremeWithAid: number;
  extremeWithoutAid: number;
  aidCoveragePct: number | null;
}

export interface Dashboard {
  region: { code: string; name: string; level: number };
  generatedAt: Date;
  totals: RegionFigures;
  children: { level: 'kecamatan' | 'desa' | null; rows: RegionFigures[] };
  desil: { desil: number | null; households: number; extremeHouseholds: number }[];
  extremePoverty: {
    baseline: { importId: number; importFinishedAt: Date; capturedAt: Date } | null;
    baselineHouseholds: number | null;
    now: number;
    reduction: number | null;
    reductionPct: number | null;
    ranking: { rank: number; code: string; name: string; baseline: number; now: number; reductionPct: number | null }[];
  };
  /** From aid receipts, as the Bantuan gap analysis counts them (all years). */
  aid: {
    /** MISKIN_EKSTREM households not ended by a musdes. */
    targetHouseholds: number;
    withAid: number;
    withoutAid: number;
    coveragePct: number | null;
    /** Target households with a receipt of the program, by program code. */
    byProgram: Record<string, number>;
    /** Households still in the registry (any status) without any receipt. */
    householdsWithoutAnyAid: number;
  };
}

export const pct = (part: number, whole: number): number | null => (whole > 0 ? Math.round((part / whole) * 10000) / 100 : null);

/**
 * The reduction from the baseline, never negative: a desa with more extreme-poor households than
 * at baseline (families that moved in, households added by a musdes) has reduced by nothing, not
 * by a negative amount (ADR 0013). Null without a baseline.
 */
export function reduction(baseline: number | null, now: number): number | null {
  return baseline === null ? null : Math.max(0, baseline - now);
}

export function reductionPct(baseline: number | null, now: number): number | null {
  const r = reduction(baseline, now);
  return r === null || baseline === null ? null : pct(r, baseline);
}

/** The region a user lands on: their only area, else the kabupaten when they may see it, else their first area. */
export function defaultRegion(actor: Actor, kabupatenCode: string): string {
  const codes = scopeCodes(actor).filter((c) => regionWithin(c, kabupatenCode) || regionWithin(kabupatenCode, c));
  if (codes.length === 0) throw notFound('Wilayah');
  if (codes.some((c) => regionWithin(kabupatenCode, c))) return kabupatenCode;
  return [...codes].sort()[0] ?? kabupatenCode;
}

/** Region row of the kabupaten or below, in the actor's scope; 404 otherwise. */
export async function scopedRegion(db: Kysely<DB>, actor: Actor, kabupatenCode: string, code: string) {
  if (!regionWithin(code, kabupatenCode)) throw notFound('Wilayah');
  assertRegionInScope(actor, code);
  const region = await db.selectFrom('region').select(['code', 'name', 'level']).where('code', '=', code).executeTakeFirst();
  if (!region) throw notFound('Wilayah');
  return region;
}

interface GroupRow {
  code: string;
  desil: number | null;
  households: number;
  members: number;
  extreme: number;
}

/**
 * Household figures of `code` grouped by child region and desil, from the per-desa summary
 * that triggers on the household table keep current (migration 0008).
 */
async function householdGroups(db: Kysely<DB>, code: string, level: number): Promise<GroupRow[]> {
  const child = level === 2 ? sql.ref('kecamatan_code') : sql.ref('desa_code');
  const where = level === 2 ? sql`kabupaten_code = ${code}` : level === 3 ? sql`kecamatan_code = ${code}` : sql`desa_code = ${code}`;
  const r = await sql<GroupRow>`
    select ${child} as code, nullif(desil_key, 0) as desil,
      sum(households)::int as households, sum(members)::int as members, sum(extreme)::int as extreme
    from monitoring.desa_summary where ${where}
    group by 1, 2
    having sum(households) > 0`.execute(db);
  return r.rows;
}

/** Baseline extreme-poor households of `code` per child region. */
async function baselineGroups(db: Kysely<DB>, code: string, level: number): Promise<Map<string, number>> {
  const child = level === 2 ? sql.ref('kecamatan_code') : sql.ref('desa_code');
  const where = level === 2 ? sql`kabupaten_code = ${code}` : level === 3 ? sql`kecamatan_code = ${code}` : sql`desa_code = ${code}`;
  const r = await sql<{ code: string; extreme: number }>`
    select ${child} as code, sum(extreme_households)::int as extreme
    from monitoring_baseline where ${where} group by 1`.execute(db);
  return new Map(r.rows.map((x) => [x.code, x.extreme]));
}

function figures(code: string, name: string, rows: GroupRow[], baseline: number | null, aid: AidCoverage | undefined): RegionFigures {
  const sum = (k: keyof GroupRow) => rows.reduce((a, r) => a + Number(r[k] ?? 0), 0);
  const extreme = sum('extreme');
  const target = aid?.target ?? 0;
  const aided = aid?.withAid ?? 0;
  return {
    code,
    name,
    households: sum('households'),
    members: sum('members'),
    extremeHouseholds: extreme,
    baselineExtremeHouseholds: baseline,
    reductionPct: reductionPct(baseline, extreme),
    extremeWithAid: aided,
    extremeWithoutAid: target - aided,
    aidCoveragePct: pct(aided, target),
  };
}

export async function getDashboard(ctx: Pick<ServiceContext, 'db' | 'kabupatenCode'>, actor: Actor, code: string): Promise<Dashboard> {
  const { db, kabupatenCode } = ctx;
  const region = await scopedRegion(db, actor, kabupatenCode, code);
  const level = regionLevel(region.code);
  const baselineInfo: BaselineInfo | null = await ensureBaseline(db, kabupatenCode);
  const childLevel = level === 2 ? 'kecamatan' : level === 3 ? 'desa' : null;
  const [groups, baseByChild, childRegions, aid] = await Promise.all([
    householdGroups(db, region.code, level),
    baselineInfo ? baselineGroups(db, region.code, level) : Promise.resolve(new Map<string, number>()),
    childLevel
      ? db.selectFrom('region').select(['code', 'name']).where('parent_code', '=', region.code).orderBy('code').execute()
      : Promise.resolve([]),
    aidCoverage(db, actor, region.code),
  ]);
  const byChild = new Map<string, GroupRow[]>();
  for (const g of groups) byChild.set(g.code, [...(byChild.get(g.code) ?? []), g]);
  const baseOf = (c: string) => (baselineInfo ? (baseByChild.get(c) ?? 0) : null);
  const rows = childRegions.map((c) => figures(c.code, c.name, byChild.get(c.code) ?? [], baseOf(c.code), aid.byChild.get(c.code)));
  const totalBaseline = baselineInfo ? [...baseByChild.values()].reduce((a, b) => a + b, 0) : null;
  const totals = figures(region.code, region.name, groups, totalBaseline, aid.total);

  const desilMap = new Map<number | null, { households: number; extremeHouseholds: number }>();
  for (const d of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, null]) desilMap.set(d, { households: 0, extremeHouseholds: 0 });
  for (const g of groups) {
    const key = g.desil === null ? null : Number(g.desil);
    const cur = desilMap.get(key) ?? { households: 0, extremeHouseholds: 0 };
    desilMap.set(key, { households: cur.households + g.households, extremeHouseholds: cur.extremeHouseholds + g.extreme });
  }
  const desil = [...desilMap.entries()].map(([d, v]) => ({ desil: d, ...v })).filter((d) => d.desil !== null || d.households > 0);

  const ranked = rows
    .filter((r) => r.baselineExtremeHouseholds !== null)
    .map((r) => ({
      code: r.code,
      name: r.name,
      baseline: r.baselineExtremeHouseholds ?? 0,
      now: r.extremeHouseholds,
      reductionPct: r.reductionPct,
    }))
    .sort(
      (a, b) => (b.reductionPct ?? Number.NEGATIVE_INFINITY) - (a.reductionPct ?? Number.NEGATIVE_INFINITY) || a.code.localeCompare(b.code),
    );
  const ranking = ranked.map((r, i) => ({ rank: i + 1, ...r }));

  return {
    region: { code: region.code, name: region.name, level },
    generatedAt: new Date(),
    totals,
    children: { level: childLevel, rows },
    desil,
    extremePoverty: {
      baseline: baselineInfo,
      baselineHouseholds: totalBaseline,
      now: totals.extremeHouseholds,
      reduction: reduction(totalBaseline, totals.extremeHouseholds),
      reductionPct: totals.reductionPct,
      ranking,
    },
    aid: {
      targetHouseholds: aid.total.target,
      withAid: aid.total.withAid,
      withoutAid: aid.total.target - aid.total.withAid,
      coveragePct: totals.aidCoveragePct,
      byProgram: aid.total.byProgram,
      householdsWithoutAnyAid: aid.total.inRegistry - aid.total.aided,
    },
  };
}
