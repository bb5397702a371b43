import type { Schemas } from '../../lib/api/client';
import { ENUMS } from '../../lib/api/enums';

/**
 * Shapes of the musdes API answers: the server's named schemas (generated, ADR 0015). The value
 * lists are the server's named enums, in the server's order (the berita acara's for the roles).
 */

export const MEETING_TYPES = ENUMS.MusdesMeetingType;
export const STATUSES = ENUMS.MusdesMeetingStatus;
export const ROLES = ENUMS.MusdesAttendeeRole;
export const DECISIONS = ENUMS.MusdesDecision;
export const KINDS = ENUMS.MusdesDocumentKind;
export const OUTCOMES = ['TETAP', 'MAMPU', 'MENINGGAL', 'PINDAH', 'TIDAK_DITEMUKAN', 'GANDA', 'USULAN_BARU'] as const;

export type Decision = Schemas['MusdesDecision'];
export const STATUS_COLOR: Record<string, string> = { SCHEDULED: 'gray', HELD: 'blue', FINALISED: 'green' };
export const TARGET_COLOR: Record<string, string> = { MISKIN_EKSTREM: 'red', MISKIN: 'orange', TIDAK_MISKIN: 'gray' };
export const DECISION_COLOR: Record<string, string> = { KEEP: 'blue', REMOVE: 'orange', ADD: 'grape', DEFER: 'gray' };

export type Meeting = Schemas['MusdesMeeting'];
export type Attendee = Schemas['MusdesAttendee'];
export type MeetingDocument = Schemas['MusdesDocument'];
export type Problem = Schemas['MusdesProblem'];
/** A meeting as GET answers it; the answer of finalising it adds what the finalising did. */
export type MeetingDetail = Schemas['MusdesMeetingDetail'] & Partial<Pick<Schemas['MusdesFinalisedMeeting'], 'effect'>>;
export type TabledItem = Schemas['MusdesTabledList']['items'][number];
export type Progress = Schemas['MusdesProgress'];
export type ProgressCounts = Progress['totals'];
export type DesaProgress = Progress['kecamatan'][number]['desaList'][number];
/** GET …/finalise-preview: what finalising the meeting now would do. */
export type FinalisePreview = Schemas['MusdesFinalisePreview'];
