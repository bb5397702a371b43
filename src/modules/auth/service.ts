import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import type { Actor } from '../access/scope.js';
import { recordAudit } from '../audit/service.js';
import { verifyPassword } from '../users/password.js';
import { loadActor } from '../users/service.js';
import { attemptKey, claimAttempt, clearAttempts, locksNow, type ThrottleSettings } from './throttle.js';

export interface AuthSettings extends ThrottleSettings {
  sessionHours: number;
}

const tokenId = (token: string) => createHash('sha256').update(token).digest('hex');

const invalidCredentials = () =>
  new AppError(401, 'INVALID_CREDENTIALS', 'Nama pengguna atau kata sandi salah', 'Wrong username or password');

// A real hash of a random password, so unknown usernames take as long as wrong passwords.
const DUMMY_HASH = 'scrypt$16384$8$1$xwoew483iTnsABKnVq0yLA==$7/708+jxsfUUIdNoYptQ8Ox0Z3sdNFkh0EJYesp1Q2g=';

/**
 * Sign in. An unknown name goes through the same steps as a wrong password (an attempt
 * claimed, a hash verified, the same 401, the same lock after `maxFailedLogins`), so the
 * answers do not reveal which accounts exist.
 */
export async function login(
  db: Kysely<DB>,
  settings: AuthSettings,
  input: { username: string; password: string; ip?: string | undefined; userAgent?: string | undefined },
): Promise<{ token: string; expiresAt: Date; actor: Actor }> {
  const claim = await claimAttempt(db, settings, input.username);
  const user = await db
    .selectFrom('app_user')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['username']), '=', attemptKey(input.username)))
    .executeTakeFirst();
  const ok = await verifyPassword(input.password, user?.password_hash ?? DUMMY_HASH);
  if (!user || !ok || !user.active) {
    await db.transaction().execute((trx) =>
      recordAudit(
        trx,
        { userId: null, username: input.username },
        {
          action: locksNow(claim, settings) ? 'auth.locked' : 'auth.login_failed',
          entity: 'user',
          entityId: user?.id ?? null,
          after: { ip: input.ip ?? null },
        },
      ),
    );
    throw invalidCredentials();
  }
  const actor = await loadActor(db, user.id);
  if (!actor) throw invalidCredentials();
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + settings.sessionHours * 3_600_000);
  await db.transaction().execute(async (trx) => {
    await clearAttempts(trx, input.username);
    await trx
      .insertInto('session')
      .values({ id: tokenId(token), user_id: user.id, expires_at: expiresAt, ip: input.ip ?? null, user_agent: input.userAgent ?? null })
      .execute();
    await trx.deleteFrom('session').where('expires_at', '<', new Date()).execute();
    await recordAudit(trx, actor, { action: 'auth.login', entity: 'user', entityId: user.id, after: { ip: input.ip ?? null } });
  });
  return { token, expiresAt, actor };
}

/**
 * Check the signed-in user's current password before a sensitive change (a new password).
 * It counts like a login attempt: a wrong one is audited and brings the lock nearer, and
 * beyond the limit it is refused (429) without being checked.
 */
export async function confirmCurrentPassword(
  db: Kysely<DB>,
  settings: ThrottleSettings,
  actor: Actor,
  password: string,
  ip?: string,
): Promise<void> {
  const claim = await claimAttempt(db, settings, actor.username);
  const user = await db.selectFrom('app_user').select('password_hash').where('id', '=', actor.userId).executeTakeFirst();
  const ok = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
  if (!ok) {
    await db.transaction().execute((trx) =>
      recordAudit(trx, actor, {
        action: locksNow(claim, settings) ? 'auth.locked' : 'auth.password_check_failed',
        entity: 'user',
        entityId: actor.userId,
        after: { ip: ip ?? null },
      }),
    );
    throw new AppError(403, 'WRONG_CURRENT_PASSWORD', 'Kata sandi saat ini salah', 'The current password is wrong');
  }
  await clearAttempts(db, actor.username);
}

export async function resolveSession(db: Kysely<DB>, token: string): Promise<Actor | undefined> {
  const s = await db.selectFrom('session').select(['user_id', 'expires_at']).where('id', '=', tokenId(token)).executeTakeFirst();
  if (!s || s.expires_at <= new Date()) return undefined;
  return loadActor(db, s.user_id);
}

export async function logout(db: Kysely<DB>, token: string, actor: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('session').where('id', '=', tokenId(token)).execute();
    await recordAudit(trx, actor, { action: 'auth.logout', entity: 'user', entityId: actor.userId });
  });
}
