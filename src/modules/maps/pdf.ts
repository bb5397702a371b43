import { type GeoContext, geoMercator, geoPath } from 'd3-geo';
import type { MultiPolygon, Polygon } from 'geojson';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../access/scope.js';
import { listBoundaries } from './boundaries.js';
import { colourClasses, colourOf, NO_DATA } from './classes.js';
import { type MapLevel, type MapValueRow, mapRegion, mapValues } from './values.js';

/**
 * The choropleth drawn into a pdfkit document, for the one-page summary: the region's
 * kecamatan or desa coloured by one figure, with a legend (its text is real PDF text) and,
 * for the demo, a note that the boundaries are synthetic. d3-geo projects; pdfkit's path
 * operators are its drawing context, so the map is vector, sharp at any zoom.
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

/** Draw `map` into `box` of the current page: the map on the left ~3/4, the legend on the right. */
export function drawRegionMap(
  doc: PDFKit.PDFDocument,
  box: { x: number; y: number; width: number; height: number },
  map: RegionMapData,
): void {
  const label = METRIC_LABELS[map.metric];
  const legendWidth = Math.min(150, box.width * 0.3);
  const mapBox = { x: box.x, y: box.y + 16, width: box.width - legendWidth - 8, height: box.height - 16 };
  doc.save();
  doc
    .font('Helvetica-Bold')
    .fontSize(10)
    .fillColor('#000')
    .text(map.title, box.x, box.y, { width: box.width, lineBreak: false, ellipsis: true });
  const classes = colourClasses(map.areas.map((a) => a.value));
  if (map.areas.length > 0) {
    const fc = {
      type: 'FeatureCollection' as const,
      features: map.areas.map((a) => ({ type: 'Feature' as const, properties: {}, geometry: a.geometry })),
    };
    const projection = geoMercator().fitExtent(
      [
        [mapBox.x, mapBox.y],
        [mapBox.x + mapBox.width, mapBox.y + mapBox.height],
      ],
      fc,
    );
    const path = geoPath(projection, doc as unknown as GeoContext);
    doc.lineWidth(0.4);
    for (const a of map.areas) {
      path({ type: 'Feature', properties: {}, geometry: a.geometry });
      doc.fillAndStroke(colourOf(a.value, classes), '#555');
    }
  } else {
    doc
      .font('Helvetica')
      .fontSize(9)
      .fillColor('#555')
      .text('Batas wilayah belum diunggah', mapBox.x, mapBox.y + mapBox.height / 2);
  }
  // Legend
  let y = box.y + 18;
  const lx = box.x + box.width - legendWidth;
  doc.font('Helvetica-Bold').fontSize(8).fillColor('#000').text(label.id, lx, y, { width: legendWidth });
  y = doc.y + 4;
  doc.font('Helvetica').fontSize(8);
  for (const c of classes) {
    doc.rect(lx, y, 10, 8).fillAndStroke(c.colour, '#555');
    doc.fillColor('#000').text(`${fmt(c.from, label.percent)} – ${fmt(c.to, label.percent)}`, lx + 14, y, { width: legendWidth - 14 });
    y += 12;
  }
  doc.rect(lx, y, 10, 8).fillAndStroke(NO_DATA, '#555');
  doc.fillColor('#000').text('Tidak ada data', lx + 14, y, { width: legendWidth - 14 });
  y += 16;
  if (map.synthetic) {
    doc
      .font('Helvetica-Oblique')
      .fontSize(7)
      .fillColor('#a00')
      .text('Batas wilayah SINTETIS (data demo), bukan batas sebenarnya', lx, y, { width: legendWidth });
  }
  doc.restore();
}
