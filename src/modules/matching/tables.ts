import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, string | undefined, string>;
type DateCol = ColumnType<Date | null, string | null | undefined, string | null>;

export type RunKind = 'INTERNAL' | 'EXTERNAL' | 'FUZZY';
export type ListKind = 'DTKS' | 'RECIPIENTS' | 'DECEASED' | 'TARGET' | 'OTHER';
export type RunStatus = 'RUNNING' | 'DONE' | 'FAILED';
export type CandidateKind = 'HOUSEHOLD_DUPLICATE' | 'MEMBER_TWO_DESA' | 'NIK_TWO_HOUSEHOLDS' | 'FUZZY';
export type CandidateStatus = 'OPEN' | 'SAME' | 'DIFFERENT';

export interface MatchRunTable {
  id: Generated<number>;
  kabupaten_code: string;
  kind: RunKind;
  list_name: string | null;
  list_kind: ListKind | null;
  file_name: string | null;
  file_sha256: string | null;
  status: ColumnType<RunStatus, RunStatus | undefined, RunStatus>;
  counts: Json<Record<string, number>>;
  error: string | null;
  job_id: number | null;
  started_by: number | null;
  started_at: Timestamp;
  finished_at: Date | null;
}

export interface MatchListRowTable {
  run_id: number;
  row_number: number;
  nik: string | null;
  kk_number: string | null;
  name: string | null;
  birth_date: DateCol;
  region_code: string | null;
  result: string;
  differences: ColumnType<string[], string[] | undefined, string[]>;
  reason: string | null;
  member_id: number | null;
  household_id: number | null;
  registry_name: string | null;
  registry_birth_date: DateCol;
  kabupaten_code: string;
  kecamatan_code: string | null;
  desa_code: string | null;
}

export interface MatchCandidateTable {
  id: Generated<number>;
  run_id: number | null;
  kind: CandidateKind;
  pair_key: string;
  household_a: number;
  household_b: number;
  member_a: number | null;
  member_b: number | null;
  kabupaten_code: string;
  kecamatan_code: string;
  desa_code: string;
  kecamatan_code_b: string;
  desa_code_b: string;
  score: number;
  reasons: Json<string[]>;
  status: ColumnType<CandidateStatus, CandidateStatus | undefined, CandidateStatus>;
  /** GANDA: household b (or a) duplicates the kept household; MEMBER_GANDA: one member ended in one household (member-resolve.ts). */
  resolution: 'GANDA' | 'MEMBER_GANDA' | 'DISMISSED' | null;
  kept_household_id: number | null;
  duplicate_household_id: number | null;
  note: string | null;
  resolved_by: number | null;
  resolved_at: Date | null;
  created_at: Timestamp;
}

export interface MatchingTables {
  match_run: MatchRunTable;
  match_list_row: MatchListRowTable;
  match_candidate: MatchCandidateTable;
}
