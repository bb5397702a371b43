import { describe, expect, it } from 'vitest';
import { namesDiffer } from './exact.js';
import { EXACT_NAME_TOLERANCE, FUZZY_NAME_THRESHOLD, nameSimilarity, normaliseName } from './names.js';

describe('normaliseName', () => {
  it('drops case, punctuation, extra spaces, leading titles and degrees after a comma', () => {
    expect(normaliseName('  HJ.  Siti   Aminah ')).toBe('siti aminah');
    expect(normaliseName('Drs. H. Abdul-Karim, S.Pd., M.Si')).toBe('abdul karim');
    expect(normaliseName('Ny. Sri Mulyani (Alm)')).toBe('sri mulyani alm');
    expect(normaliseName('Haji')).toBe('haji');
    expect(normaliseName(null)).toBe('');
  });
});

describe('nameSimilarity', () => {
  it('is 1 for the same name written differently and for swapped name parts', () => {
    expect(nameSimilarity('Siti Aminah', 'HJ. SITI AMINAH')).toBe(1);
    expect(nameSimilarity('Aminah Siti', 'Siti Aminah')).toBe(1);
  });

  it('tolerates a typo but not another person', () => {
    expect(nameSimilarity('Sumiati', 'Sumiyati')).toBeGreaterThanOrEqual(FUZZY_NAME_THRESHOLD);
    expect(nameSimilarity('Muhammad Rizki', 'Muhamad Rizky')).toBeGreaterThanOrEqual(FUZZY_NAME_THRESHOLD);
    expect(nameSimilarity('Sumiati', 'Paijo')).toBeLessThan(0.5);
    expect(nameSimilarity('Siti Aminah', 'Siti Rohmah')).toBeLessThan(FUZZY_NAME_THRESHOLD);
    expect(nameSimilarity('', 'Siti')).toBe(0);
  });

  it('decides name differences of exact matches with EXACT_NAME_TOLERANCE', () => {
    expect(EXACT_NAME_TOLERANCE).toBeLessThan(FUZZY_NAME_THRESHOLD);
    expect(namesDiffer('Rohmat', 'Rohman')).toBe(false);
    expect(namesDiffer('Rohman Hakim Saputra', 'Rohman')).toBe(true);
    expect(namesDiffer(null, 'Rohman')).toBe(true);
  });
});
