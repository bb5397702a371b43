import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../access/scope.js';
import { entryHash, GENESIS_HASH } from './chain.js';

export interface AuditEvent {
  action: string;
  entity: string;
  entityId?: string | number | null;
  regionCode?: string | null;
  before?: unknown;
  after?: unknown;
}

/** Who did it: a signed-in user, or the system/CLI under a name. */
export type AuditActor = Pick<Actor, 'userId' | 'username'> | { userId: null; username: string };

/**
 * Append one entry to the hash-chained audit log. Call it with the transaction that makes
 * the change, so the change and its audit entry commit together. Appends are serialised by
 * an advisory lock so the chain never forks.
 */
export async function recordAudit(trx: Kysely<DB>, actor: AuditActor, event: AuditEvent): Promise<void> {
  await sql`select pg_advisory_xact_lock(727274001)`.execute(trx);
  const last = await trx.selectFrom('audit_log').select(['id', 'hash']).orderBy('id', 'desc').limit(1).executeTakeFirst();
  const id = (last?.id ?? 0) + 1;
  const prevHash = last?.hash ?? GENESIS_HASH;
  // Millisecond precision: what JavaScript and both databases round-trip identically.
  const at = new Date(Math.floor(Date.now()));
  const fields = {
    id,
    at,
    actorId: actor.userId,
    actorName: actor.username,
    action: event.action,
    entity: event.entity,
    entityId: event.entityId == null ? null : String(event.entityId),
    regionCode: event.regionCode ?? null,
    before: event.before ?? null,
    after: event.after ?? null,
  };
  await trx
    .insertInto('audit_log')
    .values({
      id,
      at,
      actor_id: fields.actorId,
      actor_name: fields.actorName,
      action: fields.action,
      entity: fields.entity,
      entity_id: fields.entityId,
      region_code: fields.regionCode,
      before: fields.before === null ? null : JSON.stringify(fields.before),
      after: fields.after === null ? null : JSON.stringify(fields.after),
      prev_hash: prevHash,
      hash: entryHash(prevHash, fields),
    })
    .execute();
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  /** The first entry whose content or link does not match. */
  firstBadId?: number;
  reason?: string;
}

/** Walk the whole chain in id order and report the first tampered or missing entry. */
export async function verifyAuditChain(db: Kysely<DB>, onProgress?: (checked: number) => void): Promise<VerifyResult> {
  let prevHash = GENESIS_HASH;
  let expectedId = 1;
  let checked = 0;
  const batch = 5000;
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('id', '>=', expectedId).orderBy('id').limit(batch).execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      if (r.id !== expectedId) {
        return { ok: false, checked, firstBadId: expectedId, reason: `entry ${expectedId} is missing` };
      }
      if (r.prev_hash !== prevHash) {
        return { ok: false, checked, firstBadId: r.id, reason: 'link to previous entry broken' };
      }
      const h = entryHash(prevHash, {
        id: r.id,
        at: new Date(r.at),
        actorId: r.actor_id,
        actorName: r.actor_name,
        action: r.action,
        entity: r.entity,
        entityId: r.entity_id,
        regionCode: r.region_code,
        before: r.before,
        after: r.after,
      });
      if (h !== r.hash) return { ok: false, checked, firstBadId: r.id, reason: 'content does not match its hash' };
      prevHash = r.hash;
      expectedId++;
      checked++;
    }
    onProgress?.(checked);
  }
  return { ok: true, checked };
}

export interface AuditQuery {
  entity?: string | undefined;
  entityId?: string | undefined;
  actorId?: number | undefined;
  limit: number;
  beforeId?: number | undefined;
}

export async function listAudit(db: Kysely<DB>, q: AuditQuery) {
  let query = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(q.limit);
  if (q.entity) query = query.where('entity', '=', q.entity);
  if (q.entityId) query = query.where('entity_id', '=', q.entityId);
  if (q.actorId) query = query.where('actor_id', '=', q.actorId);
  if (q.beforeId) query = query.where('id', '<', q.beforeId);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    actorId: r.actor_id,
    actorName: r.actor_name,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    regionCode: r.region_code,
    before: r.before,
    after: r.after,
  }));
}
