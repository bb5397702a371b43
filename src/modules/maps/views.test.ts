import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { BoundarySaveResult, prepareBoundaries } from './boundaries.js';
import type { publicMap } from './public-map.js';
import type { gpsPoints, mapValues } from './values.js';
import type { boundaryPreviewView, boundarySaveView, gpsPointsView, mapValuesView, publicMapView } from './views.js';

/** A response schema drops the fields it does not declare: each must describe exactly what its service returns. */
type Returns<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;
type Out<S extends z.ZodType> = z.output<S>;
type Flat<T> = T extends Date ? T : T extends readonly (infer U)[] ? Flat<U>[] : T extends object ? { [K in keyof T]: Flat<T[K]> } : T;

describe('maps response schemas', () => {
  it('match the service results field for field', () => {
    expectTypeOf<Out<typeof mapValuesView>>().toEqualTypeOf<Returns<typeof mapValues>>();
    expectTypeOf<Out<typeof gpsPointsView>>().toEqualTypeOf<Returns<typeof gpsPoints>>();
    expectTypeOf<Flat<Out<typeof boundaryPreviewView>>>().toEqualTypeOf<Flat<Returns<typeof prepareBoundaries>['preview']>>();
    expectTypeOf<Out<typeof boundarySaveView>>().toEqualTypeOf<BoundarySaveResult>();
    expectTypeOf<Omit<Out<typeof publicMapView>, 'boundaries'>>().toEqualTypeOf<Omit<Returns<typeof publicMap>, 'boundaries'>>();
  });
});
