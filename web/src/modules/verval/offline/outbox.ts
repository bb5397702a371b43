import type { IDBPObjectStore } from 'idb';
import type { Verval } from '../api';
import { type Form, toBody } from '../form';
import {
  type ConflictInfo,
  type FieldDBSchema,
  fieldChanged,
  fieldDb,
  hhKey,
  type LocalPhoto,
  type OutboxItem,
  type OutboxKind,
  type Proposal,
  type StoredHousehold,
} from './db';

/**
 * The outbox: "Simpan" and "Ajukan" are queued on the phone with a fixed Idempotency-Key and the
 * version they are based on, and sent in order when there is a network. A retry sends the same
 * request with the same key, so the server stores each record once and answers a repeat with
 * the stored result. A 409 stops that household's queue as a conflict for the operator to
 * decide; other households go on. A network failure or an expired session stops the run and
 * keeps everything for the next one.
 */

export const LOCAL_PHOTO = 'local:';
export const isLocalPhoto = (ref: string) => ref.startsWith(LOCAL_PHOTO);

export const newKey = () => `web-${crypto.randomUUID()}`;

/** What the sync needs from the network (the browser's fetch in the app, a fake in unit tests). */
export interface Transport {
  /** A JSON write with an Idempotency-Key; resolves with the server's answer, rejects only when no answer came. */
  send(method: 'PUT' | 'POST', path: string, body: unknown, key: string): Promise<{ status: number; body: unknown }>;
  /** Upload a photo of a household; resolves with the server's answer. */
  upload(householdId: number, blob: Blob): Promise<{ status: number; body: unknown }>;
}

export interface SyncResult {
  sent: number;
  conflicts: number;
  errors: number;
  /** Why the run stopped before the end: no network, the session expired, or a server failure. */
  stopped: 'network' | 'unauthorized' | 'server' | null;
  remaining: number;
}

interface ErrorBody {
  error?: { code?: string; message?: string; messageEn?: string; details?: unknown };
}

/** Queue a save or submit. The base version is the known one, or the previous queued write's result when one is waiting. */
export async function enqueue(input: {
  kind: Exclude<OutboxKind, 'propose'>;
  userId: number;
  periodId: number;
  householdId: number;
  desaCode: string;
  headName: string;
  knownVersion: number;
  form: Form | null;
}): Promise<OutboxItem> {
  const db = await fieldDb();
  const tx = db.transaction(['outbox', 'drafts'], 'readwrite');
  const waiting = await tx.objectStore('outbox').index('household').count([input.periodId, input.householdId]);
  const item: OutboxItem = {
    key: newKey(),
    userId: input.userId,
    kind: input.kind,
    periodId: input.periodId,
    householdId: input.householdId,
    desaCode: input.desaCode,
    headName: input.headName,
    baseVersion: waiting > 0 ? null : input.knownVersion,
    form: input.form,
    status: 'pending',
    error: null,
    conflict: null,
    createdAt: new Date().toISOString(),
    attempts: 0,
  };
  item.seq = await tx.objectStore('outbox').add(item);
  // What was typed is now in the queue: the draft is done.
  if (input.kind === 'save') await tx.objectStore('drafts').delete(hhKey(input.periodId, input.householdId));
  await tx.done;
  fieldChanged();
  return item;
}

/**
 * Queue a USULAN_BARU proposal. The key is the one an online attempt already used (so a request
 * whose answer was lost is answered from the server's idempotency store, not made twice); the
 * household gets a negative placeholder id so it queues apart from every real household.
 */
export async function enqueueProposal(input: {
  userId: number;
  periodId: number;
  desaCode: string;
  key: string;
  proposal: Proposal;
}): Promise<OutboxItem> {
  const db = await fieldDb();
  const item: OutboxItem = {
    key: input.key,
    userId: input.userId,
    kind: 'propose',
    periodId: input.periodId,
    householdId: -Date.now(),
    desaCode: input.desaCode,
    headName: input.proposal.headName,
    baseVersion: null,
    form: null,
    proposal: input.proposal,
    status: 'pending',
    error: null,
    conflict: null,
    createdAt: new Date().toISOString(),
    attempts: 0,
  };
  item.seq = await db.add('outbox', item);
  fieldChanged();
  return item;
}

export async function outboxItems(userId?: number): Promise<OutboxItem[]> {
  const all = await (await fieldDb()).getAll('outbox');
  return userId === undefined ? all : all.filter((i) => i.userId === userId);
}

/** The queued writes of one household, oldest first. */
export async function householdQueue(periodId: number, householdId: number): Promise<OutboxItem[]> {
  return (await fieldDb()).getAllFromIndex('outbox', 'household', [periodId, householdId]);
}

/** Store a photo on the device; the form refers to it as `local:<id>` until it is uploaded. */
export async function keepPhoto(householdId: number, blob: Blob): Promise<string> {
  const photo: LocalPhoto = { id: crypto.randomUUID(), householdId, blob, sha256: null, createdAt: new Date().toISOString() };
  await (await fieldDb()).put('photos', photo);
  return `${LOCAL_PHOTO}${photo.id}`;
}

export async function localPhoto(ref: string): Promise<LocalPhoto | undefined> {
  return (await fieldDb()).get('photos', ref.slice(LOCAL_PHOTO.length));
}

class Stop extends Error {
  constructor(readonly why: 'network' | 'unauthorized' | 'server') {
    super(why);
  }
}

function failure(status: number, body: unknown) {
  const e = (body as ErrorBody | null)?.error;
  return {
    code: e?.code ?? `HTTP_${status}`,
    message: e?.message ?? `Kesalahan server (${status})`,
    messageEn: e?.messageEn ?? `Server error (${status})`,
    details: e?.details,
  };
}

async function call(p: Promise<{ status: number; body: unknown }>): Promise<{ status: number; body: unknown }> {
  let r: { status: number; body: unknown };
  try {
    r = await p;
  } catch {
    throw new Stop('network');
  }
  if (r.status === 401) throw new Stop('unauthorized');
  if (r.status >= 500 || r.status === 429 || r.status === 408) throw new Stop('server');
  return r;
}

/** Upload the item's photos still on the device (content-addressed: a repeat is harmless) and return the server hashes. */
async function uploadPhotos(t: Transport, item: OutboxItem): Promise<string[] | { status: number; body: unknown }> {
  const db = await fieldDb();
  const out: string[] = [];
  for (const ref of item.form?.photos ?? []) {
    if (!isLocalPhoto(ref)) {
      out.push(ref);
      continue;
    }
    const photo = await db.get('photos', ref.slice(LOCAL_PHOTO.length));
    if (!photo) continue; // removed from the device: nothing to send
    if (!photo.sha256) {
      if (!photo.blob) continue;
      const r = await call(t.upload(item.householdId, photo.blob));
      if (r.status !== 201 && r.status !== 200) return r;
      photo.sha256 = (r.body as { sha256: string }).sha256;
      await db.put('photos', photo);
    }
    out.push(photo.sha256);
  }
  return out;
}

/**
 * The record that named these photos is on the server: their Blobs leave the device. The row
 * stays as `local:<id>` → server hash, so a form or a later queued save that still names the
 * photo by its local id sends the hash (nothing is uploaded twice, nothing dropped).
 */
async function forgetSentBlobs(
  photos: IDBPObjectStore<FieldDBSchema, ['outbox', 'households', 'photos'], 'photos', 'readwrite'>,
  item: OutboxItem,
) {
  for (const ref of item.form?.photos ?? []) {
    if (!isLocalPhoto(ref)) continue;
    const photo = await photos.get(ref.slice(LOCAL_PHOTO.length));
    if (photo?.sha256 && photo.blob) await photos.put({ ...photo, blob: null });
  }
}

/** Send one item; returns the server's verval on success, or the failing answer. */
async function sendItem(t: Transport, item: OutboxItem, stored: StoredHousehold | undefined) {
  const base = item.baseVersion ?? stored?.verval?.version ?? 0;
  if (item.kind === 'save') {
    const photos = await uploadPhotos(t, item);
    if (!Array.isArray(photos)) return photos;
    const form = { ...(item.form as Form), photos };
    const body = { ...toBody(form, null), baseVersion: base };
    return call(t.send('PUT', `/verval/periods/${item.periodId}/households/${item.householdId}`, body, item.key));
  }
  if (item.kind === 'propose') return call(t.send('POST', `/verval/periods/${item.periodId}/households`, item.proposal, item.key));
  const id = stored?.verval?.id;
  if (!id) return { status: 409, body: { error: { code: 'VERVAL_NOT_SAVED', message: 'Simpan dulu', messageEn: 'Save first' } } };
  return call(t.send('POST', `/verval/${id}/submit`, { baseVersion: base }, item.key));
}

/**
 * Send the user's queue in order. One run at a time per page (callers use `syncOutbox`).
 * Items of a household after a conflict or refusal wait for the operator's decision.
 */
export async function runSync(t: Transport, userId: number): Promise<SyncResult> {
  const db = await fieldDb();
  const result: SyncResult = { sent: 0, conflicts: 0, errors: 0, stopped: null, remaining: 0 };
  const blocked = new Set<string>();
  const items = (await db.getAll('outbox')).filter((i) => i.userId === userId);
  for (const item of items) {
    const hk = hhKey(item.periodId, item.householdId);
    if (item.status !== 'pending' || blocked.has(hk)) {
      blocked.add(hk);
      result.remaining++;
      continue;
    }
    let r: { status: number; body: unknown };
    try {
      const stored = await db.get('households', hk);
      item.attempts++;
      r = await sendItem(t, item, stored);
    } catch (e) {
      if (!(e instanceof Stop)) throw e;
      result.stopped = e.why;
      result.remaining += items.length - items.indexOf(item);
      break;
    }
    const tx = db.transaction(['outbox', 'households', 'photos'], 'readwrite');
    if (r.status === 200 || r.status === 201) {
      const saved = r.body as Verval;
      await tx.objectStore('outbox').delete(item.seq!);
      const stored = await tx.objectStore('households').get(hk);
      if (stored) await tx.objectStore('households').put({ ...stored, verval: saved });
      if (item.kind === 'save') await forgetSentBlobs(tx.objectStore('photos'), item);
      // The next queued write of this household is based on the version just stored.
      const next = (await tx.objectStore('outbox').index('household').getAll([item.periodId, item.householdId])).find(
        (i) => i.seq !== item.seq && i.baseVersion === null,
      );
      if (next) await tx.objectStore('outbox').put({ ...next, baseVersion: saved.version });
      result.sent++;
    } else {
      const f = failure(r.status, r.body);
      if (r.status === 409 && f.code === 'VERSION_CONFLICT') {
        item.status = 'conflict';
        item.conflict = f.details as ConflictInfo;
        result.conflicts++;
      } else {
        item.status = 'error';
        result.errors++;
      }
      item.error = { code: f.code, message: f.message, messageEn: f.messageEn };
      await tx.objectStore('outbox').put(item);
      blocked.add(hk);
      result.remaining++;
    }
    await tx.done;
    fieldChanged();
  }
  return result;
}

/**
 * "Pakai versi perangkat": send the device version again on the server's current version
 * (a new request, so a new key).
 */
export async function keepDeviceVersion(seq: number): Promise<void> {
  const db = await fieldDb();
  const item = await db.get('outbox', seq);
  if (!item) return;
  const version = item.conflict?.current?.version ?? 0;
  const tx = db.transaction(['outbox', 'households'], 'readwrite');
  await tx.objectStore('outbox').put({ ...item, status: 'pending', baseVersion: version, key: newKey(), conflict: null, error: null });
  const hk = hhKey(item.periodId, item.householdId);
  const stored = await tx.objectStore('households').get(hk);
  if (stored && item.conflict) await tx.objectStore('households').put({ ...stored, verval: item.conflict.current });
  await tx.done;
  fieldChanged();
}

/**
 * "Pakai versi server": drop this item and the household's later queued writes (they were
 * built on the device version) into the "dibuang" list, kept until the next download.
 */
export async function takeServerVersion(seq: number): Promise<void> {
  const db = await fieldDb();
  const item = await db.get('outbox', seq);
  if (!item) return;
  const tx = db.transaction(['outbox', 'households', 'discarded', 'drafts'], 'readwrite');
  const all = await tx.objectStore('outbox').index('household').getAll([item.periodId, item.householdId]);
  const now = new Date().toISOString();
  for (const i of all.filter((x) => x.seq! >= seq)) {
    await tx.objectStore('discarded').add({ item: i, discardedAt: now });
    await tx.objectStore('outbox').delete(i.seq!);
  }
  const hk = hhKey(item.periodId, item.householdId);
  await tx.objectStore('drafts').delete(hk);
  const stored = await tx.objectStore('households').get(hk);
  if (stored && item.conflict) await tx.objectStore('households').put({ ...stored, verval: item.conflict.current });
  await tx.done;
  fieldChanged();
}

/** Put a refused item back in the queue as it is (after the cause was fixed on the server). */
export async function retryItem(seq: number): Promise<void> {
  const db = await fieldDb();
  const item = await db.get('outbox', seq);
  if (item) await db.put('outbox', { ...item, status: 'pending', error: null });
  fieldChanged();
}

export async function discardedItems() {
  return (await fieldDb()).getAll('discarded');
}
