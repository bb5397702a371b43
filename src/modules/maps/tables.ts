import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<unknown, string, string>;

/** One boundary per kecamatan (level 3) or desa (level 4), GeoJSON geometry in WGS84 (migration 0033). */
export interface RegionBoundaryTable {
  region_code: string;
  kabupaten_code: string;
  kecamatan_code: string;
  level: number;
  geometry: Json;
  synthetic: ColumnType<boolean, boolean | undefined, boolean>;
  source: string;
  updated_by: number | null;
  updated_at: Timestamp;
}

export interface MapTables {
  region_boundary: RegionBoundaryTable;
}
