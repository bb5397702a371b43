import { geoMercator, geoPath } from 'd3-geo';
import type { MultiPolygon, Polygon } from 'geojson';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { ServiceContext } from '../../service-context.js';
import type { Actor } from '../access/scope.js';
import { listBoundaries } from './boundaries.js';
import { colourClasses, colourOf, NO_DATA } from './classes.js';
import { type MapLevel, type MapValueRow, mapRegion, mapValues } from './values.js';

/**
 * The choropleth in a PDF, for the one-page meeting summary (a pdfmake document): the region's
 * kecamatan or desa coloured by one figure. d3-geo projects the areas into an SVG that pdfmake
 * draws as vector paths (sharp at any zoom); the legend beside it is real PDF text, and for the
 * demo a note says that the boundaries are synthetic.
 */

export type MapMetric = keyof Pick<
  MapValueRow,
  'extremeHouseholds' | 'extremeSharePct' | 'reductionPct' | 'vervalApprovedPct' | 'vervalVisitedPct' | 'extremeWithoutAid'
>;

export const METRIC_LABELS: Record<MapMetric, { id: string; en: string; percent: boolean }> = {
  extremeHouseholds: { id: 'Keluarga miskin ekstrem', en: 'Extreme-poor households', percent: false },
  extremeSharePct: { id: 'Persentase keluarga miskin ekstrem', en: 'Extreme-poor share', percent: true },
  reductionPct: { id: 'Penurunan sejak P3KE awal', en: 'Reduction since the P3KE baseline', percent: true },
  vervalVisitedPct: { id: 'Progres verval (dikunjungi)', en: 'Verval progress (visited)', percent: true },
  vervalApprovedPct: { id: 'Progres verval (disetujui)', en: 'Verval progress (approved)', percent: true },
  extremeWithoutAid: { id: 'Keluarga sasaran tanpa bantuan', en: 'Target households without aid', percent: false },
};

export interface RegionMapData {
  title: string;
  metric: MapMetric;
  synthetic: boolean;
  areas: { code: string; name: string; geometry: Polygon | MultiPolygon; value: number | null }[];
}

/** The data of a region's map: boundaries of `level` in the reader's area with the figure `metric`. */
export async function regionMapData(
  db: Kysely<DB>,
  actor: Actor,
  kabupatenCode: string,
  q: { region: string; level: MapLevel; metric: MapMetric },
): Promise<RegionMapData> {
  const region = await mapRegion(db, actor, kabupatenCode, q.region);
  const values = await mapValues(db, actor, kabupatenCode, { region: q.region, level: q.level });
  const byCode = new Map(values.rows.map((r) => [r.code, r]));
  const shapes = await listBoundaries(db, kabupatenCode, values.level === 'kecamatan' ? 3 : 4, region.code, (c) => byCode.has(c));
  return {
    title: `${METRIC_LABELS[q.metric].id} — ${region.name}`,
    metric: q.metric,
    synthetic: shapes.some((s) => s.synthetic),
    areas: shapes.map((s) => ({
      code: s.code,
      name: byCode.get(s.code)?.name ?? s.code,
      geometry: s.geometry,
      value: byCode.get(s.code)?.[q.metric] ?? null,
    })),
  };
}

const fmt = (v: number, percent: boolean) => (percent ? `${v.toFixed(1).replace('.', ',')} %` : Math.round(v).toLocaleString('id-ID'));

/** The areas of `map` projected into a `width` × `height` SVG (no text: the legend is PDF text). */
export function regionMapSvg(map: RegionMapData, width: number, height: number): string {
  const fc = {
    type: 'FeatureCollection' as const,
    features: map.areas.map((a) => ({ type: 'Feature' as const, properties: {}, geometry: a.geometry })),
  };
  const projection = geoMercator().fitExtent(
    [
      [2, 2],
      [width - 2, height - 2],
    ],
    fc,
  );
  const path = geoPath(projection);
  const classes = colourClasses(map.areas.map((a) => a.value));
  const paths = map.areas
    .map((a) => {
      const d = path({ type: 'Feature', properties: {}, geometry: a.geometry });
      return d ? `<path d="${d}" fill="${colourOf(a.value, classes)}" stroke="#555555" stroke-width="0.4"/>` : '';
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${paths}</svg>`;
}

/** pdfmake content for the summary: the map and its legend in `box`, or null without boundaries. */
export function summaryMapContent(map: RegionMapData, box: { width: number; height: number }): Record<string, unknown> | null {
  if (map.areas.length === 0) return null;
  const label = METRIC_LABELS[map.metric];
  const legendWidth = Math.min(110, box.width * 0.35);
  const mapWidth = box.width - legendWidth - 8;
  const classes = colourClasses(map.areas.map((a) => a.value));
  const swatch = (colour: string) => ({
    width: 12,
    canvas: [{ type: 'rect', x: 0, y: 1, w: 8, h: 8, color: colour, lineColor: '#555555', lineWidth: 0.4 }],
  });
  const legend: Record<string, unknown>[] = [
    { text: label.id, bold: true, fontSize: 8, margin: [0, 0, 0, 3] },
    ...classes.map((c) => ({
      columns: [swatch(c.colour), { text: `${fmt(c.from, label.percent)} – ${fmt(c.to, label.percent)}`, fontSize: 8 }],
    })),
    { columns: [swatch(NO_DATA), { text: 'Tidak ada data', fontSize: 8 }] },
  ];
  if (map.synthetic) {
    legend.push({
      text: 'Batas wilayah SINTETIS (data demo), bukan batas sebenarnya',
      fontSize: 7,
      italics: true,
      color: '#aa0000',
      margin: [0, 4, 0, 0],
    });
  }
  return {
    columns: [
      { width: mapWidth, svg: regionMapSvg(map, mapWidth, box.height), fit: [mapWidth, box.height] },
      { width: legendWidth, stack: legend },
    ],
    columnGap: 8,
  };
}

/** The summary's map hook: the desa of the summary's region, read in the reader's scope. */
export function summaryMap(ctx: Pick<ServiceContext, 'db' | 'kabupatenCode'>) {
  return async (actor: Actor, regionCode: string, box: { width: number; height: number }) => {
    const data = await regionMapData(ctx.db, actor, ctx.kabupatenCode, { region: regionCode, level: 'desa', metric: 'extremeSharePct' });
    return summaryMapContent(data, box);
  };
}
