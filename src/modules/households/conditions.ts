import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { notFound } from '../../http/errors.js';
import { assertCan, rolesFor } from '../access/policy.js';
import type { Actor } from '../access/scope.js';
import { changeMembers } from './changes.js';

/**
 * Member conditions recorded by field staff: a disability and a chronic (long-term) illness.
 * P3KE and DTKS files carry neither, so they are stored in `member.attributes` under the keys
 * the aid priority reads (`disabilitas`, `penyakitKronis`, 'YA' or 'TIDAK').
 */

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
 * Record a member's conditions: 403 without a role that may (access/policy.ts households.conditions.write), 404 when the member is
 * missing or outside the scope of those roles. A change is written with its before/after in
 * household_history and the audit log, and raises the household's version; no change writes nothing.
 */
export async function setMemberConditions(
  trx: Kysely<DB>,
  actor: Actor,
  memberId: number,
  input: MemberConditions,
): Promise<MemberConditions & { memberId: number; householdId: number; householdVersion: number; changed: boolean }> {
  assertCan(actor, 'households.conditions.write');
  const m = await trx
    .selectFrom('member')
    .select(['id', 'household_id', 'desa_code', 'attributes'])
    .where('id', '=', memberId)
    .executeTakeFirst();
  if (!m) throw notFound('Anggota');
  assertCan(actor, 'households.conditions.write', m.desa_code);
  const before = conditionsOf(m.attributes);
  const householdId = Number(m.household_id);
  const changedKeys = (Object.keys(KEYS) as (keyof MemberConditions)[]).filter((k) => before[k] !== input[k]);
  // Through the household door: locked, version raised, "disabilitas (Name): TIDAK → YA" in the history.
  const r = await changeMembers(
    trx,
    actor,
    householdId,
    [
      {
        op: 'UPDATE',
        memberId: Number(m.id),
        attributes: Object.fromEntries(changedKeys.map((k) => [KEYS[k], input[k] ? 'YA' : 'TIDAK'])),
      },
    ],
    {
      action: 'member.conditions',
      roles: rolesFor('households.conditions.write'),
      source: { memberId: Number(m.id) },
      auditAs: {
        entity: 'member',
        entityId: Number(m.id),
        before: { householdId, ...before },
        after: { householdId, ...input },
      },
    },
  );
  return { memberId: Number(m.id), householdId, ...input, householdVersion: r.version, changed: r.changed };
}
