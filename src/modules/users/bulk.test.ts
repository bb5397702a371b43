import { describe, expect, it } from 'vitest';
import { personalName, pickUsername, slug } from './bulk.js';

describe('bulk usernames', () => {
  it('slugs region names to readable ASCII', () => {
    expect(slug('Sumber Wringin')).toBe('sumber-wringin');
    expect(slug("  Ds. Ngadisari (Tengger)'")).toBe('ds-ngadisari-tengger');
    expect(slug('Kétapang')).toBe('ketapang');
  });

  it('takes the first free candidate, then numbers the last', () => {
    const taken = new Set(['op.sumber']);
    expect(pickUsername(['op.sumber', 'op.sumber.banyuanyar'], taken)).toBe('op.sumber.banyuanyar');
    expect(pickUsername(['op.sumber', 'op.sumber.banyuanyar'], taken)).toBe('op.sumber.banyuanyar-2');
    expect(pickUsername(['OP.Baru'], new Set(['op.baru']))).toBe('OP.Baru-2');
    expect(taken.has('op.sumber.banyuanyar-2')).toBe(true);
  });

  it('drops degrees and titles from an official name', () => {
    expect(personalName('Ir. Bambang Sutrisno, M.T.')).toBe('Bambang Sutrisno');
    expect(personalName('Hj Siti Aminah, S.T.')).toBe('Siti Aminah');
    expect(personalName('Dr.')).toBe('Dr.');
  });
});
