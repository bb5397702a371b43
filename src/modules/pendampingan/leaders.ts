import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { ServiceContext } from '../../service-context.js';
import { type Actor, scopeWhere } from '../access/scope.js';
import { daysBefore, INACTIVE_DAYS, REPORT_ROLES, requirePeriod, today } from './common.js';

/**
 * The leaders' view: per agency (or per official of one agency) in a period — desa visited,
 * households accompanied, proposals advocated and how far each got, open and overdue follow-ups,
 * last activity — with officials and desa without activity for INACTIVE_DAYS flagged. Every
 * count is limited to the reader's regions.
 */

export const PROPOSAL_STATUSES = ['PROPOSED', 'VERIFIED', 'APPROVED', 'DISTRIBUTED', 'REJECTED'] as const;

export interface SummaryRow {
  id: number;
  name: string;
  agencyName: string;
  officials: number;
  desaAssigned: number;
  desaVisited: number;
  visits: number;
  householdsAccompanied: number;
  proposals: Record<(typeof PROPOSAL_STATUSES)[number], number>;
  followUpsOpen: number;
  followUpsOverdue: number;
  lastActivity: string | null;
  inactive: boolean;
}

interface Window {
  from?: string;
  to?: string;
}

const within = (col: string, w: Window): RawBuilder<SqlBool> =>
  sql<SqlBool>`${w.from ? sql`${sql.ref(col)} >= ${w.from}::date` : sql`true`} and ${w.to ? sql`${sql.ref(col)} <= ${w.to}::date` : sql`true`}`;

/**
 * One row per group: `agency` (all agencies with an assignment or activity in the period) or
 * `official` (the officials of `agencyId`). `w` narrows visits and activities to dates (a
 * monthly recap); follow-ups are counted as they stand.
 */
export async function summaryRows(
  deps: ServiceContext,
  actor: Actor,
  periodId: number,
  by: 'agency' | 'official',
  agencyId: number | undefined,
  w: Window = {},
): Promise<SummaryRow[]> {
  const now = today();
  const key = by === 'agency' ? 'agency_id' : 'official_id';
  const k = (alias: string) => sql.ref(`${alias}.${key}`);
  const agencyFilter = (alias: string) => (agencyId === undefined ? sql`true` : sql`${sql.ref(`${alias}.agency_id`)} = ${agencyId}`);
  const scope = (alias: string) => scopeWhere(actor, alias, REPORT_ROLES);
  const r = await sql<{
    id: number;
    name: string;
    agency_name: string;
    officials: number;
    desa_assigned: number;
    desa_visited: number;
    visits: number;
    households: number;
    proposals: Record<string, number> | null;
    fu_open: number;
    fu_overdue: number;
    last_activity: string | null;
  }>`
    with asg as (
      select oa.official_id, o.agency_id, oa.desa_code
        from official_assignment oa join official o on o.id = oa.official_id
       where oa.period_id = ${periodId} and oa.ended_at is null and oa.desa_code is not null
         and ${agencyFilter('o')} and ${scope('oa')}
    ),
    asg_g as (
      select ${k('asg')} as gid, count(distinct official_id)::int as officials, count(distinct desa_code)::int as desa_assigned
        from asg group by 1
    ),
    vis as (
      select ${k('v')} as gid, count(*)::int as visits, max(v.visit_date) as last_date
        from pendampingan_visit v
       where v.period_id = ${periodId} and ${agencyFilter('v')} and ${scope('v')} and ${within('v.visit_date', w)}
       group by 1
    ),
    act as (
      select ${k('a')} as gid, count(distinct a.household_id)::int as households, max(a.activity_date) as last_date
        from pendampingan_activity a
       where a.period_id = ${periodId} and ${agencyFilter('a')} and ${scope('a')} and ${within('a.activity_date', w)}
       group by 1
    ),
    desa as (
      select gid, count(distinct desa_code)::int as desa_visited from (
        select ${k('v')} as gid, v.desa_code from pendampingan_visit v
         where v.period_id = ${periodId} and ${agencyFilter('v')} and ${scope('v')} and ${within('v.visit_date', w)}
        union
        select ${k('a')}, a.desa_code from pendampingan_activity a
         where a.period_id = ${periodId} and ${agencyFilter('a')} and ${scope('a')} and ${within('a.activity_date', w)}
      ) x group by gid
    ),
    prop as (
      select gid, jsonb_object_agg(status, n) as proposals from (
        select x.gid, p.status, count(*)::int as n from (
          select distinct ${k('a')} as gid, a.aid_proposal_id
            from pendampingan_activity a
           where a.period_id = ${periodId} and a.aid_proposal_id is not null and ${agencyFilter('a')} and ${scope('a')}
             and ${within('a.activity_date', w)}
        ) x join aid_proposal p on p.id = x.aid_proposal_id
        group by x.gid, p.status
      ) y group by gid
    ),
    fu as (
      select ${sql.ref(`f.${by === 'agency' ? 'agency_id' : 'owner_official_id'}`)} as gid,
             count(*) filter (where f.status = 'OPEN')::int as fu_open,
             count(*) filter (where f.status = 'OPEN' and f.due_date < ${now}::date)::int as fu_overdue
        from pendampingan_followup f
       where f.period_id = ${periodId} and ${agencyFilter('f')} and ${scope('f')}
       group by 1
    ),
    ids as (select gid from asg_g union select gid from vis union select gid from act)
    select ids.gid as id,
           ${by === 'agency' ? sql`coalesce(ag.short_name, ag.name)` : sql`o.name`} as name,
           ${by === 'agency' ? sql`ag.name` : sql`coalesce(oag.short_name, oag.name)`} as agency_name,
           coalesce(asg_g.officials, ${by === 'agency' ? sql`0` : sql`1`})::int as officials,
           coalesce(asg_g.desa_assigned, 0)::int as desa_assigned,
           coalesce(desa.desa_visited, 0)::int as desa_visited,
           coalesce(vis.visits, 0)::int as visits,
           coalesce(act.households, 0)::int as households,
           prop.proposals,
           coalesce(fu.fu_open, 0)::int as fu_open,
           coalesce(fu.fu_overdue, 0)::int as fu_overdue,
           to_char(greatest(vis.last_date, act.last_date), 'YYYY-MM-DD') as last_activity
      from ids
      left join asg_g on asg_g.gid = ids.gid
      left join vis on vis.gid = ids.gid
      left join act on act.gid = ids.gid
      left join desa on desa.gid = ids.gid
      left join prop on prop.gid = ids.gid
      left join fu on fu.gid = ids.gid
      ${
        by === 'agency'
          ? sql`join agency ag on ag.id = ids.gid`
          : sql`join official o on o.id = ids.gid join agency oag on oag.id = o.agency_id`
      }
     order by 2, 1`.execute(deps.db);
  const cutoff = daysBefore(now, INACTIVE_DAYS);
  return r.rows.map((x) => {
    const proposals = Object.fromEntries(PROPOSAL_STATUSES.map((s) => [s, Number(x.proposals?.[s] ?? 0)])) as SummaryRow['proposals'];
    return {
      id: Number(x.id),
      name: x.name,
      agencyName: x.agency_name,
      officials: Number(x.officials),
      desaAssigned: Number(x.desa_assigned),
      desaVisited: Number(x.desa_visited),
      visits: Number(x.visits),
      householdsAccompanied: Number(x.households),
      proposals,
      followUpsOpen: Number(x.fu_open),
      followUpsOverdue: Number(x.fu_overdue),
      lastActivity: x.last_activity,
      inactive: x.last_activity === null || x.last_activity < cutoff,
    };
  });
}

/** Assigned desa (in scope; of one agency when given) with no visit or activity for INACTIVE_DAYS. */
export async function inactiveDesa(deps: ServiceContext, actor: Actor, periodId: number, agencyId: number | undefined) {
  const cutoff = daysBefore(today(), INACTIVE_DAYS);
  const r = await sql<{ code: string; name: string; kecamatan: string; last_activity: string | null }>`
    with d as (
      select distinct oa.desa_code from official_assignment oa join official o on o.id = oa.official_id
       where oa.period_id = ${periodId} and oa.ended_at is null and oa.desa_code is not null
         and ${agencyId === undefined ? sql`true` : sql`o.agency_id = ${agencyId}`}
         and ${scopeWhere(actor, 'oa', REPORT_ROLES)}
    )
    select d.desa_code as code, r.name, k.name as kecamatan,
           to_char(greatest(
             (select max(v.visit_date) from pendampingan_visit v where v.desa_code = d.desa_code and v.period_id = ${periodId}),
             (select max(a.activity_date) from pendampingan_activity a where a.desa_code = d.desa_code and a.period_id = ${periodId})
           ), 'YYYY-MM-DD') as last_activity
      from d join region r on r.code = d.desa_code join region k on k.code = r.parent_code
     order by d.desa_code`.execute(deps.db);
  return r.rows
    .filter((x) => x.last_activity === null || x.last_activity < cutoff)
    .map((x) => ({ code: x.code, name: x.name, kecamatanName: x.kecamatan, lastActivity: x.last_activity }));
}

export async function leadersSummary(deps: ServiceContext, actor: Actor, periodId: number, agencyId: number | undefined) {
  const period = await requirePeriod(deps.db, deps.kabupatenCode, periodId);
  const by = agencyId === undefined ? 'agency' : 'official';
  const [rows, desa] = await Promise.all([summaryRows(deps, actor, periodId, by, agencyId), inactiveDesa(deps, actor, periodId, agencyId)]);
  return { period, by, agencyId: agencyId ?? null, inactiveDays: INACTIVE_DAYS, today: today(), rows, inactiveDesa: desa } as const;
}
