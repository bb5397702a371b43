import { describe, expect, it } from 'vitest';
import { nipProblem } from './officials.js';

describe('NIP', () => {
  it('accepts a well-formed NIP', () => {
    expect(nipProblem('197305121998031004')).toBeNull();
    expect(nipProblem('198802292010012001')).toBeNull();
  });

  it('explains what is wrong', () => {
    expect(nipProblem('19730512199803100')?.en).toBe('NIP must be 18 digits');
    expect(nipProblem('19730512199803100A')?.en).toBe('NIP must be 18 digits');
    expect(nipProblem('197302301998031004')?.en).toMatch(/birth date/);
    expect(nipProblem('198702292010012001')?.en).toMatch(/birth date/);
    expect(nipProblem('197305121998131004')?.en).toMatch(/appointment/);
    expect(nipProblem('197305121980031004')?.en).toMatch(/appointment/);
    expect(nipProblem('197305121998033004')?.en).toMatch(/sex/);
    expect(nipProblem('197305121998031000')?.en).toMatch(/serial/);
  });
});
