import { can, rolesFor } from './policy.js';
import type { Actor } from './scope.js';

/**
 * UU PDP 27/2022: NIK and No KK are shown in full only to roles that work with them
 * (access/policy.ts households.identifiers.read); everyone else sees them masked, in lists, pages and exports.
 */

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
  return can(actor, 'households.identifiers.read', regionCode);
}

/**
 * A per-row decision for lists and exports: returns a function that shows or masks an
 * identifier of a record in the given desa, deciding once per desa.
 */
export function identifierMasker(actor: Actor): (value: string | null, desaCode: string) => string | null {
  const seeing = rolesFor('households.identifiers.read');
  if (actor.grants.length > 0 && actor.grants.every((g) => seeing.includes(g.role))) return (value) => value;
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
