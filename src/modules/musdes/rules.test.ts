import { describe, expect, it } from 'vitest';
import { AppError } from '../../http/errors.js';
import { checkDecision, DEFAULT_REQUIRED_ROLES, decisionEffect, finalisationProblems, suggestDecision } from './rules.js';
import { ATTENDEE_ROLES } from './tables.js';

const complete = {
  status: 'HELD' as const,
  number: '140/01/BA/2026',
  attendees: DEFAULT_REQUIRED_ROLES.map((role) => ({ role, signed: true })),
  documents: [{ kind: 'PHOTO' as const }],
  requiredRoles: DEFAULT_REQUIRED_ROLES,
};

describe('finalisation rules', () => {
  it('lets a held meeting with number, attendance, required signed roles and a photo be finalised', () => {
    expect(finalisationProblems(complete)).toEqual([]);
  });

  it('names everything missing from an empty scheduled meeting', () => {
    const codes = finalisationProblems({ ...complete, status: 'SCHEDULED', number: ' ', attendees: [], documents: [] }).map((p) =>
      p.role ? `${p.code}:${p.role}` : p.code,
    );
    expect(codes).toEqual([
      'NOT_HELD',
      'NUMBER_MISSING',
      'NO_ATTENDANCE',
      'ROLE_MISSING:KEPALA_DESA',
      'ROLE_MISSING:BPD',
      'ROLE_MISSING:KECAMATAN',
      'ROLE_MISSING:PENDAMPING_DESA',
      'NO_PHOTO',
    ]);
  });

  it('needs each required role present and signed; a signed scan is not a photo', () => {
    const attendees = complete.attendees.map((a) => (a.role === 'BPD' ? { ...a, signed: false } : a));
    const problems = finalisationProblems({ ...complete, attendees, documents: [{ kind: 'SIGNED_BERITA_ACARA' }] });
    expect(problems.map((p) => p.code)).toEqual(['ROLE_MISSING', 'NO_PHOTO']);
    expect(problems[0]?.message).toContain('BPD');
  });

  it('names a missing role in the language of each message', () => {
    const [problem] = finalisationProblems({ ...complete, requiredRoles: ['KEPALA_DESA'], attendees: [] }).filter((p) => p.role);
    expect(problem?.message).toBe('Unsur wajib belum hadir/menandatangani: Kepala desa');
    expect(problem?.messageEn).toBe('Required attendee missing or not signed: Village head');
  });

  it('keeps the default required roles in the order a saved list takes', () => {
    expect(DEFAULT_REQUIRED_ROLES).toEqual(ATTENDEE_ROLES.filter((r) => DEFAULT_REQUIRED_ROLES.includes(r)));
  });

  it('follows the configured required roles', () => {
    expect(finalisationProblems({ ...complete, attendees: [{ role: 'RT', signed: true }], requiredRoles: ['RT'] })).toEqual([]);
    expect(finalisationProblems({ ...complete, requiredRoles: ['TOKOH_AGAMA'] }).map((p) => p.role)).toEqual(['TOKOH_AGAMA']);
  });

  it('refuses a finalised meeting outright', () => {
    expect(finalisationProblems({ ...complete, status: 'FINALISED' }).map((p) => p.code)).toEqual(['ALREADY_FINALISED']);
  });
});

describe('suggested decisions', () => {
  it('maps verval outcomes to decisions', () => {
    expect(suggestDecision('TETAP')).toEqual({ decision: 'KEEP', reason: null });
    expect(suggestDecision('USULAN_BARU')).toEqual({ decision: 'ADD', reason: null });
    for (const o of ['MAMPU', 'MENINGGAL', 'PINDAH', 'TIDAK_DITEMUKAN', 'GANDA']) {
      expect(suggestDecision(o)).toEqual({ decision: 'REMOVE', reason: o });
    }
    expect(suggestDecision(null)).toEqual({ decision: 'DEFER', reason: null });
  });

  it('keeps a household that arrived from another desa: it only moved', () => {
    expect(suggestDecision('PINDAH', true)).toEqual({ decision: 'KEEP', reason: null });
  });

  it('requires a reason to remove and refuses decisions in a rakor', () => {
    expect(() => checkDecision('MUSDES', 'REMOVE', '  ')).toThrow(AppError);
    expect(() => checkDecision('MUSDES', 'REMOVE', 'MAMPU')).not.toThrow();
    expect(() => checkDecision('MUSKEL', 'KEEP', null)).not.toThrow();
    expect(() => checkDecision('RAKOR', 'KEEP', null)).toThrow(/musdes or muskel/);
  });
});

describe('effect of a finalised decision on the household', () => {
  const extreme = { targetStatus: 'MISKIN_EKSTREM', endedReason: null };
  it('REMOVE takes an extreme-poor household off the extreme list but keeps it poor', () => {
    expect(decisionEffect('REMOVE', extreme, 'MAMPU')).toEqual({ targetStatus: 'MISKIN' });
  });
  it('REMOVE of a deceased or duplicate household also ends it', () => {
    expect(decisionEffect('REMOVE', extreme, 'MENINGGAL')).toEqual({ targetStatus: 'MISKIN', ended: 'MENINGGAL' });
    expect(decisionEffect('REMOVE', { targetStatus: 'MISKIN', endedReason: null }, 'GANDA')).toEqual({ ended: 'GANDA' });
    expect(decisionEffect('REMOVE', { targetStatus: 'MISKIN', endedReason: 'GANDA' }, 'GANDA')).toEqual({});
  });
  it('REMOVE of a household that moved within the kabupaten transfers it, keeping its status', () => {
    expect(decisionEffect('REMOVE', extreme, 'PINDAH', '35.13.06.2013')).toEqual({ moveTo: '35.13.06.2013' });
    // Moved out of the kabupaten (no destination here): it leaves the extreme list as before.
    expect(decisionEffect('REMOVE', extreme, 'PINDAH')).toEqual({ targetStatus: 'MISKIN' });
  });
  it('REMOVE never lifts a non-poor household back into the poor registry', () => {
    expect(decisionEffect('REMOVE', { targetStatus: 'TIDAK_MISKIN', endedReason: null }, 'MAMPU')).toEqual({});
  });
  it('ADD puts the household on the extreme list; KEEP and DEFER change nothing', () => {
    expect(decisionEffect('ADD', { targetStatus: 'MISKIN', endedReason: null }, 'USULAN_BARU')).toEqual({ targetStatus: 'MISKIN_EKSTREM' });
    expect(decisionEffect('ADD', extreme, null)).toEqual({});
    expect(decisionEffect('KEEP', { targetStatus: 'MISKIN', endedReason: null }, 'TETAP')).toEqual({});
    expect(decisionEffect('DEFER', extreme, 'MAMPU')).toEqual({});
  });
});
