import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../db/schema.js';
import { notFound } from '../../http/errors.js';
import { ROLES, type Role } from '../access/roles.js';
import { type Actor, assertRegionInScope, canAccessRegion } from '../access/scope.js';
import { evaluateHousehold } from '../criteria/evaluate.js';
import { householdFieldValues } from '../criteria/fields.js';
import { findAdopted, storedRuleSet } from '../criteria/service.js';
import type { HouseholdTable } from '../households/tables.js';
import { EDITABLE_FIELDS, type EditableField } from './outcome.js';
import type { VervalTable } from './tables.js';

/** Household lookups shared by the verval services. */

export type HouseholdRow = Selectable<HouseholdTable>;

/** The household (404 when unknown or outside the actor's regions), locked for update inside a write. */
export async function scopedHousehold(trx: Kysely<DB>, actor: Actor, householdId: number, lock = false): Promise<HouseholdRow> {
  let q = trx.selectFrom('household').selectAll().where('id', '=', householdId);
  if (lock) q = q.forUpdate();
  const h = await q.executeTakeFirst();
  if (!h) throw notFound('Keluarga');
  assertRegionInScope(actor, h.desa_code);
  return h;
}

/** The roles the actor holds on a region containing `desaCode`. */
export function rolesIn(actor: Actor, desaCode: string): Role[] {
  return ROLES.filter((r) => canAccessRegion(actor, desaCode, [r]));
}

/** The verval record of a household in a period, locked when asked. */
export async function vervalOf(
  trx: Kysely<DB>,
  periodId: number,
  householdId: number,
  lock = false,
): Promise<Selectable<VervalTable> | undefined> {
  let q = trx.selectFrom('verval').selectAll().where('period_id', '=', periodId).where('household_id', '=', householdId);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** A household value as JSON: dates as yyyy-mm-dd. */
export function plainValue(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return v ?? null;
}

export interface Suggestion {
  criteriaId: number;
  label: string;
}

/**
 * The criteria engine's class for the household with the verval's corrections applied, by the
 * adopted criteria set; null when no set is adopted.
 */
export async function suggestClass(
  trx: Kysely<DB>,
  h: HouseholdRow,
  updates: Partial<Record<EditableField, unknown>>,
  indicators: Record<string, unknown>,
): Promise<Suggestion | null> {
  const adopted = await findAdopted(trx);
  if (!adopted) return null;
  const row: Record<string, unknown> = { ...h, indicators: { ...(h.indicators ?? {}), ...indicators } };
  for (const [field, value] of Object.entries(updates)) row[EDITABLE_FIELDS[field as EditableField]] = value;
  const evaluation = evaluateHousehold(storedRuleSet(adopted), householdFieldValues(row));
  return { criteriaId: adopted.id, label: evaluation.label };
}

/** A region code exists at desa level in the region table. */
export async function desaExists(trx: Kysely<DB>, code: string): Promise<boolean> {
  const r = await trx.selectFrom('region').select('code').where('code', '=', code).where('level', '=', 4).executeTakeFirst();
  return r !== undefined;
}
