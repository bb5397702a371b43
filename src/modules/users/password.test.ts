import { describe, expect, it } from 'vitest';
import { generatePassword, hashPassword, passwordProblem, verifyPassword } from './password.js';

describe('passwords', () => {
  it('verifies the right password and rejects a wrong one', async () => {
    const h = await hashPassword('rahasia-123');
    expect(h.startsWith('scrypt$')).toBe(true);
    expect(h).not.toContain('rahasia');
    expect(await verifyPassword('rahasia-123', h)).toBe(true);
    expect(await verifyPassword('rahasia-124', h)).toBe(false);
    expect(await verifyPassword('x', 'garbage')).toBe(false);
  });

  it('salts each hash', async () => {
    expect(await hashPassword('rahasia-123')).not.toBe(await hashPassword('rahasia-123'));
  });

  it('generates passwords that pass the rules', () => {
    const p = generatePassword();
    expect(p).toMatch(/^[\w]{4}-[\w]{4}-[\w]{4}-[\w]{4}$/);
    expect(generatePassword()).not.toBe(p);
  });

  it('rejects short and single-class passwords', () => {
    expect(passwordProblem('short1')).not.toBeNull();
    expect(passwordProblem('onlyletterslong')).not.toBeNull();
    expect(passwordProblem('1234567890')).not.toBeNull();
    expect(passwordProblem('letters-and-1')).toBeNull();
  });
});
