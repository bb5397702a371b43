import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { forbidden, notFound } from '../../http/errors.js';
import type { Role } from '../access/roles.js';
import { type Actor, assertRegionInScope, hasRole } from '../access/scope.js';
import { recordAudit } from '../audit/service.js';

/**
 * Member conditions recorded by field staff: a disability and a chronic (long-term) illness.
 * P3KE and DTKS files carry neither, so they are stored in `member.attributes` under the keys
 * the aid priority reads (`disabilitas`, `penyakitKronis`, 'YA' or 'TIDAK').
 */

export const CONDITION_ROLES: readonly Role[] = ['operator_desa', 'pendamping', 'operator_kecamatan', 'dinsos', 'admin_kabupaten'];

export interface MemberConditions {
  disability: boolean;
  chronicIllness: boolean;
}

const KEYS = { disability: 'disabilitas', chronicIllness: 'penyakitKronis' } as const;
const TRUTHY = new Set(['YA', 'TRUE', '1', 'Y']);

/** A condition value as stored (P3KE-style YA/TIDAK, or a boolean) read as a boolean. */
export function conditionValue(v: unknown): boolean {
  return v === true || (typeof v === 'string' && TRUTHY.has(v.trim().toUpperCase()));
}

/** The conditions of a member's attributes. */
export function conditionsOf(attributes: unknown): MemberConditions {
  const a = (attributes ?? {}) as Record<string, unknown>;
  return { disability: conditionValue(a[KEYS.disability]), chronicIllness: conditionValue(a[KEYS.chronicIllness]) };
}

/**
 * Record a member's conditions: 403 without one of CONDITION_ROLES, 404 when the member is
 * missing or outside the scope of those roles. A change is written with its before/after in
 * household_history and the audit log, and raises the household's version; no change writes nothing.
 */
export async function setMemberConditions(
  trx: Kysely<DB>,
  actor: Actor,
  memberId: number,
  input: MemberConditions,
): Promise<MemberConditions & { memberId: number; householdId: number; householdVersion: number; changed: boolean }> {
  if (!hasRole(actor, ...CONDITION_ROLES)) throw forbidden();
  const m = await trx
    .selectFrom('member')
    .select(['id', 'household_id', 'desa_code', 'name', 'attributes'])
    .where('id', '=', memberId)
    .forUpdate()
    .executeTakeFirst();
  if (!m) throw notFound('Anggota');
  assertRegionInScope(actor, m.desa_code, CONDITION_ROLES);
  const h = await trx
    .selectFrom('household')
    .select(['id', 'version'])
    .where('id', '=', m.household_id)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const before = conditionsOf(m.attributes);
  const result = { memberId: Number(m.id), householdId: Number(h.id), ...input };
  const changedKeys = (Object.keys(KEYS) as (keyof MemberConditions)[]).filter((k) => before[k] !== input[k]);
  if (changedKeys.length === 0) return { ...result, householdVersion: h.version, changed: false };

  const attributes = { ...((m.attributes ?? {}) as Record<string, unknown>) };
  for (const k of changedKeys) attributes[KEYS[k]] = input[k] ? 'YA' : 'TIDAK';
  await trx
    .updateTable('member')
    .set({ attributes: JSON.stringify(attributes), updated_at: new Date() })
    .where('id', '=', m.id)
    .execute();
  const version = h.version + 1;
  await trx.updateTable('household').set({ version, updated_at: new Date() }).where('id', '=', h.id).execute();
  // One line per condition on the household page's history: "disabilitas (Name): TIDAK → YA".
  const yn = (b: boolean) => (b ? 'YA' : 'TIDAK');
  const changes = Object.fromEntries(changedKeys.map((k) => [`${KEYS[k]} (${m.name})`, [yn(before[k]), yn(input[k])]]));
  await trx
    .insertInto('household_history')
    .values({
      household_id: h.id,
      changed_by: actor.userId,
      changes: JSON.stringify({ ...changes, memberId: Number(m.id) }),
    })
    .execute();
  await recordAudit(trx, actor, {
    action: 'member.conditions',
    entity: 'member',
    entityId: Number(m.id),
    regionCode: m.desa_code,
    before: { householdId: Number(h.id), ...before },
    after: { householdId: Number(h.id), ...input },
  });
  return { ...result, householdVersion: version, changed: true };
}
