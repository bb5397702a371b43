import { type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { badRequest, notFound } from '../../http/errors.js';
import type { ServiceContext } from '../../service-context.js';
import { identifierMasker } from '../access/privacy.js';
import { type Actor, assertRegionInScope, scopeWhere } from '../access/scope.js';
import { type AuditActor, recordAudit } from '../audit/service.js';
import { assertMemberOf, assertUnit, householdInScope, num, programByCode, RECEIPT_WRITER_ROLES, regionFilter } from './common.js';
import type { FundingSource, ReceiptSource } from './tables.js';

/**
 * Penerimaan (receipts): which household or member received which program, in which period and
 * amount. They come from recipient-list imports, from the P3KE aid flags of the registry, from
 * a distributed usulan, or are entered by hand.
 */

export interface ReceiptFilter {
  kecamatan?: string | undefined;
  desa?: string | undefined;
  householdId?: number | undefined;
  program?: string | undefined;
  year?: number | undefined;
  source?: ReceiptSource | undefined;
  /** Keyset: receipts with an id below this one. */
  before?: number | undefined;
  limit: number;
}

export async function listReceipts({ db, kabupatenCode }: ServiceContext, actor: Actor, f: ReceiptFilter) {
  let q = db
    .selectFrom('aid_receipt as r')
    .innerJoin('aid_program as p', 'p.id', 'r.program_id')
    .innerJoin('household as h', 'h.id', 'r.household_id')
    .leftJoin('member as m', 'm.id', 'r.member_id')
    .leftJoin('region as d', 'd.code', 'r.desa_code')
    .select([
      'r.id',
      'r.desa_code',
      'd.name as desa_name',
      'r.household_id',
      'h.head_name',
      'h.kk_number',
      'h.target_status',
      'r.member_id',
      'm.name as member_name',
      'm.nik as member_nik',
      'p.code as program_code',
      'p.name as program_name',
      'r.period_year',
      'r.period_month',
      'r.amount',
      'r.funding_source',
      'r.source',
      'r.import_id',
      'r.proposal_id',
      'r.note',
      'r.created_at',
    ])
    .where(scopeWhere(actor, 'r'))
    .where(regionFilter(actor, 'r', kabupatenCode, f));
  if (f.householdId) q = q.where('r.household_id', '=', f.householdId);
  if (f.program) q = q.where('p.code', '=', f.program);
  if (f.year) q = q.where('r.period_year', '=', f.year);
  if (f.source) q = q.where('r.source', '=', f.source);
  if (f.before) q = q.where('r.id', '<', f.before);
  const rows = await q
    .orderBy('r.id', 'desc')
    .limit(f.limit + 1)
    .execute();
  const mask = identifierMasker(actor);
  const items = rows.slice(0, f.limit).map((r) => ({
    id: Number(r.id),
    desaCode: r.desa_code,
    desaName: r.desa_name,
    householdId: Number(r.household_id),
    headName: r.head_name,
    kkNumber: mask(r.kk_number, r.desa_code),
    targetStatus: r.target_status,
    memberId: r.member_id === null ? null : Number(r.member_id),
    memberName: r.member_name,
    memberNik: mask(r.member_nik, r.desa_code),
    programCode: r.program_code,
    programName: r.program_name,
    periodYear: r.period_year,
    periodMonth: r.period_month,
    amount: num(r.amount),
    fundingSource: r.funding_source,
    source: r.source,
    importId: r.import_id === null ? null : Number(r.import_id),
    proposalId: r.proposal_id === null ? null : Number(r.proposal_id),
    note: r.note,
    createdAt: r.created_at,
  }));
  const last = items.at(-1);
  return { items, nextBefore: rows.length > f.limit && last ? last.id : null };
}

export interface NewReceipt {
  householdId: number;
  memberId?: number | null | undefined;
  programCode: string;
  periodYear: number;
  periodMonth?: number | null | undefined;
  amount?: number | null | undefined;
  fundingSource?: FundingSource | undefined;
  note?: string | undefined;
}

/** Insert one receipt inside `trx` (no audit: callers audit their own action). */
export async function insertReceipt(
  trx: Kysely<DB>,
  actor: Actor,
  input: NewReceipt & { source: ReceiptSource; proposalId?: number | null },
): Promise<number> {
  const h = await trx
    .selectFrom('household')
    .select(['kabupaten_code', 'kecamatan_code', 'desa_code'])
    .where('id', '=', input.householdId)
    .executeTakeFirst();
  if (!h) throw notFound('Keluarga');
  const program = await programByCode(trx, input.programCode);
  const row = await trx
    .insertInto('aid_receipt')
    .values({
      kabupaten_code: h.kabupaten_code,
      kecamatan_code: h.kecamatan_code,
      desa_code: h.desa_code,
      program_id: program.id,
      household_id: input.householdId,
      member_id: input.memberId ?? null,
      period_year: input.periodYear,
      period_month: input.periodMonth ?? null,
      amount: input.amount ?? null,
      funding_source: input.fundingSource ?? (program.fundingSource as FundingSource),
      source: input.source,
      import_id: null,
      proposal_id: input.proposalId ?? null,
      note: input.note?.trim() || null,
      created_by: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** A receipt entered by hand by the desa, kecamatan or kabupaten. */
export async function createReceipt(db: Kysely<DB>, actor: Actor, input: NewReceipt) {
  const h = await householdInScope(db, actor, input.householdId);
  assertRegionInScope(actor, h.desaCode, RECEIPT_WRITER_ROLES);
  const program = await programByCode(db, input.programCode);
  assertUnit(program, input.memberId);
  if (input.memberId) await assertMemberOf(db, h.id, input.memberId);
  if (!program.active) throw badRequest('PROGRAM_INACTIVE', `Program ${program.code} tidak aktif`, `Program ${program.code} is inactive`);
  return db.transaction().execute(async (trx) => {
    const id = await insertReceipt(trx, actor, { ...input, source: 'MANUAL' });
    await recordAudit(trx, actor, {
      action: 'aid.receipt.create',
      entity: 'aid_receipt',
      entityId: id,
      regionCode: h.desaCode,
      after: { ...input },
    });
    return { id };
  });
}

export async function deleteReceipt(db: Kysely<DB>, actor: Actor, id: number) {
  const r = await db.selectFrom('aid_receipt').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) throw notFound('Penerimaan');
  assertRegionInScope(actor, r.desa_code);
  assertRegionInScope(actor, r.desa_code, RECEIPT_WRITER_ROLES);
  if (r.source !== 'MANUAL' || r.proposal_id !== null) {
    throw badRequest(
      'RECEIPT_NOT_MANUAL',
      'Hanya penerimaan yang diisi manual yang dapat dihapus',
      'Only receipts entered by hand can be deleted',
    );
  }
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('aid_receipt').where('id', '=', id).execute();
    await recordAudit(trx, actor, {
      action: 'aid.receipt.delete',
      entity: 'aid_receipt',
      entityId: id,
      regionCode: r.desa_code,
      before: { householdId: Number(r.household_id), memberId: r.member_id, programId: Number(r.program_id), periodYear: r.period_year },
    });
  });
}

/** P3KE aid flags and the catalogue programs they stand for. */
export const FLAG_PROGRAMS: ReadonlyArray<[flag: 'aid_bpnt' | 'aid_sembako' | 'aid_pkh' | 'aid_bpum' | 'aid_bst', code: string]> = [
  ['aid_bpnt', 'SEMBAKO'],
  ['aid_sembako', 'SEMBAKO'],
  ['aid_pkh', 'PKH'],
  ['aid_bpum', 'BPUM'],
  ['aid_bst', 'BST'],
];

/**
 * "Ambil dari data P3KE": turn the registry's aid flags into receipts, set-based, one receipt
 * per program and household (household flags) or member (member flags, when the household
 * itself is not flagged for that program). Idempotent: a second run adds nothing. Period: the
 * household's data year, else the current year.
 */
export async function receiptsFromRegistry({ db, kabupatenCode }: Pick<ServiceContext, 'db' | 'kabupatenCode'>, actor: Actor) {
  return registryReceipts(db, actor, kabupatenCode, scopeWhere(actor, 'h'));
}

/**
 * The same for the whole kabupaten, done by the system (not a signed-in user): the demo
 * kabupaten runs it after loading, so its aid figures match the registry's flags at once.
 */
export async function receiptsFromRegistryForKabupaten(db: Kysely<DB>, actor: AuditActor, kabupatenCode: string) {
  return registryReceipts(db, actor, kabupatenCode, sql<SqlBool>`true`);
}

async function registryReceipts(db: Kysely<DB>, actor: AuditActor, kabupatenCode: string, inScope: RawBuilder<SqlBool>) {
  const year = new Date().getUTCFullYear();
  return db.transaction().execute(async (trx) => {
    const flagSql = (alias: string) =>
      sql.join(
        FLAG_PROGRAMS.map(([flag, code]) => sql`(${sql.ref(`${alias}.${flag}`)} and p.code = ${code})`),
        sql` or `,
      );
    const scope = sql<SqlBool>`${inScope} and h.kabupaten_code = ${kabupatenCode}`;
    const households = await sql`
      insert into aid_receipt (kabupaten_code, kecamatan_code, desa_code, program_id, household_id, member_id,
        period_year, funding_source, source, created_by)
      select distinct h.kabupaten_code, h.kecamatan_code, h.desa_code, p.id, h.id, null::bigint,
        coalesce(h.data_year, ${year}), p.funding_source, 'REGISTRY_FLAG', ${actor.userId}::bigint
      from household h join aid_program p on ${flagSql('h')}
      where ${scope}
      on conflict (program_id, household_id, coalesce(member_id, 0)) where source = 'REGISTRY_FLAG' do nothing`.execute(trx);
    const members = await sql`
      insert into aid_receipt (kabupaten_code, kecamatan_code, desa_code, program_id, household_id, member_id,
        period_year, funding_source, source, created_by)
      select distinct m.kabupaten_code, m.kecamatan_code, m.desa_code, p.id, m.household_id, m.id,
        coalesce(h.data_year, ${year}), p.funding_source, 'REGISTRY_FLAG', ${actor.userId}::bigint
      from member m join household h on h.id = m.household_id join aid_program p on ${flagSql('m')}
      where ${scope}
        -- the household itself is not flagged for the program (then it holds the receipt). Read
        -- from the flags, not as an anti-join on aid_receipt: with the table's estimate still
        -- "empty" the planner chose a merge anti-join that took 96 s for 20,000 households.
        and not (${flagSql('h')})
      on conflict (program_id, household_id, coalesce(member_id, 0)) where source = 'REGISTRY_FLAG' do nothing`.execute(trx);
    const added = { households: Number(households.numAffectedRows ?? 0), members: Number(members.numAffectedRows ?? 0) };
    await recordAudit(trx, actor, {
      action: 'aid.receipt.from_registry',
      entity: 'aid_receipt',
      regionCode: kabupatenCode,
      after: added,
    });
    return added;
  });
}
