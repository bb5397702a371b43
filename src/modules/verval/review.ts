import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../db/schema.js';
import { badRequest, notFound } from '../../http/errors.js';
import type { ServiceContext } from '../../service-context.js';
import { type Actor, assertRegionInScope } from '../access/scope.js';
import { changeHousehold, createProposedHousehold, type HouseholdField } from '../households/changes.js';
import { checkNewMembers, type MemberInput, type MemberOp, type NewMember } from '../households/members.js';
import { getPeriod } from '../organisation/periods.js';
import { desaExists } from './household.js';
import { EDITABLE_FIELDS, type EditableField } from './outcome.js';
import type { NewHouseholdInput } from './schemas.js';
import { allow, assertVersion, recordRevision, saveVerval } from './service.js';
import type { VervalTable } from './tables.js';
import type { MemberChange, VervalView } from './views.js';
import { toView } from './views.js';

/** Submitting, approving and returning a verval; an approval writes the verified data into the registry. */

type Row = Selectable<VervalTable>;

async function scopedVerval(trx: Kysely<DB>, actor: Actor, id: number): Promise<Row> {
  const row = await trx.selectFrom('verval').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw notFound('Verval');
  assertRegionInScope(actor, row.desa_code);
  return row;
}

export type ReviewAction = 'submit' | 'approve' | 'return';

export async function reviewVerval(
  trx: Kysely<DB>,
  _ctx: ServiceContext,
  actor: Actor,
  id: number,
  action: ReviewAction,
  input: { baseVersion: number; comment?: string | undefined },
): Promise<{ status: number; body: VervalView }> {
  const row = await scopedVerval(trx, actor, id);
  const next = allow(actor, row.desa_code, action, row, { hasComment: !!input.comment?.trim() });
  await assertVersion(trx, row, input.baseVersion);
  const now = new Date();
  const set =
    action === 'submit'
      ? { submitted_by: actor.userId, submitted_at: now }
      : { reviewed_by: actor.userId, reviewed_at: now, review_comment: action === 'return' ? input.comment!.trim() : null };
  const updated = await trx
    .updateTable('verval')
    .set({ ...set, status: next, version: row.version + 1, updated_by: actor.userId, updated_at: now })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  if (action === 'approve') await applyToRegistry(trx, actor, updated);
  const view = await recordRevision(trx, actor, action.toUpperCase(), await toView(trx, row), updated);
  return { status: 200, body: view };
}

/**
 * Write an approved verval into the registry through the household door: corrected fields,
 * indicators and member changes. Neither the target status nor the desa changes here: removals
 * from the list (MAMPU, MENINGGAL, GANDA) and a move to another desa (PINDAH) take effect only
 * through the origin desa's finalised Musyawarah Desa (ADR 0013).
 */
async function applyToRegistry(trx: Kysely<DB>, actor: Actor, v: Row): Promise<void> {
  const fields: Partial<Record<HouseholdField, string | boolean | null>> = {};
  const indicators: Record<string, unknown> = {};
  for (const [field, change] of Object.entries(v.changes)) {
    if (field.startsWith('indicators.')) indicators[field.slice('indicators.'.length)] = change.after;
    else fields[EDITABLE_FIELDS[field as EditableField]] = change.after as string | boolean | null;
  }
  const members: MemberOp[] = (v.member_changes as MemberChange[]).map((m, i) =>
    m.type === 'REMOVE'
      ? { op: 'END', memberId: m.memberId, reason: m.reason }
      : {
          op: 'ADD',
          member: {
            name: m.name,
            nik: m.nik,
            sex: m.sex,
            relationship: m.relationship,
            birthDate: m.birthDate,
            attributes: { addedBy: m.type },
            sourceId: `VERVAL-${v.id}-${v.version}-${i}`,
          },
        },
  );
  await changeHousehold(
    trx,
    actor,
    v.household_id,
    { fields, indicators, members },
    {
      action: 'household.verval_apply',
      source: { vervalId: v.id },
    },
  );
}

export const HEAD_RELATIONSHIP = 'Kepala Keluarga';
const isHead = (relationship: string | null) => /^kepala/i.test(relationship?.trim() ?? '');

/**
 * The members of a proposed household, checked like registry members: the ones given, which
 * must include the head (exactly once), or else the head alone from the head fields.
 */
function proposedMembers(input: NewHouseholdInput): NewMember[] {
  const given: MemberInput[] = input.members.length
    ? input.members
    : [{ name: input.headName, nik: input.headNik, sex: input.headSex, birthDate: input.headBirthDate, relationship: HEAD_RELATIONSHIP }];
  const heads = given.filter((m) => isHead(m.relationship)).length;
  if (heads !== 1) {
    throw badRequest(
      'MEMBER_HEAD_REQUIRED',
      'Anggota keluarga harus memuat tepat satu Kepala Keluarga',
      'The members must include exactly one head of household',
      { field: 'members' },
    );
  }
  checkNewMembers(given);
  const batch = randomUUID();
  return given.map((m, i) => ({ ...m, sourceId: `USULAN-${batch}-${i}` }));
}

/**
 * USULAN_BARU: a household found in the field that is not in the data. It is added to the
 * registry as a MANUAL household of the operator's desa, with its members (at least the head),
 * through the household door, and a verval draft proposing it; the musdes decides on adding it.
 */
export async function proposeNewHousehold(
  trx: Kysely<DB>,
  ctx: ServiceContext,
  actor: Actor,
  periodId: number,
  input: NewHouseholdInput,
): Promise<{ status: number; body: VervalView }> {
  await getPeriod(trx, ctx.kabupatenCode, periodId);
  assertRegionInScope(actor, input.desaCode);
  if (!(await desaExists(trx, input.desaCode))) throw notFound('Desa');
  allow(actor, input.desaCode, 'save', undefined);
  const h = await createProposedHousehold(
    trx,
    actor,
    {
      desaCode: input.desaCode,
      kkNumber: input.kkNumber,
      headName: input.headName,
      headNik: input.headNik,
      headSex: input.headSex,
      headBirthDate: input.headBirthDate,
      address: input.address,
      members: proposedMembers(input),
    },
    { action: 'household.propose', sourceId: `USULAN-${randomUUID()}` },
  );
  return saveVerval(trx, ctx, actor, periodId, h.householdId, {
    baseVersion: 0,
    found: true,
    outcome: 'USULAN_BARU',
    destinationDesaCode: null,
    duplicateOfHouseholdId: null,
    outcomeReason: input.reason,
    updates: {},
    indicators: {},
    memberChanges: [],
    photos: [],
    gps: null,
    note: null,
  }).then((r) => ({ ...r, status: 201 }));
}
