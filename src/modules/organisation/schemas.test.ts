import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { listAgencies } from './agencies.js';
import type { listAgencyAssignments, listAssignments } from './assignments.js';
import type { proposeSplit } from './assistant.js';
import type { coverageReport } from './coverage.js';
import type { importAgencies } from './imports.js';
import type { listOfficials } from './officials.js';
import type { getSettings, listPeriods } from './periods.js';
import type { currentSchedule, listStages } from './schedule.js';
import type {
  agencyAssignmentView,
  agencyView,
  assignmentView,
  coverageView,
  draftView,
  importResult,
  officialView,
  periodView,
  settingsBody,
  stageView,
} from './schemas.js';

/** Each response schema equals what its service returns (checked by `tsc -p .`), so nothing is dropped or mistyped. */
type Returns<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;
type Out<S extends z.ZodType> = z.output<S>;
type Item<F extends (...args: never[]) => unknown> = Returns<F> extends Array<infer I> ? I : never;

describe('organisation response schemas', () => {
  it('match the service results field for field', () => {
    expectTypeOf<Out<typeof agencyView>>().toEqualTypeOf<Item<typeof listAgencies>>();
    expectTypeOf<Out<typeof officialView>>().toEqualTypeOf<Returns<typeof listOfficials>['items'][number]>();
    expectTypeOf<Out<typeof periodView>>().toEqualTypeOf<Item<typeof listPeriods>>();
    expectTypeOf<Out<typeof settingsBody>>().toEqualTypeOf<Returns<typeof getSettings>>();
    expectTypeOf<Out<typeof assignmentView>>().toEqualTypeOf<Item<typeof listAssignments>>();
    expectTypeOf<Out<typeof agencyAssignmentView>>().toEqualTypeOf<Item<typeof listAgencyAssignments>>();
    expectTypeOf<Out<typeof coverageView>>().toEqualTypeOf<Returns<typeof coverageReport>>();
    // Equal both ways (the draft spells its kecamatan rows as intersections, which toEqualTypeOf does not flatten).
    expectTypeOf<Out<typeof draftView>>().toExtend<Returns<typeof proposeSplit>>();
    expectTypeOf<Returns<typeof proposeSplit>>().toExtend<Out<typeof draftView>>();
    expectTypeOf<Out<typeof stageView>>().toEqualTypeOf<Item<typeof listStages>>();
    expectTypeOf<Out<typeof importResult>>().toEqualTypeOf<Returns<typeof importAgencies>>();
    expectTypeOf<Returns<typeof currentSchedule>['items'][number]['next']>().toEqualTypeOf<Out<typeof stageView> | null>();
  });
});
