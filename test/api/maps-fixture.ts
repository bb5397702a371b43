import { zipSync } from 'fflate';
import type { Polygon } from 'geojson';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.js';
import { syntheticBoundaries } from '../../src/modules/maps/synthetic.js';

/**
 * Boundary files for the map tests, built from the kabupaten's regions: rectangles laid out as
 * the demo lays them out, with the properties of BIG's desa layer (KDEPUM the Kemendagri code,
 * WADMKD the desa name, WADMKC the kecamatan name), written as GeoJSON or as a zipped
 * Shapefile (a minimal .shp/.dbf writer: polygons, character fields).
 */

export interface Area {
  code: string;
  name: string;
  kecamatan: string;
  geometry: Polygon;
}

export async function areasOf(db: Kysely<DB>, kabupatenCode: string, level: 3 | 4, under?: string): Promise<Area[]> {
  const regions = await db
    .selectFrom('region as r')
    .leftJoin('region as p', 'p.code', 'r.parent_code')
    .select(['r.code', 'r.name', 'r.parent_code', 'r.level', 'p.name as parentName'])
    .where('r.code', 'like', `${kabupatenCode}.%`)
    .where('r.level', 'in', [3, 4])
    .execute();
  const shapes = syntheticBoundaries(regions, kabupatenCode);
  const byCode = new Map(regions.map((r) => [r.code, r]));
  return shapes
    .filter((s) => s.level === level && (!under || s.code.startsWith(`${under}.`)))
    .map((s) => {
      const r = byCode.get(s.code);
      return {
        code: s.code,
        name: r?.name ?? '',
        kecamatan: level === 4 ? (r?.parentName ?? '') : (r?.name ?? ''),
        geometry: s.geometry,
      };
    });
}

export type Props = Record<string, string>;

export function geojson(areas: Area[], props: (a: Area, i: number) => Props) {
  return {
    type: 'FeatureCollection',
    features: areas.map((a, i) => ({ type: 'Feature', properties: props(a, i), geometry: a.geometry })),
  };
}

export const bigProps = (a: Area): Props => ({ KDEPUM: a.code, WADMKD: a.name, WADMKC: a.kecamatan });

function shp(areas: Area[]): Uint8Array {
  const records = areas.map((a) => {
    // Shapefile outer rings run clockwise: GeoJSON's counter-clockwise ring reversed.
    const ring = [...(a.geometry.coordinates[0] ?? [])].reverse();
    const len = 4 + 32 + 4 + 4 + 4 + ring.length * 16;
    const b = Buffer.alloc(8 + len);
    b.writeInt32BE(0, 0);
    b.writeInt32BE(len / 2, 4);
    b.writeInt32LE(5, 8);
    const xs = ring.map((p) => p[0] ?? 0);
    const ys = ring.map((p) => p[1] ?? 0);
    [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)].forEach((v, i) => {
      b.writeDoubleLE(v, 12 + i * 8);
    });
    b.writeInt32LE(1, 44);
    b.writeInt32LE(ring.length, 48);
    b.writeInt32LE(0, 52);
    ring.forEach((p, i) => {
      b.writeDoubleLE(p[0] ?? 0, 56 + i * 16);
      b.writeDoubleLE(p[1] ?? 0, 64 + i * 16);
    });
    return b;
  });
  records.forEach((r, i) => {
    r.writeInt32BE(i + 1, 0);
  });
  const body = Buffer.concat(records);
  const head = Buffer.alloc(100);
  head.writeInt32BE(9994, 0);
  head.writeInt32BE((100 + body.length) / 2, 24);
  head.writeInt32LE(1000, 28);
  head.writeInt32LE(5, 32);
  return Buffer.concat([head, body]);
}

function dbf(rows: Props[]): Uint8Array {
  const fields = Object.keys(rows[0] ?? {}).map((name) => ({ name, length: 80 }));
  const recordLength = 1 + fields.reduce((a, f) => a + f.length, 0);
  const headerLength = 32 + fields.length * 32 + 1;
  const head = Buffer.alloc(headerLength);
  head.writeUInt8(3, 0);
  head.writeUInt8(124, 1);
  head.writeUInt8(1, 2);
  head.writeUInt8(1, 3);
  head.writeUInt32LE(rows.length, 4);
  head.writeUInt16LE(headerLength, 8);
  head.writeUInt16LE(recordLength, 10);
  fields.forEach((f, i) => {
    head.write(f.name, 32 + i * 32, 10, 'ascii');
    head.write('C', 32 + i * 32 + 11, 'ascii');
    head.writeUInt8(f.length, 32 + i * 32 + 16);
  });
  head.writeUInt8(0x0d, headerLength - 1);
  const body = Buffer.alloc(rows.length * recordLength + 1, 0x20);
  rows.forEach((r, i) => {
    let at = i * recordLength + 1;
    for (const f of fields) {
      body.write(String(r[f.name] ?? '').slice(0, f.length), at, f.length, 'latin1');
      at += f.length;
    }
  });
  body.writeUInt8(0x1a, body.length - 1);
  return Buffer.concat([head, body]);
}

const WGS84 =
  'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["Degree",0.017453292519943295]]';

export function shapefileZip(areas: Area[], props: (a: Area, i: number) => Props): Buffer {
  return Buffer.from(
    zipSync({
      'batas_desa/ADMINISTRASIDESA_AR.shp': shp(areas),
      'batas_desa/ADMINISTRASIDESA_AR.dbf': dbf(areas.map(props)),
      'batas_desa/ADMINISTRASIDESA_AR.prj': Buffer.from(WGS84),
    }),
  );
}

/** A multipart form as the web page sends it. */
export function form(file: Buffer | string, name: string, fields: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  f.append('file', new Blob([typeof file === 'string' ? Buffer.from(file) : file]), name);
  return f;
}
