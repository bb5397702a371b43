import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export const KENDALA_CATEGORIES = ['INPUT', 'DATA', 'APLIKASI'] as const;
export type KendalaCategory = (typeof KENDALA_CATEGORIES)[number];
export const KENDALA_STATUSES = ['BARU', 'DIPROSES', 'SELESAI', 'DITOLAK'] as const;
export type KendalaStatus = (typeof KENDALA_STATUSES)[number];

/** A help-desk ticket reported from a desa. */
export interface KendalaTable {
  id: Generated<number>;
  kabupaten_code: string;
  kecamatan_code: string;
  desa_code: string;
  category: KendalaCategory;
  title: string;
  description: string;
  screenshot_sha256: string | null;
  screenshot_mime: string | null;
  status: ColumnType<KendalaStatus, KendalaStatus | undefined, KendalaStatus>;
  rejection_reason: string | null;
  reported_by: number;
  created_at: Timestamp;
  first_response_at: Date | null;
  resolved_at: Date | null;
  updated_at: Timestamp;
  version: ColumnType<number, number | undefined, number>;
}

export interface KendalaCommentTable {
  id: Generated<number>;
  kendala_id: number;
  author_id: number;
  body: string;
  created_at: Timestamp;
}

export interface KendalaTables {
  kendala: KendalaTable;
  kendala_comment: KendalaCommentTable;
}
