import type { Query } from '../../lib/api/client';
import { AID_KEYS, type AidKey } from '../../lib/types';

export type SortKey = 'headName' | 'desil' | 'desa' | 'updatedAt';
export const SORT_KEYS: readonly SortKey[] = ['desa', 'headName', 'desil', 'updatedAt'];

/** The list's filters, kept in the URL so that back from a household page restores them. */
export interface HouseholdFilters {
  q: string;
  kecamatan: string | null;
  desa: string | null;
  desil: string[];
  status: string | null;
  source: string | null;
  aid: AidKey[];
  noAid: boolean;
  sort: SortKey;
  order: 'asc' | 'desc';
  page: number;
}

const list = (v: string | null) => (v ? v.split(',').filter(Boolean) : []);

export function readFilters(p: URLSearchParams): HouseholdFilters {
  const sort = p.get('sort');
  return {
    q: p.get('q') ?? '',
    kecamatan: p.get('kecamatan'),
    desa: p.get('desa'),
    desil: list(p.get('desil')),
    status: p.get('status'),
    source: p.get('source'),
    aid: list(p.get('aid')).filter((a): a is AidKey => (AID_KEYS as readonly string[]).includes(a)),
    noAid: p.get('noAid') === 'true',
    sort: SORT_KEYS.includes(sort as SortKey) ? (sort as SortKey) : 'desa',
    order: p.get('order') === 'desc' ? 'desc' : 'asc',
    page: Math.max(1, Number(p.get('page')) || 1),
  };
}

/** The query parameters of the API (and of the page URL) for these filters. */
export function filterParams(f: HouseholdFilters, withPage = true): Record<string, string | number | boolean | readonly string[] | null> {
  return {
    q: f.q.trim(),
    kecamatan: f.kecamatan,
    desa: f.desa,
    desil: f.desil,
    status: f.status,
    source: f.source,
    aid: f.aid,
    noAid: f.noAid,
    sort: f.sort,
    order: f.order,
    page: withPage && f.page > 1 ? f.page : null,
  };
}

export function activeFilterCount(f: HouseholdFilters): number {
  return [f.q.trim(), f.kecamatan, f.desa, f.desil.length, f.status, f.source, f.aid.length, f.noAid].filter(Boolean).length;
}

/** The filters as GET /households takes them (lists comma-joined; empty ones left out, as in the page URL). */
export function apiFilters(f: HouseholdFilters): Query<'/households', 'get'> {
  return {
    q: f.q.trim() || undefined,
    kecamatan: f.kecamatan ?? undefined,
    desa: f.desa ?? undefined,
    desil: f.desil.join(',') || undefined,
    status: f.status ?? undefined,
    source: f.source ?? undefined,
    aid: f.aid.join(',') || undefined,
    noAid: f.noAid ? 'true' : undefined,
    sort: f.sort,
    order: f.order,
  };
}
