import { describe, expect, it } from 'vitest';
import { ADVISORY_LOCKS } from './advisory-locks.js';
import { LOCK } from './migrations/0016_aidmon.js';

describe('advisory lock ids', () => {
  it('gives every lock its own id', () => {
    const ids = Object.values(ADVISORY_LOCKS);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps the audit chain id that migration 0016 installed in its triggers', () => {
    // Databases already migrated hold the number inside trigger bodies: renumbering would split the lock.
    expect(ADVISORY_LOCKS.AUDIT_CHAIN).toBe(727274001);
    expect(LOCK).toBe('perform pg_advisory_xact_lock(727274001);');
  });
});
