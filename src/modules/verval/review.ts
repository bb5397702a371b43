import { createHash, randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { AppContext } from '../../http/context.js';
import { notFound } from '../../http/errors.js';
import { type Actor, assertRegionInScope, scopeColumns } from '../access/scope.js';
import { recordAudit } from '../audit/service.js';
import { getPeriod } from '../organisation/periods.js';
import { desaExists, plainValue, recountMembers } from './household.js';
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
  ctx: AppContext,
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
  if (action === 'approve') await applyToRegistry(trx, ctx, actor, updated);
  const view = await recordRevision(trx, actor, action.toUpperCase(), await toView(trx, row), updated);
  return { status: 200, body: view };
}

/**
 * Write an approved verval into the registry: corrected fields, member changes and a move
 * within the kabupaten as a transfer to the new desa, with the before/after in
 * household_history and the household's version raised. The target status is never changed
 * here: removals from the list (MAMPU, MENINGGAL, GANDA) take effect only through a
 * finalised Musyawarah Desa.
 */
async function applyToRegistry(trx: Kysely<DB>, ctx: AppContext, actor: Actor, v: Row): Promise<void> {
  const h = await trx.selectFrom('household').selectAll().where('id', '=', v.household_id).forUpdate().executeTakeFirstOrThrow();
  const history: Record<string, unknown> = {};
  const set: Record<string, unknown> = {};
  const indicators = { ...((h.indicators ?? {}) as Record<string, unknown>) };
  let indicatorsChanged = false;
  for (const [field, change] of Object.entries(v.changes)) {
    if (field.startsWith('indicators.')) {
      indicators[field.slice('indicators.'.length)] = change.after;
      indicatorsChanged = true;
    } else {
      const column = EDITABLE_FIELDS[field as EditableField];
      set[column] = change.after;
    }
    history[field] = [change.before, change.after];
  }
  if (indicatorsChanged) set.indicators = JSON.stringify(indicators);
  const dest = v.destination_desa_code;
  const transfer =
    v.outcome === 'PINDAH' && dest !== null && dest.startsWith(`${ctx.config.kabupatenCode}.`) && (await desaExists(trx, dest));
  if (transfer && dest) {
    Object.assign(set, scopeColumns(dest));
    history.desaCode = [h.desa_code, dest];
    await trx.updateTable('member').set(scopeColumns(dest)).where('household_id', '=', h.id).execute();
  }
  const memberChanges = v.member_changes as MemberChange[];
  const memberHistory: unknown[] = [];
  const desa = transfer && dest ? dest : h.desa_code;
  for (const [i, m] of memberChanges.entries()) {
    if (m.type === 'REMOVE') {
      await trx.deleteFrom('member').where('id', '=', m.memberId).where('household_id', '=', h.id).execute();
      memberHistory.push({ removed: m.memberId, name: m.name, reason: m.reason });
    } else {
      const record = { ...m, vervalId: v.id, index: i };
      await trx
        .insertInto('member')
        .values({
          household_id: h.id,
          ...scopeColumns(desa),
          source: 'MANUAL',
          source_id: `VERVAL-${v.id}-${v.version}-${i}`,
          nik: m.nik,
          name: m.name,
          sex: m.sex,
          relationship: m.relationship,
          birth_date: m.birthDate,
          attributes: JSON.stringify({ addedBy: m.type }),
          row_hash: createHash('sha256').update(JSON.stringify(record)).digest('hex'),
        })
        .execute();
      memberHistory.push({ added: m.name, type: m.type });
    }
  }
  if (memberHistory.length) history.members = memberHistory;
  if (Object.keys(history).length === 0) return;
  await trx
    .updateTable('household')
    .set({ ...set, version: h.version + 1, updated_at: new Date() })
    .where('id', '=', h.id)
    .execute();
  if (memberChanges.length) await recountMembers(trx, h.id);
  await trx
    .insertInto('household_history')
    .values({ household_id: h.id, changed_by: actor.userId, changes: JSON.stringify({ ...history, vervalId: v.id }) })
    .execute();
  await recordAudit(trx, actor, {
    action: 'household.verval_apply',
    entity: 'household',
    entityId: h.id,
    regionCode: h.desa_code,
    before: Object.fromEntries(Object.entries(history).map(([k, x]) => [k, Array.isArray(x) ? plainValue(x[0]) : null])),
    after: history,
  });
}

/**
 * USULAN_BARU: a household found in the field that is not in the data. It is added to the
 * registry as a MANUAL household of the operator's desa with a verval draft proposing it.
 */
export async function proposeNewHousehold(
  trx: Kysely<DB>,
  ctx: AppContext,
  actor: Actor,
  periodId: number,
  input: NewHouseholdInput,
): Promise<{ status: number; body: VervalView }> {
  await getPeriod(trx, ctx.config.kabupatenCode, periodId);
  assertRegionInScope(actor, input.desaCode);
  if (!(await desaExists(trx, input.desaCode))) throw notFound('Desa');
  allow(actor, input.desaCode, 'save', undefined);
  const record = {
    ...scopeColumns(input.desaCode),
    source: 'MANUAL',
    source_id: `USULAN-${randomUUID()}`,
    kk_number: input.kkNumber,
    head_name: input.headName,
    head_nik: input.headNik,
    head_sex: input.headSex,
    head_birth_date: input.headBirthDate,
    address: input.address,
    target_status: 'MISKIN',
  };
  const h = await trx
    .insertInto('household')
    .values({ ...record, row_hash: createHash('sha256').update(JSON.stringify(record)).digest('hex') })
    .returning(['id'])
    .executeTakeFirstOrThrow();
  await recordAudit(trx, actor, {
    action: 'household.propose',
    entity: 'household',
    entityId: h.id,
    regionCode: input.desaCode,
    after: record,
  });
  return saveVerval(trx, ctx, actor, periodId, h.id, {
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
