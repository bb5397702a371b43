import { describe, expect, it } from 'vitest';
import { AppError } from '../../http/errors.js';
import { type Precondition, resolveOverride } from './preconditions.js';

const unmet: Precondition[] = [
  {
    code: 'DESA_WITHOUT_MUSDES',
    count: 2,
    message: '2 desa belum memiliki musdes final',
    messageEn: '2 desa have no finalised musdes',
    items: [{ code: '35.13.06.2005', name: 'Alassapi' }],
  },
  {
    code: 'OPEN_MATCH_CANDIDATES',
    count: 5,
    message: '5 kandidat padanan belum diselesaikan',
    messageEn: '5 match candidates unresolved',
    items: [],
  },
];

describe('resolveOverride', () => {
  it('needs nothing when every precondition is met, and records no override then', () => {
    expect(resolveOverride([], undefined)).toBeNull();
    expect(resolveOverride([], { reason: 'tidak ada yang dikecualikan' })).toBeNull();
  });

  it('refuses with 409 listing the unmet preconditions when no override is given', () => {
    let error: unknown;
    try {
      resolveOverride(unmet, undefined);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    const e = error as AppError;
    expect(e.status).toBe(409);
    expect(e.code).toBe('PRECONDITIONS_UNMET');
    expect(e.messageId).toContain('2 desa belum memiliki musdes final');
    expect(e.messageEn).toContain('5 match candidates unresolved');
    expect(e.details).toEqual({ preconditions: unmet });
  });

  it('records what was overridden and why', () => {
    expect(resolveOverride(unmet, { reason: '  Batas waktu dari provinsi 1 Maret  ' })).toEqual({
      preconditions: [
        { code: 'DESA_WITHOUT_MUSDES', count: 2 },
        { code: 'OPEN_MATCH_CANDIDATES', count: 5 },
      ],
      reason: 'Batas waktu dari provinsi 1 Maret',
    });
  });
});
