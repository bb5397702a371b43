import type { Polygon } from 'geojson';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { windForD3 } from './winding.js';

/**
 * SYNTHETIC boundaries for the demo kabupaten, so that `npm start --demo` shows a map at
 * once: the kabupaten's box is cut into one block per kecamatan (sized by its number of desa)
 * and each block into one cell per desa. The shapes are invented (not the real borders) and
 * stored with `synthetic = true`, which the map says on screen; an uploaded file replaces them.
 */

/** Rough boxes [west, south, east, north] of known kabupaten; others get a box in Java. */
const BOXES: Record<string, [number, number, number, number]> = {
  '35.13': [112.95, -8.05, 113.55, -7.72],
};

interface RegionRow {
  code: string;
  parent_code: string | null;
  level: number;
}

/** A rectangle, wound as d3-geo draws it (winding.ts): exterior clockwise. */
const rect = (x0: number, y0: number, x1: number, y1: number): Polygon =>
  windForD3({
    type: 'Polygon',
    coordinates: [
      [
        [x0, y0],
        [x1, y0],
        [x1, y1],
        [x0, y1],
        [x0, y0],
      ].map(([x, y]) => [Math.round((x ?? 0) * 1e6) / 1e6, Math.round((y ?? 0) * 1e6) / 1e6]),
    ],
  });

/** Split `n` items into `rows` rows as evenly as possible. */
function perRow(n: number, rows: number): number[] {
  return Array.from({ length: rows }, (_, i) => Math.floor(n / rows) + (i < n % rows ? 1 : 0)).filter((c) => c > 0);
}

/** A small deterministic wobble (0..1) from a code, so the cells are not a plain grid. */
const wobble = (code: string) => {
  let h = 2166136261;
  for (const ch of code) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return ((h >>> 0) % 1000) / 1000;
};

export function syntheticBoundaries(regions: RegionRow[], kabupatenCode: string): { code: string; level: 3 | 4; geometry: Polygon }[] {
  const [w, s, e, n] = BOXES[kabupatenCode] ?? [110.3, -7.6, 110.9, -7.2];
  const kec = regions.filter((r) => r.level === 3 && r.code.startsWith(`${kabupatenCode}.`)).sort((a, b) => a.code.localeCompare(b.code));
  const desaOf = new Map<string, string[]>();
  for (const r of regions) if (r.level === 4 && r.parent_code) desaOf.set(r.parent_code, [...(desaOf.get(r.parent_code) ?? []), r.code]);
  const out: { code: string; level: 3 | 4; geometry: Polygon }[] = [];
  if (kec.length === 0) return out;
  const rows = perRow(kec.length, Math.max(1, Math.round(Math.sqrt(kec.length * ((n - s) / (e - w))))));
  let k = 0;
  rows.forEach((count, ri) => {
    const y1 = n - ((n - s) * ri) / rows.length;
    const y0 = n - ((n - s) * (ri + 1)) / rows.length;
    const block = kec.slice(k, k + count);
    k += count;
    const weights = block.map((b) => Math.max(1, desaOf.get(b.code)?.length ?? 1));
    const sum = weights.reduce((a, b) => a + b, 0);
    let x = w;
    block.forEach((b, bi) => {
      const x0 = x;
      const x1 = bi === block.length - 1 ? e : x + ((e - w) * (weights[bi] ?? 1)) / sum;
      x = x1;
      out.push({ code: b.code, level: 3, geometry: rect(x0, y0, x1, y1) });
      const desa = [...(desaOf.get(b.code) ?? [])].sort();
      const dRows = perRow(desa.length, Math.max(1, Math.round(Math.sqrt((desa.length * (y1 - y0)) / (x1 - x0)))));
      let d = 0;
      dRows.forEach((dc, dri) => {
        const dy1 = y1 - ((y1 - y0) * dri) / dRows.length;
        const dy0 = y1 - ((y1 - y0) * (dri + 1)) / dRows.length;
        let cx = x0;
        for (let c = 0; c < dc; c++) {
          const code = desa[d++] as string;
          const share = (x1 - x0) / dc;
          const nx = c === dc - 1 ? x1 : x0 + share * (c + 1) + share * 0.3 * (wobble(code) - 0.5);
          out.push({ code, level: 4, geometry: rect(cx, dy0, nx, dy1) });
          cx = nx;
        }
      });
    });
  });
  return out;
}

/** Store synthetic boundaries for the kabupaten unless it already has boundaries. Returns how many were stored. */
export async function ensureSyntheticBoundaries(db: Kysely<DB>, kabupatenCode: string): Promise<number> {
  const any = await db
    .selectFrom('region_boundary')
    .select('region_code')
    .where('kabupaten_code', '=', kabupatenCode)
    .limit(1)
    .executeTakeFirst();
  if (any) return 0;
  const regions = await db
    .selectFrom('region')
    .select(['code', 'parent_code', 'level'])
    .where('code', 'like', `${kabupatenCode}.%`)
    .where('level', 'in', [3, 4])
    .execute();
  const shapes = syntheticBoundaries(regions, kabupatenCode);
  const rows = shapes.map((x) => ({
    region_code: x.code,
    kabupaten_code: kabupatenCode,
    kecamatan_code: x.code.split('.').slice(0, 3).join('.'),
    level: x.level,
    geometry: JSON.stringify(x.geometry),
    synthetic: true,
    source: 'SINTETIS: batas buatan untuk data demo (bukan batas wilayah sebenarnya)',
    updated_by: null,
  }));
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('region_boundary')
      .values(rows.slice(i, i + 500))
      .execute();
  return rows.length;
}
