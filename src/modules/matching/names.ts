import { distance } from 'fastest-levenshtein';

/**
 * Names as people write them differ in case, spacing, punctuation, titles ("H.", "Hj.",
 * "Drs.") and degrees after a comma ("Budi, S.Pd"). Matching compares the normalised form
 * and, when that differs, a similarity score in 0..1.
 */
const TITLES = new Set([
  'h',
  'hj',
  'haji',
  'hajjah',
  'dr',
  'drs',
  'dra',
  'ir',
  'prof',
  'kh',
  'ust',
  'ustadz',
  'ustadzah',
  'bpk',
  'bapak',
  'pak',
  'ibu',
  'bu',
  'sdr',
  'sdri',
  'tn',
  'ny',
  'nn',
  'alm',
  'almh',
  'almarhum',
  'almarhumah',
  'mbah',
]);

/** Lower case, degrees after the first comma dropped, punctuation to spaces, leading titles dropped. */
export function normaliseName(name: string | null | undefined): string {
  if (!name) return '';
  const beforeComma = name.toLowerCase().split(',')[0] ?? '';
  const tokens = beforeComma
    .replace(/[^a-z]+/g, ' ')
    .trim()
    .split(' ')
    .filter((t) => t !== '');
  let i = 0;
  // Keep at least one token: a person called "Haji" is still named.
  while (i < tokens.length - 1 && TITLES.has(tokens[i] as string)) i++;
  return tokens.slice(i).join(' ');
}

function levenshteinSimilarity(a: string, b: string): number {
  const len = Math.max(a.length, b.length);
  if (len === 0) return 1;
  return 1 - distance(a, b) / len;
}

/**
 * Similarity of two names in 0..1: normalised Levenshtein on the normalised names, and on
 * their tokens sorted (so "Siti Aminah" and "Aminah Siti" score 1). Empty names score 0.
 */
export function nameSimilarity(a: string | null | undefined, b: string | null | undefined): number {
  const na = normaliseName(a);
  const nb = normaliseName(b);
  if (na === '' || nb === '') return 0;
  if (na === nb) return 1;
  const sorted = (s: string) => s.split(' ').sort().join(' ');
  return Math.max(levenshteinSimilarity(na, nb), levenshteinSimilarity(sorted(na), sorted(nb)));
}

/**
 * A NIK match whose names score at least this is the same name written differently (one
 * typo in a 10-letter name scores 0.9; "Siti Aminah" vs "Siti Aminah Nur" scores 0.73).
 */
export const EXACT_NAME_TOLERANCE = 0.8;

/** Fuzzy candidates (no usable NIK, same kecamatan and birth date) need at least this. */
export const FUZZY_NAME_THRESHOLD = 0.85;
