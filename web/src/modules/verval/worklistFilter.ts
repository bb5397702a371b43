import type { WorkItem } from './api';

/**
 * The worklist filters, kept in the URL (`?extreme=1&visit=UNVISITED&dusun=KRAJAN&rt=001`).
 * The server applies them to its query; `matchesFilter` applies the same rules to items
 * already on the device (a downloaded desa), from the fields every item carries.
 */
export type Visit = 'UNVISITED' | 'RETURNED';

export interface WorklistFilter {
  extreme: boolean;
  visit: Visit | null;
  dusun: string | null;
  rt: string | null;
}

/** No filter: every household of the desa. */
export const NO_FILTER: WorklistFilter = { extreme: false, visit: null, dusun: null, rt: null };

export function readFilter(params: URLSearchParams): WorklistFilter {
  const visit = params.get('visit');
  return {
    extreme: params.get('extreme') === '1',
    visit: visit === 'UNVISITED' || visit === 'RETURNED' ? visit : null,
    dusun: params.get('dusun') || null,
    rt: params.get('rt') || null,
  };
}

/** The URL parameters of a filter (null removes one). */
export function filterParams(f: WorklistFilter): Record<string, string | null> {
  return { extreme: f.extreme ? '1' : null, visit: f.visit, dusun: f.dusun, rt: f.rt };
}

/** The worklist API's query parameters of a filter. */
export function filterQuery(f: WorklistFilter): Record<string, string | undefined> {
  return { extreme: f.extreme ? 'true' : undefined, visit: f.visit ?? undefined, dusun: f.dusun ?? undefined, rt: f.rt ?? undefined };
}

export function isFiltered(f: WorklistFilter): boolean {
  return f.extreme || f.visit !== null || f.dusun !== null || f.rt !== null;
}

/** The server's rules on one item: MISKIN_EKSTREM; no outcome yet; returned; dusun (any case); RT (zero-padded). */
export function matchesFilter(item: WorkItem, f: WorklistFilter): boolean {
  if (f.extreme && item.targetStatus !== 'MISKIN_EKSTREM') return false;
  if (f.visit === 'UNVISITED' && item.visited) return false;
  if (f.visit === 'RETURNED' && item.verval?.status !== 'RETURNED') return false;
  if (f.dusun && item.dusun !== f.dusun.toUpperCase()) return false;
  if (f.rt && item.rt !== f.rt.padStart(3, '0')) return false;
  return true;
}
