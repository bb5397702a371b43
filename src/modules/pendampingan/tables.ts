import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** `date` columns are selected as text (lib/dates.ts dateText) and written as yyyy-mm-dd. */
type DateCol = ColumnType<Date, string, string>;
type Json<T> = ColumnType<T, string, string>;

export const AID_ACTIONS = ['PROPOSED', 'ADVOCATED'] as const;
export type AidAction = (typeof AID_ACTIONS)[number];
export const DOCUMENT_KINDS = ['KTP', 'KK', 'BPJS', 'AKTA', 'LAINNYA'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
export const FOLLOWUP_STATUSES = ['OPEN', 'DONE', 'CANCELLED'] as const;
export type FollowupStatus = (typeof FOLLOWUP_STATUSES)[number];

interface Scope {
  kabupaten_code: string;
  kecamatan_code: string;
  desa_code: string;
}

/** The staff member (an official of the period) who accompanies a target household. */
export interface PendampinganCompanionTable extends Scope {
  period_id: number;
  household_id: number;
  official_id: number;
  assigned_by: number | null;
  assigned_at: Timestamp;
}

/** Kunjungan: an official's visit to a desa. */
export interface PendampinganVisitTable extends Scope {
  id: Generated<number>;
  period_id: number;
  official_id: number;
  agency_id: number;
  visit_date: DateCol;
  place: string;
  latitude: number | null;
  longitude: number | null;
  photos: Json<string[]>;
  participants: Json<string[]>;
  note: string | null;
  created_by: number | null;
  created_at: Timestamp;
}

/** Pendampingan of one household: visited, problem found, action taken. */
export interface PendampinganActivityTable extends Scope {
  id: Generated<number>;
  period_id: number;
  official_id: number;
  agency_id: number;
  household_id: number;
  visit_id: number | null;
  activity_date: DateCol;
  visited: boolean;
  problem: string | null;
  aid_action: AidAction | null;
  aid_proposal_id: number | null;
  referral_agency: string | null;
  document_kind: DocumentKind | null;
  note: string | null;
  created_by: number | null;
  created_at: Timestamp;
}

/** Tindak lanjut: a follow-up task of an accompaniment; overdue = OPEN and past its due date. */
export interface PendampinganFollowupTable extends Scope {
  id: Generated<number>;
  period_id: number;
  activity_id: number;
  household_id: number;
  owner_official_id: number;
  agency_id: number;
  title: string;
  due_date: DateCol;
  status: ColumnType<FollowupStatus, FollowupStatus | undefined, FollowupStatus>;
  closed_at: Date | null;
  closed_by: number | null;
  created_by: number | null;
  created_at: Timestamp;
  version: ColumnType<number, number | undefined, number>;
}

export interface PendampinganTables {
  pendampingan_companion: PendampinganCompanionTable;
  pendampingan_visit: PendampinganVisitTable;
  pendampingan_activity: PendampinganActivityTable;
  pendampingan_followup: PendampinganFollowupTable;
}
