import { describe, expect, it } from 'vitest';
import { anchorSignature, canonicalJson, entryHash, GENESIS_HASH, keyFingerprint, sameSignature } from './chain.js';

describe('audit hash chain', () => {
  it('serialises objects independently of key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}');
  });

  it('changes the hash when any field or the previous hash changes', () => {
    const e = {
      id: 1,
      at: new Date('2026-01-01T00:00:00Z'),
      actorId: 1,
      actorName: 'admin',
      action: 'user.create',
      entity: 'user',
      entityId: '2',
      regionCode: '35.13',
      before: null,
      after: { username: 'op' },
    };
    const h = entryHash(GENESIS_HASH, e);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(entryHash(GENESIS_HASH, { ...e })).toBe(h);
    expect(entryHash(GENESIS_HASH, { ...e, after: { username: 'op2' } })).not.toBe(h);
    expect(entryHash(h, e)).not.toBe(h);
  });
});

describe('anchor signature', () => {
  const key = Buffer.alloc(32, 7);
  const a = {
    at: new Date('2026-12-07T10:00:00.123Z'),
    lastId: 42,
    headHash: 'ab'.repeat(32),
    entries: 42,
    reason: 'daily',
    keyId: keyFingerprint(key),
  };

  it('is stable for the same key and fields and checks in constant time', () => {
    const sig = anchorSignature(key, a);
    expect(sig).toMatch(/^[0-9a-f]{64}$/);
    expect(anchorSignature(key, { ...a, at: new Date(a.at.toISOString()) })).toBe(sig);
    expect(sameSignature(sig, anchorSignature(key, a))).toBe(true);
    expect(sameSignature(sig, '')).toBe(false);
    expect(sameSignature(sig, sig.slice(0, 62))).toBe(false);
  });

  it('changes with every field and with the key', () => {
    const sig = anchorSignature(key, a);
    for (const changed of [
      { ...a, at: new Date('2026-12-07T10:00:00.124Z') },
      { ...a, lastId: 41 },
      { ...a, headHash: 'cd'.repeat(32) },
      { ...a, entries: 41 },
      { ...a, reason: 'manual' },
      { ...a, keyId: '0'.repeat(16) },
    ]) {
      expect(anchorSignature(key, changed)).not.toBe(sig);
    }
    expect(anchorSignature(Buffer.alloc(32, 8), a)).not.toBe(sig);
    expect(keyFingerprint(key)).toMatch(/^[0-9a-f]{16}$/);
    expect(keyFingerprint(Buffer.alloc(32, 8))).not.toBe(keyFingerprint(key));
  });
});
