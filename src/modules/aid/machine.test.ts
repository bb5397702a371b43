import { describe, expect, it } from 'vitest';
import { availableActions, transition } from './machine.js';

describe('usulan state machine', () => {
  it('walks PROPOSED → VERIFIED → APPROVED → DISTRIBUTED with the right roles', () => {
    expect(transition('PROPOSED', 'verify', ['operator_kecamatan'])).toEqual({ ok: true, to: 'VERIFIED' });
    expect(transition('VERIFIED', 'approve', ['dinsos'])).toEqual({ ok: true, to: 'APPROVED' });
    expect(transition('APPROVED', 'distribute', ['admin_kabupaten'])).toEqual({ ok: true, to: 'DISTRIBUTED' });
  });

  it('never skips a step and never leaves a final state', () => {
    expect(transition('PROPOSED', 'approve', ['dinsos'])).toEqual({ ok: false, error: 'ILLEGAL_TRANSITION' });
    expect(transition('PROPOSED', 'distribute', ['dinsos'])).toEqual({ ok: false, error: 'ILLEGAL_TRANSITION' });
    expect(transition('VERIFIED', 'distribute', ['dinsos'])).toEqual({ ok: false, error: 'ILLEGAL_TRANSITION' });
    expect(transition('VERIFIED', 'verify', ['dinsos'])).toEqual({ ok: false, error: 'ILLEGAL_TRANSITION' });
    for (const action of ['verify', 'approve', 'distribute', 'reject'] as const) {
      expect(transition('DISTRIBUTED', action, ['admin_kabupaten'], 'alasan').ok).toBe(false);
      expect(transition('REJECTED', action, ['admin_kabupaten'], 'alasan').ok).toBe(false);
    }
  });

  it('rejects from the first three states only with a reason', () => {
    expect(transition('PROPOSED', 'reject', ['operator_kecamatan'], '  ')).toEqual({ ok: false, error: 'REASON_REQUIRED' });
    expect(transition('PROPOSED', 'reject', ['operator_kecamatan'], 'Sudah mampu')).toEqual({ ok: true, to: 'REJECTED' });
    expect(transition('VERIFIED', 'reject', ['dinsos'], 'Ganda')).toEqual({ ok: true, to: 'REJECTED' });
    expect(transition('APPROVED', 'reject', ['dinsos'], 'Kuota habis')).toEqual({ ok: true, to: 'REJECTED' });
    expect(transition('APPROVED', 'reject', ['operator_kecamatan'], 'Kuota habis')).toEqual({ ok: false, error: 'ROLE_NOT_ALLOWED' });
  });

  it('keeps verification and approval to their roles', () => {
    expect(transition('PROPOSED', 'verify', ['operator_desa'])).toEqual({ ok: false, error: 'ROLE_NOT_ALLOWED' });
    expect(transition('VERIFIED', 'approve', ['operator_kecamatan'])).toEqual({ ok: false, error: 'ROLE_NOT_ALLOWED' });
    expect(transition('APPROVED', 'distribute', ['pendamping'])).toEqual({ ok: false, error: 'ROLE_NOT_ALLOWED' });
    expect(availableActions('PROPOSED', ['operator_desa'])).toEqual([]);
    expect(availableActions('PROPOSED', ['operator_kecamatan'])).toEqual(['verify', 'reject']);
    expect(availableActions('APPROVED', ['dinsos'])).toEqual(['distribute', 'reject']);
  });
});
