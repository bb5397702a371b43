import { useEffect, useState } from 'react';
import { apiGet, type Res } from '../../lib/api/client';

export type PickLists = Res<'/verval/pick-lists', 'get'>;

/**
 * The field form's pick lists (GET /verval/pick-lists), fetched once per page load and shared
 * by every section that uses them. The offline download keeps the same document on the device.
 */
let cached: Promise<PickLists> | null = null;

export function loadPickLists(): Promise<PickLists> {
  cached ??= apiGet('/verval/pick-lists').catch((err: unknown) => {
    cached = null;
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
