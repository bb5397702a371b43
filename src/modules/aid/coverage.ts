import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { type Actor, assertRegionInScope, regionLevel } from '../access/scope.js';

/**
 * Aid coverage of a region per child region, for the monitoring dashboard: the definition of
 * the gap analysis (`gapAnalysis` without a year: target households = `isTarget`, "with aid" =
 * at least one aid_receipt, in the registry = `notEnded`), read from the per-desa pre-aggregate
 * monitoring.aid_summary that triggers on aid_receipt and household keep current (migration
 * 0016), so it stays fast at 300k households. test/api/aid-coverage.test.ts proves the two agree.
 */

export interface AidCoverage {
  /** Target households (MISKIN_EKSTREM, not ended). */
  target: number;
  /** Target households with at least one receipt. */
  withAid: number;
  /** Households still in the registry (not ended), any status. */
  inRegistry: number;
  /** Households still in the registry with at least one receipt. */
  aided: number;
  /** Target households with at least one receipt of the program, by program code. */
  byProgram: Record<string, number>;
}

const COLUMN_OF_LEVEL: Record<number, string> = { 2: 'kabupaten_code', 3: 'kecamatan_code', 4: 'desa_code' };

const empty = (): AidCoverage => ({ target: 0, withAid: 0, inRegistry: 0, aided: 0, byProgram: {} });

/** Coverage of `regionCode` (kabupaten, kecamatan or desa) per child region, and in total. */
export async function aidCoverage(
  db: Kysely<DB>,
  actor: Actor,
  regionCode: string,
): Promise<{ total: AidCoverage; byChild: Map<string, AidCoverage> }> {
  assertRegionInScope(actor, regionCode);
  const level = regionLevel(regionCode);
  const own = COLUMN_OF_LEVEL[level];
  if (!own) throw new Error(`no aid coverage for region level ${level}`);
  const child = sql.ref(COLUMN_OF_LEVEL[level + 1] ?? own);
  const rows = await sql<{ code: string; program: string | null; target: number; with_aid: number; in_registry: number; aided: number }>`
    select ${child} as code, p.code as program, sum(s.target)::int as target, sum(s.target_aided)::int as with_aid,
           sum(s.in_registry)::int as in_registry, sum(s.aided)::int as aided
      from monitoring.aid_summary s left join aid_program p on p.id = s.program_id
     where ${sql.ref(`s.${own}`)} = ${regionCode}
     group by 1, 2`.execute(db);
  const total = empty();
  const byChild = new Map<string, AidCoverage>();
  for (const r of rows.rows) {
    const c = byChild.get(r.code) ?? empty();
    byChild.set(r.code, c);
    for (const x of [c, total]) {
      if (r.program === null) {
        x.target += Number(r.target);
        x.withAid += Number(r.with_aid);
        x.inRegistry += Number(r.in_registry);
        x.aided += Number(r.aided);
      } else if (Number(r.with_aid) !== 0) {
        x.byProgram[r.program] = (x.byProgram[r.program] ?? 0) + Number(r.with_aid);
      }
    }
  }
  return { total, byChild };
}
