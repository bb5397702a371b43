import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** `date` columns come back as Date from both drivers; write them as yyyy-mm-dd. */
type DateCol = ColumnType<Date, string, string>;

export const MEETING_TYPES = ['MUSDES', 'MUSKEL', 'RAKOR', 'SOSIALISASI'] as const;
export type MeetingType = (typeof MEETING_TYPES)[number];
/** Meeting types whose decisions change the households' target status. */
export const DECIDING_TYPES: readonly MeetingType[] = ['MUSDES', 'MUSKEL'];

export const MEETING_STATUSES = ['SCHEDULED', 'HELD', 'FINALISED'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

/**
 * Attendee roles in the order they are listed everywhere: the web app's role list, the berita
 * acara's signature blocks, the required roles (a configured list is kept in this order).
 */
export const ATTENDEE_ROLES = [
  'KEPALA_DESA',
  'BPD',
  'KECAMATAN',
  'PENDAMPING_DESA',
  'PERANGKAT_DESA',
  'RT',
  'RW',
  'TOKOH_AGAMA',
  'TOKOH_MASYARAKAT',
  'LAINNYA',
] as const;
export type AttendeeRole = (typeof ATTENDEE_ROLES)[number];

export const DECISIONS = ['KEEP', 'REMOVE', 'ADD', 'DEFER'] as const;
export type Decision = (typeof DECISIONS)[number];

export const DOCUMENT_KINDS = ['PHOTO', 'SIGNED_BERITA_ACARA', 'SIGNED_ATTENDANCE', 'OTHER'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export interface MusdesMeetingTable {
  id: Generated<number>;
  period_id: number;
  kabupaten_code: string;
  kecamatan_code: string;
  desa_code: string;
  type: MeetingType;
  status: ColumnType<MeetingStatus, MeetingStatus | undefined, MeetingStatus>;
  number: string | null;
  held_on: DateCol;
  place: string;
  chair: string | null;
  agenda: string | null;
  version: ColumnType<number, number | undefined, number>;
  created_by: number | null;
  created_at: Timestamp;
  updated_by: number | null;
  updated_at: Timestamp;
  finalised_by: number | null;
  finalised_at: Date | null;
}

export interface MusdesAttendeeTable {
  id: Generated<number>;
  meeting_id: number;
  kabupaten_code: string;
  kecamatan_code: string;
  desa_code: string;
  name: string;
  role: AttendeeRole;
  institution: string | null;
  signed: ColumnType<boolean, boolean | undefined, boolean>;
  created_by: number | null;
  created_at: Timestamp;
}

export interface MusdesDecisionTable {
  meeting_id: number;
  household_id: number;
  kabupaten_code: string;
  kecamatan_code: string;
  desa_code: string;
  decision: Decision;
  reason: string | null;
  verval_outcome: string | null;
  verval_status: string | null;
  decided_by: number | null;
  decided_at: Timestamp;
}

export interface MusdesDocumentTable {
  id: Generated<number>;
  meeting_id: number;
  kabupaten_code: string;
  kecamatan_code: string;
  desa_code: string;
  kind: DocumentKind;
  sha256: string;
  mime: string;
  size: number;
  filename: string | null;
  uploaded_by: number | null;
  uploaded_at: Timestamp;
}

export interface MusdesTables {
  musdes_meeting: MusdesMeetingTable;
  musdes_attendee: MusdesAttendeeTable;
  musdes_decision: MusdesDecisionTable;
  musdes_document: MusdesDocumentTable;
}
