import { geoArea } from 'd3-geo';
import type { MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { signedArea2, windForD3 } from './winding.js';

/** A desa-sized square, counter-clockwise as RFC 7946 GeoJSON writes it. */
const square = (x: number, y: number, d: number) => [
  [x, y],
  [x + d, y],
  [x + d, y + d],
  [x, y + d],
  [x, y],
];
const geojsonPolygon: Polygon = { type: 'Polygon', coordinates: [square(113.2, -7.8, 0.02)] };

describe('windForD3', () => {
  it('turns a GeoJSON (counter-clockwise) desa into one d3-geo draws as the desa, not as the world without it', () => {
    // As the file has it, d3 reads nearly the whole sphere (4π steradians).
    expect(geoArea(geojsonPolygon)).toBeGreaterThan(12);
    const wound = windForD3(geojsonPolygon);
    expect(geoArea(wound)).toBeLessThan(1e-6);
    expect(signedArea2(wound.coordinates[0] ?? [])).toBeLessThan(0);
  });

  it('leaves a ring already clockwise as it is, and winds holes the other way', () => {
    const clockwise = windForD3(windForD3(geojsonPolygon));
    expect(clockwise.coordinates).toEqual(windForD3(geojsonPolygon).coordinates);
    const withHole: Polygon = { type: 'Polygon', coordinates: [square(113.2, -7.8, 0.04), square(113.21, -7.79, 0.01).reverse()] };
    const wound = windForD3(withHole);
    expect(signedArea2(wound.coordinates[0] ?? [])).toBeLessThan(0);
    expect(signedArea2(wound.coordinates[1] ?? [])).toBeGreaterThan(0);
    // The hole is cut out: the area is the outer square's minus the hole's.
    const outer = geoArea(windForD3({ type: 'Polygon', coordinates: [square(113.2, -7.8, 0.04)] }));
    expect(geoArea(wound)).toBeLessThan(outer);
    expect(geoArea(wound)).toBeGreaterThan(0);
  });

  it('winds every part of a MultiPolygon', () => {
    const multi: MultiPolygon = { type: 'MultiPolygon', coordinates: [[square(113.2, -7.8, 0.01)], [square(113.3, -7.8, 0.01)]] };
    expect(geoArea(windForD3(multi))).toBeLessThan(1e-6);
  });
});
