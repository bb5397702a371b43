import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { Body, Res } from '../../../lib/api/client';
import type { Verval } from '../api';
import type { Form } from '../form';

/**
 * The field app's storage on the phone (IndexedDB through `idb`, ADR 0020): downloaded desa
 * packs, household copies, drafts, the outbox of saves and submits, photos as Blobs, and the
 * device versions the operator chose to drop after a conflict. Nothing here is sent anywhere
 * except by the outbox sync, under the signed-in user's session.
 */

export interface PackMeta {
  /** `${periodId}:${desaCode}` */
  key: string;
  periodId: number;
  desaCode: string;
  desaName: string | null;
  downloadedAt: string;
  households: number;
  /** Compressed bytes received (0 when the browser does not say). */
  bytes: number;
  /** The registry's pick lists (`/verval/pick-lists`), null when the server has none. */
  pickLists: unknown;
}

/** A household of the offline pack: as the household page needs it, plus the worklist card's fields. */
export type PackHousehold = Res<'/verval/periods/{periodId}/offline-pack', 'get'>['households'][number];

export interface StoredHousehold extends PackHousehold {
  /** `${periodId}:${householdId}` */
  key: string;
  periodId: number;
  /** The pack it came from (`${periodId}:${desaCode}`). */
  pack: string;
}

export interface Draft {
  /** `${periodId}:${householdId}` */
  key: string;
  userId: number;
  periodId: number;
  householdId: number;
  headName: string;
  form: Form;
  updatedAt: string;
}

/** save / submit a household's verval; propose a new household (USULAN_BARU, `POST /verval/periods/:id/households`). */
export type OutboxKind = 'save' | 'submit' | 'propose';

/** The body of a USULAN_BARU proposal as the operator left it. */
export type Proposal = Body<'/verval/periods/{periodId}/households', 'post'>;
export type OutboxStatus = 'pending' | 'conflict' | 'error';

export interface ConflictInfo {
  current: Verval | null;
  changedBy: { fullName: string } | null;
  changedAt: string | null;
}

export interface OutboxItem {
  seq?: number;
  /** The Idempotency-Key: fixed for this item, so every retry is the same request. */
  key: string;
  userId: number;
  kind: OutboxKind;
  periodId: number;
  householdId: number;
  desaCode: string;
  headName: string;
  /** The version this write is based on; null = the version the previous queued write of this household returns. */
  baseVersion: number | null;
  /** For a save: the form as the operator left it (photos may be `local:<id>` until uploaded). */
  form: Form | null;
  /** For a proposal: the new household (its householdId is a negative placeholder until the server makes it). */
  proposal?: Proposal;
  status: OutboxStatus;
  error: { code: string; message: string; messageEn: string } | null;
  conflict: ConflictInfo | null;
  createdAt: string;
  attempts: number;
}

export interface LocalPhoto {
  id: string;
  householdId: number;
  /** The compressed JPEG; null once its record got through (the server holds it; only the hash stays). */
  blob: Blob | null;
  /** The server's content hash once uploaded. */
  sha256: string | null;
  createdAt: string;
}

export interface Discarded {
  id?: number;
  item: OutboxItem;
  discardedAt: string;
}

export interface FieldDBSchema extends DBSchema {
  packs: { key: string; value: PackMeta };
  households: { key: string; value: StoredHousehold; indexes: { pack: string } };
  drafts: { key: string; value: Draft };
  outbox: { key: number; value: OutboxItem; indexes: { household: [number, number] } };
  photos: { key: string; value: LocalPhoto };
  discarded: { key: number; value: Discarded };
}

export type FieldStore = IDBPDatabase<FieldDBSchema>;

export const DB_NAME = 'sasmita-field';
let opened: Promise<FieldStore> | null = null;

/** The database, opened once per page (and upgraded on first use). */
export function fieldDb(): Promise<FieldStore> {
  opened ??= openDB<FieldDBSchema>(DB_NAME, 1, {
    upgrade(db) {
      db.createObjectStore('packs', { keyPath: 'key' });
      db.createObjectStore('households', { keyPath: 'key' }).createIndex('pack', 'pack');
      db.createObjectStore('drafts', { keyPath: 'key' });
      db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true }).createIndex('household', ['periodId', 'householdId']);
      db.createObjectStore('photos', { keyPath: 'id' });
      db.createObjectStore('discarded', { keyPath: 'id', autoIncrement: true });
    },
    blocking() {
      // A newer version of the app wants to upgrade: let it.
      void opened?.then((d) => d.close());
      opened = null;
    },
  });
  return opened;
}

/** For tests: forget the open connection (a fresh fake IndexedDB per test). */
export function resetFieldDb(): void {
  opened = null;
}

export const hhKey = (periodId: number | string, householdId: number | string) => `${periodId}:${householdId}`;
export const packKey = (periodId: number | string, desaCode: string) => `${periodId}:${desaCode}`;

/** Listeners for any change of the outbox or drafts (the badge, the worklist). */
const changes = new EventTarget();
export function onFieldChange(fn: () => void): () => void {
  changes.addEventListener('change', fn);
  return () => changes.removeEventListener('change', fn);
}
let announcing: ReturnType<typeof setTimeout> | undefined;
/**
 * Tell the listeners, at most once per CHANGE_COALESCE_MS: a sync of hundreds of records changes
 * the outbox after every one, and re-reading and re-rendering the whole outbox page each time
 * made the sync itself quadratic on a slow phone.
 */
export function fieldChanged(): void {
  announcing ??= setTimeout(() => {
    announcing = undefined;
    changes.dispatchEvent(new Event('change'));
  }, CHANGE_COALESCE_MS);
}
const CHANGE_COALESCE_MS = 300;

/** The pick lists kept with the most recently downloaded desa (null when none was downloaded). */
export async function storedPickLists(): Promise<unknown> {
  const packs = await (await fieldDb()).getAll('packs');
  const latest = packs.filter((p) => p.pickLists).sort((a, b) => b.downloadedAt.localeCompare(a.downloadedAt))[0];
  return latest?.pickLists ?? null;
}
