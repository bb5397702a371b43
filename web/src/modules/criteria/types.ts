import type { Schemas } from '../../lib/api/client';

/** Shapes of the criteria API answers: the server's named schemas (generated, ADR 0015). */
export type CriteriaSummary = Schemas['CriteriaSummary'];
export type CriteriaView = Schemas['Criteria'];
export type Problem = Schemas['CriteriaProblem'];
export type CriteriaRef = Schemas['CriteriaRef'];
export type WhatIf = Schemas['CriteriaWhatIf'];
export type AreaChange = WhatIf['byKecamatan'][number];
export type Transition = WhatIf['summary']['matrix'][number];
export type ClassCounts = WhatIf['summary']['before'];

export type CriteriaStatus = CriteriaSummary['status'];
export type ClassLabel = Transition['from'];
export const CLASS_LABELS: readonly ClassLabel[] = ['MISKIN_EKSTREM', 'MISKIN', 'TIDAK_MISKIN'];
