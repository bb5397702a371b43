import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely, Selectable } from 'kysely';
import type { Config } from '../../config.js';
import type { AuditAnchorTable, DB } from '../../db/schema.js';
import { anchorSignature, GENESIS_HASH, keyFingerprint } from './chain.js';

/**
 * Audit anchors (ADR 0012): the head of the hash chain (last entry id, its hash, the entry
 * count) recorded at server start, once a day, after a decree is finalised and on demand;
 * signed with a key that is not in the database, stored in audit_anchor AND appended to a file
 * outside the database. Deleting the last entries, or editing one and recomputing every later
 * hash, no longer matches an anchor taken before; `verifyAudit` checks them all.
 */

export const ANCHOR_REASONS = ['start', 'daily', 'decree', 'manual'] as const;
export type AnchorReason = (typeof ANCHOR_REASONS)[number];

export interface AuditAnchor {
  id: number;
  /** ISO timestamp, millisecond precision. */
  at: string;
  lastId: number;
  headHash: string;
  entries: number;
  reason: string;
  keyId: string;
  signature: string;
}

export interface AnchorKey {
  key: Buffer;
  keyId: string;
}

/** Keys shorter than this are refused: the signature is only as strong as the key. */
const MIN_KEY_BYTES = 32;

type KeyConfig = Pick<Config, 'auditKey' | 'auditKeyFile'>;

/**
 * The signing key: SASMITA_AUDIT_KEY, else the key file (32 random bytes as hex, mode 0600),
 * created on first use when `create` is set. Null when there is none and none may be created.
 */
export function loadAnchorKey(config: KeyConfig, create: boolean): AnchorKey | null {
  let key: Buffer;
  if (config.auditKey) {
    key = Buffer.from(config.auditKey, 'utf8');
    if (key.length < MIN_KEY_BYTES) throw new Error(`SASMITA_AUDIT_KEY must be at least ${MIN_KEY_BYTES} characters`);
  } else {
    let text: string | null = null;
    try {
      text = fs.readFileSync(config.auditKeyFile, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    if (text === null) {
      if (!create) return null;
      fs.mkdirSync(path.dirname(config.auditKeyFile), { recursive: true });
      try {
        fs.writeFileSync(config.auditKeyFile, `${randomBytes(MIN_KEY_BYTES).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
      } catch (err) {
        // Another process created it first: use theirs.
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      text = fs.readFileSync(config.auditKeyFile, 'utf8');
    }
    key = Buffer.from(text.trim(), 'hex');
    if (key.length < MIN_KEY_BYTES) throw new Error(`audit anchor key file ${config.auditKeyFile} is not a ${MIN_KEY_BYTES}-byte hex key`);
  }
  return { key, keyId: keyFingerprint(key) };
}

export interface AnchorDeps {
  key: AnchorKey;
  /** The append-only anchor file outside the database. */
  file: string;
}

const depsByConfig = new WeakMap<Config, AnchorDeps>();

/** The key (created on first use) and anchor file of a configuration, loaded once. */
export function anchorDeps(config: Config): AnchorDeps {
  let deps = depsByConfig.get(config);
  if (!deps) {
    const key = loadAnchorKey(config, true);
    if (!key) throw new Error('audit anchor key missing');
    deps = { key, file: config.auditAnchorFile };
    depsByConfig.set(config, deps);
  }
  return deps;
}

function toAnchor(r: Selectable<AuditAnchorTable>): AuditAnchor {
  return {
    id: Number(r.id),
    at: new Date(r.at).toISOString(),
    lastId: Number(r.last_id),
    headHash: r.head_hash,
    entries: Number(r.entries),
    reason: r.reason,
    keyId: r.key_id,
    signature: r.signature,
  };
}

export async function listAnchors(db: Kysely<DB>): Promise<AuditAnchor[]> {
  const rows = await db.selectFrom('audit_anchor').selectAll().orderBy('id').execute();
  return rows.map(toAnchor);
}

export async function latestAnchor(db: Kysely<DB>): Promise<AuditAnchor | null> {
  const r = await db.selectFrom('audit_anchor').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
  return r ? toAnchor(r) : null;
}

/**
 * The anchor that first covers the earliest audit entry of `entity`/`entityId` whose action
 * starts with `actionPrefix` (e.g. a decree's finalisation), else the latest anchor: the head
 * printed on a document is then the same every time it is printed.
 */
export async function anchorForEntry(
  db: Kysely<DB>,
  entity: string,
  entityId: string | number,
  actionPrefix: string,
): Promise<AuditAnchor | null> {
  const entry = await db
    .selectFrom('audit_log')
    .select('id')
    .where('entity', '=', entity)
    .where('entity_id', '=', String(entityId))
    .where('action', 'like', `${actionPrefix}%`)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  if (entry) {
    const r = await db
      .selectFrom('audit_anchor')
      .selectAll()
      .where('last_id', '>=', entry.id)
      .orderBy('last_id')
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    if (r) return toAnchor(r);
  }
  return latestAnchor(db);
}

/** One anchor as a JSON line of the anchor file. */
export function anchorJson(a: AuditAnchor): string {
  return JSON.stringify({
    id: a.id,
    at: a.at,
    lastId: a.lastId,
    headHash: a.headHash,
    entries: a.entries,
    reason: a.reason,
    keyId: a.keyId,
    signature: a.signature,
  });
}

function appendLine(file: string, line: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, 'a', 0o600);
  try {
    fs.writeSync(fd, `${line}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Anchors are taken one at a time in a process, so the file lists them in id order. */
let queue: Promise<unknown> = Promise.resolve();

/**
 * Record the chain's current head as a signed anchor, in the table and the anchor file. When
 * the head has not moved since the latest anchor of the same key, that anchor is returned and
 * nothing is written, unless `always` (an anchor asked for by a person).
 */
export function takeAnchor(db: Kysely<DB>, deps: AnchorDeps, reason: AnchorReason, always = false): Promise<AuditAnchor> {
  const run = queue.then(async () => {
    const head = await db.selectFrom('audit_log').select(['id', 'hash']).orderBy('id', 'desc').limit(1).executeTakeFirst();
    const lastId = head ? Number(head.id) : 0;
    const headHash = head?.hash ?? GENESIS_HASH;
    if (!always) {
      const latest = await latestAnchor(db);
      if (latest && latest.lastId === lastId && latest.headHash === headHash && latest.keyId === deps.key.keyId) return latest;
    }
    const count = await db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('id', '<=', lastId)
      .executeTakeFirstOrThrow();
    const at = new Date();
    const fields = { at, lastId, headHash, entries: Number(count.n), reason, keyId: deps.key.keyId };
    const signature = anchorSignature(deps.key.key, fields);
    const row = await db
      .insertInto('audit_anchor')
      .values({
        at,
        last_id: lastId,
        head_hash: headHash,
        entries: fields.entries,
        reason,
        key_id: fields.keyId,
        signature,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const anchor = toAnchor(row);
    appendLine(deps.file, anchorJson(anchor));
    return anchor;
  });
  queue = run.catch(() => undefined);
  return run;
}

/** The anchors of an anchor file (one JSON object per line) and the lines that are not anchors. */
export function readAnchorFile(file: string): { anchors: AuditAnchor[]; problems: string[] } {
  const anchors: AuditAnchor[] = [];
  const problems: string[] = [];
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue;
    try {
      const o = JSON.parse(line) as Record<string, unknown>;
      const num = (k: string) => (typeof o[k] === 'number' && Number.isInteger(o[k]) ? (o[k] as number) : Number.NaN);
      const str = (k: string) => (typeof o[k] === 'string' ? (o[k] as string) : '');
      const a: AuditAnchor = {
        id: num('id'),
        at: str('at'),
        lastId: num('lastId'),
        headHash: str('headHash'),
        entries: num('entries'),
        reason: str('reason'),
        keyId: str('keyId'),
        signature: str('signature'),
      };
      if ([a.id, a.lastId, a.entries].some(Number.isNaN) || Number.isNaN(Date.parse(a.at)) || !a.headHash || !a.signature) {
        throw new Error('fields missing');
      }
      anchors.push(a);
    } catch {
      problems.push(`line ${i + 1} is not an anchor`);
    }
  }
  return { anchors, problems };
}

/** The short line printed on documents people keep: "Jejak audit: #12345 · a1b2c3d4e5f60718… (7 Des 2026)". */
export function anchorLine(a: AuditAnchor | null): string {
  if (!a) return 'Jejak audit: belum ada jangkar';
  const day = new Date(a.at).toLocaleDateString('id-ID', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'Asia/Jakarta' });
  return `Jejak audit: #${a.lastId} · ${a.headHash.slice(0, 16)}… (${day})`;
}

export const ANCHOR_INTERVAL_MS = 24 * 60 * 60 * 1000;

/** Anchor now (reason 'start') and then daily; the timer never keeps the process alive. The returned stop waits for a running anchor. */
export function startAuditAnchoring(
  db: Kysely<DB>,
  deps: AnchorDeps,
  log: { error: (obj: unknown, msg: string) => void },
  intervalMs = ANCHOR_INTERVAL_MS,
): () => Promise<void> {
  let running: Promise<unknown> | null = null;
  const run = (reason: AnchorReason) => {
    if (running) return;
    running = takeAnchor(db, deps, reason)
      .catch((err) => log.error({ err }, 'audit anchor failed'))
      .finally(() => {
        running = null;
      });
  };
  run('start');
  const timer = setInterval(() => run('daily'), intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
