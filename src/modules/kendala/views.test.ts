import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { addComment, attachScreenshot, createKendala, getKendala, listComments, listKendala, setStatus } from './service.js';
import type { kendalaDetail, kendalaList, kendalaView } from './views.js';

/**
 * A response schema drops the fields it does not declare: each schema must describe exactly what
 * its service function returns. Checked by the type checker (`npx tsc -p .`), not at run time.
 */
type Returns<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;
type Out<S extends z.ZodType> = z.output<S>;
/** Intersections (`A & { extra }`) resolved into one object type, so they compare equal to the schema's. */
type Flat<T> = T extends Date ? T : T extends readonly (infer U)[] ? Flat<U>[] : T extends object ? { [K in keyof T]: Flat<T[K]> } : T;

describe('kendala response schemas', () => {
  it('match the service results field for field', () => {
    expectTypeOf<Out<typeof kendalaView>>().toEqualTypeOf<Returns<typeof getKendala>>();
    expectTypeOf<Out<typeof kendalaView>>().toEqualTypeOf<Returns<typeof createKendala>>();
    expectTypeOf<Out<typeof kendalaView>>().toEqualTypeOf<Returns<typeof addComment>>();
    expectTypeOf<Out<typeof kendalaView>>().toEqualTypeOf<Returns<typeof setStatus>>();
    expectTypeOf<Out<typeof kendalaView>>().toEqualTypeOf<Returns<typeof attachScreenshot>>();
    expectTypeOf<Flat<Out<typeof kendalaList>>>().toEqualTypeOf<Flat<Returns<typeof listKendala> & { canReport: boolean }>>();
    expectTypeOf<Flat<Out<typeof kendalaDetail>>>().toEqualTypeOf<
      Flat<Returns<typeof getKendala> & { comments: Returns<typeof listComments>; canComment: boolean }>
    >();
  });
});
