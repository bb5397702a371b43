/**
 * Checks shared by the keyset-cursor decoders (households, verval lists, decree rows): a cursor
 * comes from the client, so each key must be something the database accepts for its cast, or
 * the query fails with a 500 instead of the decoder's 400.
 */

/** Text a cursor key may hold: no NUL (PostgreSQL text cannot), at most `max` characters. */
export const isKeyText = (k: unknown, max = 500): k is string => typeof k === 'string' && k.length <= max && !k.includes('\0');

/** An integer that fits PostgreSQL `integer` (bigint keys: pass `bigint = true`, up to 2^53). */
export function isKeyInteger(k: unknown, bigint = false): k is number {
  if (typeof k !== 'number' || !Number.isSafeInteger(k)) return false;
  return bigint || Math.abs(k) <= 2_147_483_647;
}

const TIMESTAMP_PARTS = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?(?:([+-])(\d{2})(?::?(\d{2}))?(?::(\d{2}))?|Z)?$/;

/** A timestamp as PostgreSQL prints timestamptz (or ISO), naming a date and time that exist. */
export function isKeyTimestamp(k: unknown): k is string {
  if (typeof k !== 'string') return false;
  const m = TIMESTAMP_PARTS.exec(k);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (year < 1 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return false;
  const daysInMonth = month === 2 ? leapDays(year) : new Date(Date.UTC(2001, month, 0)).getUTCDate();
  if (day > daysInMonth) return false;
  if (m[8]) {
    const oh = Number(m[9]);
    const om = m[10] ? Number(m[10]) : 0;
    if (oh > 15 || om > 59) return false;
  }
  return true;
}

function leapDays(year: number): number {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}
