import { type Kysely, sql } from 'kysely';
import type { DB } from './schema.js';

/**
 * Every transaction-level advisory lock id Sasmita takes, in one place, so no two locks share
 * an id by accident and a reader sees what each one serialises. The ids are stored nowhere,
 * but migration 0016's triggers take AUDIT_CHAIN by value: never renumber it.
 */
export const ADVISORY_LOCKS = {
  /**
   * Appends to the hash-chained audit log (`recordAudit`), so the chain never forks. Every
   * audited write takes it, and the aid summary triggers (migration 0016) take it first too.
   */
  AUDIT_CHAIN: 727274001,
  /** Organisation writes whose checks span rows: period overlap, double assignment. */
  ORGANISATION: 727274004,
  /** Criteria writes, so the versions of a code are numbered without gaps or races. */
  CRITERIA: 727274006,
  /** One idempotency key of one user (second key: hashtext of `userId:key`), so a retried verval save runs once. */
  VERVAL_IDEMPOTENCY: 727274007,
  /** Registry imports: two loads never interleave their upserts or their household id ranges. */
  REGISTRY_IMPORT: 727274010,
  /** Finalising a decree: numbers stay unique and each decree diffs against the one before it. */
  DECREE: 727274011,
  /** Filling the monthly trend of a kabupaten (monitoring/trends.ts): one reader computes a closed month, the others wait and read it. */
  TREND: 727274034,
} as const;

export type AdvisoryLock = keyof typeof ADVISORY_LOCKS;

/** Takes `lock` until the transaction ends (pg_advisory_xact_lock); `sub` narrows it to one key within the lock. */
export async function lockTransaction(trx: Kysely<DB>, lock: AdvisoryLock, sub?: string): Promise<void> {
  const id = ADVISORY_LOCKS[lock];
  await (sub === undefined ? sql`select pg_advisory_xact_lock(${id})` : sql`select pg_advisory_xact_lock(${id}, hashtext(${sub}))`).execute(
    trx,
  );
}
