import type { ColumnType, Generated } from 'kysely';

/**
 * The household tables, owned by the `households` module (ADR 0003): every change of a household
 * or its members goes through `changes.ts`, the one write door (lock, scope, version, history and
 * audit in one transaction). The only other writer is the registry's bulk importer
 * (`registry/import/load.ts`, `registry/import/direct.ts`), which loads whole files set-based
 * with its own provenance (`import_id`) and history; `test/architecture/household-owner.test.ts`
 * fails when any other module writes these tables.
 */

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, string | undefined, string>;
/** `date` columns come back as Date from both drivers; write them as yyyy-mm-dd. */
type DateCol = ColumnType<Date | null, string | null | undefined, string | null>;

export interface HouseholdTable {
  id: Generated<number>;
  kabupaten_code: string;
  kecamatan_code: string;
  desa_code: string;
  source: string;
  source_id: string;
  edition: string | null;
  kk_number: string | null;
  head_name: string;
  head_nik: string | null;
  head_sex: string | null;
  head_birth_date: DateCol;
  head_occupation: string | null;
  head_education: string | null;
  address: string | null;
  desil: number | null;
  target_status: ColumnType<string, string | undefined, string>;
  house_ownership: string | null;
  roof_type: string | null;
  wall_type: string | null;
  floor_type: string | null;
  lighting: string | null;
  cooking_fuel: string | null;
  drinking_water: string | null;
  toilet: string | null;
  has_savings: boolean | null;
  padan_dukcapil: boolean | null;
  aid_bpnt: ColumnType<boolean, boolean | undefined, boolean>;
  aid_bpum: ColumnType<boolean, boolean | undefined, boolean>;
  aid_bst: ColumnType<boolean, boolean | undefined, boolean>;
  aid_pkh: ColumnType<boolean, boolean | undefined, boolean>;
  aid_sembako: ColumnType<boolean, boolean | undefined, boolean>;
  stunting_risk: ColumnType<boolean, boolean | undefined, boolean>;
  indicators: Json<Record<string, unknown>>;
  member_count: ColumnType<number, number | undefined, number>;
  data_year: number | null;
  row_hash: string;
  import_id: number | null;
  version: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Set by a finalised musdes that removed a deceased or duplicate household (migration 0009). */
  ended_reason: ColumnType<string | null, string | null | undefined, string | null>;
  ended_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface MemberTable {
  id: Generated<number>;
  household_id: number;
  kabupaten_code: string;
  kecamatan_code: string;
  desa_code: string;
  source: string;
  source_id: string;
  nik: string | null;
  name: string;
  sex: string | null;
  relationship: string | null;
  birth_date: DateCol;
  marital_status: string | null;
  occupation: string | null;
  education: string | null;
  padan_dukcapil: boolean | null;
  aid_bpnt: ColumnType<boolean, boolean | undefined, boolean>;
  aid_bpum: ColumnType<boolean, boolean | undefined, boolean>;
  aid_bst: ColumnType<boolean, boolean | undefined, boolean>;
  aid_pkh: ColumnType<boolean, boolean | undefined, boolean>;
  aid_sembako: ColumnType<boolean, boolean | undefined, boolean>;
  stunting_risk: ColumnType<boolean, boolean | undefined, boolean>;
  attributes: Json<Record<string, unknown>>;
  row_hash: string;
  import_id: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface HouseholdHistoryTable {
  id: Generated<number>;
  household_id: number;
  import_id: number | null;
  changed_by: number | null;
  changed_at: Timestamp;
  changes: Json<Record<string, unknown>>;
}

export interface HouseholdTables {
  household: HouseholdTable;
  member: MemberTable;
  household_history: HouseholdHistoryTable;
}
