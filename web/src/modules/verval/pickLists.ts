import { useEffect, useState } from 'react';
import { NetworkError } from '../../lib/api';
import { apiGet, type Res } from '../../lib/api/client';
import { storedPickLists } from './offline/db';

export type PickLists = Res<'/verval/pick-lists', 'get'>;

/**
 * The field form's pick lists (GET /verval/pick-lists), fetched once per page load and shared
 * by every section that uses them. The offline download keeps the same document on the device.
 */
let cached: Promise<PickLists> | null = null;

export function loadPickLists(): Promise<PickLists> {
  cached ??= apiGet('/verval/pick-lists').catch(async (err: unknown) => {
    cached = null;
    // Without signal: the copy kept with the last downloaded desa.
    if (err instanceof NetworkError) {
      const stored = await storedPickLists().catch(() => null);
      if (stored) return stored as PickLists;
    }
    throw err;
  });
  return cached;
}

export function usePickLists(): { data: PickLists | undefined; error: unknown } {
  const [state, setState] = useState<{ data: PickLists | undefined; error: unknown }>({ data: undefined, error: null });
  useEffect(() => {
    let live = true;
    loadPickLists().then(
      (data) => live && setState({ data, error: null }),
      (error: unknown) => live && setState({ data: undefined, error }),
    );
    return () => {
      live = false;
    };
  }, []);
  return state;
}

type Desa = PickLists['desa'][number];

/** "Desa Sumberjo, Kec. Tiris" (Kelurahan for a kelurahan). */
export function desaLabel(d: Desa, words: { desa: string; kelurahan: string; kec: string }): string {
  return `${d.isKelurahan ? words.kelurahan : words.desa} ${d.name}, ${words.kec} ${d.kecamatanName}`;
}
