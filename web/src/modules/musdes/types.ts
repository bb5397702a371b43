/** Shapes of the musdes API answers. */

export const MEETING_TYPES = ['MUSDES', 'MUSKEL', 'RAKOR', 'SOSIALISASI'] as const;
export const STATUSES = ['SCHEDULED', 'HELD', 'FINALISED'] as const;
export const ROLES = [
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
export const DECISIONS = ['KEEP', 'REMOVE', 'ADD', 'DEFER'] as const;
export const KINDS = ['PHOTO', 'SIGNED_BERITA_ACARA', 'SIGNED_ATTENDANCE', 'OTHER'] as const;
export const OUTCOMES = ['TETAP', 'MAMPU', 'MENINGGAL', 'PINDAH', 'TIDAK_DITEMUKAN', 'GANDA', 'USULAN_BARU'] as const;

export type Decision = (typeof DECISIONS)[number];
export const STATUS_COLOR: Record<string, string> = { SCHEDULED: 'gray', HELD: 'blue', FINALISED: 'green' };
export const TARGET_COLOR: Record<string, string> = { MISKIN_EKSTREM: 'red', MISKIN: 'orange', TIDAK_MISKIN: 'gray' };
export const DECISION_COLOR: Record<string, string> = { KEEP: 'blue', REMOVE: 'orange', ADD: 'grape', DEFER: 'gray' };

export interface Meeting {
  id: number;
  periodId: number;
  periodName: string;
  type: (typeof MEETING_TYPES)[number];
  status: (typeof STATUSES)[number];
  number: string | null;
  heldOn: string;
  place: string;
  chair: string | null;
  agenda: string | null;
  version: number;
  kecamatanCode: string;
  kecamatanName: string;
  desaCode: string;
  desaName: string;
  decisionCount: number;
  finalisedAt: string | null;
  finalisedBy: string | null;
}

export interface Attendee {
  id: number;
  name: string;
  role: (typeof ROLES)[number];
  institution: string | null;
  signed: boolean;
}

export interface MeetingDocument {
  id: number;
  kind: (typeof KINDS)[number];
  mime: string;
  size: number;
  filename: string | null;
  uploadedAt: string;
  uploadedBy: string | null;
}

export interface Problem {
  code: string;
  message: string;
  messageEn: string;
  role?: string;
}

export interface MeetingDetail {
  meeting: Meeting;
  attendees: Attendee[];
  documents: MeetingDocument[];
  decisions: Record<Decision, number>;
  requiredRoles: string[];
  problems: Problem[];
  permissions: { edit: boolean; finalise: boolean };
  effect?: { removed: number; added: number; ended: number; moved: number };
}

export interface TabledItem {
  householdId: number;
  headName: string;
  kkNumber: string | null;
  address: string | null;
  desil: number | null;
  targetStatus: string;
  endedReason: string | null;
  arrivedFrom: string | null;
  verval: { status: string; outcome: string | null; reason: string | null } | null;
  suggestion: { decision: Decision; reason: string | null };
  decision: { decision: Decision; reason: string | null } | null;
}

export interface ProgressCounts {
  desa: number;
  noMeeting: number;
  notFinalised: number;
  finalised: number;
}

export interface DesaProgress {
  code: string;
  name: string;
  meetings: number;
  finalised: number;
  state: 'NO_MEETING' | 'NOT_FINALISED' | 'FINALISED';
  lastHeldOn: string | null;
}

export interface Progress {
  periodId: number | null;
  stages: Array<{ id: number; name: string; startDate: string; endDate: string; kecamatanCode: string | null }>;
  totals: ProgressCounts;
  kecamatan: Array<ProgressCounts & { code: string; name: string; desaList: DesaProgress[] }>;
}

/** GET …/finalise-preview: what finalising the meeting now would do. */
export interface FinalisePreview {
  meetingId: number;
  version: number;
  status: (typeof STATUSES)[number];
  tabled: number;
  decisions: Record<Decision, number>;
  undecided: number;
  leaving: number;
  entering: number;
  ended: number;
  moving: number;
  deferred: number;
  problems: Problem[];
}
