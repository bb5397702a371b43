import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { badRequest, conflict, notFound } from '../../http/errors.js';
import type { ServiceContext } from '../../service-context.js';
import { type Actor, assertDesaOf, assertRegionInScope, scopeColumns, scopeWhere } from '../access/scope.js';
import { recordAudit } from '../audit/service.js';
import { BUDGET_ROLES, isTarget, programByCode, regionFilter } from './common.js';

/**
 * Anggaran desa: the APBDes allocation of a desa for a year and program (default BLT Dana Desa)
 * and the households it covers, shown against the desa's target households without aid.
 * Coverage is a plan; receipts come from distribution.
 */

export interface BudgetInput {
  desaCode: string;
  year: number;
  programCode?: string | undefined;
  allocation: number;
  note?: string | undefined;
}

export async function saveBudget({ db, kabupatenCode }: ServiceContext, actor: Actor, input: BudgetInput) {
  assertDesaOf(input.desaCode, kabupatenCode);
  assertRegionInScope(actor, input.desaCode);
  assertRegionInScope(actor, input.desaCode, BUDGET_ROLES);
  const program = await programByCode(db, input.programCode ?? 'BLT_DD');
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('aid_desa_budget')
      .values({
        ...scopeColumns(input.desaCode),
        year: input.year,
        program_id: program.id,
        allocation: input.allocation,
        note: input.note?.trim() || null,
        created_by: actor.userId,
      })
      .onConflict((oc) =>
        oc.columns(['desa_code', 'year', 'program_id']).doUpdateSet({
          allocation: input.allocation,
          note: input.note?.trim() || null,
          updated_at: sql`now()`,
          version: sql`aid_desa_budget.version + 1`,
        }),
      )
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: 'aid.budget.save',
      entity: 'aid_desa_budget',
      entityId: Number(row.id),
      regionCode: input.desaCode,
      after: { ...input, programCode: program.code },
    });
    return Number(row.id);
  });
  return getBudget(db, actor, id);
}

/** Replace the households a budget covers: all must belong to its desa. */
export async function setBudgetHouseholds(db: Kysely<DB>, actor: Actor, id: number, householdIds: number[], version: number) {
  const b = await db.selectFrom('aid_desa_budget').selectAll().where('id', '=', id).executeTakeFirst();
  if (!b) throw notFound('Anggaran');
  assertRegionInScope(actor, b.desa_code);
  assertRegionInScope(actor, b.desa_code, BUDGET_ROLES);
  const ids = [...new Set(householdIds)];
  if (ids.length > 0) {
    const inDesa = await db
      .selectFrom('household')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('id', 'in', ids)
      .where('desa_code', '=', b.desa_code)
      .executeTakeFirstOrThrow();
    if (Number(inDesa.n) !== ids.length) {
      throw badRequest('HOUSEHOLD_NOT_IN_DESA', 'Ada keluarga yang bukan dari desa ini', 'Some households are not of this desa');
    }
  }
  await db.transaction().execute(async (trx) => {
    const done = await trx
      .updateTable('aid_desa_budget')
      .set({ version: sql`version + 1`, updated_at: sql`now()` })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) {
      throw conflict('STALE', 'Anggaran baru saja diubah orang lain; muat ulang', 'The budget was just changed by someone else; reload');
    }
    await trx.deleteFrom('aid_desa_budget_household').where('budget_id', '=', id).execute();
    if (ids.length > 0) {
      await trx
        .insertInto('aid_desa_budget_household')
        .values(ids.map((household_id) => ({ budget_id: id, household_id, desa_code: b.desa_code })))
        .execute();
    }
    await recordAudit(trx, actor, {
      action: 'aid.budget.households',
      entity: 'aid_desa_budget',
      entityId: id,
      regionCode: b.desa_code,
      after: { households: ids.length, householdIds: ids },
    });
  });
  return getBudget(db, actor, id);
}

function budgetQuery(db: Kysely<DB>) {
  return db
    .selectFrom('aid_desa_budget as b')
    .innerJoin('aid_program as p', 'p.id', 'b.program_id')
    .leftJoin('region as d', 'd.code', 'b.desa_code')
    .select([
      'b.id',
      'b.desa_code',
      'd.name as desa_name',
      'b.year',
      'p.code as program_code',
      'p.name as program_name',
      'b.allocation',
      'b.note',
      'b.version',
      'b.updated_at',
      sql<number>`(select count(*) from aid_desa_budget_household bh where bh.budget_id = b.id)::int`.as('covered'),
      sql<number>`(select count(*) from aid_desa_budget_household bh join household h on h.id = bh.household_id
        where bh.budget_id = b.id and ${isTarget('h')})::int`.as('covered_target'),
      sql<number>`(select count(*) from household h where h.desa_code = b.desa_code and ${isTarget('h')}
        and not exists (select 1 from aid_receipt r where r.household_id = h.id))::int`.as('target_without_aid'),
    ]);
}

type BudgetRow = Awaited<ReturnType<ReturnType<typeof budgetQuery>['executeTakeFirstOrThrow']>>;

const view = (r: BudgetRow) => ({
  id: Number(r.id),
  desaCode: r.desa_code,
  desaName: r.desa_name,
  year: r.year,
  programCode: r.program_code,
  programName: r.program_name,
  allocation: Number(r.allocation),
  note: r.note,
  version: r.version,
  updatedAt: r.updated_at,
  coveredHouseholds: Number(r.covered),
  coveredTargetHouseholds: Number(r.covered_target),
  targetWithoutAid: Number(r.target_without_aid),
});

export async function getBudget(db: Kysely<DB>, actor: Actor, id: number) {
  const r = await budgetQuery(db).where('b.id', '=', id).where(scopeWhere(actor, 'b')).executeTakeFirst();
  if (!r) throw notFound('Anggaran');
  const households = await db
    .selectFrom('aid_desa_budget_household')
    .select('household_id')
    .where('budget_id', '=', id)
    .orderBy('household_id')
    .execute();
  return { ...view(r), householdIds: households.map((h) => Number(h.household_id)) };
}

export async function listBudgets(
  { db, kabupatenCode }: ServiceContext,
  actor: Actor,
  f: { kecamatan?: string | undefined; desa?: string | undefined; year?: number | undefined },
) {
  let q = budgetQuery(db)
    .where(scopeWhere(actor, 'b'))
    .where(regionFilter(actor, 'b', kabupatenCode, f));
  if (f.year) q = q.where('b.year', '=', f.year);
  const rows = await q.orderBy('b.year', 'desc').orderBy('b.desa_code').limit(1000).execute();
  return rows.map(view);
}
