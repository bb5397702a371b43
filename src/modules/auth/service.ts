import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import type { Actor } from '../access/scope.js';
import { recordAudit } from '../audit/service.js';
import { verifyPassword } from '../users/password.js';
import { loadActor } from '../users/service.js';

export interface AuthSettings {
  sessionHours: number;
  maxFailedLogins: number;
  lockMinutes: number;
}

const tokenId = (token: string) => createHash('sha256').update(token).digest('hex');

const invalidCredentials = () =>
  new AppError(401, 'INVALID_CREDENTIALS', 'Nama pengguna atau kata sandi salah', 'Wrong username or password');

// A real hash of a random password, so unknown usernames take as long as wrong passwords.
const DUMMY_HASH = 'scrypt$16384$8$1$xwoew483iTnsABKnVq0yLA==$7/708+jxsfUUIdNoYptQ8Ox0Z3sdNFkh0EJYesp1Q2g=';

export async function login(
  db: Kysely<DB>,
  settings: AuthSettings,
  input: { username: string; password: string; ip?: string | undefined; userAgent?: string | undefined },
): Promise<{ token: string; expiresAt: Date; actor: Actor }> {
  const user = await db
    .selectFrom('app_user')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['username']), '=', input.username.toLowerCase()))
    .executeTakeFirst();
  if (!user) {
    await verifyPassword(input.password, DUMMY_HASH);
    throw invalidCredentials();
  }
  if (user.locked_until && user.locked_until > new Date()) {
    throw new AppError(
      429,
      'ACCOUNT_LOCKED',
      'Terlalu banyak percobaan gagal. Akun dikunci sementara, coba lagi nanti',
      'Too many failed attempts. The account is locked for a while; try again later',
      { lockedUntil: user.locked_until },
    );
  }
  const ok = await verifyPassword(input.password, user.password_hash);
  if (!ok || !user.active) {
    const failed = user.failed_logins + 1;
    const lock = failed >= settings.maxFailedLogins ? new Date(Date.now() + settings.lockMinutes * 60_000) : null;
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('app_user')
        .set({ failed_logins: lock ? 0 : failed, locked_until: lock })
        .where('id', '=', user.id)
        .execute();
      await recordAudit(
        trx,
        { userId: null, username: input.username },
        {
          action: lock ? 'auth.locked' : 'auth.login_failed',
          entity: 'user',
          entityId: user.id,
          after: { ip: input.ip ?? null },
        },
      );
    });
    throw invalidCredentials();
  }
  const actor = await loadActor(db, user.id);
  if (!actor) throw invalidCredentials();
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + settings.sessionHours * 3_600_000);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('app_user').set({ failed_logins: 0, locked_until: null }).where('id', '=', user.id).execute();
    await trx
      .insertInto('session')
      .values({ id: tokenId(token), user_id: user.id, expires_at: expiresAt, ip: input.ip ?? null, user_agent: input.userAgent ?? null })
      .execute();
    await trx.deleteFrom('session').where('expires_at', '<', new Date()).execute();
    await recordAudit(trx, actor, { action: 'auth.login', entity: 'user', entityId: user.id, after: { ip: input.ip ?? null } });
  });
  return { token, expiresAt, actor };
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
