import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema.js';
import { type Actor, scopeWhere } from '../access/scope.js';
import { type ClassLabel, validateRuleSet } from './schema.js';
import { findAdopted, invalidCriteria, storedRuleSet } from './service.js';
import { transitionCounts } from './what-if.js';

/**
 * The live what-if of the criteria form: a set being edited (not saved) against the adopted
 * one, counted over the caller's households. Only totals; the saved draft has the full what-if.
 */
const counts = z.object({ MISKIN_EKSTREM: z.number(), MISKIN: z.number(), TIDAK_MISKIN: z.number() });
export const draftWhatIfSchema = z
  .object({
    baseline: z.object({ id: z.number(), code: z.string(), version: z.number(), title: z.string() }).nullable(),
    households: z.number(),
    changed: z.number(),
    before: counts.nullable().describe('Per class under the adopted set; null when none is adopted'),
    after: counts,
  })
  .meta({ id: 'CriteriaDraftWhatIf' });
export type DraftWhatIf = z.output<typeof draftWhatIfSchema>;

const zero = (): Record<ClassLabel, number> => ({ MISKIN_EKSTREM: 0, MISKIN: 0, TIDAK_MISKIN: 0 });

export async function draftWhatIf(db: Kysely<DB>, actor: Actor, definition: unknown): Promise<DraftWhatIf> {
  const v = validateRuleSet(definition);
  if (!v.ok) throw invalidCriteria(v.problems);
  const draft = v.ruleSet;
  const adopted = (await findAdopted(db, draft.id)) ?? (await findAdopted(db));
  const baseline = adopted ? storedRuleSet(adopted) : draft;
  const groups = await transitionCounts(db, baseline, draft, scopeWhere(actor, 'h'));
  const before = zero();
  const after = zero();
  let households = 0;
  let changed = 0;
  for (const g of groups) {
    households += g.n;
    before[g.from] += g.n;
    after[g.to] += g.n;
    if (g.from !== g.to) changed += g.n;
  }
  return {
    baseline: adopted ? { id: adopted.id, code: adopted.code, version: adopted.version, title: adopted.title } : null,
    households,
    changed,
    before: adopted ? before : null,
    after,
  };
}
