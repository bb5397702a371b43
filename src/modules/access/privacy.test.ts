import { describe, expect, it } from 'vitest';
import { canSeeFullNik, identifierMasker, maskNik } from './privacy.js';
import type { Actor } from './scope.js';

const actor = (grants: Actor['grants']): Actor => ({ userId: 1, username: 'u', fullName: 'U', grants });

describe('maskNik', () => {
  it('keeps the first 4 and last 2 digits of a NIK or No KK', () => {
    expect(maskNik('3513062005900005')).toBe('3513**********05');
    expect(maskNik('3513060101230004')).toBe('3513**********04');
  });

  it('masks identifiers of any length without revealing more than both ends', () => {
    expect(maskNik('1234567')).toBe('1234*67');
    expect(maskNik('123456')).toBe('******');
    expect(maskNik('')).toBe('');
    expect(maskNik(null)).toBeNull();
    expect(maskNik(undefined)).toBeNull();
  });
});

describe('canSeeFullNik', () => {
  it('follows the policy (households.identifiers.read)', () => {
    expect(canSeeFullNik(actor([{ role: 'admin_kabupaten', regionCode: '35.13' }]))).toBe(true);
    expect(canSeeFullNik(actor([{ role: 'operator_desa', regionCode: '35.13.06.2005' }]))).toBe(true);
    expect(canSeeFullNik(actor([{ role: 'dinsos', regionCode: '35.13' }]))).toBe(true);
    expect(canSeeFullNik(actor([{ role: 'pimpinan', regionCode: '35.13' }]))).toBe(false);
    expect(canSeeFullNik(actor([{ role: 'opd_pendamping', regionCode: '35.13.06' }]))).toBe(false);
    expect(canSeeFullNik(actor([]))).toBe(false);
  });

  it('decides per region when a user holds both kinds of role', () => {
    const a = actor([
      { role: 'pimpinan', regionCode: '35.13' },
      { role: 'operator_desa', regionCode: '35.13.06.2005' },
    ]);
    expect(canSeeFullNik(a, '35.13.06.2005')).toBe(true);
    expect(canSeeFullNik(a, '35.13.06.2013')).toBe(false);
  });
});

describe('identifierMasker', () => {
  const nik = '3513062005900005';
  it('shows full identifiers to a role that may see them', () => {
    const show = identifierMasker(actor([{ role: 'operator_kecamatan', regionCode: '35.13.06' }]));
    expect(show(nik, '35.13.06.2005')).toBe(nik);
    expect(show(null, '35.13.06.2005')).toBeNull();
  });

  it('masks for pimpinan and OPD pendamping', () => {
    for (const role of ['pimpinan', 'opd_pendamping'] as const) {
      const show = identifierMasker(actor([{ role, regionCode: '35.13' }]));
      expect(show(nik, '35.13.06.2005')).toBe('3513**********05');
    }
  });

  it('masks per desa for mixed roles', () => {
    const show = identifierMasker(
      actor([
        { role: 'opd_pendamping', regionCode: '35.13.06' },
        { role: 'pendamping', regionCode: '35.13.06.2005' },
      ]),
    );
    expect(show(nik, '35.13.06.2005')).toBe(nik);
    expect(show(nik, '35.13.06.2013')).toBe('3513**********05');
  });
});
