import type { MultiPolygon, Polygon, Position } from 'geojson';
import { feature } from 'topojson-client';
import { topology } from 'topojson-server';
import { presimplify, quantile, simplify } from 'topojson-simplify';
import type { AreaFeature } from './read.js';

/**
 * Simplification on upload, the mapshaper way: the features become a topology first, so a
 * border shared by two desa is one arc and is simplified once (no gaps or overlaps between
 * neighbours), then Visvalingam weights drop the least visible points until at most
 * `maxPoints` remain. Coordinates are rounded to 6 decimals (about 10 cm).
 */

/** Points kept at most for one upload: a kabupaten of ~350 desa stays a few hundred KB. */
export const MAX_POINTS = 60_000;

export interface SimplifyStats {
  pointsBefore: number;
  pointsAfter: number;
  simplified: boolean;
  ms: number;
}

function countPoints(features: AreaFeature[]): number {
  let n = 0;
  for (const f of features) {
    const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    for (const poly of polys) for (const ring of poly) n += ring.length;
  }
  return n;
}

const round = (p: Position): Position => [Math.round((p[0] ?? 0) * 1e6) / 1e6, Math.round((p[1] ?? 0) * 1e6) / 1e6];

/** Round and drop rings that collapsed below a triangle; null when nothing is left. */
function tidy(g: Polygon | MultiPolygon): Polygon | MultiPolygon | null {
  const cleanPoly = (poly: Position[][]) => {
    const rings = poly.map((ring) => ring.map(round)).filter((ring) => ring.length >= 4);
    return rings.length > 0 && (rings[0]?.length ?? 0) >= 4 ? rings : null;
  };
  if (g.type === 'Polygon') {
    const p = cleanPoly(g.coordinates);
    return p ? { type: 'Polygon', coordinates: p } : null;
  }
  const polys = g.coordinates.map(cleanPoly).filter((p): p is Position[][] => p !== null);
  if (polys.length === 0) return null;
  return polys.length === 1 ? { type: 'Polygon', coordinates: polys[0] as Position[][] } : { type: 'MultiPolygon', coordinates: polys };
}

export function simplifyFeatures(features: AreaFeature[], maxPoints = MAX_POINTS): { features: AreaFeature[]; stats: SimplifyStats } {
  const t0 = performance.now();
  const pointsBefore = countPoints(features);
  let out = features;
  let simplified = false;
  if (pointsBefore > maxPoints) {
    const collection = { type: 'FeatureCollection', features } as unknown as GeoJSON.GeoJsonObject;
    const topo = presimplify(topology({ areas: collection }, 1e6) as never);
    const weight = quantile(topo, 1 - maxPoints / pointsBefore);
    const simple = simplify(topo, weight);
    const fc = feature(simple, simple.objects.areas as never) as unknown as { features: AreaFeature[] };
    // Keep the input's order and properties: a feature whose geometry vanished keeps its original.
    out = features.map((f, i) => {
      const g = fc.features[i]?.geometry;
      return g && (g.type === 'Polygon' || g.type === 'MultiPolygon') ? { ...f, geometry: g } : f;
    });
    simplified = true;
  }
  const tidied = out.map((f, i) => {
    const g = tidy(f.geometry) ?? tidy((features[i] as AreaFeature).geometry);
    return g ? { ...f, geometry: g } : f;
  });
  return {
    features: tidied,
    stats: { pointsBefore, pointsAfter: countPoints(tidied), simplified, ms: Math.round(performance.now() - t0) },
  };
}
