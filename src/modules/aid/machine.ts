import type { Role } from '../access/roles.js';
import { APPROVER_ROLES, VERIFIER_ROLES } from './common.js';
import type { ProposalStatus } from './tables.js';

/**
 * The usulan (proposal) state machine, pure: PROPOSED → VERIFIED → APPROVED → DISTRIBUTED, and
 * any of the first three → REJECTED with a reason. No step is skipped and nothing leaves
 * DISTRIBUTED or REJECTED. Operator kecamatan / Dinsos / admin verify; Dinsos / admin approve
 * and mark distributed.
 */

export const PROPOSAL_ACTIONS = ['verify', 'approve', 'distribute', 'reject'] as const;
export type ProposalAction = (typeof PROPOSAL_ACTIONS)[number];

const STEPS: Record<ProposalAction, { from: readonly ProposalStatus[]; to: ProposalStatus; roles: readonly Role[] }> = {
  verify: { from: ['PROPOSED'], to: 'VERIFIED', roles: VERIFIER_ROLES },
  approve: { from: ['VERIFIED'], to: 'APPROVED', roles: APPROVER_ROLES },
  distribute: { from: ['APPROVED'], to: 'DISTRIBUTED', roles: APPROVER_ROLES },
  reject: { from: ['PROPOSED', 'VERIFIED', 'APPROVED'], to: 'REJECTED', roles: VERIFIER_ROLES },
};

export type TransitionResult =
  | { ok: true; to: ProposalStatus }
  | { ok: false; error: 'ILLEGAL_TRANSITION' | 'REASON_REQUIRED' | 'ROLE_NOT_ALLOWED' };

/**
 * Whether `action` may move a proposal in `from`, for someone holding `roles` on its desa.
 * A rejection needs a non-empty reason; approve → reject is Dinsos/admin only.
 */
export function transition(from: ProposalStatus, action: ProposalAction, roles: readonly Role[], reason?: string | null): TransitionResult {
  const step = STEPS[action];
  if (!step.from.includes(from)) return { ok: false, error: 'ILLEGAL_TRANSITION' };
  const allowed = action === 'reject' && from === 'APPROVED' ? APPROVER_ROLES : step.roles;
  if (!roles.some((r) => allowed.includes(r))) return { ok: false, error: 'ROLE_NOT_ALLOWED' };
  if (action === 'reject' && !reason?.trim()) return { ok: false, error: 'REASON_REQUIRED' };
  return { ok: true, to: step.to };
}

/** Actions open to someone with `roles` on a proposal in `status` (for the UI buttons). */
export function availableActions(status: ProposalStatus, roles: readonly Role[]): ProposalAction[] {
  return PROPOSAL_ACTIONS.filter((a) => {
    const r = transition(status, a, roles, 'x');
    return r.ok;
  });
}
