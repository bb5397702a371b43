import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/** What other modules read from matching: open candidates (decree preconditions, verval worklist flags). */

/** Candidate pairs of the kabupaten still waiting for a person's decision. */
export async function countOpenCandidates(db: Kysely<DB>, kabupatenCode: string): Promise<number> {
  const r = await db
    .selectFrom('match_candidate')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('kabupaten_code', '=', kabupatenCode)
    .where('status', '=', 'OPEN')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export interface HouseholdMatchFlag {
  /** Open candidate pairs this household is in ("kemungkinan ganda"). */
  openCandidates: number;
  /** Pairs resolved SAME in which this household is the duplicate (GANDA of another household). */
  resolvedSame: number;
}

/** Flags per household, for the given ids only (households without candidates are absent). */
export async function householdMatchFlags(db: Kysely<DB>, householdIds: readonly number[]): Promise<Map<number, HouseholdMatchFlag>> {
  const out = new Map<number, HouseholdMatchFlag>();
  if (householdIds.length === 0) return out;
  const ids = [...new Set(householdIds)];
  const rows = await db
    .selectFrom('match_candidate')
    .select(['household_a', 'household_b', 'status', 'duplicate_household_id'])
    .where((eb) => eb.or([eb('household_a', 'in', ids), eb('household_b', 'in', ids)]))
    .where('status', 'in', ['OPEN', 'SAME'])
    .execute();
  const wanted = new Set(ids);
  const flag = (id: number) => {
    let f = out.get(id);
    if (!f) {
      f = { openCandidates: 0, resolvedSame: 0 };
      out.set(id, f);
    }
    return f;
  };
  for (const r of rows) {
    if (r.status === 'OPEN') {
      for (const id of [r.household_a, r.household_b]) if (wanted.has(id)) flag(id).openCandidates++;
    } else if (r.duplicate_household_id !== null && wanted.has(r.duplicate_household_id)) {
      flag(r.duplicate_household_id).resolvedSame++;
    }
  }
  return out;
}

/** Households of a desa that are in at least one open candidate pair. */
export async function openCandidateHouseholds(db: Kysely<DB>, desaCode: string): Promise<number[]> {
  const rows = await db
    .selectFrom('match_candidate')
    .select('household_a as id')
    .where('desa_code', '=', desaCode)
    .where('status', '=', 'OPEN')
    .union((eb) =>
      eb.selectFrom('match_candidate').select('household_b as id').where('desa_code_b', '=', desaCode).where('status', '=', 'OPEN'),
    )
    .execute();
  return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
}
