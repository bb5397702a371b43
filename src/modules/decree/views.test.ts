import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { diffPage } from './diff.js';
import type { checkPreconditions } from './preconditions.js';
import type { regionTotals, selectRows } from './rows.js';
import type { finaliseDecree, getDecree, listDecrees } from './service.js';
import type { decreeDetail, decreeList, decreeRowView, decreeView, diffEntryView, preconditionView, totalsView } from './views.js';

/**
 * A response schema drops the fields it does not declare: each schema must describe exactly what
 * its service function returns. Checked by the type checker (`npx tsc -p .`), not at run time.
 */
type Returns<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;
type Out<S extends z.ZodType> = z.output<S>;
/** Intersections (`A & { extra }`) resolved into one object type, so they compare equal to the schema's. */
type Flat<T> = T extends Date ? T : T extends readonly (infer U)[] ? Flat<U>[] : T extends object ? { [K in keyof T]: Flat<T[K]> } : T;

describe('decree response schemas', () => {
  it('match the service results field for field', () => {
    expectTypeOf<Out<typeof decreeView>>().toEqualTypeOf<Returns<typeof getDecree>>();
    expectTypeOf<Out<typeof decreeView>>().toEqualTypeOf<Returns<typeof finaliseDecree>>();
    expectTypeOf<Out<typeof decreeList>>().toEqualTypeOf<Returns<typeof listDecrees>>();
    expectTypeOf<Out<typeof totalsView>>().toEqualTypeOf<Returns<typeof regionTotals>>();
    expectTypeOf<Flat<Out<typeof decreeDetail>>>().toEqualTypeOf<
      Flat<Returns<typeof getDecree> & { totals: Returns<typeof regionTotals> }>
    >();
    expectTypeOf<Out<typeof decreeRowView>[]>().toEqualTypeOf<Returns<typeof selectRows>['rows']>();
    expectTypeOf<Out<typeof diffEntryView>[]>().toEqualTypeOf<Returns<typeof diffPage>['items']>();
    expectTypeOf<Out<typeof preconditionView>[]>().toEqualTypeOf<Returns<typeof checkPreconditions>>();
  });
});
