import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { latestAnchor, takeAnchor } from './anchor.js';
import type { listAudit } from './service.js';
import type { verifyAudit } from './verify.js';
import type { anchorView, auditEntryView, verifyView } from './views.js';

/**
 * A response schema drops the fields it does not declare: each schema must describe exactly what
 * its service function returns. Checked by the type checker (`npx tsc -p .`), not at run time.
 */
type Returns<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;
type Out<S extends z.ZodType> = z.output<S>;

describe('audit response schemas', () => {
  it('match the service results field for field', () => {
    expectTypeOf<Out<typeof auditEntryView>[]>().toEqualTypeOf<Returns<typeof listAudit>>();
    expectTypeOf<Out<typeof verifyView>>().toEqualTypeOf<Returns<typeof verifyAudit>>();
    expectTypeOf<Out<typeof anchorView>>().toEqualTypeOf<Returns<typeof takeAnchor>>();
    expectTypeOf<Out<typeof anchorView> | null>().toEqualTypeOf<Returns<typeof latestAnchor>>();
  });
});
