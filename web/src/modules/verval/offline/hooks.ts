import { useEffect, useState, useSyncExternalStore } from 'react';
import { NO_FILTER, type WorklistFilter } from '../worklistFilter';
import { type OutboxItem, onFieldChange } from './db';
import { outboxItems } from './outbox';
import { offlineWorklist } from './pack';
import { onSyncState, syncState } from './sync';

/** Whether the browser says it is online, kept up to date. */
export function useOnline(): boolean {
  return useSyncExternalStore(
    (fn) => {
      window.addEventListener('online', fn);
      window.addEventListener('offline', fn);
      return () => {
        window.removeEventListener('online', fn);
        window.removeEventListener('offline', fn);
      };
    },
    () => navigator.onLine,
  );
}

/** The user's outbox, re-read at every change. */
export function useOutbox(userId: number | undefined): OutboxItem[] {
  const [items, setItems] = useState<OutboxItem[]>([]);
  useEffect(() => {
    if (userId === undefined) return;
    let live = true;
    const read = () => {
      outboxItems(userId)
        .then((xs) => {
          if (live) setItems(xs);
        })
        .catch(() => {});
    };
    read();
    const off = onFieldChange(read);
    return () => {
      live = false;
      off();
    };
  }, [userId]);
  return items;
}

export function useSyncState() {
  return useSyncExternalStore(onSyncState, syncState);
}

/** The worklist from the device while `active` (offline or the network failing); null otherwise. */
export function useOfflineWorklist(
  active: boolean,
  periodId: number | null,
  desa: string | null,
  q: string,
  filter: WorklistFilter = NO_FILTER,
) {
  const filterKey = JSON.stringify(filter);
  const [list, setList] = useState<Awaited<ReturnType<typeof offlineWorklist>> | null>(null);
  useEffect(() => {
    if (!active || !periodId || !desa) {
      setList(null);
      return;
    }
    let live = true;
    const read = () => {
      offlineWorklist(periodId, desa, q, JSON.parse(filterKey) as WorklistFilter)
        .then((l) => {
          if (live) setList(l);
        })
        .catch(() => {});
    };
    read();
    const off = onFieldChange(read);
    return () => {
      live = false;
      off();
    };
  }, [active, periodId, desa, q, filterKey]);
  return list;
}
