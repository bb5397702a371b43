import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Config } from '../../config.js';
import type { DB } from '../../db/schema.js';
import { type AuditAnchor, latestAnchor, listAnchors, loadAnchorKey, readAnchorFile } from './anchor.js';
import { anchorSignature, sameSignature } from './chain.js';
import { type AnchorRef, type ChainAnchor, type VerifyResult, verifyAuditChain } from './service.js';

/**
 * `sasmita audit verify` and GET /audit/verify: the hash chain, checked against every anchor
 * of the audit_anchor table, of the anchor file beside the data and of any copy an operator
 * kept elsewhere. An anchor counts only with a valid signature of the current key; a file
 * anchor the table no longer holds (or holds otherwise) means the table was rewritten.
 */

export interface AnchorSourceSummary {
  source: string;
  anchors: number;
}

export interface AuditVerifyResult extends VerifyResult {
  anchors: { checked: number; sources: AnchorSourceSummary[]; latest: AuditAnchor | null };
}

export const TABLE_SOURCE = 'tabel audit_anchor';

interface Sourced {
  source: string;
  anchor: AuditAnchor;
}

const refOf = ({ source, anchor: a }: Sourced): AnchorRef => ({ id: a.id, source, at: a.at, lastId: a.lastId });

function sameAnchor(a: AuditAnchor, b: AuditAnchor): boolean {
  return (
    a.id === b.id &&
    Date.parse(a.at) === Date.parse(b.at) &&
    a.lastId === b.lastId &&
    a.headHash === b.headHash &&
    a.entries === b.entries &&
    a.reason === b.reason &&
    a.keyId === b.keyId &&
    a.signature === b.signature
  );
}

/**
 * Verify the chain and its anchors. `files` are anchor files kept outside (each must exist);
 * the configured anchor file is read too when it exists.
 */
export async function verifyAudit(
  db: Kysely<DB>,
  config: Pick<Config, 'auditKey' | 'auditKeyFile' | 'auditAnchorFile'>,
  files: string[] = [],
  onProgress?: (checked: number) => void,
): Promise<AuditVerifyResult> {
  const tableAnchors = await listAnchors(db);
  const sources: { source: string; anchors: AuditAnchor[]; problems: string[] }[] = [
    { source: TABLE_SOURCE, anchors: tableAnchors, problems: [] },
  ];
  const paths = [
    ...new Set([...(fs.existsSync(config.auditAnchorFile) ? [config.auditAnchorFile] : []), ...files.map((f) => path.resolve(f))]),
  ];
  for (const file of paths) sources.push({ source: file, ...readAnchorFile(file) });
  const summary = {
    checked: sources.reduce((n, s) => n + s.anchors.length, 0),
    sources: sources.map((s) => ({ source: s.source, anchors: s.anchors.length })),
    latest: await latestAnchor(db),
  };
  const fail = (r: VerifyResult): AuditVerifyResult => ({ ...r, anchors: summary });

  const malformed = sources.find((s) => s.problems.length > 0);
  if (malformed) return fail({ ok: false, checked: 0, reason: `anchor file ${malformed.source}: ${malformed.problems[0]}` });

  const all: Sourced[] = sources.flatMap((s) => s.anchors.map((anchor) => ({ source: s.source, anchor })));
  const key = all.length ? loadAnchorKey(config, false) : null;
  const valid: Sourced[] = [];
  let invalid: VerifyResult | null = null;
  for (const s of all) {
    const a = s.anchor;
    let problem: string | null = null;
    if (!key) problem = `cannot be checked: no audit anchor key (${config.auditKey ? 'SASMITA_AUDIT_KEY' : config.auditKeyFile})`;
    else if (a.keyId !== key.keyId) problem = `was signed with another key (${a.keyId}, current ${key.keyId})`;
    else {
      const expected = anchorSignature(key.key, { ...a, at: new Date(a.at) });
      if (!sameSignature(expected, a.signature)) problem = 'has a signature that does not match: forged or altered';
    }
    if (problem) invalid ??= { ok: false, checked: 0, reason: `anchor #${a.id} (${s.source}, ${a.at}) ${problem}`, anchor: refOf(s) };
    else valid.push(s);
  }

  const chainAnchors: ChainAnchor[] = valid.map((s) => ({ ...refOf(s), headHash: s.anchor.headHash, entries: s.anchor.entries }));
  const chain = await verifyAuditChain(db, onProgress, chainAnchors);
  if (!chain.ok) return fail(chain);
  if (invalid) return fail({ ...invalid, checked: chain.checked });

  // A signed anchor of a file that the table lost or holds otherwise: the table was rewritten.
  const byId = new Map(tableAnchors.map((a) => [a.id, a]));
  for (const s of valid) {
    if (s.source === TABLE_SOURCE) continue;
    const inTable = byId.get(s.anchor.id);
    if (!inTable || !sameAnchor(inTable, s.anchor)) {
      return fail({
        ok: false,
        checked: chain.checked,
        reason: `anchor #${s.anchor.id} (${s.source}, ${s.anchor.at}) is ${inTable ? 'different in' : 'missing from'} the audit_anchor table: the table was rewritten`,
        anchor: refOf(s),
      });
    }
  }
  return { ...chain, anchors: summary };
}
