import { sql } from 'kysely';
import { todayWib } from '../../lib/dates.js';
import type { ServiceContext } from '../../service-context.js';
import type { Role } from '../access/roles.js';
import { type Actor, regionLevel } from '../access/scope.js';
import { aidCoverage } from '../aid/coverage.js';
import { ensureBaseline } from './baseline.js';
import { defaultRegion, pct, reductionPct, scopedRegion } from './dashboard.js';
import { getWorkProgress } from './progress.js';

/**
 * What a signed-in user lands on (issue 23): the figures and to-dos of their area, each to-do a
 * count in their scope with the page where the work is done. The role decides which to-dos come
 * first (an operator desa: households not visited, verval returned, musdes not scheduled; an
 * operator kecamatan: the review queue and the overdue desa; pimpinan and admin: the dashboard
 * figures). Every count is one grouped read of the summaries kept on write (desa_summary,
 * verval_summary, aid_summary) or of an indexed table, never a scan of the registry.
 */

/** Which role's landing a user with several roles sees: the first of this list they hold. */
export const LANDING_ORDER: readonly Role[] = [
  'admin_kabupaten',
  'pimpinan',
  'operator_kecamatan',
  'opd_pendamping',
  'dinsos',
  'pendamping',
  'operator_desa',
];

export const TODO_KEYS = [
  'notVisited',
  'returned',
  'reviewQueue',
  'musdesNotScheduled',
  'musdesNotFinalised',
  'overdueDesa',
  'extremeWithoutAid',
  'kendalaOpen',
] as const;
export type TodoKey = (typeof TODO_KEYS)[number];

const TODOS_OF: Record<Role, TodoKey[]> = {
  operator_desa: ['notVisited', 'returned', 'musdesNotScheduled', 'musdesNotFinalised', 'kendalaOpen'],
  pendamping: ['reviewQueue', 'notVisited', 'returned', 'musdesNotScheduled'],
  operator_kecamatan: ['reviewQueue', 'overdueDesa', 'notVisited', 'musdesNotScheduled', 'musdesNotFinalised', 'kendalaOpen'],
  opd_pendamping: ['notVisited', 'overdueDesa', 'musdesNotScheduled', 'musdesNotFinalised'],
  dinsos: ['extremeWithoutAid', 'kendalaOpen'],
  pimpinan: ['overdueDesa', 'extremeWithoutAid'],
  admin_kabupaten: ['overdueDesa', 'extremeWithoutAid', 'kendalaOpen'],
};

const LINK_OF: Record<TodoKey, string> = {
  notVisited: '/verval',
  returned: '/verval',
  reviewQueue: '/verval/review',
  musdesNotScheduled: '/musdes',
  musdesNotFinalised: '/musdes',
  overdueDesa: '/monitoring',
  extremeWithoutAid: '/aid',
  kendalaOpen: '/tickets',
};

export interface Landing {
  role: Role | null;
  region: { code: string; name: string; level: number } | null;
  asOf: Date;
  figures: {
    households: number;
    extremeHouseholds: number;
    baselineExtremeHouseholds: number | null;
    reductionPct: number | null;
    extremeWithoutAid: number | null;
  } | null;
  verval: {
    period: { id: number; name: string; startDate: string; endDate: string };
    households: number;
    visited: number;
    notVisited: number;
    submitted: number;
    returned: number;
    approved: number;
    visitedPct: number | null;
    approvedPct: number | null;
  } | null;
  musdes: { desa: number; noMeeting: number; notFinalised: number; finalised: number } | null;
  overdueDesa: number;
  kendalaOpen: number;
  todos: { key: TodoKey; count: number; link: string }[];
}

const COLUMN: Record<number, string> = { 2: 'kabupaten_code', 3: 'kecamatan_code', 4: 'desa_code' };

export async function getLanding(ctx: Pick<ServiceContext, 'db' | 'kabupatenCode'>, actor: Actor, asOf = todayWib()): Promise<Landing> {
  const { db, kabupatenCode } = ctx;
  const role = LANDING_ORDER.find((r) => actor.grants.some((g) => g.role === r)) ?? null;
  const now = new Date();
  let code: string | null = null;
  try {
    code = role ? defaultRegion(actor, kabupatenCode) : null;
  } catch {
    code = null;
  }
  if (!role || !code) {
    return { role, region: null, asOf: now, figures: null, verval: null, musdes: null, overdueDesa: 0, kendalaOpen: 0, todos: [] };
  }
  const region = await scopedRegion(db, actor, kabupatenCode, code);
  const col = sql.ref(COLUMN[regionLevel(region.code)] ?? 'desa_code');
  const wantsAid = role === 'admin_kabupaten' || role === 'pimpinan' || role === 'dinsos';
  const [work, totals, baseline, kendala, aid] = await Promise.all([
    getWorkProgress(ctx, actor, region.code, undefined, asOf),
    sql<{ households: number | null; extreme: number | null }>`
      select sum(households)::int as households, sum(extreme)::int as extreme from monitoring.desa_summary where ${col} = ${region.code}`.execute(
      db,
    ),
    ensureBaseline(db, kabupatenCode).then((b) =>
      b
        ? sql<{ n: number | null }>`select sum(extreme_households)::int as n from monitoring_baseline where ${col} = ${region.code}`
            .execute(db)
            .then((r) => Number(r.rows[0]?.n ?? 0))
        : null,
    ),
    sql<{ n: number }>`
      select count(*)::int as n from kendala where ${col} = ${region.code} and status in ('BARU', 'DIPROSES')`.execute(db),
    wantsAid ? aidCoverage(db, actor, region.code) : Promise.resolve(null),
  ]);
  const statuses = work.period
    ? await sql<{ status: string; n: number }>`
        select status, sum(n)::int as n from monitoring.verval_summary
        where period_id = ${work.period.id} and ${col} = ${region.code} group by status`.execute(db)
    : { rows: [] };
  const byStatus = new Map(statuses.rows.map((r) => [r.status, Number(r.n)]));
  const households = Number(totals.rows[0]?.households ?? 0);
  const extreme = Number(totals.rows[0]?.extreme ?? 0);
  const v = work.verval?.totals;
  const verval =
    work.period && v
      ? {
          period: work.period,
          households: v.households,
          visited: v.visited,
          notVisited: v.remaining,
          submitted: byStatus.get('SUBMITTED') ?? 0,
          returned: byStatus.get('RETURNED') ?? 0,
          approved: v.approved,
          visitedPct: pct(v.visited, v.households),
          approvedPct: pct(v.approved, v.households),
        }
      : null;
  const musdes = work.musdes ? work.musdes.totals : null;
  const overdueDesa = new Set(work.overdue.flatMap((o) => o.overdue.map((d) => d.code))).size;
  const kendalaOpen = Number(kendala.rows[0]?.n ?? 0);
  const withoutAid = aid ? aid.total.target - aid.total.withAid : null;
  const counts: Record<TodoKey, number | null> = {
    notVisited: verval?.notVisited ?? null,
    returned: verval?.returned ?? null,
    reviewQueue: verval?.submitted ?? null,
    musdesNotScheduled: musdes?.noMeeting ?? null,
    musdesNotFinalised: musdes?.notFinalised ?? null,
    overdueDesa,
    extremeWithoutAid: withoutAid,
    kendalaOpen,
  };
  const todos = TODOS_OF[role].flatMap((key) => {
    const count = counts[key];
    return count === null ? [] : [{ key, count, link: LINK_OF[key] }];
  });
  return {
    role,
    region: { code: region.code, name: region.name, level: region.level },
    asOf: now,
    figures: {
      households,
      extremeHouseholds: extreme,
      baselineExtremeHouseholds: baseline,
      reductionPct: reductionPct(baseline, extreme),
      extremeWithoutAid: withoutAid,
    },
    verval,
    musdes,
    overdueDesa,
    kendalaOpen,
    todos,
  };
}
