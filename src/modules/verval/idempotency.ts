import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { lockTransaction } from '../../db/advisory-locks.js';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import type { Actor } from '../access/scope.js';

/**
 * Idempotency keys: a phone that lost its connection retries a write with the same
 * `Idempotency-Key`; the first result (status and body) is stored with the key, per user, in
 * the same transaction as the write, and every retry gets exactly that result back without
 * writing anything again. Reusing a key for a different request is refused.
 */

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const KEY = /^[A-Za-z0-9_.:-]{8,200}$/;

export interface WriteResult<T> {
  status: number;
  body: T;
}

export function readIdempotencyKey(headers: Record<string, string | string[] | undefined>): string | undefined {
  const raw = headers[IDEMPOTENCY_HEADER];
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (key === undefined || key === '') return undefined;
  if (!KEY.test(key)) {
    throw new AppError(
      400,
      'IDEMPOTENCY_KEY_INVALID',
      'Idempotency-Key harus 8–200 karakter huruf, angka, titik, titik dua, garis bawah atau tanda hubung',
      'Idempotency-Key must be 8–200 letters, digits, dots, colons, underscores or hyphens',
    );
  }
  return key;
}

const requestHash = (request: unknown) => createHash('sha256').update(JSON.stringify(request)).digest('hex');

/**
 * Run `write` in a transaction, once per (user, key). Without a key it simply runs. The result
 * body must be JSON (dates as ISO strings) so a replay is byte-for-byte the original.
 */
export async function idempotentWrite<T>(
  db: Kysely<DB>,
  actor: Actor,
  key: string | undefined,
  request: unknown,
  write: (trx: Kysely<DB>) => Promise<WriteResult<T>>,
): Promise<WriteResult<T>> {
  return db.transaction().execute(async (trx) => {
    if (!key) return write(trx);
    const hash = requestHash(request);
    await lockTransaction(trx, 'VERVAL_IDEMPOTENCY', `${actor.userId}:${key}`);
    const stored = await trx
      .selectFrom('idempotency_key')
      .select(['request_hash', 'status', 'response'])
      .where('user_id', '=', actor.userId)
      .where('key', '=', key)
      .executeTakeFirst();
    if (stored) {
      if (stored.request_hash !== hash) {
        throw new AppError(
          422,
          'IDEMPOTENCY_KEY_REUSED',
          'Idempotency-Key ini sudah dipakai untuk permintaan lain',
          'This Idempotency-Key was already used for a different request',
        );
      }
      return { status: stored.status, body: stored.response as T };
    }
    const result = await write(trx);
    await trx
      .insertInto('idempotency_key')
      .values({ user_id: actor.userId, key, request_hash: hash, status: result.status, response: JSON.stringify(result.body) })
      .execute();
    return result;
  });
}
