import { describe, expect, it } from 'vitest';
import { canonicalJson, entryHash, GENESIS_HASH } from './chain.js';

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
