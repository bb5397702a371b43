import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import type { Actor } from '../access/scope.js';
import { recordAudit } from '../audit/service.js';

/**
 * The slips of a bulk creation (ADR 0025): what one person needs to sign in the first time.
 * The initial passwords are never stored in clear: the batch is kept encrypted (AES-256-GCM)
 * with a key that is returned once to the creator inside the slip token and never stored;
 * downloading the slips deletes the batch, and an unused batch expires after SLIP_TTL_MS.
 */
export interface Slip {
  username: string;
  fullName: string;
  role: string;
  roleLabel: string;
  regionCode: string;
  regionName: string;
  password: string;
}

export const SLIP_TTL_MS = 30 * 60_000;

const slipsGone = () =>
  new AppError(
    410,
    'SLIPS_GONE',
    'Slip sudah diunduh atau kedaluwarsa; atur ulang kata sandi bila perlu slip baru',
    'The slips were already downloaded or have expired; reset the passwords to get new ones',
  );

/** Keep the slips encrypted until they are downloaded; returns the token (batch id + key). */
export async function storeSlips(db: Kysely<DB>, actor: Actor, slips: Slip[]): Promise<{ token: string; expiresAt: Date } | null> {
  if (slips.length === 0) return null;
  const id = randomBytes(16).toString('hex');
  const key = randomBytes(32);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(id));
  const body = Buffer.concat([cipher.update(JSON.stringify(slips), 'utf8'), cipher.final()]);
  const payload = Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  const expiresAt = new Date(Date.now() + SLIP_TTL_MS);
  await db.deleteFrom('user_slip_batch').where('expires_at', '<', new Date()).execute();
  await db.insertInto('user_slip_batch').values({ id, created_by: actor.userId, expires_at: expiresAt, payload }).execute();
  return { token: `${id}.${key.toString('base64url')}`, expiresAt };
}

/** The slips of a token, once: the batch is deleted as it is read. Only its creator may read it. */
export async function takeSlips(db: Kysely<DB>, actor: Actor, token: string): Promise<Slip[]> {
  const [id, keyText] = token.split('.');
  if (!id || !keyText || !/^[0-9a-f]{32}$/.test(id) || !/^[A-Za-z0-9_-]{43}$/.test(keyText)) throw slipsGone();
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .deleteFrom('user_slip_batch')
      .where('id', '=', id)
      .where('created_by', '=', actor.userId)
      .where('expires_at', '>', new Date())
      .returning('payload')
      .executeTakeFirst();
    if (!row) throw slipsGone();
    const raw = Buffer.from(row.payload, 'base64');
    let slips: Slip[];
    try {
      const decipher = createDecipheriv('aes-256-gcm', Buffer.from(keyText, 'base64url'), raw.subarray(0, 12));
      decipher.setAAD(Buffer.from(id));
      decipher.setAuthTag(raw.subarray(12, 28));
      slips = JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')) as Slip[];
    } catch {
      // A wrong key reads nothing (and the rollback keeps the batch for the right one).
      throw slipsGone();
    }
    await recordAudit(trx, actor, {
      action: 'user.slips_download',
      entity: 'user',
      entityId: null,
      after: { usernames: slips.map((s) => s.username) },
    });
    return slips;
  });
}
