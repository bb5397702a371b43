import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { ServiceContext } from '../../service-context.js';
import { type Actor, scopeWhere } from '../access/scope.js';
import { isTarget, notEnded, regionFilter } from './common.js';

/**
 * Gap analysis per kecamatan or desa, set-based over the caller's scope:
 * - target households (MISKIN_EKSTREM, not ended), with any aid, without any (exclusion);
 * - per program and per funding source, target households covered and the coverage %;
 * - inclusion candidates: households receiving aid that are not target households but are in
 *   the registry, and recipients outside the registry (ended households, and rows of recipient
 *   lists that matched no one: those without a region are counted at kabupaten level only).
 */

export interface GapQuery {
  level: 'kecamatan' | 'desa';
  kecamatan?: string | undefined;
  desa?: string | undefined;
  year?: number | undefined;
}

export interface GapArea {
  code: string;
  name: string | null;
  target: number;
  withAid: number;
  withoutAid: number;
  coveragePct: number;
  inclusionNonTarget: number;
  inclusionOutsideRegistry: number;
  byProgram: Record<string, number>;
  byFunding: Record<string, number>;
}

interface AreaRow {
  code: string;
  name: string | null;
  target: number;
  with_aid: number;
  non_target: number;
  outside: number;
}

const pct = (n: number, d: number) => (d === 0 ? 0 : Math.round((n * 10000) / d) / 100);

export async function gapAnalysis(
  { db, kabupatenCode }: Pick<ServiceContext, 'db' | 'kabupatenCode'>,
  actor: Actor,
  q: GapQuery,
  opts: { direct?: boolean } = {},
) {
  const areaCol = (alias: string) => sql.ref(`${alias}.${q.level === 'desa' ? 'desa_code' : 'kecamatan_code'}`);
  const hScope = sql<SqlBool>`${scopeWhere(actor, 'h')} and h.kabupaten_code = ${kabupatenCode} and ${regionFilter(actor, 'h', kabupatenCode, q)}`;
  const year: RawBuilder<SqlBool> = q.year ? sql<SqlBool>`r.period_year = ${q.year}` : sql<SqlBool>`true`;
  const hh = sql`select h.id, ${areaCol('h')} as area, ${isTarget('h')} as target, ${notEnded('h')} as in_registry
    from household h where ${hScope}`;
  const rc = sql`select r.household_id, r.program_id, r.funding_source from aid_receipt r
    where ${scopeWhere(actor, 'r')} and r.kabupaten_code = ${kabupatenCode} and ${regionFilter(actor, 'r', kabupatenCode, q)} and ${year}`;

  // The per-desa pre-aggregates kept on write answer the counts without joining 300k households
  // with their receipts: monitoring.aid_summary (0016, the figures the monitoring dashboard
  // shows) without a year, monitoring.aid_year_summary (0031) with one. `direct` joins the
  // households with their receipts instead: the definition the pre-aggregates are checked against.
  const sScope = sql<SqlBool>`${scopeWhere(actor, 's')} and s.kabupaten_code = ${kabupatenCode} and ${regionFilter(actor, 's', kabupatenCode, q)}`;
  const yScope = sql<SqlBool>`${sScope} and s.period_year = ${q.year ?? 0}`;
  const direct = Boolean(opts.direct);
  const [areas, programs, funding, unmatched] = await Promise.all([
    q.year && direct
      ? sql<AreaRow>`
      with hh as (${hh}), aided as (select distinct household_id from (${rc}) x)
      select hh.area as code, reg.name,
        count(*) filter (where hh.target)::int as target,
        count(*) filter (where hh.target and a.household_id is not null)::int as with_aid,
        count(*) filter (where hh.in_registry and not hh.target and a.household_id is not null)::int as non_target,
        count(*) filter (where not hh.in_registry and a.household_id is not null)::int as outside
      from hh left join aided a on a.household_id = hh.id
      left join region reg on reg.code = hh.area
      group by hh.area, reg.name
      order by hh.area`.execute(db)
      : q.year
        ? // Every area with a household (monitoring.desa_summary counts ended ones too), its
          // target households (aid_summary) and those aided in the year (aid_year_summary).
          sql<AreaRow>`
      with areas as (
        select ${areaCol('s')} as area from monitoring.desa_summary s where ${sScope} group by 1 having sum(s.households) <> 0
      ), t as (
        select ${areaCol('s')} as area, sum(s.target) as target from monitoring.aid_summary s
         where ${sScope} and s.program_id = 0 group by 1
      ), y as (
        select ${areaCol('s')} as area, sum(s.target_aided) as with_aid, sum(s.aided - s.target_aided) as non_target,
               sum(s.ended_aided) as outside
          from monitoring.aid_year_summary s where ${yScope} and s.program_id = 0 and s.funding_source = '' group by 1
      )
      select areas.area as code, reg.name, coalesce(t.target, 0)::int as target, coalesce(y.with_aid, 0)::int as with_aid,
        coalesce(y.non_target, 0)::int as non_target, coalesce(y.outside, 0)::int as outside
      from areas left join t on t.area = areas.area left join y on y.area = areas.area
      left join region reg on reg.code = areas.area
      order by 1`.execute(db)
        : sql<AreaRow>`
      select ${areaCol('s')} as code, reg.name, sum(s.target)::int as target, sum(s.target_aided)::int as with_aid,
        sum(s.aided - s.target_aided)::int as non_target, sum(s.ended_aided)::int as outside
      from monitoring.aid_summary s left join region reg on reg.code = ${areaCol('s')}
      where ${sScope} and s.program_id = 0
      group by 1, 2 having sum(s.in_registry) <> 0 or sum(s.ended_aided) <> 0
      order by 1`.execute(db),
    q.year && direct
      ? sql<{ area: string; code: string; n: number }>`
      with hh as (${hh})
      select hh.area, p.code, count(distinct hh.id)::int as n
      from hh join (${rc}) r on r.household_id = hh.id join aid_program p on p.id = r.program_id
      where hh.target group by hh.area, p.code order by 1, 2`.execute(db)
      : sql<{ area: string; code: string; n: number }>`
      select ${areaCol('s')} as area, p.code, sum(s.target_aided)::int as n
      from ${q.year ? sql`monitoring.aid_year_summary` : sql`monitoring.aid_summary`} s join aid_program p on p.id = s.program_id
      where ${q.year ? sql`${yScope} and s.funding_source = ''` : sScope} group by 1, 2 having sum(s.target_aided) <> 0 order by 1, 2`.execute(
          db,
        ),
    q.year && !direct
      ? sql<{ area: string; source: string; n: number }>`
      select ${areaCol('s')} as area, s.funding_source as source, sum(s.target_aided)::int as n
      from monitoring.aid_year_summary s
      where ${yScope} and s.program_id = 0 and s.funding_source <> '' group by 1, 2 having sum(s.target_aided) <> 0 order by 1, 2`.execute(
          db,
        )
      : // Target households only (the partial index household_target_idx), then their receipts.
        sql<{ area: string; source: string; n: number }>`
      select ${areaCol('h')} as area, r.funding_source as source, count(distinct h.id)::int as n
      from household h join (${rc}) r on r.household_id = h.id
      where ${hScope} and ${isTarget('h')} group by 1, 2 order by 1, 2`.execute(db),
    sql<{ area: string | null; n: number }>`
      select ${areaCol('ir')} as area, count(*)::int as n
      from aid_import_row ir join aid_import i on i.id = ir.import_id
      where ir.result = 'NOT_FOUND' and ${scopeWhere(actor, 'ir')} and ir.kabupaten_code = ${kabupatenCode}
        and ${q.year ? sql`i.period_year = ${q.year}` : sql`true`}
        and ${q.kecamatan || q.desa ? regionFilter(actor, 'ir', kabupatenCode, q) : sql`true`}
      group by 1`.execute(db),
  ]);

  const byArea = new Map<string, GapArea>();
  for (const r of areas.rows) {
    const target = Number(r.target);
    const withAid = Number(r.with_aid);
    byArea.set(r.code, {
      code: r.code,
      name: r.name,
      target,
      withAid,
      withoutAid: target - withAid,
      coveragePct: pct(withAid, target),
      inclusionNonTarget: Number(r.non_target),
      inclusionOutsideRegistry: Number(r.outside),
      byProgram: {},
      byFunding: {},
    });
  }
  for (const r of programs.rows) {
    const a = byArea.get(r.area);
    if (a) a.byProgram[r.code] = Number(r.n);
  }
  for (const r of funding.rows) {
    const a = byArea.get(r.area);
    if (a) a.byFunding[r.source] = Number(r.n);
  }
  let unlocatedOutsideRegistry = 0;
  for (const r of unmatched.rows) {
    const a = r.area ? byArea.get(r.area) : undefined;
    if (a) a.inclusionOutsideRegistry += Number(r.n);
    else unlocatedOutsideRegistry += Number(r.n);
  }

  const list = [...byArea.values()];
  const sum = (f: (a: GapArea) => number) => list.reduce((s, a) => s + f(a), 0);
  const target = sum((a) => a.target);
  const withAid = sum((a) => a.withAid);
  const sumRecord = (key: 'byProgram' | 'byFunding') => {
    const out: Record<string, number> = {};
    for (const a of list) for (const [k, v] of Object.entries(a[key])) out[k] = (out[k] ?? 0) + v;
    return out;
  };
  const byProgram = sumRecord('byProgram');
  const byFunding = sumRecord('byFunding');
  return {
    level: q.level,
    year: q.year ?? null,
    areas: list,
    total: {
      target,
      withAid,
      withoutAid: target - withAid,
      coveragePct: pct(withAid, target),
      inclusionNonTarget: sum((a) => a.inclusionNonTarget),
      inclusionOutsideRegistry: sum((a) => a.inclusionOutsideRegistry) + unlocatedOutsideRegistry,
      unlocatedOutsideRegistry,
    },
    programs: Object.entries(byProgram).map(([code, households]) => ({ code, households, coveragePct: pct(households, target) })),
    fundingSources: Object.entries(byFunding).map(([source, households]) => ({ source, households, coveragePct: pct(households, target) })),
  };
}
