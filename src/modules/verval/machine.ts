import { rolesFor } from '../access/policy.js';
import type { Role } from '../access/roles.js';
import type { VervalStatus } from './tables.js';

/**
 * The verval approval flow, in one pure function:
 *
 *   (new) ─save→ DRAFT ─save→ DRAFT ─submit→ SUBMITTED ─approve→ APPROVED
 *                                             SUBMITTED ─return→  RETURNED ─save→ RETURNED ─submit→ SUBMITTED
 *
 * Operator desa and pendamping record and submit; pendamping or operator kecamatan approve or
 * return, never the person who submitted. Submitted and approved records cannot be edited.
 */

export type VervalAction = 'save' | 'submit' | 'approve' | 'return';

/** Roles that visit households, record and submit (access/policy.ts). */
export const RECORDER_ROLES = rolesFor('verval.record.submit');
/** Roles that approve or return a submitted record (access/policy.ts). */
export const REVIEWER_ROLES = rolesFor('verval.record.review');

export interface TransitionInput {
  /** Current status; null when no record exists yet. */
  status: VervalStatus | null;
  action: VervalAction;
  /** Roles the actor holds on a region containing the household's desa. */
  roles: readonly Role[];
  /** The actor is the one who submitted the record (reviewers must be someone else). */
  isSubmitter: boolean;
  /** Submitting needs a recorded outcome. */
  hasOutcome: boolean;
  /** Returning needs a comment for the operator. */
  hasComment: boolean;
}

export type TransitionResult =
  | { ok: true; next: VervalStatus }
  | { ok: false; status: 403 | 409 | 400; code: string; messageId: string; messageEn: string };

const refuse = (status: 403 | 409 | 400, code: string, messageId: string, messageEn: string): TransitionResult => ({
  ok: false,
  status,
  code,
  messageId,
  messageEn,
});

const STATUS_ID: Record<VervalStatus, string> = {
  DRAFT: 'draf',
  SUBMITTED: 'diajukan',
  APPROVED: 'disetujui',
  RETURNED: 'dikembalikan',
};

const wrongState = (status: VervalStatus | null, action: VervalAction) =>
  refuse(
    409,
    'VERVAL_INVALID_TRANSITION',
    status === null ? 'Verval keluarga ini belum dicatat' : `Verval berstatus ${STATUS_ID[status]} tidak dapat ${ACTION_ID[action]}`,
    status === null ? 'No verval has been recorded for this household' : `A ${status} verval cannot be ${ACTION_EN[action]}`,
  );

const ACTION_ID: Record<VervalAction, string> = { save: 'diubah', submit: 'diajukan', approve: 'disetujui', return: 'dikembalikan' };
const ACTION_EN: Record<VervalAction, string> = { save: 'edited', submit: 'submitted', approve: 'approved', return: 'returned' };

const hasAny = (roles: readonly Role[], wanted: readonly Role[]) => roles.some((r) => wanted.includes(r));

export function transition(input: TransitionInput): TransitionResult {
  const { status, action, roles } = input;
  switch (action) {
    case 'save':
    case 'submit': {
      if (!hasAny(roles, RECORDER_ROLES)) {
        return refuse(
          403,
          'FORBIDDEN',
          'Hanya operator desa atau pendamping yang mencatat verval',
          'Only a village operator or facilitator records verval',
        );
      }
      if (action === 'save') {
        if (status === null || status === 'DRAFT') return { ok: true, next: 'DRAFT' };
        if (status === 'RETURNED') return { ok: true, next: 'RETURNED' };
        return wrongState(status, action);
      }
      if (status !== 'DRAFT' && status !== 'RETURNED') return wrongState(status, action);
      if (!input.hasOutcome) {
        return refuse(
          400,
          'VERVAL_OUTCOME_REQUIRED',
          'Pilih hasil verval sebelum mengajukan',
          'Choose the verval outcome before submitting',
        );
      }
      return { ok: true, next: 'SUBMITTED' };
    }
    case 'approve':
    case 'return': {
      if (!hasAny(roles, REVIEWER_ROLES)) {
        return refuse(
          403,
          'FORBIDDEN',
          'Hanya pendamping atau operator kecamatan yang menyetujui atau mengembalikan verval',
          'Only a facilitator or district operator approves or returns verval',
        );
      }
      if (status !== 'SUBMITTED') return wrongState(status, action);
      if (input.isSubmitter) {
        return refuse(
          403,
          'VERVAL_OWN_SUBMISSION',
          'Verval yang Anda ajukan sendiri harus diperiksa orang lain',
          'A verval you submitted must be reviewed by someone else',
        );
      }
      if (action === 'return' && !input.hasComment) {
        return refuse(400, 'VERVAL_COMMENT_REQUIRED', 'Tuliskan alasan pengembalian', 'Write why the verval is returned');
      }
      return { ok: true, next: action === 'approve' ? 'APPROVED' : 'RETURNED' };
    }
  }
}
