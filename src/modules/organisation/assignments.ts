import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { conflict, notFound } from '../../http/errors.js';
import type { ServiceContext } from '../../service-context.js';
import { type Actor, assertRegionInScope, scopeColumns } from '../access/scope.js';
import { recordAudit } from '../audit/service.js';
import { getAgency } from './agencies.js';
import { lockOrganisation, orgScopeWhere, requireRegion } from './common.js';
import { grantAssignments, revokeAssignments } from './grants.js';
import { getOfficial } from './officials.js';
import { getPeriod, getSettings } from './periods.js';
import type { AssignmentRole } from './tables.js';

export const ROLE_LABELS: Record<AssignmentRole, { id: string; en: string }> = {
  pembina_kecamatan: { id: 'Pembina kecamatan', en: 'District supervisor' },
  pendamping_desa: { id: 'Pendamping desa', en: 'Village companion' },
  staf_pendamping: { id: 'Staf pendamping', en: 'Companion staff' },
};

export interface AssignmentInput {
  officialId: number;
  role: AssignmentRole;
  /** The desa, or the kecamatan for a pembina_kecamatan. */
  regionCode: string;
}

export interface Warning {
  code: string;
  message: string;
  messageEn: string;
  officialId?: number;
  regionCode?: string;
}

/** One penugasan as every list and export shows it. */
export function assignmentQuery(db: Kysely<DB>) {
  return db
    .selectFrom('official_assignment as oa')
    .innerJoin('official as o', 'o.id', 'oa.official_id')
    .innerJoin('agency as a', 'a.id', 'o.agency_id')
    .innerJoin('region as k', 'k.code', 'oa.kecamatan_code')
    .leftJoin('region as d', 'd.code', 'oa.desa_code')
    .select([
      'oa.id',
      'oa.period_id as periodId',
      'oa.official_id as officialId',
      'o.name as officialName',
      'o.nip',
      'o.position',
      'o.echelon',
      'o.agency_id as agencyId',
      'a.name as agencyName',
      'a.short_name as agencyShortName',
      'oa.role',
      'oa.kecamatan_code as kecamatanCode',
      'k.name as kecamatanName',
      'oa.desa_code as desaCode',
      'd.name as desaName',
      'oa.source',
      'oa.created_at as createdAt',
      'oa.ended_at as endedAt',
    ]);
}

export interface AssignmentQuery {
  kecamatanCode?: string | undefined;
  officialId?: number | undefined;
  includeEnded?: boolean | undefined;
}

export async function listAssignments(deps: ServiceContext, actor: Actor, periodId: number, q: AssignmentQuery) {
  await getPeriod(deps.db, deps.kabupatenCode, periodId);
  let query = assignmentQuery(deps.db).where('oa.period_id', '=', periodId).where(orgScopeWhere(actor, 'oa'));
  if (!q.includeEnded) query = query.where('oa.ended_at', 'is', null);
  if (q.kecamatanCode) query = query.where('oa.kecamatan_code', '=', q.kecamatanCode);
  if (q.officialId) query = query.where('oa.official_id', '=', q.officialId);
  return query.orderBy('oa.kecamatan_code').orderBy(sql`oa.desa_code nulls first`).orderBy('oa.role').orderBy('o.name').execute();
}

/** Warnings for a desa/official after a change: the same role twice on a region, more desa than the norm. */
async function warningsFor(trx: Kysely<DB>, kabupatenCode: string, periodId: number, rows: AssignmentInput[]): Promise<Warning[]> {
  const warnings: Warning[] = [];
  const norm = (await getSettings(trx, kabupatenCode)).maxDesaPerOfficial;
  const regions = [...new Set(rows.map((r) => r.regionCode))];
  const doubles = await trx
    .selectFrom('official_assignment')
    .select(['role', sql<string>`coalesce(desa_code, kecamatan_code)`.as('region'), (eb) => eb.fn.countAll<number>().as('n')])
    .where('period_id', '=', periodId)
    .where('ended_at', 'is', null)
    .where(sql<boolean>`coalesce(desa_code, kecamatan_code) in (${sql.join(regions)})`)
    .groupBy(['role', sql`coalesce(desa_code, kecamatan_code)`])
    .having((eb) => eb.fn.countAll(), '>', 1)
    .execute();
  for (const d of doubles) {
    const label = ROLE_LABELS[d.role];
    warnings.push({
      code: 'DOUBLE_ASSIGNMENT',
      regionCode: d.region,
      message: `${d.region} memiliki ${Number(d.n)} ${label.id.toLowerCase()}`,
      messageEn: `${d.region} has ${Number(d.n)} assignments as ${label.en.toLowerCase()}`,
    });
  }
  const officials = [...new Set(rows.map((r) => r.officialId))];
  const loads = await trx
    .selectFrom('official_assignment as oa')
    .innerJoin('official as o', 'o.id', 'oa.official_id')
    .select(['oa.official_id', 'o.name', (eb) => eb.fn.count<number>('oa.desa_code').distinct().as('n')])
    .where('oa.period_id', '=', periodId)
    .where('oa.ended_at', 'is', null)
    .where('oa.official_id', 'in', officials)
    .groupBy(['oa.official_id', 'o.name'])
    .execute();
  for (const l of loads) {
    if (Number(l.n) > norm) {
      warnings.push({
        code: 'OVER_NORM',
        officialId: l.official_id,
        message: `${l.name} mendampingi ${Number(l.n)} desa, melebihi norma ${norm} desa`,
        messageEn: `${l.name} accompanies ${Number(l.n)} desa, more than the norm of ${norm}`,
      });
    }
  }
  return warnings;
}

/**
 * Insert penugasan rows inside the caller's transaction (which holds the organisation
 * lock): every reference checked, access granted to the linked users, each row audited.
 */
export async function insertAssignments(
  trx: Kysely<DB>,
  deps: ServiceContext,
  actor: Actor,
  periodId: number,
  rows: AssignmentInput[],
  source: 'manual' | 'assistant',
): Promise<number[]> {
  const ids: number[] = [];
  for (const input of rows) {
    const official = await getOfficial(trx, deps.kabupatenCode, input.officialId);
    const region = await requireRegion(trx, deps.kabupatenCode, input.regionCode, input.role === 'pembina_kecamatan' ? 3 : 4, actor);
    const cols =
      input.role === 'pembina_kecamatan'
        ? { kabupaten_code: deps.kabupatenCode, kecamatan_code: region.code, desa_code: null }
        : scopeColumns(region.code);
    const same = await trx
      .selectFrom('official_assignment')
      .select('id')
      .where('period_id', '=', periodId)
      .where('official_id', '=', official.id)
      .where('role', '=', input.role)
      .where(sql<boolean>`coalesce(desa_code, kecamatan_code) = ${region.code}`)
      .where('ended_at', 'is', null)
      .executeTakeFirst();
    if (same) {
      throw conflict(
        'ASSIGNMENT_EXISTS',
        `${official.name} sudah ditugaskan sebagai ${ROLE_LABELS[input.role].id.toLowerCase()} di ${region.name}`,
        `${official.name} is already assigned as ${ROLE_LABELS[input.role].en.toLowerCase()} in ${region.name}`,
        { assignmentId: same.id },
      );
    }
    const row = await trx
      .insertInto('official_assignment')
      .values({ period_id: periodId, official_id: official.id, role: input.role, ...cols, source, created_by: actor.userId })
      .returning(['id', 'kecamatan_code', 'desa_code'])
      .executeTakeFirstOrThrow();
    await grantAssignments(trx, official.user_id, [row]);
    await recordAudit(trx, actor, {
      action: 'assignment.create',
      entity: 'official_assignment',
      entityId: row.id,
      regionCode: region.code,
      after: { periodId, officialId: official.id, nip: official.nip, role: input.role, regionCode: region.code, source },
    });
    ids.push(row.id);
  }
  return ids;
}

export async function createAssignment(deps: ServiceContext, actor: Actor, periodId: number, input: AssignmentInput) {
  const { id, warnings } = await deps.db.transaction().execute(async (trx) => {
    await lockOrganisation(trx);
    await getPeriod(trx, deps.kabupatenCode, periodId);
    const [id] = await insertAssignments(trx, deps, actor, periodId, [input], 'manual');
    return { id: id ?? 0, warnings: await warningsFor(trx, deps.kabupatenCode, periodId, [input]) };
  });
  const assignment = await assignmentQuery(deps.db).where('oa.id', '=', id).executeTakeFirstOrThrow();
  return { assignment, warnings };
}

async function loadForWrite(trx: Kysely<DB>, deps: ServiceContext, actor: Actor, id: number) {
  const row = await trx
    .selectFrom('official_assignment')
    .selectAll()
    .where('id', '=', id)
    .where('kabupaten_code', '=', deps.kabupatenCode)
    .executeTakeFirst();
  if (!row) throw notFound('Penugasan');
  assertRegionInScope(actor, row.desa_code ?? row.kecamatan_code, ['admin_kabupaten']);
  return row;
}

/** End an assignment: it stays on record, and the linked user loses the access it gave. */
export async function endAssignment(deps: ServiceContext, actor: Actor, id: number): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const row = await loadForWrite(trx, deps, actor, id);
    if (row.ended_at) {
      throw conflict('ASSIGNMENT_ENDED', 'Penugasan ini sudah diakhiri', 'This assignment has already ended', { endedAt: row.ended_at });
    }
    await trx.updateTable('official_assignment').set({ ended_at: new Date(), ended_by: actor.userId }).where('id', '=', id).execute();
    await revokeAssignments(trx, [id]);
    await recordAudit(trx, actor, {
      action: 'assignment.end',
      entity: 'official_assignment',
      entityId: id,
      regionCode: row.desa_code ?? row.kecamatan_code,
      before: { officialId: row.official_id, role: row.role, regionCode: row.desa_code ?? row.kecamatan_code },
    });
  });
}

/** Remove an assignment made by mistake, together with the access it gave. */
export async function deleteAssignment(deps: ServiceContext, actor: Actor, id: number): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const row = await loadForWrite(trx, deps, actor, id);
    await revokeAssignments(trx, [id]);
    await trx.deleteFrom('official_assignment').where('id', '=', id).execute();
    await recordAudit(trx, actor, {
      action: 'assignment.delete',
      entity: 'official_assignment',
      entityId: id,
      regionCode: row.desa_code ?? row.kecamatan_code,
      before: { periodId: row.period_id, officialId: row.official_id, role: row.role, regionCode: row.desa_code ?? row.kecamatan_code },
    });
  });
}

/** Kecamatan binaan of the period, limited to the reader's area. */
export async function listAgencyAssignments(deps: ServiceContext, actor: Actor, periodId: number) {
  await getPeriod(deps.db, deps.kabupatenCode, periodId);
  return deps.db
    .selectFrom('agency_assignment as aa')
    .innerJoin('agency as a', 'a.id', 'aa.agency_id')
    .innerJoin('region as k', 'k.code', 'aa.kecamatan_code')
    .select([
      'aa.id',
      'aa.period_id as periodId',
      'aa.agency_id as agencyId',
      'a.code as agencyCode',
      'a.name as agencyName',
      'a.short_name as agencyShortName',
      'aa.kecamatan_code as kecamatanCode',
      'k.name as kecamatanName',
    ])
    .where('aa.period_id', '=', periodId)
    .where(orgScopeWhere(actor, 'aa'))
    .orderBy('aa.kecamatan_code')
    .orderBy('a.name')
    .execute();
}

export async function insertAgencyAssignment(
  trx: Kysely<DB>,
  deps: ServiceContext,
  actor: Actor,
  periodId: number,
  input: { agencyId: number; kecamatanCode: string },
): Promise<number> {
  const agency = await getAgency(trx, deps.kabupatenCode, input.agencyId);
  const kec = await requireRegion(trx, deps.kabupatenCode, input.kecamatanCode, 3, actor);
  const same = await trx
    .selectFrom('agency_assignment')
    .select('id')
    .where('period_id', '=', periodId)
    .where('agency_id', '=', agency.id)
    .where('kecamatan_code', '=', kec.code)
    .executeTakeFirst();
  if (same) {
    throw conflict(
      'AGENCY_ASSIGNMENT_EXISTS',
      `${agency.name} sudah membina Kecamatan ${kec.name}`,
      `${agency.name} already holds kecamatan ${kec.name}`,
      { agencyAssignmentId: same.id },
    );
  }
  const row = await trx
    .insertInto('agency_assignment')
    .values({
      period_id: periodId,
      agency_id: agency.id,
      kabupaten_code: deps.kabupatenCode,
      kecamatan_code: kec.code,
      desa_code: null,
      created_by: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(trx, actor, {
    action: 'agency_assignment.create',
    entity: 'agency_assignment',
    entityId: row.id,
    regionCode: kec.code,
    after: { periodId, agencyId: agency.id, agencyCode: agency.code, kecamatanCode: kec.code },
  });
  return row.id;
}

/**
 * Two agencies may share a kecamatan on disjoint desa (the seed's Banyuanyar: Bapelitbangda
 * and Bagian Organisasi); only a desa accompanied by officials of this agency and of another
 * one in the period is covered twice, and warned about (DOUBLE_AGENCY, one per desa).
 */
async function sharedDesaWarnings(trx: Kysely<DB>, periodId: number, agencyId: number, kecamatanCode: string): Promise<Warning[]> {
  const shared = await sql<{ code: string; name: string; others: string }>`
    select oa.desa_code as code, d.name, string_agg(distinct a.name, ', ') filter (where a.id <> ${agencyId}) as others
    from official_assignment oa
      join official o on o.id = oa.official_id
      join agency a on a.id = o.agency_id
      join region d on d.code = oa.desa_code
    where oa.period_id = ${periodId} and oa.kecamatan_code = ${kecamatanCode} and oa.ended_at is null
    group by oa.desa_code, d.name
    having bool_or(o.agency_id = ${agencyId}) and bool_or(o.agency_id <> ${agencyId})
    order by oa.desa_code`.execute(trx);
  return shared.rows.map((r) => ({
    code: 'DOUBLE_AGENCY',
    regionCode: r.code,
    message: `Desa ${r.name} juga didampingi oleh ${r.others}`,
    messageEn: `Desa ${r.name} is also accompanied by ${r.others}`,
  }));
}

export async function createAgencyAssignment(
  deps: ServiceContext,
  actor: Actor,
  periodId: number,
  input: { agencyId: number; kecamatanCode: string },
) {
  return deps.db.transaction().execute(async (trx) => {
    await lockOrganisation(trx);
    await getPeriod(trx, deps.kabupatenCode, periodId);
    const id = await insertAgencyAssignment(trx, deps, actor, periodId, input);
    const warnings = await sharedDesaWarnings(trx, periodId, input.agencyId, input.kecamatanCode);
    return { id, warnings };
  });
}

export async function deleteAgencyAssignment(deps: ServiceContext, actor: Actor, id: number): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('agency_assignment')
      .selectAll()
      .where('id', '=', id)
      .where('kabupaten_code', '=', deps.kabupatenCode)
      .executeTakeFirst();
    if (!row) throw notFound('Kecamatan binaan');
    assertRegionInScope(actor, row.kecamatan_code, ['admin_kabupaten']);
    await trx.deleteFrom('agency_assignment').where('id', '=', id).execute();
    await recordAudit(trx, actor, {
      action: 'agency_assignment.delete',
      entity: 'agency_assignment',
      entityId: id,
      regionCode: row.kecamatan_code,
      before: { periodId: row.period_id, agencyId: row.agency_id, kecamatanCode: row.kecamatan_code },
    });
  });
}
