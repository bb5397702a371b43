import { can } from '../access/policy.js';
import { type Actor, canAccessRegion } from '../access/scope.js';

/**
 * What a reader sees of each household of a candidate pair: exactly what they could see of
 * that household by itself. A candidate is listed when either household is in scope; the
 * household outside it is reduced to "a household in kecamatan X" (no id, identifiers, names,
 * members or address), so a pair never reveals what GET /households/:id would refuse.
 */

/** Whether the reader may see the household of this desa (the scope of GET /households/:id). */
export const seesSide = (actor: Actor, desaCode: string): boolean => canAccessRegion(actor, desaCode);

/** A resolver needs both households of the pair in the regions where they may resolve. */
export const canResolvePair = (actor: Actor, desaA: string, desaB: string): boolean =>
  can(actor, 'matching.resolve', desaA) && can(actor, 'matching.resolve', desaB);

export interface HiddenSideRegion {
  kecamatanCode: string;
  kecamatanName: string | null;
}

/** The list row of a household outside the reader's regions. */
export function hiddenListSide(r: HiddenSideRegion) {
  return { visible: false, householdId: null, headName: null, desaCode: null, desaName: null, ...r };
}

/** The detail side of a household outside the reader's regions. */
export function hiddenDetailSide(r: HiddenSideRegion) {
  return {
    visible: false,
    householdId: null,
    source: null,
    sourceId: null,
    kkNumber: null,
    headName: null,
    headNik: null,
    headBirthDate: null,
    address: null,
    desaCode: null,
    desaName: null,
    ...r,
    targetStatus: null,
    members: [],
  };
}
