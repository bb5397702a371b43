import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { conflict, notFound } from '../../http/errors.js';
import type { ServiceContext } from '../../service-context.js';
import type { Actor } from '../access/scope.js';
import { recordAudit } from '../audit/service.js';

export interface AgencyInput {
  code: string;
  name: string;
  shortName?: string | null | undefined;
}

export interface AgencyView {
  id: number;
  code: string;
  name: string;
  shortName: string | null;
  officialCount: number;
}

export async function listAgencies(deps: ServiceContext): Promise<AgencyView[]> {
  const rows = await deps.db
    .selectFrom('agency as a')
    .leftJoin('official as o', 'o.agency_id', 'a.id')
    .select(['a.id', 'a.code', 'a.name', 'a.short_name'])
    .select((eb) => eb.fn.count<number>('o.id').as('official_count'))
    .where('a.kabupaten_code', '=', deps.kabupatenCode)
    .groupBy(['a.id', 'a.code', 'a.name', 'a.short_name'])
    .orderBy('a.name')
    .execute();
  return rows.map((r) => ({ id: r.id, code: r.code, name: r.name, shortName: r.short_name, officialCount: Number(r.official_count) }));
}

export async function getAgency(db: Kysely<DB>, kabupatenCode: string, id: number) {
  const row = await db.selectFrom('agency').selectAll().where('id', '=', id).where('kabupaten_code', '=', kabupatenCode).executeTakeFirst();
  if (!row) throw notFound('OPD');
  return row;
}

const codeTaken = (code: string) =>
  conflict('AGENCY_CODE_TAKEN', `Kode OPD "${code}" sudah dipakai`, `Agency code "${code}" is already in use`, { code });

async function codeOwner(trx: Kysely<DB>, kabupatenCode: string, code: string) {
  return trx
    .selectFrom('agency')
    .select('id')
    .where('kabupaten_code', '=', kabupatenCode)
    .where((eb) => eb(eb.fn('lower', ['code']), '=', code.toLowerCase()))
    .executeTakeFirst();
}

export async function createAgency(deps: ServiceContext, actor: Actor, input: AgencyInput): Promise<AgencyView> {
  return deps.db.transaction().execute(async (trx) => {
    if (await codeOwner(trx, deps.kabupatenCode, input.code)) throw codeTaken(input.code);
    const row = await trx
      .insertInto('agency')
      .values({ kabupaten_code: deps.kabupatenCode, code: input.code, name: input.name, short_name: input.shortName ?? null })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: 'agency.create', entity: 'agency', entityId: row.id, after: input });
    return { id: row.id, code: row.code, name: row.name, shortName: row.short_name, officialCount: 0 };
  });
}

export async function updateAgency(deps: ServiceContext, actor: Actor, id: number, patch: Partial<AgencyInput>): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const before = await getAgency(trx, deps.kabupatenCode, id);
    if (patch.code !== undefined) {
      const owner = await codeOwner(trx, deps.kabupatenCode, patch.code);
      if (owner && owner.id !== id) throw codeTaken(patch.code);
    }
    await trx
      .updateTable('agency')
      .set({
        ...(patch.code !== undefined ? { code: patch.code } : {}),
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.shortName !== undefined ? { short_name: patch.shortName } : {}),
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, actor, {
      action: 'agency.update',
      entity: 'agency',
      entityId: id,
      before: { code: before.code, name: before.name, shortName: before.short_name },
      after: patch,
    });
  });
}

/** Only an agency without officials or kecamatan binaan can be deleted. */
export async function deleteAgency(deps: ServiceContext, actor: Actor, id: number): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const before = await getAgency(trx, deps.kabupatenCode, id);
    const official = await trx.selectFrom('official').select('id').where('agency_id', '=', id).limit(1).executeTakeFirst();
    const binaan = await trx.selectFrom('agency_assignment').select('id').where('agency_id', '=', id).limit(1).executeTakeFirst();
    if (official || binaan) {
      throw conflict(
        'AGENCY_IN_USE',
        `OPD ${before.name} masih memiliki pejabat atau kecamatan binaan`,
        `Agency ${before.name} still has officials or kecamatan binaan`,
      );
    }
    await trx.deleteFrom('agency').where('id', '=', id).execute();
    await recordAudit(trx, actor, {
      action: 'agency.delete',
      entity: 'agency',
      entityId: id,
      before: { code: before.code, name: before.name, shortName: before.short_name },
    });
  });
}
