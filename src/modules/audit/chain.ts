import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** JSON with object keys sorted at every depth, so jsonb round trips hash the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export const GENESIS_HASH = '0'.repeat(64);

export interface ChainFields {
  id: number;
  at: Date;
  actorId: number | null;
  actorName: string;
  action: string;
  entity: string;
  entityId: string | null;
  regionCode: string | null;
  before: unknown;
  after: unknown;
}

/** hash = sha256(prev_hash || canonical entry): changing any entry breaks every later link. */
export function entryHash(prevHash: string, e: ChainFields): string {
  const body = canonicalJson({
    id: e.id,
    at: e.at.toISOString(),
    actorId: e.actorId,
    actorName: e.actorName,
    action: e.action,
    entity: e.entity,
    entityId: e.entityId,
    regionCode: e.regionCode,
    before: e.before ?? null,
    after: e.after ?? null,
  });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

/** An audit_log row as stored (snake_case columns; `at` as the driver returns it). */
export interface StoredEntry {
  id: number;
  at: Date | string;
  actor_id: number | null;
  actor_name: string;
  action: string;
  entity: string;
  entity_id: string | null;
  region_code: string | null;
  before: unknown;
  after: unknown;
}

/** The hash a stored row should carry after `prevHash`: what verify checks and a rewrite recomputes. */
export function storedEntryHash(prevHash: string, r: StoredEntry): string {
  return entryHash(prevHash, {
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
}

/** The head of the chain at a moment, as an anchor records it (signed, kept outside the table). */
export interface AnchorFields {
  at: Date;
  /** The last entry covered; 0 when the chain was empty. */
  lastId: number;
  /** That entry's hash (GENESIS_HASH for an empty chain). */
  headHash: string;
  /** Entries in the chain up to lastId. */
  entries: number;
  reason: string;
  /** Fingerprint of the signing key (keyId), so a verifier can tell a forged anchor from one signed with another key. */
  keyId: string;
}

/** A key's public fingerprint: the first 16 hex digits of sha256(key). */
export function keyFingerprint(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/** HMAC-SHA256 over the anchor's canonical fields: only a holder of the key can make one that checks. */
export function anchorSignature(key: Buffer, a: AnchorFields): string {
  const body = canonicalJson({
    at: a.at.toISOString(),
    lastId: a.lastId,
    headHash: a.headHash,
    entries: a.entries,
    reason: a.reason,
    keyId: a.keyId,
  });
  return createHmac('sha256', key).update('sasmita-audit-anchor\n').update(body).digest('hex');
}

/** Compare two hex signatures in constant time. */
export function sameSignature(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}
