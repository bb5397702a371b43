import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { getLanding } from './landing.js';
import type { publicTrend } from './public-trend.js';
import type { landingView, publicTrendView, trendsView } from './trend-views.js';
import type { getTrends } from './trends.js';

/** Each response schema describes exactly what its service returns (checked by `npx tsc -p .`). */
type Returns<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;
type Flat<T> = T extends Date ? T : T extends readonly (infer U)[] ? Flat<U>[] : T extends object ? { [K in keyof T]: Flat<T[K]> } : T;

describe('trend, landing and public-trend schemas', () => {
  it('match the service results field for field', () => {
    expectTypeOf<Flat<z.output<typeof trendsView>>>().toEqualTypeOf<Flat<Returns<typeof getTrends>>>();
    expectTypeOf<Flat<z.output<typeof landingView>>>().toEqualTypeOf<Flat<Returns<typeof getLanding>>>();
    expectTypeOf<Flat<z.output<typeof publicTrendView>>>().toEqualTypeOf<Flat<Returns<typeof publicTrend>>>();
  });
});
