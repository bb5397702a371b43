import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** Extreme-poor households per desa at the first registry import (the P3KE baseline). */
export interface MonitoringBaselineTable {
  desa_code: string;
  kabupaten_code: string;
  kecamatan_code: string;
  import_id: number;
  households: number;
  extreme_households: number;
  captured_at: Timestamp;
}

/** Macro poverty rates (BPS) per kabupaten and year; `numeric` comes back as a string. */
export interface PovertyIndicatorTable {
  id: Generated<number>;
  kabupaten_code: string;
  year: number;
  poverty_rate: ColumnType<string, string | number, string | number>;
  extreme_poverty_rate: ColumnType<string, string | number, string | number>;
  source: string;
  updated_by: number | null;
  updated_at: Timestamp;
}

export interface MonitoringTables {
  monitoring_baseline: MonitoringBaselineTable;
  poverty_indicator: PovertyIndicatorTable;
}
