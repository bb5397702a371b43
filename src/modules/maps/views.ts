import { z } from 'zod';

/** Response shapes of /api/v1/maps and /api/v1/public/map (views.test.ts keeps them equal to the services' types). */

const pct = z.number().nullable().describe('Percent, 2 decimals; null when the whole is 0 or unknown');
const level = z.enum(['kecamatan', 'desa']);

const position = z.array(z.number());
export const areaGeometry = z
  .union([
    z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(position)) }),
    z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(z.array(position))) }),
  ])
  .meta({ id: 'AreaGeometry', description: 'GeoJSON Polygon or MultiPolygon, WGS84 longitude/latitude' });

const regionRef = z.object({ code: z.string(), name: z.string(), parentName: z.string() });

const matchRow = z.object({
  index: z.number().describe('Feature number in the file, from 0'),
  value: z.string().describe('The matching property’s value'),
  status: z.enum(['matched', 'ambiguous', 'unmatched']),
  regionCode: z.string().nullable(),
  regionName: z.string().nullable(),
  kecamatanName: z.string().nullable(),
  candidates: z.array(regionRef),
});

export const boundaryPreviewView = z
  .object({
    fileName: z.string(),
    format: z.enum(['geojson', 'topojson', 'shapefile']),
    level,
    bytes: z.number(),
    features: z.number(),
    skippedFeatures: z.number().describe('Features that are not polygons'),
    properties: z.array(z.string()),
    property: z.string().nullable().describe('The property matched (chosen, or the one matching most regions)'),
    stats: z.object({
      pointsBefore: z.number(),
      pointsAfter: z.number(),
      simplified: z.boolean(),
      ms: z.number().describe('Simplification time'),
      readMs: z.number(),
      totalMs: z.number(),
    }),
    counts: z.object({
      matched: z.number(),
      ambiguous: z.number(),
      unmatched: z.number(),
      regions: z.number(),
      regionsWithoutBoundary: z.number(),
    }),
    rows: z.array(matchRow),
    regions: z.array(regionRef).describe('Every region of the level, to pick one by hand'),
  })
  .meta({ id: 'BoundaryPreview' });

export const boundarySaveView = z
  .object({ saved: z.number(), skipped: z.number(), merged: z.number(), removedSynthetic: z.number(), level })
  .meta({ id: 'BoundarySaveResult' });

export const boundariesView = z
  .object({
    level,
    synthetic: z.boolean().describe('True when the boundaries are the demo’s generated ones'),
    tileUrl: z.string().nullable().describe('Optional XYZ base map template (SASMITA_MAP_TILE_URL)'),
    features: z.array(
      z.object({ code: z.string(), name: z.string(), parentCode: z.string().nullable(), synthetic: z.boolean(), geometry: areaGeometry }),
    ),
  })
  .meta({ id: 'MapBoundaries' });

export const mapValuesView = z
  .object({
    region: z.object({ code: z.string(), name: z.string(), level: z.number() }),
    level,
    period: z.object({ id: z.number(), name: z.string() }).nullable(),
    generatedAt: z.date(),
    rows: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        parentCode: z.string().nullable(),
        households: z.number(),
        extremeHouseholds: z.number(),
        extremeSharePct: pct,
        baselineExtremeHouseholds: z.number().nullable(),
        reductionPct: pct,
        extremeWithoutAid: z.number(),
        aidCoveragePct: pct,
        vervalVisited: z.number(),
        vervalApproved: z.number(),
        vervalVisitedPct: pct,
        vervalApprovedPct: pct,
      }),
    ),
  })
  .meta({ id: 'MapValues' });

export const gpsPointsView = z
  .object({
    period: z.object({ id: z.number(), name: z.string() }).nullable(),
    truncated: z.boolean(),
    points: z.array(
      z.object({
        householdId: z.number(),
        desaCode: z.string(),
        latitude: z.number(),
        longitude: z.number(),
        status: z.string(),
        outcome: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'MapPoints' });

const cell = z.object({
  value: z.number().nullable(),
  suppressed: z.boolean(),
  reason: z.enum(['small', 'complementary']).nullable(),
});

export const publicMapView = z
  .object({
    kabupaten: z.object({ code: z.string(), name: z.string() }),
    minCell: z.number(),
    generatedAt: z.date(),
    synthetic: z.boolean(),
    kecamatan: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        households: cell,
        extremeHouseholds: cell,
        baselineExtremeHouseholds: cell,
        reductionPct: pct,
      }),
    ),
    desa: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        kecamatanCode: z.string(),
        households: cell,
        extremeHouseholds: cell,
        baselineExtremeHouseholds: cell,
        extremeSharePct: pct,
        reductionPct: pct,
      }),
    ),
    boundaries: z.array(z.object({ code: z.string(), geometry: areaGeometry })),
  })
  .meta({ id: 'PublicMap' });
