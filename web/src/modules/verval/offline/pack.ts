import { API, ApiError, api, NetworkError } from '../../../lib/api';
import type { Res } from '../../../lib/api/client';
import type { HouseholdVerval, Outcome, Status, WorkItem } from '../api';
import { matchesFilter, NO_FILTER, type WorklistFilter } from '../worklistFilter';
import { fieldChanged, fieldDb, hhKey, type PackHousehold, type PackMeta, packKey, type StoredHousehold } from './db';

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
