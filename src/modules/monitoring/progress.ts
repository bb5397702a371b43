import { todayWib } from '../../lib/dates.js';
import type { ServiceContext } from '../../service-context.js';
import type { Actor } from '../access/scope.js';
import { musdesCompletedDesa, musdesProgress } from '../musdes/queries.js';
import type { PeriodView } from '../organisation/periods.js';
import { getPeriod, listPeriods, listStages, periodsOn, stageOverdue } from '../organisation/service.js';
import type { ProgressRow } from '../verval/worklist.js';
import { pct, scopedRegion } from './dashboard.js';
import { stageCompletedDesa, TRACKED_STAGE_KINDS } from './stage-completion.js';
import { summaryCompletedDesa, summaryProgress } from './verval-summary.js';

/**
 * The work-progress sections of the dashboard for one region and program period: verval
 * progress per child region (the verval module's `progress` figures, read from summaries kept
 * on write so the dashboard stays fast; see verval-summary.ts), the child regions ranked
 * by verval progress, and the desa overdue against the schedule (the organisation module's
 * `stageOverdue` for every stage that has ended). Kept apart from the registry figures of
 * `getDashboard` so each response stays one cheap read.
 */

export interface VervalRanking {
  rank: number;
  code: string;
  name: string;
  households: number;
  visited: number;
  approved: number;
  visitedPct: number | null;
  approvedPct: number | null;
}

export interface OverdueStage {
  stage: { id: number; kind: string; name: string; startDate: string; endDate: string; kecamatanName: string | null };
  completionTracked: boolean;
  areaDesa: number;
  overdue: { code: string; name: string; kecamatanCode: string; kecamatanName: string }[];
}

export interface WorkProgress {
  region: { code: string; name: string; level: number };
  asOf: string;
  period: { id: number; name: string; startDate: string; endDate: string } | null;
  periods: { id: number; name: string }[];
  verval: {
    totals: ProgressRow & { visitedPct: number | null; approvedPct: number | null };
    children: ProgressRow[];
    ranking: VervalRanking[];
  } | null;
  /** Musyawarah desa per child region (kecamatan for the kabupaten, desa below). */
  musdes: {
    totals: MusdesCounts;
    rows: (MusdesCounts & { code: string; name: string; state?: 'NO_MEETING' | 'NOT_FINALISED' | 'FINALISED' })[];
  } | null;
  /** Ended stages whose completion is recorded (verval, musdes), with the desa of the region not done. */
  overdue: OverdueStage[];
}

interface MusdesCounts {
  desa: number;
  noMeeting: number;
  notFinalised: number;
  finalised: number;
}

type MusdesProgress = Awaited<ReturnType<typeof musdesProgress>>;

/** Musdes progress shaped for the dashboard: per kecamatan at the kabupaten, per desa below it. */
function musdesSection(m: MusdesProgress, level: number): NonNullable<WorkProgress['musdes']> {
  if (level === 2) return { totals: m.totals, rows: m.kecamatan.map(({ desaList: _, ...k }) => k) };
  const one = (state: string) => (state === 'FINALISED' ? [0, 0, 1] : state === 'NOT_FINALISED' ? [0, 1, 0] : [1, 0, 0]);
  const rows = m.kecamatan.flatMap((k) =>
    k.desaList.map((d) => {
      const [noMeeting = 0, notFinalised = 0, finalised = 0] = one(d.state);
      return { code: d.code, name: d.name, state: d.state, desa: 1, noMeeting, notFinalised, finalised };
    }),
  );
  return { totals: m.totals, rows };
}

/** Rank child regions by approved share, then visited share (the further along first). */
export function rankByVerval(rows: ProgressRow[]): VervalRanking[] {
  return rows
    .filter((r) => r.households > 0)
    .map((r) => ({
      code: r.code,
      name: r.name,
      households: r.households,
      visited: r.visited,
      approved: r.approved,
      visitedPct: pct(r.visited, r.households),
      approvedPct: pct(r.approved, r.households),
    }))
    .sort(
      (a, b) => (b.approvedPct ?? 0) - (a.approvedPct ?? 0) || (b.visitedPct ?? 0) - (a.visitedPct ?? 0) || a.code.localeCompare(b.code),
    )
    .map((r, i) => ({ rank: i + 1, ...r }));
}

/** The period shown by default: the latest one running today, else the latest that started. */
export function defaultPeriod(all: PeriodView[], running: PeriodView[], today: string): PeriodView | null {
  return running[0] ?? all.find((p) => p.startDate <= today) ?? all[all.length - 1] ?? null;
}

export async function getWorkProgress(
  ctx: Pick<ServiceContext, 'db' | 'kabupatenCode'>,
  actor: Actor,
  code: string,
  periodId?: number,
  asOf = todayWib(),
): Promise<WorkProgress> {
  const { db, kabupatenCode } = ctx;
  // Independent reads run side by side: the dashboard must answer within 100 ms at 300k households.
  const [region, periods, chosen] = await Promise.all([
    scopedRegion(db, actor, kabupatenCode, code),
    listPeriods(ctx),
    periodId === undefined ? periodsOn(db, kabupatenCode, asOf) : getPeriod(db, kabupatenCode, periodId),
  ]);
  const period = Array.isArray(chosen) ? defaultPeriod(periods, chosen, asOf) : chosen;
  const base = { region, asOf, periods: periods.map((p) => ({ id: p.id, name: p.name })) };
  if (!period) return { ...base, period: null, verval: null, musdes: null, overdue: [] };

  const [vp, stages, completed, musdes, finalised] = await Promise.all([
    summaryProgress(db, period.id, region),
    listStages(ctx, actor, period.id),
    summaryCompletedDesa(db, kabupatenCode, period.id),
    musdesProgress(db, actor, kabupatenCode, { periodId: period.id, region: region.code }),
    musdesCompletedDesa(db, kabupatenCode, period.id),
  ]);
  // Only stages whose completion some module records (verval: all approved; musdes: a finalised
  // berita acara; penetapan: a decree after the musdes) can say which desa are late; for the
  // others every desa would count as late once the stage ended, which says nothing.
  const ended = stages.filter((s) => s.endDate < asOf && TRACKED_STAGE_KINDS.includes(s.kind));
  const perStage = await Promise.all(
    ended.map((s) =>
      stageOverdue(ctx, actor, s.id, asOf, async (stage) =>
        stage.kind === 'verval' ? completed : stage.kind === 'musdes' ? finalised : stageCompletedDesa(db, kabupatenCode, stage),
      ),
    ),
  );
  const overdue: OverdueStage[] = [];
  for (const [i, r] of perStage.entries()) {
    const s = ended[i];
    const inRegion = r.overdue.filter((d) => d.code === region.code || d.code.startsWith(`${region.code}.`));
    if (!s || inRegion.length === 0) continue;
    overdue.push({
      stage: { id: s.id, kind: s.kind, name: s.name, startDate: s.startDate, endDate: s.endDate, kecamatanName: s.kecamatanName },
      completionTracked: r.completionTracked,
      areaDesa: r.areaDesa,
      overdue: inRegion,
    });
  }
  const totals = vp.region;
  return {
    ...base,
    period: { id: period.id, name: period.name, startDate: period.startDate, endDate: period.endDate },
    verval: {
      totals: { ...totals, visitedPct: pct(totals.visited, totals.households), approvedPct: pct(totals.approved, totals.households) },
      children: vp.children,
      ranking: rankByVerval(vp.children),
    },
    musdes: musdesSection(musdes, region.level),
    overdue,
  };
}
