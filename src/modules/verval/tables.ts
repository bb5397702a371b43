import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, string | undefined, string>;

export type VervalStatus = 'DRAFT' | 'SUBMITTED' | 'APPROVED' | 'RETURNED';
export type VervalOutcome = 'TETAP' | 'MAMPU' | 'MENINGGAL' | 'PINDAH' | 'TIDAK_DITEMUKAN' | 'GANDA' | 'USULAN_BARU';

export interface VervalTable {
  id: Generated<number>;
  period_id: number;
  household_id: number;
  kabupaten_code: string;
  kecamatan_code: string;
  desa_code: string;
  status: ColumnType<VervalStatus, VervalStatus | undefined, VervalStatus>;
  found: boolean | null;
  outcome: VervalOutcome | null;
  destination_desa_code: string | null;
  /** PINDAH outside the kabupaten: the place in words (migration 0038). */
  destination_place: string | null;
  duplicate_of: number | null;
  suggested_class: string | null;
  criteria_id: number | null;
  outcome_reason: string | null;
  changes: Json<Record<string, { before: unknown; after: unknown }>>;
  member_changes: Json<unknown[]>;
  photos: Json<string[]>;
  latitude: number | null;
  longitude: number | null;
  note: string | null;
  review_comment: string | null;
  submitted_by: number | null;
  submitted_at: Date | null;
  reviewed_by: number | null;
  reviewed_at: Date | null;
  version: ColumnType<number, number | undefined, number>;
  created_by: number | null;
  created_at: Timestamp;
  updated_by: number | null;
  updated_at: Timestamp;
}

export interface VervalRevisionTable {
  id: Generated<number>;
  verval_id: number;
  version: number;
  action: string;
  status: VervalStatus;
  changed_by: number | null;
  changed_at: Timestamp;
  snapshot: Json;
}

export interface IdempotencyKeyTable {
  user_id: number;
  key: string;
  request_hash: string;
  status: number;
  response: Json;
  created_at: Timestamp;
}

/** A file uploaded for a purpose (verval photos), so unattached uploads can be swept. */
export interface BlobUploadTable {
  id: Generated<number>;
  sha256: string;
  purpose: string;
  household_id: number | null;
  kabupaten_code: string;
  kecamatan_code: string;
  desa_code: string;
  uploaded_by: number | null;
  uploaded_at: Timestamp;
}

export interface VervalTables {
  verval: VervalTable;
  verval_revision: VervalRevisionTable;
  idempotency_key: IdempotencyKeyTable;
  blob_upload: BlobUploadTable;
}
