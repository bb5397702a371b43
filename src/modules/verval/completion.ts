import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';

/**
 * Desa whose verval for a program period is complete: the desa has households and every one
 * of them has an APPROVED verval record for the period. Used by the schedule's overdue list.
 */
export async function vervalCompletedDesa(db: Kysely<DB>, kabupatenCode: string, periodId: number): Promise<Set<string>> {
  const rows = await sql<{ desa_code: string }>`
    select h.desa_code
    from household h
    left join verval v on v.household_id = h.id and v.period_id = ${periodId}
    where h.kabupaten_code = ${kabupatenCode}
    group by h.desa_code
    having bool_and(coalesce(v.status = 'APPROVED', false))`.execute(db);
  return new Set(rows.rows.map((r) => r.desa_code));
}
