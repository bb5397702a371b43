import zlib from 'node:zlib';
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon } from 'geojson';
import { parseDbf, parseShp } from 'shpjs';
import { feature as topoFeature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import { AppError } from '../../http/errors.js';
import { bufferSource, readDirectory, type SpreadsheetLimits, SpreadsheetRejection } from '../spreadsheets/zip-guard.js';

/**
 * Reading a boundary file as the kabupaten's GIS office or BIG hands it out: GeoJSON, TopoJSON
 * or a zipped Shapefile (.shp + .dbf, with .prj for reprojection to WGS84 and .cpg for the
 * text encoding). Only polygons are kept. A zip is checked before anything expands (entry
 * count, declared sizes, compression ratio; see spreadsheets/zip-guard.ts) and each entry is
 * inflated with a hard cap of its declared size, so a header that lies cannot expand further.
 */

export type BoundaryFormat = 'geojson' | 'topojson' | 'shapefile';

export type AreaFeature = Feature<Polygon | MultiPolygon, Record<string, unknown>>;

export interface ReadBoundaries {
  format: BoundaryFormat;
  features: AreaFeature[];
  /** Features that were not polygons (points, lines, empty geometry). */
  skipped: number;
  /** Shapefile only: the .shp read from the zip. */
  entry?: string;
}

/** Limits of a zipped Shapefile, checked on the zip's directory before it expands. */
export const ZIP_LIMITS: SpreadsheetLimits = {
  maxEntries: 100,
  maxEntryBytes: 200 * 2 ** 20,
  maxTotalBytes: 300 * 2 ** 20,
  maxRatio: 100,
  maxCellChars: 0,
  maxRows: 0,
  maxColumns: 0,
  heapMb: 0,
  inspectMs: 0,
  readMs: 0,
};

const unreadable = (why: string, whyEn: string) =>
  new AppError(
    422,
    'BOUNDARY_FILE_INVALID',
    `Berkas batas wilayah tidak bisa dibaca: ${why}`,
    `The boundary file cannot be read: ${whyEn}`,
  );

const zipRefused = (status: 413 | 422, why: string, whyEn: string) =>
  new AppError(status, 'BOUNDARY_ZIP_REFUSED', `Berkas zip ditolak: ${why}`, `The zip file is refused: ${whyEn}`);

function zipRejection(err: SpreadsheetRejection): AppError {
  const mb = (n: number) => `${Math.round(n / 2 ** 20)} MB`;
  switch (err.kind) {
    case 'ENTRIES':
      return zipRefused(422, `lebih dari ${ZIP_LIMITS.maxEntries} berkas di dalamnya`, `more than ${ZIP_LIMITS.maxEntries} entries`);
    case 'ENTRY_SIZE':
      return zipRefused(
        413,
        `satu berkas mengembang melebihi ${mb(ZIP_LIMITS.maxEntryBytes)}`,
        `an entry expands beyond ${mb(ZIP_LIMITS.maxEntryBytes)}`,
      );
    case 'TOTAL_SIZE':
      return zipRefused(
        413,
        `isinya mengembang melebihi ${mb(ZIP_LIMITS.maxTotalBytes)}`,
        `its content expands beyond ${mb(ZIP_LIMITS.maxTotalBytes)}`,
      );
    case 'RATIO':
      return zipRefused(
        413,
        `dimampatkan lebih dari ${ZIP_LIMITS.maxRatio}:1 (bom zip)`,
        `compressed more than ${ZIP_LIMITS.maxRatio}:1 (zip bomb)`,
      );
    default:
      return zipRefused(422, err.message, err.messageEn);
  }
}

/** The entries of a zip by name, inflated within their declared sizes (which passed the limits). */
function unzipBounded(buf: Buffer, wanted: (name: string) => boolean): Map<string, Buffer> {
  let entries: ReturnType<typeof readDirectory>;
  try {
    entries = readDirectory(bufferSource(buf), ZIP_LIMITS);
  } catch (err) {
    if (err instanceof SpreadsheetRejection) throw zipRejection(err);
    throw err;
  }
  const out = new Map<string, Buffer>();
  for (const e of entries) {
    if (!wanted(e.name)) continue;
    const local = buf.subarray(e.offset, e.offset + 30);
    if (local.length < 30 || local.readUInt32LE(0) !== 0x04034b50)
      throw zipRefused(422, `kepala ${e.name} rusak`, `broken header of ${e.name}`);
    const start = e.offset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    const data = buf.subarray(start, start + e.compressed);
    if (data.length < e.compressed) throw zipRefused(422, `${e.name} terpotong`, `${e.name} is truncated`);
    let bytes: Buffer;
    if (e.method === 0) bytes = Buffer.from(data);
    else if (e.size === 0) bytes = Buffer.alloc(0);
    else {
      try {
        // The cap is the declared size: an entry that expands further is a lie (a zip bomb).
        bytes = zlib.inflateRawSync(data, { maxOutputLength: e.size });
      } catch (err) {
        if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
          throw zipRefused(
            413,
            `${e.name} mengembang melebihi ukuran yang dinyatakan (bom zip)`,
            `${e.name} expands beyond its declared size (zip bomb)`,
          );
        }
        throw zipRefused(422, `${e.name} tidak bisa diekstrak`, `${e.name} cannot be inflated`);
      }
    }
    if (bytes.length !== e.size)
      throw zipRefused(422, `ukuran ${e.name} tidak sesuai`, `the size of ${e.name} differs from the declared one`);
    out.set(e.name, bytes);
  }
  return out;
}

const isArea = (g: Geometry | null | undefined): g is Polygon | MultiPolygon =>
  !!g && (g.type === 'Polygon' || g.type === 'MultiPolygon') && Array.isArray(g.coordinates) && g.coordinates.length > 0;

function keepAreas(features: Feature[]): { features: AreaFeature[]; skipped: number } {
  const kept: AreaFeature[] = [];
  for (const f of features) {
    if (isArea(f.geometry))
      kept.push({ type: 'Feature', geometry: f.geometry, properties: (f.properties ?? {}) as Record<string, unknown> });
  }
  return { features: kept, skipped: features.length - kept.length };
}

function readShapefile(buf: Buffer): ReadBoundaries {
  const lower = (n: string) => n.toLowerCase();
  const files = unzipBounded(buf, (n) => !n.startsWith('__MACOSX/') && /\.(shp|dbf|prj|cpg)$/i.test(n));
  const shpNames = [...files.keys()].filter((n) => lower(n).endsWith('.shp')).sort();
  const shpName = shpNames[0];
  if (!shpName) throw unreadable('zip tidak memuat berkas .shp', 'the zip holds no .shp file');
  const base = shpName.slice(0, -4);
  const sibling = (ext: string) => [...files.entries()].find(([n]) => lower(n) === lower(`${base}.${ext}`))?.[1];
  const dbf = sibling('dbf');
  const prj = sibling('prj')?.toString('utf8');
  const cpg = sibling('cpg')?.toString('utf8');
  let geoms: (Geometry | null)[];
  let rows: Record<string, unknown>[] = [];
  try {
    geoms = parseShp(files.get(shpName) as Buffer, prj) as (Geometry | null)[];
    if (dbf) rows = parseDbf(dbf, cpg) as Record<string, unknown>[];
  } catch (err) {
    throw unreadable(`Shapefile rusak (${(err as Error).message})`, `broken Shapefile (${(err as Error).message})`);
  }
  const all: Feature[] = geoms.map((g, i) => ({ type: 'Feature', geometry: g as Geometry, properties: rows[i] ?? {} }));
  return { format: 'shapefile', entry: shpName, ...keepAreas(all) };
}

function readJson(buf: Buffer): ReadBoundaries {
  let doc: { type?: unknown } & Record<string, unknown>;
  try {
    doc = JSON.parse(buf.toString('utf8').replace(/^\uFEFF/, ''));
  } catch {
    throw new AppError(
      415,
      'UNSUPPORTED_FILE',
      'Berkas bukan GeoJSON, TopoJSON, atau Shapefile dalam zip',
      'The file is not GeoJSON, TopoJSON or a zipped Shapefile',
    );
  }
  if (doc?.type === 'Topology' && doc.objects && typeof doc.objects === 'object') {
    const topology = doc as unknown as Topology;
    // The object with the most geometries is the boundary layer.
    const objects = Object.values(topology.objects);
    const size = (o: (typeof objects)[number]) => ('geometries' in o && Array.isArray(o.geometries) ? o.geometries.length : 1);
    const layer = objects.sort((a, b) => size(b) - size(a))[0];
    if (!layer) throw unreadable('TopoJSON tanpa objek', 'TopoJSON without objects');
    let fc: Feature | FeatureCollection;
    try {
      fc = topoFeature(topology, layer) as Feature | FeatureCollection;
    } catch (err) {
      throw unreadable(`TopoJSON rusak (${(err as Error).message})`, `broken TopoJSON (${(err as Error).message})`);
    }
    return { format: 'topojson', ...keepAreas(fc.type === 'FeatureCollection' ? fc.features : [fc]) };
  }
  if (doc?.type === 'FeatureCollection' && Array.isArray(doc.features))
    return { format: 'geojson', ...keepAreas(doc.features as Feature[]) };
  if (doc?.type === 'Feature') return { format: 'geojson', ...keepAreas([doc as unknown as Feature]) };
  throw unreadable(
    'JSON ini bukan FeatureCollection GeoJSON atau Topology TopoJSON',
    'this JSON is neither a GeoJSON FeatureCollection nor a TopoJSON Topology',
  );
}

/** Longitude/latitude in degrees: a projected file (UTM metres) without its .prj cannot be placed. */
function checkDegrees(features: AreaFeature[]): void {
  for (const f of features) {
    const rings = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    for (const poly of rings)
      for (const ring of poly)
        for (const p of ring) {
          const [x, y] = p as [number, number];
          if (!(Number.isFinite(x) && Number.isFinite(y) && Math.abs(x) <= 180 && Math.abs(y) <= 90)) {
            throw unreadable(
              'koordinat bukan bujur/lintang WGS84 (berkas terproyeksi tanpa .prj?)',
              'coordinates are not WGS84 longitude/latitude (a projected file without its .prj?)',
            );
          }
        }
  }
}

/** Read an uploaded boundary file by its content (zip magic, else JSON). */
export function readBoundaryFile(buf: Buffer): ReadBoundaries {
  const zip = buf.length >= 4 && buf.readUInt32LE(0) === 0x04034b50;
  const read = zip ? readShapefile(buf) : readJson(buf);
  if (read.features.length === 0) throw unreadable('tidak ada poligon di dalamnya', 'it holds no polygons');
  checkDegrees(read.features);
  return read;
}
