import type { Kysely } from 'kysely';
import { lockTransaction } from '../../db/advisory-locks.js';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../access/scope.js';
import { entryHash, GENESIS_HASH, storedEntryHash } from './chain.js';

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
  await lockTransaction(trx, 'AUDIT_CHAIN');
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
  /** The first entry whose content or link does not match (for an anchor: the first one it no longer vouches for). */
  firstBadId?: number;
  reason?: string;
  /** The anchor that no longer matches the chain, or that is itself invalid. */
  anchor?: AnchorRef;
}

/** An anchor as a verifier names it: its id, where it was read from, when it was taken. */
export interface AnchorRef {
  id: number;
  source: string;
  at: string;
  lastId: number;
}

/** An anchor to check against the chain while walking it. */
export interface ChainAnchor extends AnchorRef {
  headHash: string;
  entries: number;
}

function describeAnchor(a: AnchorRef): string {
  return `anchor #${a.id} (${a.source}, ${a.at})`;
}

/**
 * Walk the whole chain in id order and report the first tampered or missing entry; with
 * anchors, also the first anchor whose head the chain no longer holds: a chain recomputed
 * after an edit (its links all check) or cut short (its last entries deleted).
 */
export async function verifyAuditChain(
  db: Kysely<DB>,
  onProgress?: (checked: number) => void,
  anchors: ChainAnchor[] = [],
): Promise<VerifyResult> {
  const ref = (a: ChainAnchor): AnchorRef => ({ id: a.id, source: a.source, at: a.at, lastId: a.lastId });
  const at = new Map<number, ChainAnchor[]>();
  for (const a of anchors) at.set(a.lastId, [...(at.get(a.lastId) ?? []), a]);
  // The last entry some anchor vouched for: a disagreement lies after it.
  let confirmed = 0;
  const checkAnchors = (id: number, hash: string, entries: number): VerifyResult | null => {
    for (const a of at.get(id) ?? []) {
      if (a.headHash !== hash || a.entries !== entries) {
        return {
          ok: false,
          checked: entries,
          firstBadId: confirmed + 1,
          reason: `${describeAnchor(a)} recorded entry ${a.lastId} with hash ${a.headHash.slice(0, 16)}… and ${a.entries} entries; the log now has ${hash.slice(0, 16)}… and ${entries}: entries ${confirmed + 1}–${a.lastId} were changed after the anchor was taken`,
          anchor: ref(a),
        };
      }
      confirmed = id;
    }
    return null;
  };
  const genesis = checkAnchors(0, GENESIS_HASH, 0);
  if (genesis) return genesis;
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
      const h = storedEntryHash(prevHash, r);
      if (h !== r.hash) return { ok: false, checked, firstBadId: r.id, reason: 'content does not match its hash' };
      prevHash = r.hash;
      expectedId++;
      checked++;
      const bad = checkAnchors(r.id, r.hash, checked);
      if (bad) return bad;
    }
    onProgress?.(checked);
  }
  const beyond = anchors.filter((a) => a.lastId > checked).sort((a, b) => a.lastId - b.lastId)[0];
  if (beyond) {
    return {
      ok: false,
      checked,
      firstBadId: checked + 1,
      reason: `${describeAnchor(beyond)} covers entries up to ${beyond.lastId} but the log ends at ${checked}: entries ${checked + 1}–${beyond.lastId} were deleted`,
      anchor: ref(beyond),
    };
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
