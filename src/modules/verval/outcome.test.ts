import { describe, expect, it } from 'vitest';
import { AppError } from '../../http/errors.js';
import { checkOutcome, differsFromSuggestion, inIndonesia, type OutcomeContext, type OutcomeInput } from './outcome.js';

const ctx: OutcomeContext = { householdId: 7, householdDesaCode: '35.13.06.2005', householdSource: 'P3KE', suggestedClass: 'MISKIN' };
const input = (over: Partial<OutcomeInput>): OutcomeInput => ({
  found: true,
  outcome: 'TETAP',
  destinationDesaCode: null,
  duplicateOfHouseholdId: null,
  outcomeReason: null,
  ...over,
});
const codeOf = (over: Partial<OutcomeInput>, c: Partial<OutcomeContext> = {}) => {
  try {
    checkOutcome(input(over), { ...ctx, ...c });
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
  return 'OK';
};

describe('verval outcome rules', () => {
  it('accepts consistent outcomes', () => {
    expect(codeOf({})).toBe('OK');
    expect(codeOf({ outcome: null, found: null })).toBe('OK');
    expect(codeOf({ outcome: 'TIDAK_DITEMUKAN', found: false })).toBe('OK');
    expect(codeOf({ outcome: 'PINDAH', destinationDesaCode: '35.13.06.2013' })).toBe('OK');
    expect(codeOf({ outcome: 'PINDAH', destinationPlace: 'Kota Batam, Kepulauan Riau' })).toBe('OK');
    expect(codeOf({ outcome: 'GANDA', duplicateOfHouseholdId: 8 })).toBe('OK');
    expect(codeOf({ outcome: 'USULAN_BARU' }, { householdSource: 'MANUAL' })).toBe('OK');
    expect(codeOf({ outcome: 'MENINGGAL', found: false })).toBe('OK');
  });

  it('refuses outcomes missing what they need', () => {
    expect(codeOf({ outcome: 'TETAP', found: false })).toBe('VERVAL_FOUND_MISMATCH');
    expect(codeOf({ outcome: 'TIDAK_DITEMUKAN', found: true })).toBe('VERVAL_FOUND_MISMATCH');
    expect(codeOf({ outcome: 'PINDAH' })).toBe('VERVAL_DESTINATION_REQUIRED');
    expect(codeOf({ outcome: 'PINDAH', destinationDesaCode: '35.13.06.2005' })).toBe('VERVAL_DESTINATION_SAME');
    expect(codeOf({ outcome: 'PINDAH', destinationDesaCode: '35.13.06.2013', destinationPlace: 'Batam' })).toBe('VERVAL_DESTINATION_BOTH');
    expect(codeOf({ outcome: 'GANDA' })).toBe('VERVAL_DUPLICATE_REQUIRED');
    expect(codeOf({ outcome: 'GANDA', duplicateOfHouseholdId: 7 })).toBe('VERVAL_DUPLICATE_SELF');
    expect(codeOf({ outcome: 'USULAN_BARU' })).toBe('VERVAL_NOT_NEW');
  });

  it('an outcome against the criteria suggestion needs a reason', () => {
    expect(differsFromSuggestion('MAMPU', 'MISKIN')).toBe(true);
    expect(differsFromSuggestion('MAMPU', 'MISKIN_EKSTREM')).toBe(true);
    expect(differsFromSuggestion('TETAP', 'TIDAK_MISKIN')).toBe(true);
    expect(differsFromSuggestion('TETAP', 'MISKIN_EKSTREM')).toBe(false);
    expect(differsFromSuggestion('MAMPU', 'TIDAK_MISKIN')).toBe(false);
    expect(differsFromSuggestion('MENINGGAL', 'MISKIN')).toBe(false);
    expect(differsFromSuggestion('MAMPU', null)).toBe(false);
    expect(codeOf({ outcome: 'MAMPU' })).toBe('VERVAL_REASON_REQUIRED');
    expect(codeOf({ outcome: 'MAMPU', outcomeReason: '   ' })).toBe('VERVAL_REASON_REQUIRED');
    expect(codeOf({ outcome: 'MAMPU', outcomeReason: 'Sudah punya usaha toko' })).toBe('OK');
    expect(codeOf({ outcome: 'MAMPU' }, { suggestedClass: null })).toBe('OK');
  });

  it('GPS points must lie in Indonesia', () => {
    expect(inIndonesia(-7.76, 113.2)).toBe(true);
    expect(inIndonesia(5.9, 95.3)).toBe(true);
    expect(inIndonesia(-8.5, 140.7)).toBe(true);
    expect(inIndonesia(0, 0)).toBe(false);
    expect(inIndonesia(-7.76, -113.2)).toBe(false);
    expect(inIndonesia(51.5, 113)).toBe(false);
  });
});
