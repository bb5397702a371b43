import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { decreedDesa } from '../decree/service.js';

import { musdesCompletedDesa, musdesLastFinalised } from '../musdes/queries.js';
import type { StageKind } from '../organisation/service.js';
import { summaryCompletedDesa } from './verval-summary.js';

/** The stage kinds some module records the completion of, per desa. */
export const TRACKED_STAGE_KINDS: readonly StageKind[] = ['verval', 'musdes', 'penetapan'];

/**
 * The desa whose work for a stage is done, read from the module that records that work:
 * verval (every household has an approved verval for the period), musdes (a finalised
 * musdes/muskel of the period), penetapan (a decree dated from the stage's start, finalised
 * after the desa's last finalised musdes of the period). Null for stage kinds no module
 * records yet.
 */
export async function stageCompletedDesa(
  db: Kysely<DB>,
  kabupatenCode: string,
  stage: { kind: string; periodId: number; startDate: string },
): Promise<ReadonlySet<string> | null> {
  switch (stage.kind) {
    case 'verval':
      return summaryCompletedDesa(db, kabupatenCode, stage.periodId);
    case 'musdes':
      return musdesCompletedDesa(db, kabupatenCode, stage.periodId);
    case 'penetapan':
      return decreedDesa(db, kabupatenCode, stage.startDate, await musdesLastFinalised(db, kabupatenCode, stage.periodId));
    default:
      return null;
  }
}
