import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { badRequest, conflict, notFound } from '../../http/errors.js';
import { asDate, dateText } from '../../lib/dates.js';
import type { ServiceContext } from '../../service-context.js';
import type { Actor } from '../access/scope.js';
import { recordAudit } from '../audit/service.js';
import { lockOrganisation } from './common.js';
import { syncPeriodGrants } from './grants.js';

export interface PeriodInput {
  program: string;
  name: string;
  startDate: string;
  endDate: string;
}

export interface PeriodView {
  id: number;
  program: string;
  name: string;
  startDate: string;
  endDate: string;
}

function periodQuery(db: Kysely<DB>, kabupatenCode: string) {
  return db
    .selectFrom('program_period')
    .select(['id', 'program', 'name'])
    .select([dateText('start_date').as('startDate'), dateText('end_date').as('endDate')])
    .where('kabupaten_code', '=', kabupatenCode);
}

export async function listPeriods(deps: Pick<ServiceContext, 'db' | 'kabupatenCode'>): Promise<PeriodView[]> {
  return periodQuery(deps.db, deps.kabupatenCode).orderBy('start_date', 'desc').orderBy('id').execute();
}

export async function getPeriod(db: Kysely<DB>, kabupatenCode: string, id: number): Promise<PeriodView> {
  const row = await periodQuery(db, kabupatenCode).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Periode program');
  return row;
}

/** The period of any program that contains `date`, the latest starting first. */
export async function periodsOn(db: Kysely<DB>, kabupatenCode: string, date: string): Promise<PeriodView[]> {
  return periodQuery(db, kabupatenCode)
    .where('start_date', '<=', asDate(date))
    .where('end_date', '>=', asDate(date))
    .orderBy('start_date', 'desc')
    .execute();
}

function checkDates(input: { startDate: string; endDate: string }) {
  if (input.endDate < input.startDate) {
    throw badRequest(
      'PERIOD_DATES',
      `Tanggal akhir periode (${input.endDate}) sebelum tanggal mulai (${input.startDate})`,
      `The period ends (${input.endDate}) before it starts (${input.startDate})`,
    );
  }
}

/** Periods of the same program must not overlap; names are unique. Runs under the organisation lock. */
async function checkPeriod(trx: Kysely<DB>, kabupatenCode: string, input: PeriodInput, selfId: number | null) {
  const sameName = await trx
    .selectFrom('program_period')
    .select('id')
    .where('kabupaten_code', '=', kabupatenCode)
    .where((eb) => eb(eb.fn('lower', ['name']), '=', input.name.toLowerCase()))
    .executeTakeFirst();
  if (sameName && sameName.id !== selfId) {
    throw conflict('PERIOD_NAME_TAKEN', `Periode "${input.name}" sudah ada`, `Period "${input.name}" already exists`);
  }
  let overlapQuery = periodQuery(trx, kabupatenCode)
    .where((eb) => eb(eb.fn('lower', ['program']), '=', input.program.toLowerCase()))
    .where('start_date', '<=', asDate(input.endDate))
    .where('end_date', '>=', asDate(input.startDate));
  if (selfId !== null) overlapQuery = overlapQuery.where('id', '!=', selfId);
  const overlap = await overlapQuery.executeTakeFirst();
  if (overlap) {
    throw conflict(
      'PERIOD_OVERLAP',
      `Periode bertumpang tindih dengan "${overlap.name}" (${overlap.startDate} s.d. ${overlap.endDate})`,
      `The period overlaps "${overlap.name}" (${overlap.startDate} to ${overlap.endDate})`,
      { periodId: overlap.id },
    );
  }
}

export async function createPeriod(deps: ServiceContext, actor: Actor, input: PeriodInput): Promise<PeriodView> {
  checkDates(input);
  return deps.db.transaction().execute(async (trx) => {
    await lockOrganisation(trx);
    await checkPeriod(trx, deps.kabupatenCode, input, null);
    const row = await trx
      .insertInto('program_period')
      .values({
        kabupaten_code: deps.kabupatenCode,
        program: input.program,
        name: input.name,
        start_date: input.startDate,
        end_date: input.endDate,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: 'period.create', entity: 'program_period', entityId: row.id, after: input });
    return getPeriod(trx, deps.kabupatenCode, row.id);
  });
}

export async function updatePeriod(deps: ServiceContext, actor: Actor, id: number, patch: Partial<PeriodInput>): Promise<PeriodView> {
  return deps.db.transaction().execute(async (trx) => {
    await lockOrganisation(trx);
    const before = await getPeriod(trx, deps.kabupatenCode, id);
    const next = { ...before, ...patch };
    checkDates(next);
    await checkPeriod(trx, deps.kabupatenCode, next, id);
    const outside = await trx
      .selectFrom('stage')
      .select(['name'])
      .where('period_id', '=', id)
      .where((eb) => eb.or([eb('start_date', '<', asDate(next.startDate)), eb('end_date', '>', asDate(next.endDate))]))
      .executeTakeFirst();
    if (outside) {
      throw badRequest(
        'STAGE_OUTSIDE_PERIOD',
        `Tahapan "${outside.name}" akan berada di luar periode; ubah tahapan terlebih dahulu`,
        `Stage "${outside.name}" would fall outside the period; change the stage first`,
      );
    }
    await trx
      .updateTable('program_period')
      .set({ program: next.program, name: next.name, start_date: next.startDate, end_date: next.endDate, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    await syncPeriodGrants(trx, id);
    await recordAudit(trx, actor, { action: 'period.update', entity: 'program_period', entityId: id, before, after: patch });
    return getPeriod(trx, deps.kabupatenCode, id);
  });
}

/** A period can be deleted only while nothing refers to it. */
export async function deletePeriod(deps: ServiceContext, actor: Actor, id: number): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const before = await getPeriod(trx, deps.kabupatenCode, id);
    const used = await Promise.all(
      (['official_assignment', 'agency_assignment', 'stage'] as const).map((t) =>
        trx.selectFrom(t).select('id').where('period_id', '=', id).limit(1).executeTakeFirst(),
      ),
    );
    if (used.some((u) => u !== undefined)) {
      throw conflict(
        'PERIOD_IN_USE',
        `Periode "${before.name}" sudah memiliki penugasan atau jadwal`,
        `Period "${before.name}" already has assignments or a schedule`,
      );
    }
    await trx.deleteFrom('program_period').where('id', '=', id).execute();
    await recordAudit(trx, actor, { action: 'period.delete', entity: 'program_period', entityId: id, before });
  });
}

export interface OrganisationSettings {
  maxDesaPerOfficial: number;
}

export const DEFAULT_SETTINGS: OrganisationSettings = { maxDesaPerOfficial: 2 };

export async function getSettings(db: Kysely<DB>, kabupatenCode: string): Promise<OrganisationSettings> {
  const row = await db
    .selectFrom('organisation_setting')
    .select('max_desa_per_official')
    .where('kabupaten_code', '=', kabupatenCode)
    .executeTakeFirst();
  return row ? { maxDesaPerOfficial: row.max_desa_per_official } : { ...DEFAULT_SETTINGS };
}

export async function updateSettings(deps: ServiceContext, actor: Actor, next: OrganisationSettings): Promise<OrganisationSettings> {
  return deps.db.transaction().execute(async (trx) => {
    const before = await getSettings(trx, deps.kabupatenCode);
    await trx
      .insertInto('organisation_setting')
      .values({ kabupaten_code: deps.kabupatenCode, max_desa_per_official: next.maxDesaPerOfficial })
      .onConflict((oc) =>
        oc.column('kabupaten_code').doUpdateSet({ max_desa_per_official: next.maxDesaPerOfficial, updated_at: new Date() }),
      )
      .execute();
    await recordAudit(trx, actor, {
      action: 'organisation.settings',
      entity: 'organisation_setting',
      entityId: deps.kabupatenCode,
      before,
      after: next,
    });
    return next;
  });
}
