import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { AuditActor } from '../audit/service.js';
import example from './examples/contoh-14-kriteria-bps.json' with { type: 'json' };
import { adoptCriteria, findAdopted, saveDraft } from './service.js';

/** The BPS-style example set of docs/domain/criteria-example.json (an example, not a regulation). */
export const EXAMPLE_CRITERIA: unknown = example;

/**
 * Save the example criteria set and adopt it, when no set is adopted yet: the demo kabupaten
 * then has criteria to evaluate against (the verval form's "reason required when different from
 * the criteria's suggestion"). Returns the adopted version's id, or null when one was adopted already.
 */
export async function adoptExampleCriteria(db: Kysely<DB>, actor: AuditActor): Promise<number | null> {
  if (await findAdopted(db)) return null;
  const draft = await saveDraft(db, { definition: EXAMPLE_CRITERIA, note: 'Contoh demo (docs/domain/criteria-example.json)' }, actor);
  const adopted = await adoptCriteria(db, draft.id, actor);
  return adopted.id;
}
