import { API, ApiError, api, NetworkError } from '../../../lib/api';
import type { Res } from '../../../lib/api/client';
import type { HouseholdHit, HouseholdVerval, Outcome, Status, WorkItem } from '../api';
import { matchesFilter, NO_FILTER, type WorklistFilter } from '../worklistFilter';
import { fieldChanged, fieldDb, hhKey, type PackMeta, packKey, type StoredHousehold } from './db';

/**
 * "Unduh untuk offline": the desa's verval work in one compressed download
 * (`GET /verval/periods/:id/offline-pack`) plus the pick lists, kept in IndexedDB, and the
 * worklist and household pages read from there when the network fails.
 */

type Pack = Res<'/verval/periods/{periodId}/offline-pack', 'get'>;

async function getJson<T>(path: string): Promise<{ data: T; bytes: number }> {
  let res: Response;
  try {
    res = await fetch(API + path, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
  } catch {
    throw new NetworkError();
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { code: string; message: string; messageEn: string } } | null;
    throw new ApiError(
      res.status,
      body?.error?.code ?? `HTTP_${res.status}`,
      body?.error?.message ?? `Kesalahan server (${res.status})`,
      body?.error?.messageEn ?? `Server error (${res.status})`,
    );
  }
  const text = await res.text();
  const timing = performance.getEntriesByName(res.url).at(-1) as PerformanceResourceTiming | undefined;
  return { data: JSON.parse(text) as T, bytes: timing?.encodedBodySize || 0 };
}

/** The registry's value lists and the region tree for the form's pick lists; null when this server has none yet. */
async function pickLists(): Promise<unknown> {
  try {
    return await api.get<unknown>('/verval/pick-lists');
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
}

/** Download (or refresh) a desa: replaces that desa's households and clears the "dibuang" list. */
export async function downloadPack(periodId: number, desaCode: string): Promise<PackMeta> {
  const [{ data: pack, bytes }, lists] = await Promise.all([
    getJson<Pack>(`/verval/periods/${periodId}/offline-pack?desa=${encodeURIComponent(desaCode)}`),
    pickLists(),
  ]);
  const key = packKey(periodId, desaCode);
  const meta: PackMeta = {
    key,
    periodId,
    desaCode,
    desaName: pack.desaName,
    downloadedAt: new Date().toISOString(),
    households: pack.households.length,
    bytes,
    pickLists: lists,
  };
  const db = await fieldDb();
  const tx = db.transaction(['packs', 'households', 'discarded'], 'readwrite');
  const households = tx.objectStore('households');
  for (const k of await households.index('pack').getAllKeys(key)) await households.delete(k);
  for (const h of pack.households) await households.put({ ...h, key: hhKey(periodId, h.householdId), periodId, pack: key });
  await tx.objectStore('packs').put(meta);
  await tx.objectStore('discarded').clear();
  await tx.done;
  fieldChanged();
  return meta;
}

export async function packMeta(periodId: number, desaCode: string): Promise<PackMeta | undefined> {
  return (await fieldDb()).get('packs', packKey(periodId, desaCode));
}

export async function storedHousehold(periodId: number, householdId: number): Promise<StoredHousehold | undefined> {
  return (await fieldDb()).get('households', hhKey(periodId, householdId));
}

/** Keep the household as last seen online (so its queued writes know its record), without changing its pack. */
export async function rememberHousehold(periodId: number, h: HouseholdVerval): Promise<void> {
  const db = await fieldDb();
  const key = hhKey(periodId, h.householdId);
  const old = await db.get('households', key);
  const stored: StoredHousehold = {
    address: null,
    desil: null,
    dusun: null,
    rt: null,
    memberCount: h.members.length,
    possibleDuplicate: null,
    ...old,
    ...h,
    key,
    periodId,
    pack: old?.pack ?? '',
  };
  await db.put('households', stored);
}

const bucket = (i: WorkItem) => (i.verval?.status === 'RETURNED' ? 0 : i.visited ? 2 : 1);

/** The worklist from the device: returned first, then not visited, then the rest, by name; queued outcomes count as visited. */
export async function offlineWorklist(
  periodId: number,
  desaCode: string,
  q: string,
  filter: WorklistFilter = NO_FILTER,
): Promise<{ total: number; visited: number; items: WorkItem[]; dusuns: string[]; rts: string[] }> {
  const db = await fieldDb();
  const [households, queued] = await Promise.all([
    db.getAllFromIndex('households', 'pack', packKey(periodId, desaCode)),
    db.getAll('outbox'),
  ]);
  const latest = new Map<number, { outcome: Outcome | null }>();
  for (const i of queued) if (i.periodId === periodId && i.form) latest.set(i.householdId, { outcome: i.form.outcome });
  const items: WorkItem[] = households.map((h) => {
    const v = h.verval;
    const outcome = latest.get(h.householdId)?.outcome ?? v?.outcome ?? null;
    return {
      householdId: h.householdId,
      headName: h.headName,
      headNik: (h.fields.headNik as string | null | undefined) ?? null,
      kkNumber: (h.fields.kkNumber as string | null | undefined) ?? null,
      address: h.address,
      memberCount: h.memberCount,
      targetStatus: h.targetStatus,
      desil: h.desil,
      dusun: h.dusun ?? null,
      rt: h.rt ?? null,
      visited: outcome !== null,
      possibleDuplicate: h.possibleDuplicate,
      verval: v
        ? {
            id: v.id,
            status: v.status,
            outcome,
            version: v.version,
            updatedAt: v.updatedAt,
            reviewComment: v.status === 'RETURNED' ? v.reviewComment : null,
          }
        : outcome
          ? { id: 0, status: 'DRAFT' as Status, outcome, version: 0, updatedAt: '', reviewComment: null }
          : null,
    };
  });
  const words = q.toLowerCase().split(/\s+/).filter(Boolean);
  const matching = items.filter(
    (i) =>
      matchesFilter(i, filter) &&
      words.every((w) =>
        i.headName
          .toLowerCase()
          .split(/\s+/)
          .some((n) => n.startsWith(w)),
      ),
  );
  matching.sort((a, b) => bucket(a) - bucket(b) || a.headName.localeCompare(b.headName) || a.householdId - b.householdId);
  // The dusun and RT choices of the desa, as the server lists them with its worklist.
  const present = (values: Array<string | null>) => [...new Set(values.filter((v): v is string => v !== null))].sort();
  return {
    total: items.length,
    visited: items.filter((i) => i.visited).length,
    items: matching,
    dusuns: present(items.map((i) => i.dusun)),
    rts: present(items.map((i) => i.rt)),
  };
}

/** How much the browser lets this site keep, and how much it uses. */
export async function storageEstimate(): Promise<{ usage: number; quota: number } | null> {
  if (!navigator.storage?.estimate) return null;
  const e = await navigator.storage.estimate();
  return { usage: e.usage ?? 0, quota: e.quota ?? 0 };
}

/** Ask the browser not to evict the field data under storage pressure. */
export async function persistStorage(): Promise<boolean> {
  return (await navigator.storage?.persist?.()) ?? false;
}

export interface DeviceUsage {
  households: number;
  drafts: number;
  queued: number;
  /** Photos whose Blob is still on the device (not yet sent with their record). */
  photos: number;
  photoBytes: number;
}

/** What the field app keeps on this device, store by store (the photos are what fills a phone). */
export async function deviceUsage(): Promise<DeviceUsage> {
  const db = await fieldDb();
  const [households, drafts, queued, photos] = await Promise.all([
    db.count('households'),
    db.count('drafts'),
    db.count('outbox'),
    db.getAll('photos'),
  ]);
  const held = photos.filter((p) => p.blob !== null);
  return { households, drafts, queued, photos: held.length, photoBytes: held.reduce((n, p) => n + (p.blob?.size ?? 0), 0) };
}

/** As the server's pick list shows an identifier: the first 4 and last 2 digits. */
const maskId = (v: string | null | undefined): string | null => {
  if (!v) return null;
  if (v.length <= 6) return '*'.repeat(v.length);
  return `${v.slice(0, 4)}${'*'.repeat(v.length - 6)}${v.slice(-2)}`;
};

/** A stored identifier ends with the typed digits (a masked digit matches any). */
const endsWith = (value: unknown, digits: string) => {
  if (typeof value !== 'string' || value.length < digits.length) return false;
  const tail = value.slice(-digits.length);
  return [...digits].every((d, i) => tail[i] === d || tail[i] === '*');
};

export const PACK_SEARCH_LIMIT = 20;

/**
 * GANDA's search without signal: the other households of the downloaded desa that this
 * household came with, by the head's name (every word a prefix of a name word) or by the tail
 * of a NIK / No KK (the head's or a member's). Answers in the server search's shape, with the
 * identifiers masked as it masks them. Null when the household is not in a downloaded desa.
 */
export async function searchPack(
  periodId: number,
  householdId: number,
  q: string,
): Promise<{ items: HouseholdHit[]; more: boolean } | null> {
  const db = await fieldDb();
  const self = await db.get('households', hhKey(periodId, householdId));
  if (!self?.pack) return null;
  const meta = await db.get('packs', self.pack);
  const all = await db.getAllFromIndex('households', 'pack', self.pack);
  const text = q.trim().toLowerCase();
  const digits = /^\d{3,}$/.test(text) ? text : null;
  const words = text.split(/\s+/).filter(Boolean);
  const hits = all
    .filter((h) => h.householdId !== householdId)
    .filter((h) =>
      digits
        ? endsWith(h.fields.headNik, digits) || endsWith(h.fields.kkNumber, digits) || h.members.some((m) => endsWith(m.nik, digits))
        : words.every((w) =>
            h.headName
              .toLowerCase()
              .split(/\s+/)
              .some((n) => n.startsWith(w)),
          ),
    )
    .sort((a, b) => a.headName.localeCompare(b.headName) || a.householdId - b.householdId);
  return {
    items: hits.slice(0, PACK_SEARCH_LIMIT).map((h) => ({
      id: h.householdId,
      headName: h.headName,
      headNik: maskId(h.fields.headNik as string | null),
      kkNumber: maskId(h.fields.kkNumber as string | null),
      address: h.address,
      desaCode: h.desaCode,
      desaName: meta?.desaName ?? h.desaName ?? null,
      kecamatanName: null,
      targetStatus: h.targetStatus ?? '',
      endedReason: null,
    })),
    more: hits.length > PACK_SEARCH_LIMIT,
  };
}
