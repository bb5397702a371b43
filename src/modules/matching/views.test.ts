import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { getCandidate, listCandidates, resolveCandidate } from './candidates.js';
import type { listRows } from './list-rows.js';
import type { resolveMemberDuplicate } from './member-resolve.js';
import type { getRun, listRuns, startExternalRun, startInternalRun } from './runs.js';
import type { candidateDetail, candidateList, listRowPage, runList, runStarted, runView } from './views.js';

/** Each response schema equals what its service returns (checked by `tsc -p .`), so nothing is dropped or mistyped. */
type Returns<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;
type Out<S extends z.ZodType> = z.output<S>;

describe('matching response schemas', () => {
  it('match the service results field for field', () => {
    expectTypeOf<Out<typeof runStarted>>().toEqualTypeOf<Returns<typeof startInternalRun>>();
    expectTypeOf<Out<typeof runStarted>>().toEqualTypeOf<Returns<typeof startExternalRun>>();
    expectTypeOf<Out<typeof runView>>().toEqualTypeOf<Returns<typeof getRun>>();
    expectTypeOf<Out<typeof runList>>().toEqualTypeOf<Returns<typeof listRuns>>();
    expectTypeOf<Out<typeof listRowPage>>().toEqualTypeOf<Returns<typeof listRows>>();
    expectTypeOf<Out<typeof candidateList>>().toEqualTypeOf<Returns<typeof listCandidates>>();
    // The detail fits its schema; the schema types a hidden side's (always empty) members like a
    // shown side's, so that the web reads one member type.
    expectTypeOf<Returns<typeof getCandidate>>().toExtend<Out<typeof candidateDetail>>();
    expectTypeOf<Returns<typeof resolveCandidate>>().toExtend<Out<typeof candidateDetail>>();
    expectTypeOf<Returns<typeof resolveMemberDuplicate>>().toExtend<Out<typeof candidateDetail>>();
    expectTypeOf<Omit<Out<typeof candidateDetail>, 'a' | 'b'>>().toEqualTypeOf<Omit<Returns<typeof getCandidate>, 'a' | 'b'>>();
  });
});
