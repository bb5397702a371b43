import type { MultiPolygon, Polygon } from 'geojson';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { badRequest } from '../../http/errors.js';
import { type Actor, regionLevel } from '../access/scope.js';
import { recordAudit } from '../audit/service.js';
import { chooseProperty, type FeatureMatch, RegionMatcher, type RegionRef } from './match.js';
import { type AreaFeature, type BoundaryFormat, readBoundaryFile } from './read.js';
import { type SimplifyStats, simplifyFeatures } from './simplify.js';
import { windForD3 } from './winding.js';

/**
 * Boundary uploads: a file is read, simplified and matched to the kabupaten's kecamatan or
 * desa (`previewBoundaries`: nothing saved), then saved with the reviewer's choices for the
 * ambiguous and unmatched features (`saveBoundaries`: the same file again, the same reading,
 * so nothing has to be kept between the two steps). Two features of one region are merged.
 */

export type BoundaryLevel = 'kecamatan' | 'desa';
export const LEVEL_NUMBER: Record<BoundaryLevel, 3 | 4> = { kecamatan: 3, desa: 4 };

export interface BoundaryPreview {
  fileName: string;
  format: BoundaryFormat;
  level: BoundaryLevel;
  bytes: number;
  features: number;
  skippedFeatures: number;
  properties: string[];
  property: string | null;
  stats: SimplifyStats & { readMs: number; totalMs: number };
  counts: { matched: number; ambiguous: number; unmatched: number; regions: number; regionsWithoutBoundary: number };
  rows: (FeatureMatch & { regionName: string | null; kecamatanName: string | null })[];
  /** Every region of the level, for picking one by hand in the review. */
  regions: RegionRef[];
}

interface Prepared {
  preview: BoundaryPreview;
  features: AreaFeature[];
  regions: Map<string, RegionRef>;
}

async function levelRegions(db: Kysely<DB>, kabupatenCode: string, level: 3 | 4): Promise<RegionRef[]> {
  const rows = await db
    .selectFrom('region as r')
    .leftJoin('region as p', 'p.code', 'r.parent_code')
    .select(['r.code', 'r.name', 'p.name as parentName'])
    .where('r.level', '=', level)
    .where('r.code', 'like', `${kabupatenCode}.%`)
    .orderBy('r.code')
    .execute();
  return rows.map((r) => ({ code: r.code, name: r.name, parentName: r.parentName ?? '' }));
}

export async function prepareBoundaries(
  db: Kysely<DB>,
  kabupatenCode: string,
  input: { buffer: Buffer; fileName: string; level: BoundaryLevel; property?: string | undefined },
): Promise<Prepared> {
  const t0 = performance.now();
  const read = readBoundaryFile(input.buffer);
  const t1 = performance.now();
  const { features, stats } = simplifyFeatures(read.features);
  const regionList = await levelRegions(db, kabupatenCode, LEVEL_NUMBER[input.level]);
  const matcher = new RegionMatcher(regionList);
  const props = features.map((f) => f.properties);
  const chosen = chooseProperty(matcher, props);
  if (input.property && !chosen.keys.includes(input.property)) {
    throw badRequest('UNKNOWN_PROPERTY', `Kolom "${input.property}" tidak ada di berkas`, `The file has no property "${input.property}"`);
  }
  const property = input.property || chosen.best;
  const regions = new Map(regionList.map((r) => [r.code, r]));
  const matches = props.map((p, i) =>
    matcher.match(
      i,
      property ? p[property] : undefined,
      Object.entries(p)
        .filter(([k]) => k !== property)
        .map(([, v]) => v),
    ),
  );
  const matchedCodes = new Set(matches.flatMap((m) => (m.regionCode ? [m.regionCode] : [])));
  const count = (s: string) => matches.filter((m) => m.status === s).length;
  const preview: BoundaryPreview = {
    fileName: input.fileName,
    format: read.format,
    level: input.level,
    bytes: input.buffer.length,
    features: features.length,
    skippedFeatures: read.skipped,
    properties: chosen.keys,
    property,
    stats: { ...stats, readMs: Math.round(t1 - t0), totalMs: Math.round(performance.now() - t0) },
    counts: {
      matched: count('matched'),
      ambiguous: count('ambiguous'),
      unmatched: count('unmatched'),
      regions: regionList.length,
      regionsWithoutBoundary: regionList.length - matchedCodes.size,
    },
    rows: matches.map((m) => {
      const r = m.regionCode ? regions.get(m.regionCode) : undefined;
      return { ...m, regionName: r?.name ?? null, kecamatanName: input.level === 'desa' ? (r?.parentName ?? null) : null };
    }),
    regions: regionList,
  };
  return { preview, features, regions };
}

function merge(a: Polygon | MultiPolygon, b: Polygon | MultiPolygon): MultiPolygon {
  const polys = (g: Polygon | MultiPolygon) => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates);
  return { type: 'MultiPolygon', coordinates: [...polys(a), ...polys(b)] };
}

export interface BoundarySaveResult {
  saved: number;
  skipped: number;
  merged: number;
  removedSynthetic: number;
  level: BoundaryLevel;
}

/**
 * Save the boundaries of a prepared upload: each feature goes to the region the reviewer chose
 * (`assignments`: feature index → region code, or '' to leave it out), else to its automatic
 * match; ambiguous and unmatched features without a choice are left out. Regions of the level
 * get their new boundary; the demo's synthetic boundaries of the level go (real and generated
 * shapes are not mixed on one map). One audit entry with the counts and the file.
 */
export async function saveBoundaries(
  db: Kysely<DB>,
  actor: Actor,
  kabupatenCode: string,
  prepared: Prepared,
  assignments: Record<string, string>,
): Promise<BoundarySaveResult> {
  const { preview, features, regions } = prepared;
  const byRegion = new Map<string, Polygon | MultiPolygon>();
  let skipped = 0;
  let merged = 0;
  for (const row of preview.rows) {
    const chosen = Object.hasOwn(assignments, String(row.index)) ? assignments[String(row.index)] : (row.regionCode ?? '');
    if (!chosen) {
      skipped++;
      continue;
    }
    if (!regions.has(chosen)) {
      throw badRequest(
        'UNKNOWN_REGION',
        `Kode ${chosen} bukan ${preview.level} di kabupaten ini`,
        `${chosen} is not a ${preview.level} of this kabupaten`,
      );
    }
    const g = (features[row.index] as AreaFeature).geometry;
    const had = byRegion.get(chosen);
    if (had) merged++;
    byRegion.set(chosen, had ? merge(had, g) : g);
  }
  const level = LEVEL_NUMBER[preview.level];
  const source = `${preview.fileName} (${preview.format})`.slice(0, 300);
  return db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom('region_boundary')
      .where('kabupaten_code', '=', kabupatenCode)
      .where('level', '=', level)
      .where('synthetic', '=', true)
      .executeTakeFirst();
    const rows = [...byRegion.entries()].map(([code, geometry]) => ({
      region_code: code,
      kabupaten_code: kabupatenCode,
      kecamatan_code: code.split('.').slice(0, 3).join('.'),
      level,
      geometry: JSON.stringify(windForD3(geometry)),
      synthetic: false,
      source,
      updated_by: actor.userId,
    }));
    for (let i = 0; i < rows.length; i += 200) {
      await trx
        .insertInto('region_boundary')
        .values(rows.slice(i, i + 200))
        .onConflict((oc) =>
          oc.columns(['kabupaten_code', 'region_code']).doUpdateSet({
            geometry: (eb) => eb.ref('excluded.geometry'),
            synthetic: false,
            source: (eb) => eb.ref('excluded.source'),
            updated_by: (eb) => eb.ref('excluded.updated_by'),
            updated_at: sql`now()`,
          }),
        )
        .execute();
    }
    const result = { saved: rows.length, skipped, merged, removedSynthetic: Number(removed.numDeletedRows), level: preview.level };
    await recordAudit(trx, actor, {
      action: 'maps.boundaries.save',
      entity: 'region_boundary',
      entityId: `${kabupatenCode}:${preview.level}`,
      regionCode: kabupatenCode,
      after: { ...result, file: preview.fileName, format: preview.format, property: preview.property, stats: preview.stats },
    });
    return result;
  });
}

export interface BoundaryFeature {
  code: string;
  name: string;
  parentCode: string | null;
  synthetic: boolean;
  geometry: Polygon | MultiPolygon;
}

/** Boundaries of a level under `within` (a region code), limited to the region codes `inScope` allows. */
export async function listBoundaries(
  db: Kysely<DB>,
  kabupatenCode: string,
  level: 3 | 4,
  within: string,
  inScope: (code: string) => boolean,
): Promise<BoundaryFeature[]> {
  const rows = await db
    .selectFrom('region_boundary as b')
    .innerJoin('region as r', 'r.code', 'b.region_code')
    .select(['b.region_code', 'r.name', 'r.parent_code', 'b.synthetic', 'b.geometry'])
    .where('b.kabupaten_code', '=', kabupatenCode)
    .where('b.level', '=', level)
    .where((eb) => eb.or([eb('b.region_code', '=', within), eb('b.region_code', 'like', `${within}.%`)]))
    .orderBy('b.region_code')
    .execute();
  return rows
    .filter((r) => inScope(r.region_code) && regionLevel(r.region_code) === level)
    .map((r) => ({
      code: r.region_code,
      name: r.name,
      parentCode: r.parent_code,
      synthetic: r.synthetic,
      geometry: (typeof r.geometry === 'string' ? JSON.parse(r.geometry) : r.geometry) as Polygon | MultiPolygon,
    }));
}
