import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { OUTCOMES } from '../verval/outcome.js';
import type { ProgressRow } from '../verval/worklist.js';

/**
 * Verval progress from the summaries kept on write (migration 0015 for verval, 0008 for
 * households): the same figures as the verval module's `progress` (households, visited = an
 * outcome recorded, approved, remaining, per outcome) without joining the registry with its
 * verval records, so the dashboard stays fast at 300k households.
 */

const COLUMN_OF_LEVEL: Record<number, string> = { 2: 'kabupaten_code', 3: 'kecamatan_code', 4: 'desa_code' };

interface Counted {
  code: string;
  status: string;
  outcome: string;
  n: number;
}

function shape(code: string, name: string, households: number, counts: Counted[]): ProgressRow {
  const outcomes = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<string, number>;
  let visited = 0;
  let approved = 0;
  for (const c of counts) {
    if (c.outcome !== '') {
      visited += c.n;
      outcomes[c.outcome] = (outcomes[c.outcome] ?? 0) + c.n;
    }
    if (c.status === 'APPROVED') approved += c.n;
  }
  // Never negative: a verval counts in the desa it was recorded in, and a household that moved
  // away since (ADR 0013) no longer counts among that desa's households.
  return { code, name, households, visited, approved, remaining: Math.max(0, households - visited), outcomes };
}

/**
 * Progress of `region` (already checked against the reader's scope) and of each child region
 * for a program period. Child rows cover every child region, zeros included.
 */
export async function summaryProgress(
  db: Kysely<DB>,
  periodId: number,
  region: { code: string; name: string; level: number },
): Promise<{ region: ProgressRow; children: ProgressRow[] }> {
  const own = COLUMN_OF_LEVEL[region.level];
  if (!own) throw new Error(`no progress for region level ${region.level}`);
  const childCol = COLUMN_OF_LEVEL[region.level + 1] ?? own;
  const child = sql.ref(childCol);
  const where = sql`${sql.ref(own)} = ${region.code}`;
  const [households, counts, regions] = await Promise.all([
    sql<{ code: string; n: number }>`
      select ${child} as code, sum(households)::int as n from monitoring.desa_summary where ${where} group by 1`.execute(db),
    sql<Counted>`
      select ${child} as code, status, outcome, sum(n)::int as n
        from monitoring.verval_summary where period_id = ${periodId} and ${where}
       group by 1, 2, 3 having sum(n) <> 0`.execute(db),
    region.level < 4
      ? db.selectFrom('region').select(['code', 'name']).where('parent_code', '=', region.code).orderBy('code').execute()
      : Promise.resolve([]),
  ]);
  const hh = new Map(households.rows.map((r) => [r.code, Number(r.n)]));
  const byChild = new Map<string, Counted[]>();
  for (const c of counts.rows) byChild.set(c.code, [...(byChild.get(c.code) ?? []), { ...c, n: Number(c.n) }]);
  const total = [...hh.values()].reduce((a, b) => a + b, 0);
  return {
    region: shape(region.code, region.name, total, [...byChild.values()].flat()),
    children: regions.map((r) => shape(r.code, r.name, hh.get(r.code) ?? 0, byChild.get(r.code) ?? [])),
  };
}

/**
 * Desa of the kabupaten whose verval for the period is complete: they have households and as
 * many APPROVED verval records as households, read from the summaries maintained on write
 * (the schedule's overdue list for verval stages uses this; a join of every household with
 * its verval records took over a second at 300,000 households).
 */
export async function summaryCompletedDesa(db: Kysely<DB>, kabupatenCode: string, periodId: number): Promise<Set<string>> {
  const r = await sql<{ desa_code: string }>`
    select h.desa_code
      from (select desa_code, sum(households) as n from monitoring.desa_summary where kabupaten_code = ${kabupatenCode} group by 1) h
      join (select desa_code, sum(n) as n from monitoring.verval_summary
             where period_id = ${periodId} and kabupaten_code = ${kabupatenCode} and status = 'APPROVED' group by 1) v
        on v.desa_code = h.desa_code
     where h.n > 0 and v.n >= h.n`.execute(db);
  return new Set(r.rows.map((x) => x.desa_code));
}
