import { conflict, notFound } from '../../http/errors.js';
import type { ServiceContext } from '../../service-context.js';
import type { Actor } from '../access/scope.js';
import { recordAudit } from '../audit/service.js';
import type { AidUnit, FundingSource } from './tables.js';

/**
 * The catalogue of aid programs: the national and regional programs seeded by migration 0012
 * (docs/domain/aid-programs.csv, plus the historic BPUM and BST of the P3KE flags), and local
 * programs an admin adds (a Baznas or CSR scheme of the kabupaten, a desa program…).
 */

export const FUNDING_LABELS: Record<FundingSource, { id: string; en: string }> = {
  APBDES: { id: 'APBDes', en: 'Village budget (APBDes)' },
  APBD_KAB: { id: 'APBD kabupaten', en: 'Regency budget' },
  APBD_PROV: { id: 'APBD provinsi', en: 'Provincial budget' },
  APBN: { id: 'APBN', en: 'National budget' },
  NON_GOV: { id: 'Non-pemerintah (Baznas, CSR, filantropi)', en: 'Non-government (Baznas, CSR, philanthropy)' },
};

export interface ProgramView {
  id: number;
  code: string;
  name: string;
  unit: AidUnit;
  fundingSource: FundingSource;
  fundingLabel: string;
  agency: string;
  eligibilityNotes: string | null;
  historic: boolean;
  active: boolean;
  local: boolean;
}

export async function listPrograms({ db, kabupatenCode }: Pick<ServiceContext, 'db' | 'kabupatenCode'>): Promise<ProgramView[]> {
  const rows = await db
    .selectFrom('aid_program')
    .selectAll()
    .where((eb) => eb.or([eb('kabupaten_code', 'is', null), eb('kabupaten_code', '=', kabupatenCode)]))
    .orderBy('historic')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    code: r.code,
    name: r.name,
    unit: r.unit,
    fundingSource: r.funding_source,
    fundingLabel: r.funding_label,
    agency: r.agency,
    eligibilityNotes: r.eligibility_notes,
    historic: r.historic,
    active: r.active,
    local: r.kabupaten_code !== null,
  }));
}

export interface NewProgram {
  code: string;
  name: string;
  unit: AidUnit;
  fundingSource: FundingSource;
  agency: string;
  eligibilityNotes?: string | undefined;
}

export async function createProgram({ db, kabupatenCode }: ServiceContext, actor: Actor, input: NewProgram): Promise<ProgramView> {
  const code = input.code.trim().toUpperCase();
  await db.transaction().execute(async (trx) => {
    const exists = await trx.selectFrom('aid_program').select('id').where('code', '=', code).executeTakeFirst();
    if (exists) throw conflict('PROGRAM_EXISTS', `Kode program ${code} sudah dipakai`, `Program code ${code} is already used`);
    const row = await trx
      .insertInto('aid_program')
      .values({
        code,
        name: input.name.trim(),
        unit: input.unit,
        funding_source: input.fundingSource,
        funding_label: FUNDING_LABELS[input.fundingSource].id,
        agency: input.agency.trim(),
        eligibility_notes: input.eligibilityNotes?.trim() || null,
        kabupaten_code: kabupatenCode,
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: 'aid.program.create',
      entity: 'aid_program',
      entityId: Number(row.id),
      regionCode: kabupatenCode,
      after: { ...input, code },
    });
  });
  const all = await listPrograms({ db, kabupatenCode });
  return all.find((p) => p.code === code) as ProgramView;
}

export interface ProgramPatch {
  name?: string | undefined;
  agency?: string | undefined;
  eligibilityNotes?: string | null | undefined;
  active?: boolean | undefined;
}

/** Edit the descriptive fields of a program (any program's notes and activity; local programs' names). */
export async function updateProgram({ db, kabupatenCode }: ServiceContext, actor: Actor, id: number, patch: ProgramPatch) {
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('aid_program').selectAll().where('id', '=', id).executeTakeFirst();
    if (!before || (before.kabupaten_code !== null && before.kabupaten_code !== kabupatenCode)) throw notFound('Program bantuan');
    const set = {
      ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
      ...(patch.agency !== undefined ? { agency: patch.agency.trim() } : {}),
      ...(patch.eligibilityNotes !== undefined ? { eligibility_notes: patch.eligibilityNotes?.trim() || null } : {}),
      ...(patch.active !== undefined ? { active: patch.active } : {}),
    };
    if (Object.keys(set).length === 0) return;
    await trx.updateTable('aid_program').set(set).where('id', '=', id).execute();
    await recordAudit(trx, actor, {
      action: 'aid.program.update',
      entity: 'aid_program',
      entityId: id,
      regionCode: kabupatenCode,
      before: { name: before.name, agency: before.agency, eligibilityNotes: before.eligibility_notes, active: before.active },
      after: patch,
    });
  });
  const all = await listPrograms({ db, kabupatenCode });
  const found = all.find((p) => p.id === id);
  if (!found) throw notFound('Program bantuan');
  return found;
}
