import { ROLES_SEEING_FULL_NIK, type Role } from './roles.js';
import { type Actor, canAccessRegion } from './scope.js';

/**
 * UU PDP 27/2022: NIK and No KK are shown in full only to roles that work with them
 * (ROLES_SEEING_FULL_NIK); everyone else sees them masked, in lists, pages and exports.
 */

const SEEING_ROLES: readonly Role[] = [...ROLES_SEEING_FULL_NIK];

/**
 * Mask an identifier keeping the first 4 and last 2 characters: 3513062005900005 →
 * 3513**********05. Identifiers too short to keep both ends are masked entirely.
 */
export function maskNik(nik: string): string;
export function maskNik(nik: string | null | undefined): string | null;
export function maskNik(nik: string | null | undefined): string | null {
  if (nik === null || nik === undefined) return null;
  if (nik.length <= 6) return '*'.repeat(nik.length);
  return `${nik.slice(0, 4)}${'*'.repeat(nik.length - 6)}${nik.slice(-2)}`;
}

/**
 * Whether the actor may see full NIK/No KK: anywhere (no region given) when they hold a
 * role that may see them, or for data of `regionCode` when such a role covers that region
 * (a pimpinan of the kabupaten who is also operator of one desa sees full NIK only there).
 */
export function canSeeFullNik(actor: Actor, regionCode?: string): boolean {
  if (regionCode === undefined) return actor.grants.some((g) => ROLES_SEEING_FULL_NIK.has(g.role));
  return canAccessRegion(actor, regionCode, SEEING_ROLES);
}

/**
 * A per-row decision for lists and exports: returns a function that shows or masks an
 * identifier of a record in the given desa, deciding once per desa.
 */
export function identifierMasker(actor: Actor): (value: string | null, desaCode: string) => string | null {
  if (actor.grants.length > 0 && actor.grants.every((g) => ROLES_SEEING_FULL_NIK.has(g.role))) return (value) => value;
  if (!canSeeFullNik(actor)) return (value) => maskNik(value);
  const seen = new Map<string, boolean>();
  return (value, desaCode) => {
    let full = seen.get(desaCode);
    if (full === undefined) {
      full = canSeeFullNik(actor, desaCode);
      seen.set(desaCode, full);
    }
    return full ? value : maskNik(value);
  };
}
