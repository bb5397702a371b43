import { type Kysely, type Selectable, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, badRequest, conflict } from '../../http/errors.js';
import type { ServiceContext } from '../../service-context.js';
import { canSeeFullNik, maskNik } from '../access/privacy.js';
import type { Actor } from '../access/scope.js';
import { isDesaOf, regionWithin } from '../access/scope.js';
import { recordAudit } from '../audit/service.js';
import { hasBlob } from '../blobs/service.js';
import { maskIdentifiersDeep } from '../households/detail.js';
import { checkNewMembers } from '../households/members.js';
import { getPeriod } from '../organisation/periods.js';
import { desaExists, type HouseholdRow, plainValue, rolesIn, scopedHousehold, suggestClass, vervalOf } from './household.js';
import { transition, type VervalAction } from './machine.js';
import { checkOutcome, EDITABLE_FIELDS, type EditableField } from './outcome.js';
import { photosOfHousehold } from './photos.js';
import type { SaveInput } from './schemas.js';
import type { VervalStatus, VervalTable } from './tables.js';
import { type MemberChange, toView, type VervalView } from './views.js';

/**
 * Recording verval: one record per household and program period, saved with optimistic
 * concurrency (every write names the version it was based on), every version kept as a
 * revision and every write audited in the same transaction.
 */

type Row = Selectable<VervalTable>;

/** Refuse a write based on an outdated version: show the current record and who changed it when. */
export async function assertVersion(trx: Kysely<DB>, existing: Row | undefined, baseVersion: number): Promise<void> {
  const current = existing?.version ?? 0;
  if (current === baseVersion) return;
  const view = existing ? await toView(trx, existing) : null;
  throw conflict(
    'VERSION_CONFLICT',
    view?.updatedBy
      ? `Data ini sudah diubah oleh ${view.updatedBy.fullName} pada ${view.updatedAt}; muat ulang dan periksa perubahannya`
      : 'Data ini sudah diubah orang lain; muat ulang dan periksa perubahannya',
    'This record was changed by someone else; reload and review the changes',
    { baseVersion, currentVersion: current, current: view, changedBy: view?.updatedBy ?? null, changedAt: view?.updatedAt ?? null },
  );
}

/** Run the state machine for `action` or throw its refusal. */
export function allow(
  actor: Actor,
  desaCode: string,
  action: VervalAction,
  existing: Row | undefined,
  extra: { hasOutcome?: boolean; hasComment?: boolean } = {},
): VervalStatus {
  const r = transition({
    status: existing?.status ?? null,
    action,
    roles: rolesIn(actor, desaCode),
    isSubmitter: existing?.submitted_by === actor.userId,
    hasOutcome: extra.hasOutcome ?? existing?.outcome != null,
    hasComment: extra.hasComment ?? false,
  });
  if (!r.ok) throw new AppError(r.status, r.code, r.messageId, r.messageEn);
  return r.next;
}

/** Store a revision and the audit entry for a verval write. */
export async function recordRevision(
  trx: Kysely<DB>,
  actor: Actor,
  action: string,
  before: VervalView | null,
  row: Row,
): Promise<VervalView> {
  const view = await toView(trx, row);
  await trx
    .insertInto('verval_revision')
    .values({
      verval_id: row.id,
      version: row.version,
      action,
      status: row.status,
      changed_by: actor.userId,
      snapshot: JSON.stringify(view),
    })
    .execute();
  await recordAudit(trx, actor, {
    action: `verval.${action.toLowerCase()}`,
    entity: 'verval',
    entityId: row.id,
    regionCode: row.desa_code,
    before,
    after: view,
  });
  return view;
}

async function checkReferences(
  trx: Kysely<DB>,
  ctx: ServiceContext,
  actor: Actor,
  h: HouseholdRow,
  input: SaveInput,
): Promise<MemberChange[]> {
  const kab = ctx.kabupatenCode;
  const dest = input.destinationDesaCode;
  if (input.outcome === 'PINDAH' && dest && regionWithin(dest, kab) && !(isDesaOf(dest, kab) && (await desaExists(trx, dest)))) {
    throw badRequest('VERVAL_DESTINATION_UNKNOWN', `Desa tujuan ${dest} tidak dikenal`, `Unknown destination desa ${dest}`, {
      field: 'destinationDesaCode',
    });
  }
  if (input.outcome === 'GANDA' && input.duplicateOfHouseholdId && input.duplicateOfHouseholdId !== h.id) {
    await scopedHousehold(trx, actor, input.duplicateOfHouseholdId);
  }
  // A record references only photos uploaded for its household (or already on its records):
  // the same answer whether a hash is stored for another region, another purpose or not at all.
  const own = await photosOfHousehold(trx, h.id, input.photos);
  for (const sha of input.photos) {
    if (!own.has(sha) || !hasBlob(ctx, sha)) {
      throw badRequest(
        'VERVAL_PHOTO_UNKNOWN',
        'Foto belum diunggah untuk keluarga ini; unggah fotonya dulu',
        'The photo has not been uploaded for this household; upload it first',
        { field: 'photos', sha256: sha },
      );
    }
  }
  // A member added in the field is checked like a registry member (NIK structure, birth date).
  checkNewMembers(
    input.memberChanges.map((m) => (m.type === 'REMOVE' ? null : m)),
    'memberChanges',
  );
  const removals = input.memberChanges.flatMap((m) => (m.type === 'REMOVE' ? [m.memberId] : []));
  const members = removals.length
    ? await trx.selectFrom('member').select(['id', 'name']).where('household_id', '=', h.id).where('id', 'in', removals).execute()
    : [];
  const names = new Map(members.map((m) => [m.id, m.name]));
  if (new Set(removals).size !== removals.length || members.length !== removals.length) {
    throw badRequest('VERVAL_MEMBER_UNKNOWN', 'Anggota keluarga yang dihapus tidak dikenal', 'A removed member is not in this household', {
      field: 'memberChanges',
    });
  }
  return input.memberChanges.map((m) =>
    m.type === 'REMOVE' ? { type: 'REMOVE', memberId: m.memberId, name: names.get(m.memberId)!, reason: m.reason } : { ...m },
  );
}

/** {field: {before, after}} for every correction that really changes the household. */
function changesOf(h: HouseholdRow, input: SaveInput): Record<string, { before: unknown; after: unknown }> {
  const out: Record<string, { before: unknown; after: unknown }> = {};
  for (const [field, after] of Object.entries(input.updates)) {
    const before = plainValue(h[EDITABLE_FIELDS[field as EditableField]]);
    if (after !== undefined && before !== after) out[field] = { before, after };
  }
  const indicators = (h.indicators ?? {}) as Record<string, unknown>;
  for (const [key, after] of Object.entries(input.indicators)) {
    const before = indicators[key] ?? null;
    if (before !== after) out[`indicators.${key}`] = { before, after };
  }
  return out;
}

/** Create or update the verval of a household in a period (PUT semantics: the body is the whole record). */
export async function saveVerval(
  trx: Kysely<DB>,
  ctx: ServiceContext,
  actor: Actor,
  periodId: number,
  householdId: number,
  input: SaveInput,
): Promise<{ status: number; body: VervalView }> {
  await getPeriod(trx, ctx.kabupatenCode, periodId);
  const h = await scopedHousehold(trx, actor, householdId, true);
  const existing = await vervalOf(trx, periodId, householdId, true);
  const next = allow(actor, h.desa_code, 'save', existing);
  await assertVersion(trx, existing, input.baseVersion);
  const memberChanges = await checkReferences(trx, ctx, actor, h, input);
  const suggestion = await suggestClass(trx, h, input.updates, input.indicators);
  checkOutcome(input, {
    householdId: h.id,
    householdDesaCode: h.desa_code,
    householdSource: h.source,
    suggestedClass: suggestion?.label ?? null,
  });
  const content = {
    status: next,
    found: input.found,
    outcome: input.outcome,
    destination_desa_code: input.outcome === 'PINDAH' ? input.destinationDesaCode : null,
    duplicate_of: input.outcome === 'GANDA' ? input.duplicateOfHouseholdId : null,
    suggested_class: suggestion?.label ?? null,
    criteria_id: suggestion?.criteriaId ?? null,
    outcome_reason: input.outcomeReason || null,
    changes: JSON.stringify(changesOf(h, input)),
    member_changes: JSON.stringify(memberChanges),
    photos: JSON.stringify([...new Set(input.photos)]),
    latitude: input.gps?.lat ?? null,
    longitude: input.gps?.lon ?? null,
    note: input.note || null,
    updated_by: actor.userId,
    updated_at: new Date(),
  };
  let row: Row;
  if (existing) {
    row = await trx
      .updateTable('verval')
      .set({ ...content, version: existing.version + 1 })
      .where('id', '=', existing.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  } else {
    row = await trx
      .insertInto('verval')
      .values({
        ...content,
        period_id: periodId,
        household_id: h.id,
        kabupaten_code: h.kabupaten_code,
        kecamatan_code: h.kecamatan_code,
        desa_code: h.desa_code,
        created_by: actor.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }
  const before = existing ? await toView(trx, existing) : null;
  const view = await recordRevision(trx, actor, 'SAVE', before, row);
  return { status: existing ? 200 : 201, body: view };
}

/** Mask NIK / No KK in a view for readers who may not see them in full. */
export function forReader(actor: Actor, view: VervalView): VervalView {
  return canSeeFullNik(actor, view.desaCode) ? view : (maskIdentifiersDeep(view) as VervalView);
}

/** The household's correctable fields (API names) as they are in the registry now. */
export function currentFields(h: HouseholdRow): Record<EditableField, unknown> {
  return Object.fromEntries(Object.entries(EDITABLE_FIELDS).map(([field, column]) => [field, plainValue(h[column])])) as Record<
    EditableField,
    unknown
  >;
}

/**
 * The verval of a household in a period (null when not yet visited) with the criteria engine's
 * current suggestion, the household's correctable fields and indicators as they are now and
 * its members (for corrections and removals); identifiers masked for readers who may not see them.
 */
export async function getVerval(ctx: ServiceContext, actor: Actor, periodId: number, householdId: number) {
  const { db } = ctx;
  await getPeriod(db, ctx.kabupatenCode, periodId);
  const h = await scopedHousehold(db, actor, householdId);
  const [row, suggestion, members, desa] = await Promise.all([
    vervalOf(db, periodId, householdId),
    suggestClass(db, h, {}, {}),
    db
      .selectFrom('member')
      .select(['id', 'name', 'nik', 'sex', 'relationship', sql<string | null>`to_char(birth_date, 'YYYY-MM-DD')`.as('birth_date')])
      .where('household_id', '=', h.id)
      .orderBy('id')
      .execute(),
    db.selectFrom('region').select('name').where('code', '=', h.desa_code).executeTakeFirst(),
  ]);
  const full = canSeeFullNik(actor, h.desa_code);
  const fields = currentFields(h);
  if (!full) {
    fields.headNik = maskNik(fields.headNik as string | null);
    fields.kkNumber = maskNik(fields.kkNumber as string | null);
  }
  return {
    householdId: h.id,
    desaCode: h.desa_code,
    desaName: desa?.name ?? null,
    headName: h.head_name,
    source: h.source,
    targetStatus: h.target_status,
    suggestedClass: suggestion?.label ?? null,
    criteriaId: suggestion?.criteriaId ?? null,
    fields,
    indicators: (h.indicators ?? {}) as Record<string, unknown>,
    members: members.map((m) => ({
      id: m.id,
      name: m.name,
      nik: full ? m.nik : maskNik(m.nik),
      sex: m.sex,
      relationship: m.relationship,
      birthDate: m.birth_date,
    })),
    verval: row ? forReader(actor, await toView(db, row)) : null,
  };
}
