import { type Kysely, sql } from 'kysely';
import type { DB } from '../../src/db/schema.js';
import { GENESIS_HASH, storedEntryHash } from '../../src/modules/audit/chain.js';

/**
 * Rewrite audit rows as the owner of the tables could (a superuser, the embedded database's
 * only role): with the append-only triggers (0026) disabled, in one transaction, re-enabled
 * before it commits. What this does is what `sasmita audit verify` must catch.
 */
export async function asTableOwner<T>(db: Kysely<DB>, fn: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`alter table audit_log disable trigger audit_log_append_only`.execute(trx);
    await sql`alter table audit_anchor disable trigger audit_anchor_append_only`.execute(trx);
    const result = await fn(trx);
    await sql`alter table audit_log enable trigger audit_log_append_only`.execute(trx);
    await sql`alter table audit_anchor enable trigger audit_anchor_append_only`.execute(trx);
    return result;
  });
}

/** Recompute prev_hash and hash of every entry from `fromId` on, so that every link checks again. */
export async function recomputeChain(trx: Kysely<DB>, fromId: number): Promise<void> {
  const prev = await trx
    .selectFrom('audit_log')
    .select('hash')
    .where('id', '=', fromId - 1)
    .executeTakeFirst();
  let prevHash = prev?.hash ?? GENESIS_HASH;
  const rows = await trx.selectFrom('audit_log').selectAll().where('id', '>=', fromId).orderBy('id').execute();
  for (const r of rows) {
    const hash = storedEntryHash(prevHash, r);
    await trx.updateTable('audit_log').set({ prev_hash: prevHash, hash }).where('id', '=', r.id).execute();
    prevHash = hash;
  }
}
