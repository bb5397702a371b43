import { type Kysely, type SqlBool, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, badRequest, conflict, notFound } from '../../http/errors.js';
import type { ServiceContext } from '../../service-context.js';
import { identifierMasker } from '../access/privacy.js';
import { type Actor, assertRegionFilter, scopeWhere } from '../access/scope.js';
import { recordAudit } from '../audit/service.js';
import { canResolvePair, hiddenDetailSide, hiddenListSide, seesSide } from './candidate-view.js';
import type { CandidateKind, CandidateStatus } from './tables.js';

/** Candidate pairs: list, side-by-side comparison and resolution by a person. */

/** A candidate is visible when either of its households is in the reader's regions. */
function candidateScope(actor: Actor) {
  return sql<SqlBool>`(${scopeWhere(actor, 'c')} or ${scopeWhere(actor, 'cb')})`;
}

function scoped(db: Kysely<DB>, actor: Actor) {
  return db
    .selectFrom('match_candidate as c')
    .innerJoin(
      (eb) =>
        eb
          .selectFrom('match_candidate as x')
          .select(['x.id', 'x.kabupaten_code', 'x.kecamatan_code_b as kecamatan_code', 'x.desa_code_b as desa_code'])
          .as('cb'),
      (j) => j.onRef('cb.id', '=', 'c.id'),
    )
    .where(candidateScope(actor));
}

export interface CandidateQuery {
  kind?: CandidateKind | undefined;
  status?: CandidateStatus | undefined;
  kecamatan?: string | undefined;
  page: number;
  pageSize: number;
}

export async function listCandidates({ db, kabupatenCode }: Pick<ServiceContext, 'db' | 'kabupatenCode'>, actor: Actor, q: CandidateQuery) {
  let base = scoped(db, actor).where('c.kabupaten_code', '=', kabupatenCode);
  if (q.kind) base = base.where('c.kind', '=', q.kind);
  if (q.status) base = base.where('c.status', '=', q.status);
  if (q.kecamatan) {
    assertRegionFilter(actor, q.kecamatan);
    const kec = q.kecamatan;
    base = base.where((eb) => eb.or([eb('c.kecamatan_code', '=', kec), eb('c.kecamatan_code_b', '=', kec)]));
  }
  const [rows, total] = await Promise.all([
    base
      .innerJoin('household as ha', 'ha.id', 'c.household_a')
      .innerJoin('household as hb', 'hb.id', 'c.household_b')
      .leftJoin('region as ra', 'ra.code', 'c.desa_code')
      .leftJoin('region as rb', 'rb.code', 'c.desa_code_b')
      .leftJoin('region as ka', 'ka.code', 'c.kecamatan_code')
      .leftJoin('region as kb', 'kb.code', 'c.kecamatan_code_b')
      .select([
        'ka.name as kecamatan_name_a',
        'kb.name as kecamatan_name_b',
        'c.kecamatan_code',
        'c.kecamatan_code_b',
        'ra.name as desa_name_a',
        'rb.name as desa_name_b',
        'c.id',
        'c.kind',
        'c.status',
        'c.score',
        'c.reasons',
        'c.resolution',
        'c.household_a',
        'c.household_b',
        'c.desa_code',
        'c.desa_code_b',
        'ha.head_name as name_a',
        'hb.head_name as name_b',
        'c.created_at',
      ])
      .orderBy(sql`case when c.status = 'OPEN' then 0 else 1 end`)
      .orderBy('c.score', 'desc')
      .orderBy('c.id')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    total: Number(total.n),
    items: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      status: r.status,
      score: Number(r.score),
      reasons: r.reasons,
      resolution: r.resolution,
      a: seesSide(actor, r.desa_code)
        ? {
            visible: true,
            householdId: r.household_a,
            headName: r.name_a,
            desaCode: r.desa_code,
            desaName: r.desa_name_a,
            kecamatanCode: r.kecamatan_code,
            kecamatanName: r.kecamatan_name_a,
          }
        : hiddenListSide({ kecamatanCode: r.kecamatan_code, kecamatanName: r.kecamatan_name_a }),
      b: seesSide(actor, r.desa_code_b)
        ? {
            visible: true,
            householdId: r.household_b,
            headName: r.name_b,
            desaCode: r.desa_code_b,
            desaName: r.desa_name_b,
            kecamatanCode: r.kecamatan_code_b,
            kecamatanName: r.kecamatan_name_b,
          }
        : hiddenListSide({ kecamatanCode: r.kecamatan_code_b, kecamatanName: r.kecamatan_name_b }),
      createdAt: r.created_at,
    })),
  };
}

/** A household of the pair as the reader may see it: in full (identifiers masked per role) or only its kecamatan. */
async function householdSide(
  db: Kysely<DB>,
  actor: Actor,
  side: { householdId: number; desaCode: string; kecamatanCode: string },
  highlightMember: number | null,
) {
  if (!seesSide(actor, side.desaCode)) {
    const k = await db.selectFrom('region').select('name').where('code', '=', side.kecamatanCode).executeTakeFirst();
    return hiddenDetailSide({ kecamatanCode: side.kecamatanCode, kecamatanName: k?.name ?? null });
  }
  const householdId = side.householdId;
  const mask = identifierMasker(actor);
  const h = await db
    .selectFrom('household as h')
    .leftJoin('region as d', 'd.code', 'h.desa_code')
    .leftJoin('region as k', 'k.code', 'h.kecamatan_code')
    .select([
      'h.id',
      'h.source',
      'h.source_id',
      'h.kk_number',
      'h.head_name',
      'h.head_nik',
      'h.head_birth_date',
      'h.address',
      'h.desa_code',
      'h.kecamatan_code',
      'h.target_status',
      'd.name as desa_name',
      'k.name as kecamatan_name',
    ])
    .where('h.id', '=', householdId)
    .executeTakeFirstOrThrow();
  const members = await db
    .selectFrom('member')
    .select(['id', 'nik', 'name', 'sex', 'relationship', 'birth_date'])
    .where('household_id', '=', householdId)
    .orderBy('id')
    .execute();
  const day = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString().slice(0, 10));
  return {
    visible: true,
    householdId: h.id,
    source: h.source,
    sourceId: h.source_id,
    kkNumber: mask(h.kk_number, h.desa_code),
    headName: h.head_name,
    headNik: mask(h.head_nik, h.desa_code),
    headBirthDate: day(h.head_birth_date),
    address: h.address,
    desaCode: h.desa_code,
    desaName: h.desa_name,
    kecamatanCode: h.kecamatan_code,
    kecamatanName: h.kecamatan_name,
    targetStatus: h.target_status,
    members: members.map((m) => ({
      id: m.id,
      nik: mask(m.nik, h.desa_code),
      name: m.name,
      sex: m.sex,
      relationship: m.relationship,
      birthDate: day(m.birth_date),
      matched: m.id === highlightMember,
    })),
  };
}

async function scopedCandidate(db: Kysely<DB>, actor: Actor, id: number) {
  const c = await scoped(db, actor).selectAll('c').where('c.id', '=', id).executeTakeFirst();
  if (!c) throw notFound('Kandidat');
  return c;
}

/** One candidate with both households side by side (members, identifiers masked per role). */
export async function getCandidate(db: Kysely<DB>, actor: Actor, id: number) {
  const c = await scopedCandidate(db, actor, id);
  const [a, b] = await Promise.all([
    householdSide(db, actor, { householdId: c.household_a, desaCode: c.desa_code, kecamatanCode: c.kecamatan_code }, c.member_a),
    householdSide(db, actor, { householdId: c.household_b, desaCode: c.desa_code_b, kecamatanCode: c.kecamatan_code_b }, c.member_b),
  ]);
  // An id of a household the reader may not see is not shown either.
  const shown = (hid: number | null) => (hid !== null && [a.householdId, b.householdId].includes(hid) ? hid : null);
  const resolver = c.resolved_by
    ? await db.selectFrom('app_user').select('full_name').where('id', '=', c.resolved_by).executeTakeFirst()
    : undefined;
  return {
    id: c.id,
    kind: c.kind,
    status: c.status,
    score: Number(c.score),
    reasons: c.reasons,
    resolution: c.resolution,
    keptHouseholdId: shown(c.kept_household_id),
    duplicateHouseholdId: shown(c.duplicate_household_id),
    note: c.note,
    resolvedBy: resolver?.full_name ?? null,
    resolvedAt: c.resolved_at,
    canResolve: c.status === 'OPEN' && canResolvePair(actor, c.desa_code, c.desa_code_b),
    a,
    b,
  };
}

const outOfScopePair = () =>
  new AppError(
    403,
    'CANDIDATE_OUT_OF_SCOPE',
    'Pasangan ini melibatkan keluarga di luar wilayah Anda; putusan diambil oleh admin kabupaten atau Dinsos',
    'This pair involves a household outside your regions; the regency admin or Dinsos decides it',
  );

export interface ResolveInput {
  decision: 'SAME' | 'DIFFERENT';
  /** SAME: the household that stays; the other is marked GANDA (duplicate of it). Default: household a. */
  keepHouseholdId?: number | undefined;
  note?: string | undefined;
}

/**
 * Resolve an OPEN candidate. SAME records the pair as GANDA: the kept household stays, the
 * other is its duplicate (the verval worklist shows it through `householdMatchFlags`);
 * registry rows are not changed or deleted here. DIFFERENT dismisses the pair for good.
 * The resolver must hold a resolver role on both households' regions: a pair reaching outside
 * them is visible (reduced) but answers 403 CANDIDATE_OUT_OF_SCOPE, to be decided by the admin
 * kabupaten or Dinsos. Audited in the same transaction.
 */
export async function resolveCandidate(db: Kysely<DB>, actor: Actor, id: number, input: ResolveInput) {
  await db.transaction().execute(async (trx) => {
    const c = await openCandidateForResolution(trx, actor, id);
    let kept: number | null = null;
    let duplicate: number | null = null;
    if (input.decision === 'SAME') {
      kept = input.keepHouseholdId ?? c.household_a;
      if (kept !== c.household_a && kept !== c.household_b) {
        throw badRequest(
          'KEEP_INVALID',
          'Keluarga yang dipertahankan harus salah satu dari pasangan ini',
          'The kept household must be one of the pair',
          { field: 'keepHouseholdId' },
        );
      }
      duplicate = kept === c.household_a ? c.household_b : c.household_a;
    }
    const after = {
      status: input.decision,
      resolution: input.decision === 'SAME' ? ('GANDA' as const) : ('DISMISSED' as const),
      kept_household_id: kept,
      duplicate_household_id: duplicate,
      note: input.note?.trim() || null,
    };
    await closeCandidate(trx, actor, c, after, {
      action: 'matching.candidate.resolve',
      before: { householdA: c.household_a, householdB: c.household_b },
    });
  });
  return getCandidate(db, actor, id);
}

type CandidateRow = Awaited<ReturnType<typeof scopedCandidate>>;

/**
 * The candidate, locked, for a person to decide: visible to them, both households within their
 * resolver scope (else 403 CANDIDATE_OUT_OF_SCOPE) and still OPEN (else 409). Every way of
 * resolving a candidate starts here.
 */
export async function openCandidateForResolution(trx: Kysely<DB>, actor: Actor, id: number): Promise<CandidateRow> {
  const c = await scopedCandidate(trx, actor, id);
  if (!canResolvePair(actor, c.desa_code, c.desa_code_b)) throw outOfScopePair();
  const locked = await trx.selectFrom('match_candidate').select('status').where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
  if (locked.status !== 'OPEN') {
    throw conflict('CANDIDATE_RESOLVED', 'Kandidat ini sudah diputuskan', 'This candidate has already been resolved');
  }
  return c;
}

/** Record a person's decision on an open candidate, audited in the caller's transaction. */
export async function closeCandidate(
  trx: Kysely<DB>,
  actor: Actor,
  c: CandidateRow,
  after: {
    status: 'SAME' | 'DIFFERENT';
    resolution: 'GANDA' | 'DISMISSED' | 'MEMBER_GANDA';
    kept_household_id: number | null;
    duplicate_household_id: number | null;
    note: string | null;
  },
  audit: { action: string; before: Record<string, unknown>; after?: Record<string, unknown> },
): Promise<void> {
  await trx
    .updateTable('match_candidate')
    .set({ ...after, resolved_by: actor.userId, resolved_at: new Date() })
    .where('id', '=', c.id)
    .execute();
  await recordAudit(trx, actor, {
    action: audit.action,
    entity: 'match_candidate',
    entityId: c.id,
    regionCode: c.desa_code,
    before: { status: 'OPEN', kind: c.kind, ...audit.before },
    after: { ...after, ...audit.after },
  });
}
