import { badRequest, conflict } from '../../http/errors.js';
import { type AttendeeRole, DECIDING_TYPES, type Decision, type DocumentKind, type MeetingStatus, type MeetingType } from './tables.js';

/**
 * The pure rules of a musyawarah desa: what a meeting needs before it can be finalised, the
 * decision suggested for a verval outcome, and what a finalised decision does to a household.
 */

export const ATTENDEE_ROLE_LABELS: Record<AttendeeRole, string> = {
  KECAMATAN: 'Kecamatan',
  BPD: 'BPD',
  KEPALA_DESA: 'Kepala desa',
  PERANGKAT_DESA: 'Perangkat desa',
  RT: 'RT',
  RW: 'RW',
  TOKOH_AGAMA: 'Tokoh agama',
  TOKOH_MASYARAKAT: 'Tokoh masyarakat',
  PENDAMPING_DESA: 'Pendamping desa',
  LAINNYA: 'Lainnya',
};

/** The same roles in English, for the API's `messageEn` (the web app's English labels). */
const ATTENDEE_ROLE_LABELS_EN: Record<AttendeeRole, string> = {
  KECAMATAN: 'District',
  BPD: 'BPD',
  KEPALA_DESA: 'Village head',
  PERANGKAT_DESA: 'Village official',
  RT: 'RT',
  RW: 'RW',
  TOKOH_AGAMA: 'Religious leader',
  TOKOH_MASYARAKAT: 'Community leader',
  PENDAMPING_DESA: 'Village facilitator',
  LAINNYA: 'Other',
};

export const DECISION_LABELS: Record<Decision, string> = {
  KEEP: 'Tetap sasaran miskin ekstrem',
  REMOVE: 'Keluar dari miskin ekstrem',
  ADD: 'Ditambahkan (usulan baru)',
  DEFER: 'Ditunda',
};

/**
 * Roles that must attend (and sign) unless the admin configures otherwise; in ATTENDEE_ROLES
 * order, the order a configured list is kept in, so the default and a saved list read alike.
 */
export const DEFAULT_REQUIRED_ROLES: readonly AttendeeRole[] = ['KEPALA_DESA', 'BPD', 'KECAMATAN', 'PENDAMPING_DESA'];

/** Verval outcomes after which a removal also ends the household (it no longer exists as such). */
export const ENDING_OUTCOMES = ['MENINGGAL', 'GANDA'] as const;
export type EndedReason = (typeof ENDING_OUTCOMES)[number];

export interface Suggestion {
  decision: Decision;
  reason: string | null;
}

/**
 * The decision a verval outcome suggests: TETAP keeps, USULAN_BARU adds, the others remove; no
 * verval defers. A household that arrived from another desa (its PINDAH already decided by the
 * origin desa's musdes) is kept: it only moved (ADR 0013).
 */
export function suggestDecision(outcome: string | null | undefined, arrived = false): Suggestion {
  if (arrived) return { decision: 'KEEP', reason: null };
  if (!outcome) return { decision: 'DEFER', reason: null };
  if (outcome === 'TETAP') return { decision: 'KEEP', reason: null };
  if (outcome === 'USULAN_BARU') return { decision: 'ADD', reason: null };
  return { decision: 'REMOVE', reason: outcome };
}

/**
 * The region levels (2 kabupaten, 3 kecamatan, 4 desa) a meeting of each type is held at: a
 * rakor also at kecamatan level (the camat's coordination) and kabupaten level (the TKPK);
 * musdes, muskel and sosialisasi in a desa or kelurahan.
 */
export function meetingLevels(type: MeetingType): ReadonlyArray<2 | 3 | 4> {
  return type === 'RAKOR' ? [2, 3, 4] : [4];
}

/** A decision must fit its meeting: only musdes/muskel decide, a removal needs a reason. */
export function checkDecision(type: MeetingType, decision: Decision, reason: string | null | undefined): void {
  if (!DECIDING_TYPES.includes(type)) {
    throw badRequest(
      'MEETING_TYPE_NO_DECISIONS',
      'Keputusan per keluarga hanya diambil dalam musdes atau muskel',
      'Only a musdes or muskel decides on households',
    );
  }
  if (decision === 'REMOVE' && !reason?.trim()) {
    throw badRequest('REASON_REQUIRED', 'Alasan wajib diisi untuk keluarga yang dikeluarkan', 'A removal needs a reason');
  }
}

export interface Problem {
  code: string;
  message: string;
  messageEn: string;
  role?: AttendeeRole;
}

export interface FinalisationInput {
  status: MeetingStatus;
  number: string | null;
  attendees: ReadonlyArray<{ role: AttendeeRole; signed: boolean }>;
  documents: ReadonlyArray<{ kind: DocumentKind }>;
  requiredRoles: readonly AttendeeRole[];
}

/** Everything still missing before a meeting may be finalised; empty when it may. */
export function finalisationProblems(m: FinalisationInput): Problem[] {
  const problems: Problem[] = [];
  if (m.status === 'FINALISED') {
    return [{ code: 'ALREADY_FINALISED', message: 'Musyawarah sudah difinalkan', messageEn: 'The meeting is already finalised' }];
  }
  if (m.status !== 'HELD') {
    problems.push({
      code: 'NOT_HELD',
      message: 'Musyawarah belum ditandai terlaksana',
      messageEn: 'The meeting has not been marked as held',
    });
  }
  if (!m.number?.trim()) {
    problems.push({ code: 'NUMBER_MISSING', message: 'Nomor berita acara belum diisi', messageEn: 'The berita acara has no number' });
  }
  if (m.attendees.length === 0) {
    problems.push({ code: 'NO_ATTENDANCE', message: 'Daftar hadir masih kosong', messageEn: 'The attendance list is empty' });
  }
  for (const role of m.requiredRoles) {
    if (!m.attendees.some((a) => a.role === role && a.signed)) {
      problems.push({
        code: 'ROLE_MISSING',
        role,
        message: `Unsur wajib belum hadir/menandatangani: ${ATTENDEE_ROLE_LABELS[role]}`,
        messageEn: `Required attendee missing or not signed: ${ATTENDEE_ROLE_LABELS_EN[role]}`,
      });
    }
  }
  if (!m.documents.some((d) => d.kind === 'PHOTO')) {
    problems.push({ code: 'NO_PHOTO', message: 'Belum ada foto kegiatan', messageEn: 'No photo of the meeting yet' });
  }
  return problems;
}

const MONTHS_ID = [
  'Januari',
  'Februari',
  'Maret',
  'April',
  'Mei',
  'Juni',
  'Juli',
  'Agustus',
  'September',
  'Oktober',
  'November',
  'Desember',
];

/** yyyy-mm-dd as "23 Februari 2026". */
const longDateId = (iso: string) => `${Number(iso.slice(8, 10))} ${MONTHS_ID[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;

/**
 * A meeting is held on its date: it cannot be marked held (nor a held meeting moved) to a date
 * after today, today being the kabupaten's date (WIB, Asia/Jakarta). Both dates are yyyy-mm-dd.
 */
export function checkHeldOn(heldOn: string, today: string): void {
  if (heldOn > today) {
    throw conflict(
      'MEETING_DATE_IN_FUTURE',
      `Musyawarah bertanggal ${longDateId(heldOn)} belum dapat ditandai terlaksana: tanggalnya belum tiba (hari ini ${longDateId(today)})`,
      `A meeting dated ${heldOn} cannot be marked held before that date (today is ${today})`,
      { heldOn, today },
    );
  }
}

/**
 * Every tabled household needs a decision before a musdes is finalised, unless the meeting
 * explicitly defers the rest (finalise with deferRest), which records DEFER for each of them.
 */
export function checkAllDecided(undecided: number, deferRest: boolean): void {
  if (undecided > 0 && !deferRest) {
    throw conflict(
      'UNDECIDED_HOUSEHOLDS',
      `${undecided} keluarga belum diputuskan. Putuskan semuanya, atau pilih "tunda sisanya" agar ${undecided} keluarga itu dicatat ditunda`,
      `${undecided} households have no decision yet. Decide them all, or choose "defer the rest" to record them as deferred`,
      { undecided },
    );
  }
}

export interface Effect {
  /** The new target status, when it changes. */
  targetStatus?: 'MISKIN' | 'MISKIN_EKSTREM';
  /** Set when the removal also ends the household. */
  ended?: EndedReason;
  /** A move within the kabupaten: the household goes to this desa, its target status unchanged (ADR 0013). */
  moveTo?: string;
}

/**
 * What a finalised decision does to a household. REMOVE takes an extreme-poor household off the
 * extreme list (MISKIN: it stays in the poor registry and keeps its aid) and ends a deceased or
 * duplicate household; ADD puts it on the extreme list; KEEP and DEFER change nothing.
 */
export function decisionEffect(
  decision: Decision,
  household: { targetStatus: string; endedReason: string | null },
  vervalOutcome: string | null,
  /** The approved verval's destination desa when it is another desa of the kabupaten. */
  moveTo: string | null = null,
): Effect {
  const effect: Effect = {};
  // A household that moved within the kabupaten leaves this desa but stays who it is: it is
  // transferred, not taken off the list (ADR 0013).
  if (decision === 'REMOVE' && vervalOutcome === 'PINDAH' && moveTo) return { moveTo };
  if (decision === 'REMOVE') {
    if (household.targetStatus === 'MISKIN_EKSTREM') effect.targetStatus = 'MISKIN';
    const ending = ENDING_OUTCOMES.find((o) => o === vervalOutcome);
    if (ending && household.endedReason === null) effect.ended = ending;
  } else if (decision === 'ADD' && household.targetStatus !== 'MISKIN_EKSTREM') {
    effect.targetStatus = 'MISKIN_EKSTREM';
  }
  return effect;
}
