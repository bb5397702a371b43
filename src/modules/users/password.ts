import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, len: number, opts: object) => Promise<Buffer>;

const N = 16384;
const R = 8;
const P = 1;
const KEYLEN = 32;

/** scrypt with a random salt; the parameters travel with the hash so they can be raised later. */
export async function hashPassword(password: string, cost = N): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEYLEN, { N: cost, r: R, p: P, maxmem: 64 * 1024 * 1024 });
  return `scrypt$${cost}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/**
 * The work factor for passwords this module generated itself (`generatePassword`, 16 characters
 * of 55: about 92 bits of chance). A slow hash protects guessable passwords; no work factor is
 * needed against guessing 2^92, so an initial password is hashed with a cost 16 times lower,
 * and 330 accounts are created in well under a second instead of ~20 s (ADR 0025). The user
 * must replace it at first sign-in (`must_change_password`), and that password gets the full cost.
 */
export const GENERATED_PASSWORD_COST = 1024;

/** Hash generated passwords (see GENERATED_PASSWORD_COST) for many accounts at once. */
export async function hashGeneratedPasswords(passwords: string[]): Promise<string[]> {
  return Promise.all(passwords.map((p) => hashPassword(p, GENERATED_PASSWORD_COST)));
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [alg, n, r, p, saltB64, keyB64] = stored.split('$');
  if (alg !== 'scrypt' || !n || !r || !p || !saltB64 || !keyB64) return false;
  const expected = Buffer.from(keyB64, 'base64');
  const key = await scrypt(password, Buffer.from(saltB64, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 64 * 1024 * 1024,
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A password people can read aloud: 4 groups of 4 from an alphabet without look-alikes. */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(16);
  let out = '';
  for (let i = 0; i < 16; i++) {
    if (i > 0 && i % 4 === 0) out += '-';
    out += alphabet[(bytes[i] ?? 0) % alphabet.length];
  }
  return out;
}

/** Minimum rules: 10+ characters, not all one class. Returns a reason or null. */
export function passwordProblem(password: string): { id: string; en: string } | null {
  if (password.length < 10) return { id: 'Kata sandi minimal 10 karakter', en: 'Password must be at least 10 characters' };
  if (/^\d+$/.test(password) || /^[a-z]+$/i.test(password)) {
    return { id: 'Kata sandi harus memadukan huruf dan angka/simbol', en: 'Password must mix letters with digits or symbols' };
  }
  return null;
}
