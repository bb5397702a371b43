import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { getDashboard } from './dashboard.js';
import type { importIndicators, listIndicators } from './indicators.js';
import type { getWorkProgress } from './progress.js';
import type { publicSummary } from './public.js';
import type { dashboardView, indicatorSeries, indicatorsImported, publicSummaryView, workProgressView } from './views.js';

/**
 * A response schema drops the fields it does not declare: each schema must describe exactly what
 * its service function returns. Checked by the type checker (`npx tsc -p .`), not at run time.
 */
type Returns<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;
type Out<S extends z.ZodType> = z.output<S>;
/** Intersections (`A & { extra }`) resolved into one object type, so they compare equal to the schema's. */
type Flat<T> = T extends Date ? T : T extends readonly (infer U)[] ? Flat<U>[] : T extends object ? { [K in keyof T]: Flat<T[K]> } : T;

describe('monitoring response schemas', () => {
  it('match the service results field for field', () => {
    expectTypeOf<Out<typeof dashboardView>>().toEqualTypeOf<Returns<typeof getDashboard>>();
    expectTypeOf<Flat<Out<typeof workProgressView>>>().toEqualTypeOf<Flat<Returns<typeof getWorkProgress>>>();
    expectTypeOf<Out<typeof publicSummaryView>>().toEqualTypeOf<Returns<typeof publicSummary>>();
    expectTypeOf<Out<typeof indicatorSeries>['series']>().toEqualTypeOf<Returns<typeof listIndicators>>();
    expectTypeOf<Out<typeof indicatorsImported>>().toEqualTypeOf<Returns<typeof importIndicators>>();
  });
});
