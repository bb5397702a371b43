import type { Kysely, Selectable } from 'kysely';
import { lockTransaction } from '../../db/advisory-locks.js';
import type { DB } from '../../db/schema.js';
import { AppError, badRequest, conflict, notFound } from '../../http/errors.js';
import { type Actor, assertRegionInScope } from '../access/scope.js';
import { type AuditActor, recordAudit } from '../audit/service.js';
import { type Evaluation, evaluateHousehold } from './evaluate.js';
import { HOUSEHOLD_FIELD_COLUMNS, householdFieldValues } from './fields.js';
import { type Problem, type RuleSet, validateRuleSet } from './schema.js';
import type { CriteriaSetTable, CriteriaStatus } from './tables.js';

/**
 * Versioned criteria sets. Each save stores a new version (DRAFT) of the set's code; adopting
 * a draft archives the code's previously adopted version. Nothing is ever edited in place
 * (the table's trigger enforces it) and every change is audited.
 */

type Row = Selectable<CriteriaSetTable>;

export interface CriteriaSummary {
  id: number;
  code: string;
  version: number;
  title: string;
  status: CriteriaStatus;
  note: string | null;
  indicatorCount: number;
  createdBy: string | null;
  createdAt: Date;
  adoptedBy: string | null;
  adoptedAt: Date | null;
}

export interface CriteriaView extends CriteriaSummary {
  definition: RuleSet;
}

export const invalidCriteria = (problems: Problem[]) =>
  badRequest(
    'CRITERIA_INVALID',
    'Kriteria tidak valid; tidak ada yang disimpan',
    'The criteria set is invalid; nothing was saved',
    problems,
  );

const noAdopted = () =>
  new AppError(
    409,
    'NO_ADOPTED_CRITERIA',
    'Belum ada kriteria yang ditetapkan; tetapkan satu versi terlebih dahulu',
    'No criteria set has been adopted yet; adopt a version first',
  );

/** A stored definition, checked against today's field catalogue before it is used. */
export function storedRuleSet(row: Pick<Row, 'id' | 'definition'>): RuleSet {
  const v = validateRuleSet(row.definition);
  if (!v.ok) {
    throw conflict(
      'CRITERIA_OUTDATED',
      `Kriteria #${row.id} tidak lagi sesuai dengan katalog kolom; simpan versi baru`,
      `Criteria set #${row.id} no longer fits the field catalogue; save a new version`,
      v.problems,
    );
  }
  return v.ruleSet;
}

function baseQuery(db: Kysely<DB>) {
  return db
    .selectFrom('criteria_set as c')
    .leftJoin('app_user as cu', 'cu.id', 'c.created_by')
    .leftJoin('app_user as au', 'au.id', 'c.adopted_by')
    .select([
      'c.id',
      'c.code',
      'c.version',
      'c.title',
      'c.status',
      'c.note',
      'c.definition',
      'c.created_at',
      'c.adopted_at',
      'cu.full_name as created_by_name',
      'au.full_name as adopted_by_name',
    ]);
}

type JoinedRow = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>;

function summary(r: JoinedRow): CriteriaSummary {
  const def = r.definition as { indicators?: unknown[] } | null;
  return {
    id: r.id,
    code: r.code,
    version: r.version,
    title: r.title,
    status: r.status,
    note: r.note,
    indicatorCount: Array.isArray(def?.indicators) ? def.indicators.length : 0,
    createdBy: r.created_by_name,
    createdAt: r.created_at,
    adoptedBy: r.adopted_by_name,
    adoptedAt: r.adopted_at,
  };
}

export async function listCriteria(db: Kysely<DB>, filter: { code?: string | undefined; status?: CriteriaStatus | undefined } = {}) {
  let q = baseQuery(db).orderBy('c.code').orderBy('c.version', 'desc');
  if (filter.code) q = q.where('c.code', '=', filter.code);
  if (filter.status) q = q.where('c.status', '=', filter.status);
  return (await q.execute()).map(summary);
}

export async function getCriteria(db: Kysely<DB>, id: number): Promise<CriteriaView | undefined> {
  const r = await baseQuery(db).where('c.id', '=', id).executeTakeFirst();
  return r ? { ...summary(r), definition: r.definition as RuleSet } : undefined;
}

export async function requireCriteria(db: Kysely<DB>, id: number): Promise<CriteriaView> {
  const c = await getCriteria(db, id);
  if (!c) throw notFound('Kriteria');
  return c;
}

/** The adopted version of `code`, or the most recently adopted set of any code. */
export async function findAdopted(db: Kysely<DB>, code?: string): Promise<CriteriaView | undefined> {
  let q = db.selectFrom('criteria_set').select('id').where('status', '=', 'ADOPTED');
  if (code) q = q.where('code', '=', code);
  const r = await q.orderBy('adopted_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return r ? getCriteria(db, r.id) : undefined;
}

export async function requireAdopted(db: Kysely<DB>): Promise<CriteriaView> {
  const c = await findAdopted(db);
  if (!c) throw noAdopted();
  return c;
}

/** The set a what-if compares against: `againstId`, else the adopted version of the same code, else the latest adopted. */
export async function resolveBaseline(db: Kysely<DB>, draft: CriteriaView, againstId?: number): Promise<CriteriaView> {
  if (againstId !== undefined) return requireCriteria(db, againstId);
  const c = (await findAdopted(db, draft.code)) ?? (await findAdopted(db));
  if (!c) throw noAdopted();
  return c;
}

export interface SaveInput {
  definition: unknown;
  note?: string | undefined;
}

/** Validate and store `definition` as the next DRAFT version of its code (400 with the problems when invalid). */
export async function saveDraft(db: Kysely<DB>, input: SaveInput, actor: AuditActor): Promise<CriteriaView> {
  const v = validateRuleSet(input.definition);
  if (!v.ok) throw invalidCriteria(v.problems);
  const rs = v.ruleSet;
  const id = await db.transaction().execute(async (trx) => {
    await lockTransaction(trx, 'CRITERIA');
    const last = await trx
      .selectFrom('criteria_set')
      .select((eb) => eb.fn.max('version').as('v'))
      .where('code', '=', rs.id)
      .executeTakeFirst();
    const version = Number(last?.v ?? 0) + 1;
    const row = await trx
      .insertInto('criteria_set')
      .values({
        code: rs.id,
        version,
        title: rs.title,
        definition: JSON.stringify(rs),
        status: 'DRAFT',
        created_by: actor.userId,
        note: input.note?.trim() || null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: 'criteria.create',
      entity: 'criteria_set',
      entityId: row.id,
      after: {
        code: rs.id,
        version,
        title: rs.title,
        note: input.note ?? null,
        indicators: rs.indicators.length,
        rules: rs.classify.length,
      },
    });
    return row.id;
  });
  return requireCriteria(db, id);
}

/** Adopt a DRAFT: the code's adopted version becomes ARCHIVED in the same transaction. */
export async function adoptCriteria(db: Kysely<DB>, id: number, actor: AuditActor): Promise<CriteriaView> {
  await db.transaction().execute(async (trx) => {
    await lockTransaction(trx, 'CRITERIA');
    const row = await trx.selectFrom('criteria_set').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('Kriteria');
    if (row.status !== 'DRAFT') {
      throw conflict(
        'CRITERIA_NOT_DRAFT',
        `Versi ${row.version} berstatus ${row.status} dan tidak dapat ditetapkan; hanya draf yang dapat ditetapkan`,
        `Version ${row.version} is ${row.status} and cannot be adopted; only a draft can be adopted`,
      );
    }
    storedRuleSet(row);
    const previous = await trx
      .selectFrom('criteria_set')
      .select(['id', 'version'])
      .where('code', '=', row.code)
      .where('status', '=', 'ADOPTED')
      .executeTakeFirst();
    if (previous) {
      await trx.updateTable('criteria_set').set({ status: 'ARCHIVED' }).where('id', '=', previous.id).execute();
      await recordAudit(trx, actor, {
        action: 'criteria.archive',
        entity: 'criteria_set',
        entityId: previous.id,
        before: { status: 'ADOPTED' },
        after: { status: 'ARCHIVED', replacedBy: id },
      });
    }
    await trx
      .updateTable('criteria_set')
      .set({ status: 'ADOPTED', adopted_by: actor.userId, adopted_at: new Date() })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, actor, {
      action: 'criteria.adopt',
      entity: 'criteria_set',
      entityId: id,
      before: { status: 'DRAFT' },
      after: { status: 'ADOPTED', code: row.code, version: row.version, replaces: previous?.id ?? null },
    });
  });
  return requireCriteria(db, id);
}

export interface HouseholdEvaluation {
  household: { id: number; headName: string; desaCode: string; targetStatus: string };
  criteria: { id: number; code: string; version: number; title: string; status: CriteriaStatus };
  evaluation: Evaluation;
}

/**
 * Evaluate one household by the adopted set (or `criteriaId`), with the explanation. A household
 * outside the actor's regions is 404, exactly like one that does not exist.
 */
export async function evaluateHouseholdById(
  db: Kysely<DB>,
  actor: Actor,
  householdId: number,
  criteriaId?: number,
): Promise<HouseholdEvaluation> {
  const cols = HOUSEHOLD_FIELD_COLUMNS as Array<keyof DB['household']>;
  const h = await db
    .selectFrom('household')
    .select(['id', 'head_name', 'desa_code', 'target_status', ...cols])
    .where('id', '=', householdId)
    .executeTakeFirst();
  if (!h) throw notFound('Keluarga');
  assertRegionInScope(actor, h.desa_code);
  const c = criteriaId !== undefined ? await requireCriteria(db, criteriaId) : await requireAdopted(db);
  const ruleSet = storedRuleSet(c);
  return {
    household: { id: h.id, headName: h.head_name, desaCode: h.desa_code, targetStatus: h.target_status },
    criteria: { id: c.id, code: c.code, version: c.version, title: c.title, status: c.status },
    evaluation: evaluateHousehold(ruleSet, householdFieldValues(h as Record<string, unknown>)),
  };
}
