import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';

/**
 * Failed-login throttling per attempted user name (table login_attempt, 0025), the same for an
 * existing account and an unknown name. An attempt is claimed before its password is checked,
 * in one atomic upsert: however many requests arrive at once, only the first `maxFailedLogins`
 * since the last success (or the end of the last lock) are evaluated; the claim of the last
 * allowed one starts the lock, and every later claim is refused without a password check.
 */

export interface ThrottleSettings {
  maxFailedLogins: number;
  lockMinutes: number;
}

/** The key of a user name: what login compares (case-insensitive, surrounding spaces ignored). */
export const attemptKey = (username: string) => username.trim().toLowerCase();

export interface Claim {
  /** The attempt's number since the last success or lock end (1 = first). */
  attempt: number;
  lockedUntil: Date | null;
}

export const accountLocked = (lockedUntil: Date | null) =>
  new AppError(
    429,
    'ACCOUNT_LOCKED',
    'Terlalu banyak percobaan gagal. Akun dikunci sementara, coba lagi nanti',
    'Too many failed attempts. The account is locked for a while; try again later',
    { lockedUntil },
  );

/**
 * Claim one attempt for `username`; throws 429 ACCOUNT_LOCKED when it is beyond the limit.
 * The returned claim says whether this attempt, if it fails, is the one that locks.
 */
export async function claimAttempt(db: Kysely<DB>, settings: ThrottleSettings, username: string): Promise<Claim> {
  const max = Math.max(1, Math.floor(settings.maxFailedLogins));
  const lockSeconds = settings.lockMinutes * 60;
  const lockEnd = sql`now() + ${lockSeconds}::float8 * interval '1 second'`;
  const { rows } = await sql<{ attempts: number; locked_until: Date | null }>`
    insert into login_attempt as a (username, attempts, locked_until, last_attempt_at)
    values (${attemptKey(username)}, 1, case when 1 >= ${max}::int then ${lockEnd} end, now())
    on conflict (username) do update set
      attempts = case when a.locked_until <= now() then 1 else a.attempts + 1 end,
      locked_until = case
        when a.locked_until <= now() then case when 1 >= ${max}::int then ${lockEnd} end
        when a.attempts + 1 = ${max}::int then ${lockEnd}
        else a.locked_until
      end,
      last_attempt_at = now()
    returning attempts, locked_until`.execute(db);
  const row = rows[0];
  if (!row) throw new Error('login_attempt upsert returned no row');
  const claim = { attempt: Number(row.attempts), lockedUntil: row.locked_until };
  if (claim.attempt > max) throw accountLocked(claim.lockedUntil);
  return claim;
}

/** A successful login or password check: the name starts afresh. Old idle rows are pruned. */
export async function clearAttempts(db: Kysely<DB>, username: string): Promise<void> {
  await sql`delete from login_attempt where username = ${attemptKey(username)}`.execute(db);
  await sql`
    delete from login_attempt
    where last_attempt_at < now() - interval '1 day' and (locked_until is null or locked_until < now())`.execute(db);
}

/** True when this failed claim is the one that locked the name. */
export const locksNow = (claim: Claim, settings: ThrottleSettings) => claim.attempt >= Math.max(1, Math.floor(settings.maxFailedLogins));
