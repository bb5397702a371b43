import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { badRequest, notFound } from '../../http/errors.js';
import { dateText } from '../../lib/dates.js';
import type { ServiceContext } from '../../service-context.js';
import { type Actor, canAccessRegion, regionFilterInScope, regionLevel, scopeCodes } from '../access/scope.js';
import { recordAudit } from '../audit/service.js';
import { kecamatanOf, requireRegion } from './common.js';
import { getPeriod, type PeriodView, periodsOn } from './periods.js';
import type { StageKind } from './tables.js';

export interface StageInput {
  kind: StageKind;
  name: string;
  startDate: string;
  endDate: string;
  kecamatanCode?: string | null | undefined;
}

export interface StageView {
  id: number;
  periodId: number;
  kind: StageKind;
  name: string;
  startDate: string;
  endDate: string;
  kecamatanCode: string | null;
  kecamatanName: string | null;
}

/** What the schedule rules need of a stage. */
export type StageLike = Pick<StageView, 'id' | 'kind' | 'startDate' | 'endDate' | 'kecamatanCode'>;

/**
 * The stages that apply to a kecamatan: its own stages, and the kabupaten-wide stages of
 * every kind for which it has none (a kecamatan-specific stage replaces the kabupaten-wide
 * one of the same kind). With no kecamatan, the kabupaten-wide stages.
 */
export function effectiveStages<T extends StageLike>(stages: T[], kecamatanCode: string | null): T[] {
  const own = kecamatanCode ? stages.filter((s) => s.kecamatanCode === kecamatanCode) : [];
  const overridden = new Set(own.map((s) => s.kind));
  const general = stages.filter((s) => s.kecamatanCode === null && !overridden.has(s.kind));
  return [...general, ...own].sort((a, b) => a.startDate.localeCompare(b.startDate) || a.id - b.id);
}

/** The stages under way on `date` (yyyy-mm-dd) for a kecamatan (or kabupaten-wide). */
export function currentStages<T extends StageLike>(stages: T[], date: string, kecamatanCode: string | null): T[] {
  return effectiveStages(stages, kecamatanCode).filter((s) => s.startDate <= date && date <= s.endDate);
}

export interface DesaRef {
  code: string;
  kecamatanCode: string;
}

/** The desa a stage applies to: its kecamatan's, or, kabupaten-wide, those of kecamatan without their own stage of that kind. */
export function stageArea<D extends DesaRef>(stage: StageLike, allStages: StageLike[], desa: D[]): D[] {
  if (stage.kecamatanCode) return desa.filter((d) => d.kecamatanCode === stage.kecamatanCode);
  const own = new Set(allStages.filter((s) => s.kind === stage.kind && s.kecamatanCode).map((s) => s.kecamatanCode));
  return desa.filter((d) => !own.has(d.kecamatanCode));
}

/**
 * Overdue desa of a stage on `asOf`: once the stage has ended (asOf after its end date),
 * every desa of its area whose work is not in `completed`; before that, none. Which desa
 * completed a stage is decided by the modules that record the work (verval, musdes, decree).
 */
export function overdueDesa<D extends DesaRef>(
  stage: StageLike,
  allStages: StageLike[],
  desa: D[],
  completed: ReadonlySet<string>,
  asOf: string,
): D[] {
  if (asOf <= stage.endDate) return [];
  return stageArea(stage, allStages, desa).filter((d) => !completed.has(d.code));
}

function stageQuery(db: Kysely<DB>) {
  return db
    .selectFrom('stage as s')
    .leftJoin('region as k', 'k.code', 's.kecamatan_code')
    .select(['s.id', 's.period_id as periodId', 's.kind', 's.name', 's.kecamatan_code as kecamatanCode', 'k.name as kecamatanName'])
    .select([dateText('s.start_date').as('startDate'), dateText('s.end_date').as('endDate')]);
}

/** Kabupaten-wide stages, and kecamatan stages that concern the reader's area. */
function visibleStage(actor: Actor, s: StageView): boolean {
  if (!s.kecamatanCode) return true;
  const code = s.kecamatanCode;
  return regionFilterInScope(actor, code);
}

export async function listStages(deps: Pick<ServiceContext, 'db' | 'kabupatenCode'>, actor: Actor, periodId: number): Promise<StageView[]> {
  await getPeriod(deps.db, deps.kabupatenCode, periodId);
  const rows = await stageQuery(deps.db).where('s.period_id', '=', periodId).orderBy('s.start_date').orderBy('s.id').execute();
  return rows.filter((s) => visibleStage(actor, s));
}

export async function getStage(db: Kysely<DB>, kabupatenCode: string, id: number): Promise<StageView> {
  const row = await stageQuery(db).where('s.id', '=', id).where('s.kabupaten_code', '=', kabupatenCode).executeTakeFirst();
  if (!row) throw notFound('Tahapan');
  return row;
}

function checkStage(period: PeriodView, input: { startDate: string; endDate: string; name: string }) {
  if (input.endDate < input.startDate) {
    throw badRequest(
      'STAGE_DATES',
      `Tahapan "${input.name}": tanggal selesai (${input.endDate}) sebelum tanggal mulai (${input.startDate})`,
      `Stage "${input.name}": end date (${input.endDate}) is before the start date (${input.startDate})`,
    );
  }
  if (input.startDate < period.startDate || input.endDate > period.endDate) {
    throw badRequest(
      'STAGE_OUTSIDE_PERIOD',
      `Tahapan "${input.name}" harus berada dalam periode ${period.name} (${period.startDate} s.d. ${period.endDate})`,
      `Stage "${input.name}" must lie within period ${period.name} (${period.startDate} to ${period.endDate})`,
    );
  }
}

export async function createStage(deps: ServiceContext, actor: Actor, periodId: number, input: StageInput): Promise<StageView> {
  return deps.db.transaction().execute(async (trx) => {
    const period = await getPeriod(trx, deps.kabupatenCode, periodId);
    checkStage(period, input);
    if (input.kecamatanCode) await requireRegion(trx, deps.kabupatenCode, input.kecamatanCode, 3, actor);
    const row = await trx
      .insertInto('stage')
      .values({
        period_id: periodId,
        kind: input.kind,
        name: input.name,
        start_date: input.startDate,
        end_date: input.endDate,
        kabupaten_code: deps.kabupatenCode,
        kecamatan_code: input.kecamatanCode ?? null,
        desa_code: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: 'stage.create',
      entity: 'stage',
      entityId: row.id,
      regionCode: input.kecamatanCode ?? deps.kabupatenCode,
      after: { periodId, ...input },
    });
    return getStage(trx, deps.kabupatenCode, row.id);
  });
}

export async function updateStage(deps: ServiceContext, actor: Actor, id: number, patch: Partial<StageInput>): Promise<StageView> {
  return deps.db.transaction().execute(async (trx) => {
    const before = await getStage(trx, deps.kabupatenCode, id);
    const period = await getPeriod(trx, deps.kabupatenCode, before.periodId);
    const next = {
      kind: patch.kind ?? before.kind,
      name: patch.name ?? before.name,
      startDate: patch.startDate ?? before.startDate,
      endDate: patch.endDate ?? before.endDate,
      kecamatanCode: patch.kecamatanCode === undefined ? before.kecamatanCode : patch.kecamatanCode,
    };
    checkStage(period, next);
    if (next.kecamatanCode) await requireRegion(trx, deps.kabupatenCode, next.kecamatanCode, 3, actor);
    await trx
      .updateTable('stage')
      .set({
        kind: next.kind,
        name: next.name,
        start_date: next.startDate,
        end_date: next.endDate,
        kecamatan_code: next.kecamatanCode,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, actor, {
      action: 'stage.update',
      entity: 'stage',
      entityId: id,
      regionCode: next.kecamatanCode ?? deps.kabupatenCode,
      before,
      after: next,
    });
    return getStage(trx, deps.kabupatenCode, id);
  });
}

export async function deleteStage(deps: ServiceContext, actor: Actor, id: number): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const before = await getStage(trx, deps.kabupatenCode, id);
    await trx.deleteFrom('stage').where('id', '=', id).execute();
    await recordAudit(trx, actor, {
      action: 'stage.delete',
      entity: 'stage',
      entityId: id,
      regionCode: before.kecamatanCode ?? deps.kabupatenCode,
      before,
    });
  });
}

/** The one kecamatan all of the reader's regions lie in, or null (kabupaten-wide or several). */
export function homeKecamatan(actor: Actor): string | null {
  const codes = scopeCodes(actor);
  if (codes.length === 0 || codes.some((c) => regionLevel(c) < 3)) return null;
  const kecs = new Set(codes.map(kecamatanOf));
  return kecs.size === 1 ? ([...kecs][0] ?? null) : null;
}

/** Per period running on `date`: the stages under way for the reader's area, and the next one. */
export async function currentSchedule(deps: ServiceContext, actor: Actor, date: string) {
  const periods = await periodsOn(deps.db, deps.kabupatenCode, date);
  const kecamatanCode = homeKecamatan(actor);
  const items = [];
  for (const period of periods) {
    const stages = await listStages(deps, actor, period.id);
    const effective = effectiveStages(stages, kecamatanCode);
    items.push({
      period,
      kecamatanCode,
      current: currentStages(stages, date, kecamatanCode),
      next: effective.find((s) => s.startDate > date) ?? null,
    });
  }
  return { date, items };
}

/**
 * The desa whose work for a stage is done, or null when no module records that kind of work.
 * The modules that own the work answer it (monitoring/stage-completion.ts); the schedule only
 * asks, so organisation depends on none of them.
 */
export type StageCompletion = (stage: { kind: string; periodId: number; startDate: string }) => Promise<ReadonlySet<string> | null>;

/**
 * Overdue desa of a stage as of `asOf`, limited to the reader's desa. `completedFor` returns
 * the desa whose work for the stage is done, from the module that records that work, or null.
 */
export async function stageOverdue(
  deps: Pick<ServiceContext, 'db' | 'kabupatenCode'>,
  actor: Actor,
  stageId: number,
  asOf: string,
  completedFor: StageCompletion,
) {
  const stage = await getStage(deps.db, deps.kabupatenCode, stageId);
  if (!visibleStage(actor, stage)) throw notFound('Tahapan');
  // null: no module records this kind of stage work yet, so every desa counts as not done.
  const tracked = await completedFor(stage);
  const completed = tracked ?? new Set<string>();
  const all = await stageQuery(deps.db).where('s.period_id', '=', stage.periodId).execute();
  const rows = await deps.db
    .selectFrom('region as d')
    .innerJoin('region as k', 'k.code', 'd.parent_code')
    .select(['d.code', 'd.name', 'd.parent_code as kecamatanCode', 'k.name as kecamatanName'])
    .where('d.level', '=', 4)
    .where('d.code', 'like', `${deps.kabupatenCode}.%`)
    .orderBy('d.code')
    .execute();
  const desa = rows.filter((d) => canAccessRegion(actor, d.code)).map((d) => ({ ...d, kecamatanCode: d.kecamatanCode ?? '' }));
  const area = stageArea(stage, all, desa);
  return {
    stage,
    asOf,
    ended: asOf > stage.endDate,
    completionTracked: tracked !== null,
    areaDesa: area.length,
    overdue: overdueDesa(stage, all, desa, completed, asOf),
  };
}
