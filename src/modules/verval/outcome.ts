import { AppError, badRequest } from '../../http/errors.js';
import type { VervalOutcome } from './tables.js';

/** Pure rules on the content of a verval record: outcomes, GPS point, editable household fields. */

export const OUTCOMES: readonly VervalOutcome[] = ['TETAP', 'MAMPU', 'MENINGGAL', 'PINDAH', 'TIDAK_DITEMUKAN', 'GANDA', 'USULAN_BARU'];
export const REMOVE_REASONS = ['MENINGGAL', 'PINDAH', 'MENIKAH_KELUAR'] as const;

/** Indonesia's bounding box (with a small margin): a GPS point outside it is a typo or a spoofed device. */
export const INDONESIA_BOUNDS = { minLat: -11.5, maxLat: 6.5, minLon: 94.5, maxLon: 141.5 } as const;

export function inIndonesia(lat: number, lon: number): boolean {
  const b = INDONESIA_BOUNDS;
  return lat >= b.minLat && lat <= b.maxLat && lon >= b.minLon && lon <= b.maxLon;
}

/** Household fields a verval may correct (API name → household column). */
export const EDITABLE_FIELDS = {
  headName: 'head_name',
  headNik: 'head_nik',
  kkNumber: 'kk_number',
  headSex: 'head_sex',
  headBirthDate: 'head_birth_date',
  headOccupation: 'head_occupation',
  headEducation: 'head_education',
  address: 'address',
  houseOwnership: 'house_ownership',
  roofType: 'roof_type',
  wallType: 'wall_type',
  floorType: 'floor_type',
  lighting: 'lighting',
  cookingFuel: 'cooking_fuel',
  drinkingWater: 'drinking_water',
  toilet: 'toilet',
  hasSavings: 'has_savings',
} as const;
export type EditableField = keyof typeof EDITABLE_FIELDS;
export const EDITABLE_COLUMNS = Object.values(EDITABLE_FIELDS);

export interface OutcomeInput {
  found: boolean | null;
  outcome: VervalOutcome | null;
  destinationDesaCode: string | null;
  /** PINDAH outside the kabupaten: the place in words, instead of a desa code. */
  destinationPlace?: string | null;
  duplicateOfHouseholdId: number | null;
  outcomeReason: string | null;
}

export interface OutcomeContext {
  householdId: number;
  householdDesaCode: string;
  householdSource: string;
  /** The criteria engine's class for the household (after the recorded corrections); null without an adopted set. */
  suggestedClass: string | null;
}

const invalid = (code: string, messageId: string, messageEn: string, field: string) => badRequest(code, messageId, messageEn, { field });

/** The class an outcome claims, for comparison with the criteria engine's suggestion. */
function claimsPoor(outcome: VervalOutcome): boolean | null {
  if (outcome === 'TETAP') return true;
  if (outcome === 'MAMPU') return false;
  return null;
}

/** True when the operator's outcome contradicts the criteria engine's suggested class. */
export function differsFromSuggestion(outcome: VervalOutcome | null, suggestedClass: string | null): boolean {
  if (!outcome || !suggestedClass) return false;
  const claim = claimsPoor(outcome);
  if (claim === null) return false;
  return claim !== (suggestedClass === 'MISKIN' || suggestedClass === 'MISKIN_EKSTREM');
}

/** Check that an outcome and the details it needs fit together; throws a 400 naming the field. */
export function checkOutcome(input: OutcomeInput, ctx: OutcomeContext): void {
  const { outcome, found } = input;
  if (outcome === null) return;
  if ((outcome === 'TETAP' || outcome === 'MAMPU' || outcome === 'USULAN_BARU') && found === false) {
    throw invalid(
      'VERVAL_FOUND_MISMATCH',
      'Hasil ini hanya untuk keluarga yang ditemui',
      'This outcome needs the household to be found',
      'found',
    );
  }
  if (outcome === 'TIDAK_DITEMUKAN' && found === true) {
    throw invalid(
      'VERVAL_FOUND_MISMATCH',
      'Keluarga ditandai ditemui tetapi hasilnya tidak ditemukan',
      'Household marked found but outcome is not found',
      'found',
    );
  }
  if (outcome === 'USULAN_BARU' && ctx.householdSource !== 'MANUAL') {
    throw invalid(
      'VERVAL_NOT_NEW',
      'Usulan baru hanya untuk keluarga yang ditambahkan saat verval',
      'USULAN_BARU is only for households added during verval',
      'outcome',
    );
  }
  if (outcome === 'PINDAH') {
    if (!input.destinationDesaCode && !input.destinationPlace) {
      throw invalid(
        'VERVAL_DESTINATION_REQUIRED',
        'Isi desa tujuan pindah, atau tempat tujuan bila ke luar kabupaten',
        'Give the destination desa, or the place when moving outside the kabupaten',
        'destinationDesaCode',
      );
    }
    if (input.destinationDesaCode && input.destinationPlace) {
      throw invalid(
        'VERVAL_DESTINATION_BOTH',
        'Pilih desa tujuan atau tulis tempat di luar kabupaten, bukan keduanya',
        'Choose a destination desa or write a place outside the kabupaten, not both',
        'destinationPlace',
      );
    }
    if (input.destinationDesaCode === ctx.householdDesaCode) {
      throw invalid(
        'VERVAL_DESTINATION_SAME',
        'Desa tujuan sama dengan desa asal',
        'The destination is the same desa',
        'destinationDesaCode',
      );
    }
  }
  if (outcome === 'GANDA') {
    if (!input.duplicateOfHouseholdId) {
      throw invalid(
        'VERVAL_DUPLICATE_REQUIRED',
        'Pilih keluarga yang merupakan data ganda',
        'Choose the household this duplicates',
        'duplicateOfHouseholdId',
      );
    }
    if (input.duplicateOfHouseholdId === ctx.householdId) {
      throw invalid(
        'VERVAL_DUPLICATE_SELF',
        'Keluarga tidak dapat ganda dengan dirinya sendiri',
        'A household cannot duplicate itself',
        'duplicateOfHouseholdId',
      );
    }
  }
  if (differsFromSuggestion(outcome, ctx.suggestedClass) && !input.outcomeReason?.trim()) {
    throw new AppError(
      400,
      'VERVAL_REASON_REQUIRED',
      `Hasil berbeda dengan saran kriteria (${ctx.suggestedClass}); tuliskan alasannya`,
      `The outcome differs from the criteria suggestion (${ctx.suggestedClass}); give a reason`,
      { field: 'outcomeReason', suggestedClass: ctx.suggestedClass },
    );
  }
}
