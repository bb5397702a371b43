import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, string | null | undefined, string | null>;
/** `date` columns come back as Date from both drivers; write them as yyyy-mm-dd. */
type DateCol = ColumnType<Date, string, string>;

/** What was overridden at finalisation, and why. */
export interface DecreeOverride {
  preconditions: { code: string; count: number }[];
  reason: string;
}

/** A finalised SK Bupati (immutable: a trigger refuses UPDATE/DELETE). */
export interface DecreeTable {
  id: Generated<number>;
  kabupaten_code: string;
  number: string;
  decree_date: DateCol;
  title: string;
  signatory_name: string;
  signatory_position: string;
  status: ColumnType<'FINALISED', 'FINALISED' | undefined, never>;
  previous_id: number | null;
  override: Json<DecreeOverride | null>;
  household_count: number;
  member_count: number;
  kecamatan_count: number;
  desa_count: number;
  added_count: number;
  removed_count: number;
  finalised_by: number;
  finalised_at: Timestamp;
}

/** One target household as it stood when the decree was finalised (immutable). */
export interface DecreeHouseholdTable {
  decree_id: number;
  household_id: number;
  kabupaten_code: string;
  kecamatan_code: string;
  desa_code: string;
  head_name: string;
  head_nik: string | null;
  kk_number: string | null;
  address: string | null;
  member_count: number;
  desil: number | null;
  source: string;
}

export interface DecreeTables {
  decree: DecreeTable;
  decree_household: DecreeHouseholdTable;
}
