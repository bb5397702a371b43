import { useCallback, useEffect, useState } from 'react';
import { api } from './api';

export interface ApiState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/**
 * The state of one fetch: run `load` whenever `key` changes (null = nothing to fetch), keep
 * only the answer to the latest key, and refetch on `reload()`. `useApi` and the typed
 * `useGet` (lib/api/client.ts) are this with their own `load`.
 */
export function useFetched<T>(key: string | null, load: (signal: AbortSignal) => Promise<T>): ApiState<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(key !== null);
  const [tick, setTick] = useState(0);

  // `key` stands for what `load` fetches (a new function on every render).
  useEffect(() => {
    if (key === null) {
      setData(undefined);
      setLoading(false);
      return;
    }
    const ctrl = new AbortController();
    setLoading(true);
    setError(null);
    load(ctrl.signal)
      .then((d) => {
        setData(d);
        setLoading(false);
      })
      .catch((e: unknown) => {
        if (ctrl.signal.aborted) return;
        setError(e);
        setLoading(false);
      });
    return () => ctrl.abort();
  }, [key, tick]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload };
}

/**
 * GET `path` (null = nothing to fetch) and refetch when it changes; older answers are dropped.
 * Untyped: the caller states the answer's type and the path is not checked. Pages use the
 * path-checked `useGet` instead; only the verval pages still use this, until they move too.
 */
export function useApi<T>(path: string | null): ApiState<T> {
  return useFetched(path, (signal) => api.get<T>(path as string, { signal }));
}
