import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { setMemberConditions } from './conditions.js';
import type { getHouseholdDetail } from './detail.js';
import type { listHouseholds } from './service.js';
import type { detailSchema, householdList, memberConditionsView } from './views.js';

/** Each response schema equals what its service returns (checked by `tsc -p .`), so nothing is dropped or mistyped. */
type Returns<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;
type Out<S extends z.ZodType> = z.output<S>;
/** An intersection as one object type, as the schema spells it. */
type Flat<T> = { [K in keyof T]: T[K] };

describe('households response schemas', () => {
  it('match the service results field for field', () => {
    expectTypeOf<Out<typeof householdList>>().toEqualTypeOf<Returns<typeof listHouseholds>>();
    expectTypeOf<Out<typeof detailSchema>>().toEqualTypeOf<Returns<typeof getHouseholdDetail>>();
    expectTypeOf<Out<typeof memberConditionsView>>().toEqualTypeOf<Flat<Returns<typeof setMemberConditions>>>();
  });
});
