import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { ImportSummary } from './import/index.js';
import type { getImport, listImports, listIssues } from './service.js';
import type { importCounts, importList, importView, issueList } from './views.js';

/** Each response schema against what its service returns (checked by `tsc -p .`). */
type Returns<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;
type Out<S extends z.ZodType> = z.output<S>;

describe('registry response schemas', () => {
  it('match the service results field for field', () => {
    expectTypeOf<Out<typeof importView> | undefined>().toEqualTypeOf<Returns<typeof getImport>>();
    expectTypeOf<Out<typeof importList>>().toEqualTypeOf<Returns<typeof listImports>>();
    expectTypeOf<Out<typeof issueList>>().toEqualTypeOf<Returns<typeof listIssues>>();
    // What an import stores today fits the counts the API describes.
    expectTypeOf<ImportSummary['counts']>().toExtend<Out<typeof importCounts>>();
  });
});
