import { type Kysely, sql } from 'kysely';
import { lockTransaction } from '../../db/advisory-locks.js';
import type { DB } from '../../db/schema.js';
import { todayWib } from '../../lib/dates.js';
import type { ServiceContext } from '../../service-context.js';
import { type Actor, regionLevel } from '../access/scope.js';
import { getPeriod, listPeriods, listStages, periodsOn } from '../organisation/service.js';
import { pct, scopedRegion } from './dashboard.js';
import { listIndicators } from './indicators.js';
import { defaultPeriod } from './progress.js';

/**
 * Trends of a region (issue 23): extreme-poor households and their share of the registry per
 * month against the target line; verval and musdes progress per day of a program period against
 * the schedule's stages; and the macro indicators by year beside the registry's own figure.
 *
 * The monthly figures are reconstructed from the registry and its history as the baseline is
 * (baseline.ts): a household counts from the month it was created, with the status it had then
 * (the "before" of its first recorded target_status change, else its current status), and each
 * recorded change of target_status moves it in or out of the extreme-poor count in the month it
 * was made. Households count in their current desa (a move between desa does not rewrite the
 * past). Closed months are computed once and kept (monitoring.trend_month, migration 0034); the
 * current month is the live per-desa summary, so the last point always equals the dashboard.
 */

const COLUMN: Record<number, string> = { 2: 'kabupaten_code', 3: 'kecamatan_code', 4: 'desa_code' };
const EXTREME = 'MISKIN_EKSTREM';

export interface TrendTarget {
  /** Extreme-poor share of registry households to reach, in percent. */
  ratePct: number;
  /** Reached by the end of this year. */
  year: number;
}

export interface MonthPoint {
  /** "YYYY-MM" (WIB). */
  month: string;
  households: number;
  extremeHouseholds: number;
  /** extremeHouseholds / households in percent, 2 decimals. */
  extremeRatePct: number | null;
  /** The target path: from the first month's count in a straight line to the target at the end of the target year. */
  targetExtremeHouseholds: number;
  /** True for the running month (live figures, still changing). */
  current: boolean;
}

export interface ProgressPoint {
  date: string;
  visited: number;
  approved: number;
  finalisedDesa: number;
}

export interface Trends {
  region: { code: string; name: string; level: number };
  generatedAt: Date;
  /** The data's as-of time: the moment the figures were read. */
  asOf: Date;
  target: TrendTarget;
  registry: MonthPoint[];
  work: {
    period: { id: number; name: string; startDate: string; endDate: string };
    households: number;
    desa: number;
    stages: { kind: string; name: string; startDate: string; endDate: string; kecamatanName: string | null }[];
    points: ProgressPoint[];
  } | null;
  macro: {
    year: number;
    povertyRate: number;
    extremePovertyRate: number;
    source: string;
    /** The registry's extreme-poor share at the end of that year (or now, for the running year); null before the registry. */
    registryExtremeRatePct: number | null;
  }[];
}

/** The first day of the month before the running one (WIB), "YYYY-MM-01". */
export function lastClosedMonth(today = todayWib()): string {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const prev = m === 1 ? [y - 1, 12] : [y, m - 1];
  return `${prev[0]}-${String(prev[1]).padStart(2, '0')}-01`;
}

/**
 * Fills monitoring.trend_month for every closed month when it does not yet hold the last one
 * (the first trend read of a month). One set-based statement over the kabupaten's households and
 * their status history; readers of the same kabupaten wait for one another.
 */
export async function ensureTrendMonths(db: Kysely<DB>, kabupatenCode: string, today = todayWib()): Promise<void> {
  const through = lastClosedMonth(today);
  const fresh = async (q: Kysely<DB>) => {
    const r = await sql<{ ok: boolean }>`
      select through_month >= ${through}::date as ok from monitoring.trend_state where kabupaten_code = ${kabupatenCode}`.execute(q);
    return r.rows[0]?.ok === true;
  };
  if (await fresh(db)) return;
  await db.transaction().execute(async (trx) => {
    await lockTransaction(trx, 'TREND', kabupatenCode);
    if (await fresh(trx)) return;
    await sql`delete from monitoring.trend_month where kabupaten_code = ${kabupatenCode}`.execute(trx);
    await sql`
      with hh as (
        select id, desa_code, target_status, created_at from household where kabupaten_code = ${kabupatenCode}
      ),
      sc as (
        select e.household_id, e.id, e.changed_at,
               e.changes -> 'target_status' ->> 0 as before, e.changes -> 'target_status' ->> 1 as after
        from household_history e join hh on hh.id = e.household_id
        where e.changes ? 'target_status'
      ),
      first_change as (
        select distinct on (household_id) household_id, before from sc order by household_id, id
      ),
      ev as (
        select hh.desa_code, date_trunc('month', hh.created_at at time zone 'Asia/Jakarta')::date as month, 1 as dh,
               case when coalesce(f.before, hh.target_status) = ${EXTREME} then 1 else 0 end as de
        from hh left join first_change f on f.household_id = hh.id
        union all
        select hh.desa_code, date_trunc('month', sc.changed_at at time zone 'Asia/Jakarta')::date, 0,
               (case when sc.after = ${EXTREME} then 1 else 0 end) - (case when sc.before = ${EXTREME} then 1 else 0 end)
        from sc join hh on hh.id = sc.household_id
      ),
      d as (
        select desa_code, month, sum(dh) as dh, sum(de) as de from ev where month <= ${through}::date group by 1, 2
      ),
      months as (
        select generate_series(min(month), ${through}::date, interval '1 month')::date as month from d
      ),
      desa as (select distinct desa_code from d),
      dense as (
        select desa.desa_code, months.month,
               sum(coalesce(d.dh, 0)) over w as households, sum(coalesce(d.de, 0)) over w as extreme
        from desa cross join months
        left join d on d.desa_code = desa.desa_code and d.month = months.month
        window w as (partition by desa.desa_code order by months.month)
      )
      insert into monitoring.trend_month (kabupaten_code, kecamatan_code, desa_code, month, households, extreme)
      select ${kabupatenCode}, r.parent_code, x.desa_code, x.month, x.households, x.extreme
      from dense x join region r on r.code = x.desa_code`.execute(trx);
    await sql`
      insert into monitoring.trend_state (kabupaten_code, through_month) values (${kabupatenCode}, ${through}::date)
      on conflict (kabupaten_code) do update set through_month = excluded.through_month, built_at = now()`.execute(trx);
  });
}

/** Monthly registry figures of a region (already in the reader's scope): closed months, then the running one live. */
export async function registryMonths(db: Kysely<DB>, code: string, target: TrendTarget, today = todayWib()): Promise<MonthPoint[]> {
  const col = sql.ref(COLUMN[regionLevel(code)] ?? 'desa_code');
  const [closed, live] = await Promise.all([
    sql<{ month: string; households: number; extreme: number }>`
      select to_char(month, 'YYYY-MM') as month, sum(households)::int as households, sum(extreme)::int as extreme
      from monitoring.trend_month where ${col} = ${code} group by month order by month`.execute(db),
    sql<{ households: number | null; extreme: number | null }>`
      select sum(households)::int as households, sum(extreme)::int as extreme from monitoring.desa_summary where ${col} = ${code}`.execute(
      db,
    ),
  ]);
  const rows = closed.rows.map((r) => ({ month: r.month, households: Number(r.households), extreme: Number(r.extreme), current: false }));
  const nowHouseholds = Number(live.rows[0]?.households ?? 0);
  if (rows.length > 0 || nowHouseholds > 0) {
    rows.push({ month: today.slice(0, 7), households: nowHouseholds, extreme: Number(live.rows[0]?.extreme ?? 0), current: true });
  }
  return withTargetPath(rows, target);
}

const monthIndex = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return y * 12 + (m - 1);
};

/** Adds the extreme-poor share and the target path (straight from the first month to the target at December of the target year). */
export function withTargetPath(
  rows: { month: string; households: number; extreme: number; current: boolean }[],
  target: TrendTarget,
): MonthPoint[] {
  const first = rows[0];
  const start = first ? monthIndex(first.month) : 0;
  const end = target.year * 12 + 11;
  return rows.map((r) => {
    const goal = (target.ratePct / 100) * r.households;
    const from = first?.extreme ?? 0;
    const share = end <= start ? 1 : Math.min(1, Math.max(0, (monthIndex(r.month) - start) / (end - start)));
    return {
      month: r.month,
      households: r.households,
      extremeHouseholds: r.extreme,
      extremeRatePct: pct(r.extreme, r.households),
      targetExtremeHouseholds: Math.round(from + (goal - from) * share),
      current: r.current,
    };
  });
}

/** Verval and musdes progress per day of the period, cumulative, with the stages that apply to the region. */
async function workProgress(
  db: Kysely<DB>,
  actor: Actor,
  kabupatenCode: string,
  region: { code: string; level: number },
  periodId: number | undefined,
  today: string,
): Promise<Trends['work']> {
  const deps = { db, kabupatenCode };
  const [periods, chosen] = await Promise.all([
    listPeriods(deps),
    periodId === undefined ? periodsOn(db, kabupatenCode, today) : getPeriod(db, kabupatenCode, periodId),
  ]);
  const period = Array.isArray(chosen) ? defaultPeriod(periods, chosen, today) : chosen;
  if (!period) return null;
  const col = sql.ref(COLUMN[region.level] ?? 'desa_code');
  const last = period.endDate < today ? period.endDate : today;
  const [stages, daily, households, desa] = await Promise.all([
    listStages(deps, actor, period.id),
    sql<{ date: string; visited: number; approved: number; finalised: number }>`
      with days as (
        select generate_series(${period.startDate}::date, greatest(${period.startDate}::date, ${last}::date), interval '1 day')::date as day
      ),
      v as (
        select (created_at at time zone 'Asia/Jakarta')::date as day, count(*)::int as n
        from verval where period_id = ${period.id} and ${col} = ${region.code} and outcome is not null group by 1
      ),
      a as (
        select (reviewed_at at time zone 'Asia/Jakarta')::date as day, count(*)::int as n
        from verval where period_id = ${period.id} and ${col} = ${region.code} and status = 'APPROVED' and reviewed_at is not null group by 1
      ),
      m as (
        select day, count(*)::int as n from (
          select desa_code, min((finalised_at at time zone 'Asia/Jakarta')::date) as day
          from musdes_meeting where period_id = ${period.id} and ${col} = ${region.code} and type in ('MUSDES', 'MUSKEL') and status = 'FINALISED' and finalised_at is not null
          group by desa_code
        ) f group by day
      ),
      before_start as (
        select (select coalesce(sum(n), 0) from v where day < ${period.startDate}::date)::int as v,
               (select coalesce(sum(n), 0) from a where day < ${period.startDate}::date)::int as a,
               (select coalesce(sum(n), 0) from m where day < ${period.startDate}::date)::int as m
      )
      select to_char(days.day, 'YYYY-MM-DD') as date,
        (b.v + sum(coalesce(v.n, 0)) over w)::int as visited,
        (b.a + sum(coalesce(a.n, 0)) over w)::int as approved,
        (b.m + sum(coalesce(m.n, 0)) over w)::int as finalised
      from days cross join before_start b
      left join v on v.day = days.day left join a on a.day = days.day left join m on m.day = days.day
      window w as (order by days.day)
      order by days.day`.execute(db),
    sql<{ n: number | null }>`select sum(households)::int as n from monitoring.desa_summary where ${col} = ${region.code}`.execute(db),
    sql<{
      n: number;
    }>`select count(*)::int as n from region where level = 4 and (code = ${region.code} or code like ${`${region.code}.%`})`.execute(db),
  ]);
  const kec = region.level >= 3 ? region.code.split('.').slice(0, 3).join('.') : null;
  return {
    period: { id: period.id, name: period.name, startDate: period.startDate, endDate: period.endDate },
    households: Number(households.rows[0]?.n ?? 0),
    desa: Number(desa.rows[0]?.n ?? 0),
    stages: stages
      .filter((s) => (s.kind === 'verval' || s.kind === 'musdes') && (s.kecamatanCode === null || kec === null || s.kecamatanCode === kec))
      .map((s) => ({ kind: s.kind, name: s.name, startDate: s.startDate, endDate: s.endDate, kecamatanName: s.kecamatanName })),
    points: daily.rows.map((r) => ({
      date: r.date,
      visited: Number(r.visited),
      approved: Number(r.approved),
      finalisedDesa: Number(r.finalised),
    })),
  };
}

export async function getTrends(
  ctx: Pick<ServiceContext, 'db' | 'kabupatenCode'>,
  actor: Actor,
  code: string,
  target: TrendTarget,
  periodId?: number,
  today = todayWib(),
): Promise<Trends> {
  const { db, kabupatenCode } = ctx;
  const region = await scopedRegion(db, actor, kabupatenCode, code);
  await ensureTrendMonths(db, kabupatenCode, today);
  const asOf = new Date();
  const [registry, work, indicators] = await Promise.all([
    registryMonths(db, region.code, target, today),
    workProgress(db, actor, kabupatenCode, region, periodId, today),
    listIndicators(ctx),
  ]);
  const endOfYear = new Map<number, MonthPoint>();
  for (const p of registry) endOfYear.set(Number(p.month.slice(0, 4)), p);
  return {
    region: { code: region.code, name: region.name, level: region.level },
    generatedAt: asOf,
    asOf,
    target,
    registry,
    work,
    macro: indicators.map((i) => ({
      year: i.year,
      povertyRate: i.povertyRate,
      extremePovertyRate: i.extremePovertyRate,
      source: i.source,
      registryExtremeRatePct: endOfYear.get(i.year)?.extremeRatePct ?? null,
    })),
  };
}
