import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { badRequest, conflict, forbidden, notFound } from '../../http/errors.js';
import type { ServiceContext } from '../../service-context.js';
import { identifierMasker } from '../access/privacy.js';
import type { Role } from '../access/roles.js';
import { type Actor, assertRegionInScope, regionWithin, scopeWhere } from '../access/scope.js';
import { recordAudit } from '../audit/service.js';
import { assertMemberOf, assertUnit, householdInScope, num, PROPOSER_ROLES, programByCode, regionFilter } from './common.js';
import { type GapListFilter, gapHouseholdsSql } from './gap-list.js';
import { availableActions, type ProposalAction, transition } from './machine.js';
import { insertReceipt } from './receipts.js';
import type { ProposalStatus } from './tables.js';

/** Usulan: propose a household or member for a program and move it through the state machine. */

/** The roles the actor holds on a desa (those of grants covering it). */
export function rolesOn(actor: Actor, desaCode: string): Role[] {
  return [...new Set(actor.grants.filter((g) => regionWithin(desaCode, g.regionCode)).map((g) => g.role))];
}

export interface NewProposal {
  householdId: number;
  memberId?: number | null | undefined;
  programCode: string;
  amount?: number | null | undefined;
  reason?: string | undefined;
}

const duplicate = () =>
  conflict(
    'PROPOSAL_OPEN',
    'Sudah ada usulan terbuka untuk program ini pada keluarga/anggota ini',
    'An open proposal for this program already exists for this household/member',
  );

export async function createProposal(db: Kysely<DB>, actor: Actor, input: NewProposal) {
  const h = await householdInScope(db, actor, input.householdId);
  assertRegionInScope(actor, h.desaCode, PROPOSER_ROLES);
  const program = await programByCode(db, input.programCode);
  assertUnit(program, input.memberId);
  if (input.memberId) await assertMemberOf(db, h.id, input.memberId);
  if (!program.active) throw badRequest('PROGRAM_INACTIVE', `Program ${program.code} tidak aktif`, `Program ${program.code} is inactive`);
  const id = await db.transaction().execute(async (trx) => {
    const row = await sql<{ id: number }>`
      insert into aid_proposal (kabupaten_code, kecamatan_code, desa_code, household_id, member_id, program_id, amount, reason, proposed_by)
      values (${h.kabupatenCode}, ${h.kecamatanCode}, ${h.desaCode}, ${h.id}, ${input.memberId ?? null}, ${program.id},
        ${input.amount ?? null}, ${input.reason?.trim() || null}, ${actor.userId})
      on conflict (household_id, program_id, coalesce(member_id, 0)) where status in ('PROPOSED', 'VERIFIED', 'APPROVED') do nothing
      returning id`.execute(trx);
    const id = row.rows[0]?.id;
    if (id === undefined) throw duplicate();
    await trx
      .insertInto('aid_proposal_event')
      .values({
        proposal_id: Number(id),
        kabupaten_code: h.kabupatenCode,
        kecamatan_code: h.kecamatanCode,
        desa_code: h.desaCode,
        from_status: null,
        to_status: 'PROPOSED',
        amount: input.amount ?? null,
        note: input.reason?.trim() || null,
        actor_id: actor.userId,
      })
      .execute();
    await recordAudit(trx, actor, {
      action: 'aid.proposal.create',
      entity: 'aid_proposal',
      entityId: Number(id),
      regionCode: h.desaCode,
      after: { ...input },
    });
    return Number(id);
  });
  return getProposal(db, actor, id);
}

/**
 * Propose every household of a gap-list filter for one household program, set-based. Households
 * with an open usulan for the program are skipped and counted. Only desa where the actor may
 * propose are included.
 */
export async function bulkPropose(
  { db, kabupatenCode }: ServiceContext,
  actor: Actor,
  input: { filter: GapListFilter; programCode: string; amount?: number | null | undefined; reason?: string | undefined },
) {
  const program = await programByCode(db, input.programCode);
  if (program.unit !== 'HOUSEHOLD') {
    throw badRequest(
      'HOUSEHOLD_PROGRAM_ONLY',
      'Usulan massal hanya untuk program per keluarga',
      'Bulk proposals are for household programs only',
    );
  }
  if (!program.active) throw badRequest('PROGRAM_INACTIVE', `Program ${program.code} tidak aktif`, `Program ${program.code} is inactive`);
  const set = await gapHouseholdsSql(db, actor, kabupatenCode, input.filter);
  const reason = input.reason?.trim() || 'Usulan massal dari analisis kesenjangan';
  return db.transaction().execute(async (trx) => {
    const inserted = await sql<{ n: number }>`
      with ins as (
        insert into aid_proposal (kabupaten_code, kecamatan_code, desa_code, household_id, program_id, amount, reason, proposed_by)
        select h.kabupaten_code, h.kecamatan_code, h.desa_code, h.id, ${program.id}, ${input.amount ?? null}::numeric, ${reason}, ${actor.userId}::bigint
        from ${set} g join household h on h.id = g.id
        where ${scopeWhere(actor, 'h', PROPOSER_ROLES)}
        on conflict (household_id, program_id, coalesce(member_id, 0)) where status in ('PROPOSED', 'VERIFIED', 'APPROVED') do nothing
        returning id, kabupaten_code, kecamatan_code, desa_code, amount, reason, proposed_by
      ), ev as (
        insert into aid_proposal_event (proposal_id, kabupaten_code, kecamatan_code, desa_code, from_status, to_status, amount, note, actor_id)
        select id, kabupaten_code, kecamatan_code, desa_code, null, 'PROPOSED', amount, reason, proposed_by from ins
        returning 1
      )
      select count(*)::int as n from ev`.execute(trx);
    const candidates = await sql<{ n: number }>`
      select count(*)::int as n from ${set} g join household h on h.id = g.id where ${scopeWhere(actor, 'h', PROPOSER_ROLES)}`.execute(trx);
    const created = Number(inserted.rows[0]?.n ?? 0);
    const result = { created, skipped: Number(candidates.rows[0]?.n ?? 0) - created };
    await recordAudit(trx, actor, {
      action: 'aid.proposal.bulk',
      entity: 'aid_proposal',
      regionCode: input.filter.desa ?? input.filter.kecamatan ?? kabupatenCode,
      after: { program: program.code, filter: input.filter, ...result },
    });
    return result;
  });
}

function baseQuery(db: Kysely<DB>) {
  return db
    .selectFrom('aid_proposal as a')
    .innerJoin('aid_program as p', 'p.id', 'a.program_id')
    .innerJoin('household as h', 'h.id', 'a.household_id')
    .leftJoin('member as m', 'm.id', 'a.member_id')
    .leftJoin('region as d', 'd.code', 'a.desa_code')
    .leftJoin('region as kc', 'kc.code', 'a.kecamatan_code')
    .select([
      'a.id',
      'a.status',
      'a.desa_code',
      'd.name as desa_name',
      'a.kecamatan_code',
      'kc.name as kecamatan_name',
      'a.household_id',
      'h.head_name',
      'h.head_nik',
      'h.kk_number',
      'h.address',
      'a.member_id',
      'm.name as member_name',
      'm.nik as member_nik',
      'p.code as program_code',
      'p.name as program_name',
      'a.amount',
      'a.reason',
      'a.rejection_reason',
      'a.proposed_at',
      'a.verified_at',
      'a.approved_at',
      'a.distributed_at',
      'a.rejected_at',
      'a.receipt_id',
      'a.version',
      'a.updated_at',
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>;

function view(actor: Actor, mask: ReturnType<typeof identifierMasker>, r: Row) {
  return {
    id: Number(r.id),
    status: r.status,
    desaCode: r.desa_code,
    desaName: r.desa_name,
    kecamatanCode: r.kecamatan_code,
    kecamatanName: r.kecamatan_name,
    householdId: Number(r.household_id),
    headName: r.head_name,
    headNik: mask(r.head_nik, r.desa_code),
    kkNumber: mask(r.kk_number, r.desa_code),
    address: r.address,
    memberId: r.member_id === null ? null : Number(r.member_id),
    memberName: r.member_name,
    memberNik: mask(r.member_nik, r.desa_code),
    programCode: r.program_code,
    programName: r.program_name,
    amount: num(r.amount),
    reason: r.reason,
    rejectionReason: r.rejection_reason,
    proposedAt: r.proposed_at,
    verifiedAt: r.verified_at,
    approvedAt: r.approved_at,
    distributedAt: r.distributed_at,
    rejectedAt: r.rejected_at,
    receiptId: r.receipt_id === null ? null : Number(r.receipt_id),
    version: r.version,
    updatedAt: r.updated_at,
    actions: availableActions(r.status, rolesOn(actor, r.desa_code)),
  };
}

export type ProposalView = ReturnType<typeof view>;

export async function getProposal(db: Kysely<DB>, actor: Actor, id: number) {
  const r = await baseQuery(db).where('a.id', '=', id).where(scopeWhere(actor, 'a')).executeTakeFirst();
  if (!r) throw notFound('Usulan');
  const events = await db
    .selectFrom('aid_proposal_event as e')
    .leftJoin('app_user as u', 'u.id', 'e.actor_id')
    .select(['e.id', 'e.from_status', 'e.to_status', 'e.amount', 'e.note', 'e.at', 'u.full_name'])
    .where('e.proposal_id', '=', id)
    .orderBy('e.id')
    .execute();
  return {
    ...view(actor, identifierMasker(actor), r),
    events: events.map((e) => ({
      id: Number(e.id),
      from: e.from_status,
      to: e.to_status,
      amount: num(e.amount),
      note: e.note,
      at: e.at,
      actorName: e.full_name,
    })),
  };
}

export interface ProposalFilter {
  kecamatan?: string | undefined;
  desa?: string | undefined;
  status?: ProposalStatus[] | undefined;
  program?: string | undefined;
  householdId?: number | undefined;
  before?: number | undefined;
  limit: number;
}

export function filteredProposals(db: Kysely<DB>, actor: Actor, kabupatenCode: string, f: Omit<ProposalFilter, 'limit' | 'before'>) {
  let q = baseQuery(db)
    .where(scopeWhere(actor, 'a'))
    .where(regionFilter(actor, 'a', kabupatenCode, f));
  if (f.status?.length) q = q.where('a.status', 'in', f.status);
  if (f.program) q = q.where('p.code', '=', f.program);
  if (f.householdId) q = q.where('a.household_id', '=', f.householdId);
  return q;
}

export async function listProposals({ db, kabupatenCode }: ServiceContext, actor: Actor, f: ProposalFilter) {
  let q = filteredProposals(db, actor, kabupatenCode, f);
  if (f.before) q = q.where('a.id', '<', f.before);
  const rows = await q
    .orderBy('a.id', 'desc')
    .limit(f.limit + 1)
    .execute();
  const mask = identifierMasker(actor);
  const items = rows.slice(0, f.limit).map((r) => view(actor, mask, r));
  const last = items.at(-1);
  return { items, nextBefore: rows.length > f.limit && last ? last.id : null };
}

const TRANSITION_ERRORS = {
  ILLEGAL_TRANSITION: (from: string, action: string) =>
    conflict('ILLEGAL_TRANSITION', `Usulan berstatus ${from} tidak dapat di-${action}`, `A ${from} proposal cannot be ${action}ed`, {
      from,
      action,
    }),
  REASON_REQUIRED: () => badRequest('REASON_REQUIRED', 'Alasan penolakan wajib diisi', 'A reason is required to reject'),
  ROLE_NOT_ALLOWED: () => forbidden(),
};

export interface TransitionInput {
  action: ProposalAction;
  version: number;
  amount?: number | null | undefined;
  note?: string | undefined;
  /** distribute: the period of the receipt it creates (default: the current year). */
  periodYear?: number | undefined;
  periodMonth?: number | null | undefined;
}

/** One step of the state machine, with who/when/amount, optimistic concurrency on `version`. */
export async function moveProposal(db: Kysely<DB>, actor: Actor, id: number, input: TransitionInput) {
  const current = await getProposal(db, actor, id);
  const result = transition(current.status, input.action, rolesOn(actor, current.desaCode), input.note);
  if (!result.ok) throw TRANSITION_ERRORS[result.error](current.status, input.action);
  if (current.version !== input.version) {
    throw conflict('STALE', 'Usulan baru saja diubah orang lain; muat ulang', 'The proposal was just changed by someone else; reload');
  }
  const to = result.to;
  const amount = input.amount ?? current.amount;
  const stamp = sql<Date>`now()`;
  const step =
    to === 'VERIFIED'
      ? { verified_by: actor.userId, verified_at: stamp }
      : to === 'APPROVED'
        ? { approved_by: actor.userId, approved_at: stamp }
        : to === 'DISTRIBUTED'
          ? { distributed_by: actor.userId, distributed_at: stamp }
          : { rejected_by: actor.userId, rejected_at: stamp, rejection_reason: input.note?.trim() ?? null };
  await db.transaction().execute(async (trx) => {
    const done = await trx
      .updateTable('aid_proposal')
      .set({ ...step, status: to, amount, updated_at: stamp, version: sql`version + 1` })
      .where('id', '=', id)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) {
      throw conflict('STALE', 'Usulan baru saja diubah orang lain; muat ulang', 'The proposal was just changed by someone else; reload');
    }
    let receiptId: number | null = null;
    if (to === 'DISTRIBUTED') {
      receiptId = await insertReceipt(trx, actor, {
        householdId: current.householdId,
        memberId: current.memberId,
        programCode: current.programCode,
        periodYear: input.periodYear ?? new Date().getUTCFullYear(),
        periodMonth: input.periodMonth ?? null,
        amount,
        note: `Usulan #${id}`,
        source: 'MANUAL',
        proposalId: id,
      });
      await trx.updateTable('aid_proposal').set({ receipt_id: receiptId }).where('id', '=', id).execute();
    }
    const [kab, kec] = [current.desaCode.split('.').slice(0, 2).join('.'), current.kecamatanCode];
    await trx
      .insertInto('aid_proposal_event')
      .values({
        proposal_id: id,
        kabupaten_code: kab,
        kecamatan_code: kec,
        desa_code: current.desaCode,
        from_status: current.status,
        to_status: to,
        amount,
        note: input.note?.trim() || null,
        actor_id: actor.userId,
      })
      .execute();
    await recordAudit(trx, actor, {
      action: `aid.proposal.${input.action}`,
      entity: 'aid_proposal',
      entityId: id,
      regionCode: current.desaCode,
      before: { status: current.status, amount: current.amount },
      after: { status: to, amount, note: input.note ?? null, receiptId },
    });
  });
  return getProposal(db, actor, id);
}
