import { useCallback, useEffect, useRef, useState } from 'react';
import { NetworkError } from '../../../lib/api';
import { useApi } from '../../../lib/useApi';
import { useSession } from '../../auth/session';
import { type HouseholdVerval, householdPhotoUrl, localPhotoUrls, type Verval } from '../api';
import { type Form, fromVerval } from '../form';
import { hhKey, type OutboxItem, onFieldChange } from './db';
import { dropDraft, loadDraft, saveDraft } from './drafts';
import { enqueue, householdQueue, isLocalPhoto, keepPhoto, localPhoto } from './outbox';
import { packMeta, rememberHousehold, storedHousehold } from './pack';
import { compressPhoto } from './photo';
import { syncOutbox } from './sync';

const DRAFT_DELAY_MS = 250;

export type FieldNotice =
  | { kind: 'draftRestored'; at: string }
  | { kind: 'queued' | 'queuedSubmit' }
  | { kind: 'saved'; version: number }
  | { kind: 'submitted' };

/**
 * The household page's data and actions, offline-first: the household from the server, or
 * from the device when the network fails; the form restored from its draft, else the last
 * queued save, else the stored record; every change kept as a draft at once (≤ 250 ms, and on
 * pagehide / the page being hidden / leaving); "Simpan" and "Ajukan" queued in the outbox and
 * sent right away when there is a network.
 */
export function useFieldHousehold(periodId: number, householdId: number) {
  const { user } = useSession();
  const online = useApi<HouseholdVerval>(`/verval/periods/${periodId}/households/${householdId}`);
  const [local, setLocal] = useState<{ h: HouseholdVerval; downloadedAt: string | null } | null>(null);
  const [queue, setQueue] = useState<OutboxItem[]>([]);
  const [form, setForm] = useState<Form>(fromVerval(null));
  const [notice, setNotice] = useState<FieldNotice | null>(null);
  const [, setPhotoTick] = useState(0);
  const loaded = useRef<string | null>(null);
  const dirty = useRef(false);
  const latest = useRef<Form>(form);
  latest.current = form;

  const offline = online.error instanceof NetworkError;
  const h = online.data ?? (offline ? local?.h : undefined);

  // Offline: the household from the device.
  useEffect(() => {
    if (!offline) return;
    (async () => {
      const s = await storedHousehold(periodId, householdId);
      if (!s) return setLocal(null);
      const meta = s.pack ? await packMeta(periodId, s.desaCode) : undefined;
      setLocal({ h: s, downloadedAt: meta?.downloadedAt ?? null });
    })().catch(() => setLocal(null));
  }, [offline, periodId, householdId]);

  // Online: keep the household as seen, so its queued writes know the record they build on.
  useEffect(() => {
    if (online.data) rememberHousehold(periodId, online.data).catch(() => {});
  }, [online.data, periodId]);

  // The queue of this household, re-read at every change (a sync may have sent or refused it).
  // `pending` (the household with writes on the way) is also set by queueAndSend itself: change notices are coalesced (offline/db.ts),
  // so a write queued and sent within one notice is never seen queued by a read.
  const reloadOnline = online.reload;
  const pending = useRef<string | null>(null);
  useEffect(() => {
    const key = hhKey(periodId, householdId);
    const read = () => {
      householdQueue(periodId, householdId)
        .then(async (q) => {
          setQueue(q);
          // Everything of this household got through (perhaps in a background retry): say so and show the server's record.
          if (pending.current === key && q.length === 0) {
            pending.current = null;
            const saved = (await storedHousehold(periodId, householdId))?.verval;
            if (saved) setNotice(saved.status === 'SUBMITTED' ? { kind: 'submitted' } : { kind: 'saved', version: saved.version });
            reloadOnline();
          } else if (q.length > 0) pending.current = key;
        })
        .catch(() => {});
    };
    read();
    return onFieldChange(read);
  }, [periodId, householdId, reloadOnline]);

  // The form once per household: draft, else the last queued save, else the record.
  useEffect(() => {
    if (!h || loaded.current === `${periodId}:${householdId}`) return;
    loaded.current = `${periodId}:${householdId}`;
    (async () => {
      const [draft, q] = await Promise.all([loadDraft(periodId, householdId), householdQueue(periodId, householdId)]);
      const queued = q.filter((i) => i.kind === 'save').at(-1)?.form;
      if (draft) {
        setForm(draft.form);
        dirty.current = true;
        setNotice({ kind: 'draftRestored', at: draft.updatedAt });
      } else setForm(queued ?? fromVerval(h.verval));
    })().catch(() => setForm(fromVerval(h.verval)));
  }, [h, periodId, householdId]);

  const flush = useCallback(() => {
    if (!dirty.current || !h || !user) return;
    saveDraft({ userId: user.id, periodId, householdId, headName: h.headName, form: latest.current }).catch(() => {});
  }, [h, user, periodId, householdId]);

  // Every change is written to the device, debounced; and at once when the page goes away.
  useEffect(() => {
    if (!dirty.current) return;
    const timer = setTimeout(flush, DRAFT_DELAY_MS);
    return () => clearTimeout(timer);
  }, [form, flush]);
  useEffect(() => {
    const hidden = () => {
      if (document.visibilityState === 'hidden') flush();
    };
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', hidden);
    return () => {
      window.removeEventListener('pagehide', flush);
      document.removeEventListener('visibilitychange', hidden);
      flush();
    };
  }, [flush]);

  // Thumbnails of photos still on the device.
  useEffect(() => {
    const missing = form.photos.filter((p) => isLocalPhoto(p) && !localPhotoUrls.has(p));
    if (missing.length === 0) return;
    Promise.all(
      missing.map(async (ref) => {
        const photo = await localPhoto(ref);
        if (photo?.blob) localPhotoUrls.set(ref, URL.createObjectURL(photo.blob));
        // Already sent (the Blob left the device): the server's copy.
        else if (photo?.sha256) localPhotoUrls.set(ref, householdPhotoUrl(householdId, photo.sha256, 'full'));
      }),
    )
      .then(() => setPhotoTick((n) => n + 1))
      .catch(() => {});
  }, [form.photos, householdId]);

  const patch = useCallback((p: Partial<Form>) => {
    dirty.current = true;
    setForm((f) => ({ ...f, ...p }));
  }, []);

  /** The record as last known on the device or the server (a sync updates the stored copy). */
  const currentVerval = async (): Promise<Verval | null> => (await storedHousehold(periodId, householdId))?.verval ?? h?.verval ?? null;

  async function queueAndSend(kind: 'save' | 'submit', withSave: boolean) {
    if (!h || !user) return;
    const verval = await currentVerval();
    const base = { userId: user.id, periodId, householdId, desaCode: h.desaCode, headName: h.headName, knownVersion: verval?.version ?? 0 };
    if (withSave) await enqueue({ ...base, kind: 'save', form: latest.current });
    if (kind === 'submit') await enqueue({ ...base, kind: 'submit', form: null });
    pending.current = hhKey(periodId, householdId);
    dirty.current = false;
    await dropDraft(periodId, householdId);
    setNotice({ kind: kind === 'submit' ? 'queuedSubmit' : 'queued' });
    // Sent at once when there is a network; the queue watcher above says when it got through.
    if (navigator.onLine) await syncOutbox(user.id).catch(() => null);
  }

  const save = () => queueAndSend('save', true);
  /** Submit: what is on the form is saved first when it changed (or was never saved). */
  const submit = () => queueAndSend('submit', dirty.current || (!h?.verval && !queue.some((i) => i.kind === 'save')));

  const addPhoto = async (file: File) => {
    const blob = await compressPhoto(file);
    const ref = await keepPhoto(householdId, blob);
    localPhotoUrls.set(ref, URL.createObjectURL(blob));
    dirty.current = true;
    const next = { ...latest.current, photos: [...latest.current.photos, ref] };
    latest.current = next;
    setForm(next);
    flush();
  };

  /** After "pakai versi server": the form becomes the server's record (the draft is already gone). */
  const showServerVersion = useCallback(async () => {
    dirty.current = false;
    const record = (await storedHousehold(periodId, householdId))?.verval ?? null;
    const next = fromVerval(record);
    latest.current = next;
    setForm(next);
    reloadOnline();
  }, [periodId, householdId, reloadOnline]);

  return {
    h,
    error: offline && !local ? online.error : offline ? null : online.error,
    offline,
    downloadedAt: local?.downloadedAt ?? null,
    verval: h?.verval ?? null,
    queue,
    queuedSubmit: queue.some((i) => i.kind === 'submit'),
    form,
    patch,
    notice,
    setNotice,
    save,
    submit,
    addPhoto,
    reload: online.reload,
    showServerVersion,
  };
}
