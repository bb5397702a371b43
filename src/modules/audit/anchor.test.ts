import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type AuditAnchor, anchorJson, anchorLine, loadAnchorKey, readAnchorFile } from './anchor.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'sasmita-anchor-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const anchor: AuditAnchor = {
  id: 3,
  at: '2026-12-07T01:00:00.000Z',
  lastId: 12345,
  headHash: 'a1b2c3d4e5f60718'.padEnd(64, '9'),
  entries: 12345,
  reason: 'decree',
  keyId: '0123456789abcdef',
  signature: 'f'.repeat(64),
};

describe('anchor key', () => {
  it('creates a 32-byte key file readable by its owner only on first use, then reuses it', () => {
    const file = path.join(tempDir(), 'sub', 'audit-anchor.key');
    expect(loadAnchorKey({ auditKey: undefined, auditKeyFile: file }, false)).toBeNull();
    expect(fs.existsSync(file)).toBe(false);
    const first = loadAnchorKey({ auditKey: undefined, auditKeyFile: file }, true);
    expect(first?.key).toHaveLength(32);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const again = loadAnchorKey({ auditKey: undefined, auditKeyFile: file }, true);
    expect(again?.keyId).toBe(first?.keyId);
  });

  it('takes SASMITA_AUDIT_KEY instead of the file and refuses a short one or a damaged file', () => {
    const file = path.join(tempDir(), 'audit-anchor.key');
    const env = loadAnchorKey({ auditKey: 'k'.repeat(40), auditKeyFile: file }, true);
    expect(env?.key.toString()).toBe('k'.repeat(40));
    expect(fs.existsSync(file)).toBe(false);
    expect(() => loadAnchorKey({ auditKey: 'short', auditKeyFile: file }, true)).toThrow(/at least 32/);
    fs.writeFileSync(file, 'not hex\n');
    expect(() => loadAnchorKey({ auditKey: undefined, auditKeyFile: file }, true)).toThrow(/not a 32-byte hex key/);
  });
});

describe('anchor file', () => {
  it('reads back what is written and names the lines that are not anchors', () => {
    const file = path.join(tempDir(), 'audit-anchors.jsonl');
    fs.writeFileSync(file, `${anchorJson(anchor)}\n\n${anchorJson({ ...anchor, id: 4 })}\n{"id":5}\nrubbish\n`);
    const { anchors, problems } = readAnchorFile(file);
    expect(anchors).toEqual([anchor, { ...anchor, id: 4 }]);
    expect(problems).toEqual(['line 4 is not an anchor', 'line 5 is not an anchor']);
  });
});

describe('anchor line', () => {
  it('prints the last entry, the start of its hash and the day in WIB', () => {
    expect(anchorLine(anchor)).toBe('Jejak audit: #12345 · a1b2c3d4e5f60718… (7 Des 2026)');
    expect(anchorLine(null)).toBe('Jejak audit: belum ada jangkar');
  });
});
