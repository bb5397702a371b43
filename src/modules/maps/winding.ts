import type { MultiPolygon, Polygon, Position } from 'geojson';

/**
 * Ring order as d3-geo draws it. d3-geo works on the sphere, where a ring encloses the side on
 * its right: an exterior ring must run clockwise and a hole counter-clockwise. GeoJSON files
 * (RFC 7946) wind the other way, and shapefiles, TopoJSON and hand-made files differ, so a desa
 * wound "wrong" is drawn as the whole world minus the desa: one grey block over the map. Every
 * boundary is stored wound for d3 (on upload and for the demo's synthetic ones), so the web map,
 * the public map and the summary PDF draw it as it is. Orientation is read in the plane of
 * longitude/latitude, which is exact enough for the size of a desa or a kecamatan.
 */

/** Twice the signed area of a closed ring in the lon/lat plane: positive when counter-clockwise. */
export function signedArea2(ring: Position[]): number {
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const [x0 = 0, y0 = 0] = ring[i] as Position;
    const [x1 = 0, y1 = 0] = ring[i + 1] as Position;
    s += x0 * y1 - x1 * y0;
  }
  return s;
}

function wind(rings: Position[][]): Position[][] {
  return rings.map((ring, i) => {
    const ccw = signedArea2(ring) > 0;
    // Exterior (the first ring) clockwise, holes counter-clockwise.
    return (i === 0 ? ccw : !ccw) ? [...ring].reverse() : ring;
  });
}

export function windForD3<G extends Polygon | MultiPolygon>(geometry: G): G {
  if (geometry.type === 'Polygon') return { ...geometry, coordinates: wind(geometry.coordinates) };
  return { ...geometry, coordinates: (geometry as MultiPolygon).coordinates.map(wind) } as G;
}
