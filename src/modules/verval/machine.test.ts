import { describe, expect, it } from 'vitest';
import type { Role } from '../access/roles.js';
import { type TransitionInput, transition } from './machine.js';
import type { VervalStatus } from './tables.js';

const base: TransitionInput = {
  status: null,
  action: 'save',
  roles: ['operator_desa'],
  isSubmitter: false,
  hasOutcome: true,
  hasComment: true,
};
const run = (over: Partial<TransitionInput>) => transition({ ...base, ...over });
const next = (over: Partial<TransitionInput>) => {
  const r = run(over);
  if (!r.ok) throw new Error(`refused: ${r.code}`);
  return r.next;
};
const refused = (over: Partial<TransitionInput>) => {
  const r = run(over);
  if (r.ok) throw new Error(`allowed: → ${r.next}`);
  return { status: r.status, code: r.code };
};

const ALL: Array<VervalStatus | null> = [null, 'DRAFT', 'SUBMITTED', 'APPROVED', 'RETURNED'];

describe('verval state machine: allowed transitions', () => {
  it('save creates and keeps a draft, and keeps a returned record returned', () => {
    expect(next({ status: null, action: 'save' })).toBe('DRAFT');
    expect(next({ status: 'DRAFT', action: 'save' })).toBe('DRAFT');
    expect(next({ status: 'RETURNED', action: 'save', roles: ['pendamping'] })).toBe('RETURNED');
  });

  it('submit moves a draft or returned record to SUBMITTED', () => {
    expect(next({ status: 'DRAFT', action: 'submit' })).toBe('SUBMITTED');
    expect(next({ status: 'RETURNED', action: 'submit', roles: ['pendamping'] })).toBe('SUBMITTED');
  });

  it('a reviewer other than the submitter approves or returns with a comment', () => {
    expect(next({ status: 'SUBMITTED', action: 'approve', roles: ['operator_kecamatan'] })).toBe('APPROVED');
    expect(next({ status: 'SUBMITTED', action: 'approve', roles: ['pendamping'] })).toBe('APPROVED');
    expect(next({ status: 'SUBMITTED', action: 'return', roles: ['operator_kecamatan'] })).toBe('RETURNED');
  });
});

describe('verval state machine: refused transitions', () => {
  it('no edits once submitted or approved', () => {
    expect(refused({ status: 'SUBMITTED', action: 'save' })).toEqual({ status: 409, code: 'VERVAL_INVALID_TRANSITION' });
    expect(refused({ status: 'APPROVED', action: 'save' })).toEqual({ status: 409, code: 'VERVAL_INVALID_TRANSITION' });
  });

  it('submit only from DRAFT or RETURNED, and only with an outcome', () => {
    for (const status of [null, 'SUBMITTED', 'APPROVED'] as const) {
      expect(refused({ status, action: 'submit' }).code).toBe('VERVAL_INVALID_TRANSITION');
    }
    expect(refused({ status: 'DRAFT', action: 'submit', hasOutcome: false })).toEqual({ status: 400, code: 'VERVAL_OUTCOME_REQUIRED' });
  });

  it('approve and return only from SUBMITTED', () => {
    for (const status of [null, 'DRAFT', 'APPROVED', 'RETURNED'] as const) {
      expect(refused({ status, action: 'approve', roles: ['operator_kecamatan'] }).code).toBe('VERVAL_INVALID_TRANSITION');
      expect(refused({ status, action: 'return', roles: ['operator_kecamatan'] }).code).toBe('VERVAL_INVALID_TRANSITION');
    }
  });

  it('the submitter cannot review their own submission', () => {
    expect(refused({ status: 'SUBMITTED', action: 'approve', roles: ['pendamping'], isSubmitter: true })).toEqual({
      status: 403,
      code: 'VERVAL_OWN_SUBMISSION',
    });
    expect(refused({ status: 'SUBMITTED', action: 'return', roles: ['pendamping'], isSubmitter: true }).code).toBe('VERVAL_OWN_SUBMISSION');
  });

  it('returning needs a comment', () => {
    expect(refused({ status: 'SUBMITTED', action: 'return', roles: ['operator_kecamatan'], hasComment: false })).toEqual({
      status: 400,
      code: 'VERVAL_COMMENT_REQUIRED',
    });
  });

  it('roles: recorders record, reviewers review, nobody else does either', () => {
    const others: Role[] = ['admin_kabupaten', 'pimpinan', 'opd_pendamping', 'dinsos'];
    for (const status of ALL) {
      expect(refused({ status, action: 'save', roles: [...others, 'operator_kecamatan'] }).status).toBe(403);
      expect(refused({ status, action: 'submit', roles: [...others, 'operator_kecamatan'] }).status).toBe(403);
      expect(refused({ status, action: 'approve', roles: [...others, 'operator_desa'] }).status).toBe(403);
      expect(refused({ status, action: 'return', roles: [...others, 'operator_desa'] }).status).toBe(403);
    }
    expect(refused({ status: 'DRAFT', action: 'save', roles: [] }).status).toBe(403);
  });
});
