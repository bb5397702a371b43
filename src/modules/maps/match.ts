import { distance } from 'fastest-levenshtein';

/**
 * Matching the features of a boundary file to Kemendagri regions by one property: a code
 * (35.13.06.2005, 3513062005) or a name as idn-area-data spells it in the regions table. Names
 * are compared normalised (case, punctuation, the words DESA/KELURAHAN/KEC). A name held by
 * two desa of the kabupaten is ambiguous unless another property of the feature names one of
 * their kecamatan (BIG's WADMKC); an unknown name gets the nearest names as suggestions. The
 * person uploading resolves what is left in the review before anything is saved.
 */

export interface RegionRef {
  code: string;
  name: string;
  parentName: string;
}

export type MatchStatus = 'matched' | 'ambiguous' | 'unmatched';

export interface FeatureMatch {
  index: number;
  /** The property's value, as text. */
  value: string;
  status: MatchStatus;
  regionCode: string | null;
  /** Ambiguous: the regions of that name; unmatched: the nearest names. */
  candidates: RegionRef[];
}

const PREFIXES = /^(DESA|DS|KELURAHAN|KEL|KECAMATAN|KEC|KAB|KABUPATEN)\s+/;

export function normaliseName(s: string): string {
  let n = s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim();
  while (PREFIXES.test(n)) n = n.replace(PREFIXES, '');
  return n;
}

const digits = (s: string) => s.replace(/\D/g, '');

const text = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'object' ? '' : String(v).trim());

export class RegionMatcher {
  private byDigits = new Map<string, RegionRef>();
  private byName = new Map<string, RegionRef[]>();
  constructor(readonly regions: RegionRef[]) {
    for (const r of regions) {
      this.byDigits.set(digits(r.code), r);
      const n = normaliseName(r.name);
      this.byName.set(n, [...(this.byName.get(n) ?? []), r]);
    }
  }

  /** The region a value names, by code first, then by name; `others` are the feature's other values. */
  match(index: number, value: unknown, others: unknown[] = []): FeatureMatch {
    const v = text(value);
    const base = { index, value: v };
    const d = digits(v);
    if (d.length >= 4 && /^[\d.\s-]+$/.test(v)) {
      const r = this.byDigits.get(d);
      if (r) return { ...base, status: 'matched', regionCode: r.code, candidates: [] };
    }
    const n = normaliseName(v);
    const named = n ? (this.byName.get(n) ?? []) : [];
    if (named.length === 1 && named[0]) return { ...base, status: 'matched', regionCode: named[0].code, candidates: [] };
    if (named.length > 1) {
      const hints = new Set(others.map((o) => normaliseName(text(o))).filter(Boolean));
      const hinted = named.filter((r) => hints.has(normaliseName(r.parentName)));
      if (hinted.length === 1 && hinted[0]) return { ...base, status: 'matched', regionCode: hinted[0].code, candidates: [] };
      return { ...base, status: 'ambiguous', regionCode: null, candidates: named };
    }
    return { ...base, status: 'unmatched', regionCode: null, candidates: n ? this.nearest(n) : [] };
  }

  private nearest(n: string): RegionRef[] {
    const limit = Math.max(2, Math.floor(n.length / 3));
    return [...this.byName.entries()]
      .map(([name, refs]) => ({ d: distance(name, n), refs }))
      .filter((x) => x.d <= limit)
      .sort((a, b) => a.d - b.d)
      .slice(0, 3)
      .flatMap((x) => x.refs)
      .slice(0, 5);
  }
}

/** The property whose values match the most regions (the first in file order wins a tie), and all keys. */
export function chooseProperty(matcher: RegionMatcher, rows: Record<string, unknown>[]): { keys: string[]; best: string | null } {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  let best: string | null = null;
  let bestScore = 0;
  const sample = rows.slice(0, 500);
  for (const k of keys) {
    if (sample.every((r) => typeof r[k] === 'object' && r[k] !== null)) continue;
    const score = sample.reduce((a, r) => a + (matcher.match(0, r[k]).status === 'matched' ? 1 : 0), 0);
    if (score > bestScore) {
      best = k;
      bestScore = score;
    }
  }
  return { keys, best: best ?? keys[0] ?? null };
}
