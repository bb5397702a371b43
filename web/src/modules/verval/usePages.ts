import { useCallback, useEffect, useState } from 'react';
import { api } from '../../lib/api';

interface Page<I> {
  items: I[];
  nextCursor: string | null;
}

/**
 * A keyset-paged list: the first page of `path` (null = nothing), then "load more" appends the
 * page after the last cursor. A new path starts over; answers for an old path are dropped.
 */
export function usePages<P extends Page<I>, I>(path: string | null) {
  const [first, setFirst] = useState<P | undefined>(undefined);
  const [items, setItems] = useState<I[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    setFirst(undefined);
    setItems([]);
    setCursor(null);
    setError(null);
    if (path === null) return;
    const ctrl = new AbortController();
    setLoading(true);
    api
      .get<P>(path, { signal: ctrl.signal })
      .then((p) => {
        setFirst(p);
        setItems(p.items);
        setCursor(p.nextCursor);
        setLoading(false);
      })
      .catch((e: unknown) => {
        if (ctrl.signal.aborted) return;
        setError(e);
        setLoading(false);
      });
    return () => ctrl.abort();
  }, [path, tick]);

  const loadMore = useCallback(() => {
    if (!path || !cursor || loading) return;
    setLoading(true);
    const sep = path.includes('?') ? '&' : '?';
    api
      .get<P>(`${path}${sep}after=${encodeURIComponent(cursor)}`)
      .then((p) => {
        setItems((xs) => [...xs, ...p.items]);
        setCursor(p.nextCursor);
        setLoading(false);
      })
      .catch((e: unknown) => {
        setError(e);
        setLoading(false);
      });
  }, [path, cursor, loading]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { first, items, hasMore: cursor !== null, loadMore, loading, error, reload };
}
