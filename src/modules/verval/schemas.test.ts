import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { saveBlob } from '../blobs/service.js';
import type { reviewQueue } from './queue.js';
import type { reviewQueueView, storedPhoto, vervalHouseholdView, vervalView, worklistView } from './schemas.js';
import type { getVerval } from './service.js';
import type { VervalView } from './views.js';
import type { worklist } from './worklist.js';

/** Each response schema equals what its service returns (checked by `tsc -p .`), so nothing is dropped or mistyped. */
type Returns<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;
type Out<S extends z.ZodType> = z.output<S>;

describe('verval response schemas', () => {
  it('match the service results field for field', () => {
    expectTypeOf<Out<typeof vervalView>>().toEqualTypeOf<VervalView>();
    expectTypeOf<Out<typeof vervalHouseholdView>>().toEqualTypeOf<Returns<typeof getVerval>>();
    expectTypeOf<Out<typeof worklistView>>().toEqualTypeOf<Returns<typeof worklist>>();
    expectTypeOf<Out<typeof reviewQueueView>>().toEqualTypeOf<Returns<typeof reviewQueue>>();
    expectTypeOf<Out<typeof storedPhoto>>().toEqualTypeOf<Returns<typeof saveBlob>>();
  });
});
