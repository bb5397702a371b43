import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/**
 * `date` columns: the drivers turn them into Date objects in different time zones, so this
 * module always selects them as text (see `dateText`) and writes them as yyyy-mm-dd.
 */
type DateCol = ColumnType<Date, string, string>;

export const ECHELONS = ['II', 'III', 'IV', 'JF', 'STAF'] as const;
export type Echelon = (typeof ECHELONS)[number];

export const ASSIGNMENT_ROLES = ['pembina_kecamatan', 'pendamping_desa', 'staf_pendamping'] as const;
export type AssignmentRole = (typeof ASSIGNMENT_ROLES)[number];

export const STAGE_KINDS = ['sosialisasi', 'verval', 'musdes', 'penetapan', 'pendampingan'] as const;
export type StageKind = (typeof STAGE_KINDS)[number];

/** OPD: a government agency of the kabupaten. */
export interface AgencyTable {
  id: Generated<number>;
  kabupaten_code: string;
  code: string;
  name: string;
  short_name: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Pejabat: an official (or JF/staff) of an agency, optionally linked to a user account. */
export interface OfficialTable {
  id: Generated<number>;
  kabupaten_code: string;
  agency_id: number;
  name: string;
  nip: string;
  position: string;
  echelon: Echelon;
  user_id: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A program period, e.g. "Gesek Ekstrem 2024"; periods of one program never overlap. */
export interface ProgramPeriodTable {
  id: Generated<number>;
  kabupaten_code: string;
  program: string;
  name: string;
  start_date: DateCol;
  end_date: DateCol;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Kecamatan binaan: an agency takes a kecamatan for a period. */
export interface AgencyAssignmentTable {
  id: Generated<number>;
  period_id: number;
  agency_id: number;
  kabupaten_code: string;
  kecamatan_code: string;
  /** Always null: a kecamatan binaan is the whole kecamatan. Kept so scope filters apply. */
  desa_code: string | null;
  created_by: number | null;
  created_at: Timestamp;
}

/** Penugasan: an official on a desa (or, as pembina, on a kecamatan) for a period. */
export interface OfficialAssignmentTable {
  id: Generated<number>;
  period_id: number;
  official_id: number;
  role: AssignmentRole;
  kabupaten_code: string;
  kecamatan_code: string;
  /** Null for pembina_kecamatan, the desa otherwise. */
  desa_code: string | null;
  /** manual | assistant */
  source: ColumnType<string, string | undefined, string>;
  created_by: number | null;
  created_at: Timestamp;
  /** Set when the assignment ends; its access grants are revoked then. */
  ended_at: Date | null;
  ended_by: number | null;
}

/** A stage of the schedule; kecamatan_code set when it applies to one kecamatan only. */
export interface StageTable {
  id: Generated<number>;
  period_id: number;
  kind: StageKind;
  name: string;
  start_date: DateCol;
  end_date: DateCol;
  kabupaten_code: string;
  kecamatan_code: string | null;
  desa_code: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Settings of the organisation module per kabupaten (the norm of desa per official). */
export interface OrganisationSettingTable {
  kabupaten_code: string;
  max_desa_per_official: ColumnType<number, number | undefined, number>;
  updated_at: Timestamp;
}

export interface OrganisationTables {
  agency: AgencyTable;
  official: OfficialTable;
  program_period: ProgramPeriodTable;
  agency_assignment: AgencyAssignmentTable;
  official_assignment: OfficialAssignmentTable;
  stage: StageTable;
  organisation_setting: OrganisationSettingTable;
}
