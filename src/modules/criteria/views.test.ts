import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { evaluateHouseholdById, listCriteria, requireCriteria } from './service.js';
import type { evaluationSchema, summarySchema, viewSchema, whatIfSchema } from './views.js';
import type { whatIf } from './what-if.js';

/**
 * The response schemas against what the services return (checked by `tsc -p .`): the service's
 * result must fit the schema (nothing a schema would drop or reject), and for the summary list
 * the two are equal field for field. The criteria definition stays `unknown` on the wire.
 */
type Returns<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;
type Out<S extends z.ZodType> = z.output<S>;

describe('criteria response schemas', () => {
  it('match the service results', () => {
    expectTypeOf<Out<typeof summarySchema>>().toEqualTypeOf<Returns<typeof listCriteria>[number]>();
    expectTypeOf<Returns<typeof requireCriteria>>().toExtend<Out<typeof viewSchema>>();
    // Equal both ways (the result spells some rows as intersections, which toEqualTypeOf does not flatten).
    expectTypeOf<Out<typeof whatIfSchema>>().toExtend<Returns<typeof whatIf>>();
    expectTypeOf<Returns<typeof whatIf>>().toExtend<Out<typeof whatIfSchema>>();
    expectTypeOf<Out<typeof evaluationSchema>>().toEqualTypeOf<Returns<typeof evaluateHouseholdById>>();
  });
});
