import { API } from '../../../lib/api';
import { fieldChanged } from './db';
import { runSync, type SyncResult, type Transport } from './outbox';

/** The outbox over the browser's fetch, and one sync run at a time per page. */

async function answer(res: Response) {
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  return { status: res.status, body };
}

export const fetchTransport: Transport = {
  async send(method, path, body, key) {
    const res = await fetch(API + path, {
      method,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        'content-type': 'application/json',
        'x-requested-with': 'sasmita',
        'idempotency-key': key,
      },
      body: JSON.stringify(body),
    });
    return answer(res);
  },
  async upload(householdId, blob) {
    const fd = new FormData();
    fd.append('file', blob, 'foto.jpg');
    const res = await fetch(`${API}/verval/households/${householdId}/photos`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { accept: 'application/json', 'x-requested-with': 'sasmita' },
      body: fd,
    });
    return answer(res);
  },
};

export interface SyncState {
  running: boolean;
  last: SyncResult | null;
  at: string | null;
}

let state: SyncState = { running: false, last: null, at: null };
let current: Promise<SyncResult> | null = null;
const listeners = new Set<() => void>();

export function syncState(): SyncState {
  return state;
}
export function onSyncState(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}
function set(s: Partial<SyncState>) {
  state = { ...state, ...s };
  for (const l of listeners) l();
}

const RETRY_FIRST_MS = 2000;
const RETRY_MAX_MS = 60_000;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let retryDelay = RETRY_FIRST_MS;

/** Forget a planned retry (sign-out, another user) and start the back-off afresh. */
export function cancelRetry(): void {
  clearTimeout(retryTimer);
  retryTimer = undefined;
  retryDelay = RETRY_FIRST_MS;
}

/**
 * Send the user's queue now; a run already going is joined, not doubled. A run stopped by a
 * weak signal (online, but requests fail) or a busy server is tried again, less and less often.
 */
export function syncOutbox(userId: number, transport: Transport = fetchTransport): Promise<SyncResult> {
  if (current) return current;
  set({ running: true });
  clearTimeout(retryTimer);
  current = runSync(transport, userId)
    .then((r) => {
      set({ running: false, last: r, at: new Date().toISOString() });
      if (r.stopped === 'network' || r.stopped === 'server') {
        retryTimer = setTimeout(() => {
          if (navigator.onLine) syncOutbox(userId, transport).catch(() => {});
        }, retryDelay);
        retryDelay = Math.min(RETRY_MAX_MS, retryDelay * 2);
      } else retryDelay = RETRY_FIRST_MS;
      return r;
    })
    .catch((e: unknown) => {
      set({ running: false });
      throw e;
    })
    .finally(() => {
      current = null;
      fieldChanged();
    });
  return current;
}
