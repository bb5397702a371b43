import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { getBudget, listBudgets, saveBudget, setBudgetHouseholds } from './budget.js';
import type { createProgram, listPrograms, updateProgram } from './catalogue.js';
import type { listGapHouseholds } from './gap-list.js';
import type { gapAnalysis } from './gaps.js';
import type { householdAid } from './household-aid.js';
import type { listLokus } from './lokus.js';
import type { bulkPropose, createProposal, getProposal, listProposals, moveProposal } from './proposals.js';
import type { createReceipt, listReceipts, receiptsFromRegistry } from './receipts.js';
import type { importReport, listImports, startRecipientImport } from './receipts-import.js';
import type {
  budgetDetail,
  budgetList,
  bulkProposed,
  createdId,
  gapAnalysisView,
  gapHouseholdPage,
  householdAidView,
  importList,
  importReportView,
  importStarted,
  lokusList,
  programList,
  programView,
  proposalDetail,
  proposalPage,
  receiptPage,
  registryReceipts,
} from './views.js';

/**
 * A response schema drops the fields it does not declare: each schema must describe exactly what
 * its service function returns. Checked by the type checker (`npx tsc -p .`), not at run time.
 */
type Returns<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;
type Out<S extends z.ZodType> = z.output<S>;

describe('aid response schemas', () => {
  it('match the service results field for field', () => {
    expectTypeOf<Out<typeof programList>>().toEqualTypeOf<Returns<typeof listPrograms>>();
    expectTypeOf<Out<typeof programView>>().toEqualTypeOf<Returns<typeof createProgram>>();
    expectTypeOf<Out<typeof programView>>().toEqualTypeOf<Returns<typeof updateProgram>>();
    expectTypeOf<Out<typeof receiptPage>>().toEqualTypeOf<Returns<typeof listReceipts>>();
    expectTypeOf<Out<typeof createdId>>().toEqualTypeOf<Returns<typeof createReceipt>>();
    expectTypeOf<Out<typeof registryReceipts>>().toEqualTypeOf<Returns<typeof receiptsFromRegistry>>();
    expectTypeOf<Out<typeof gapAnalysisView>>().toEqualTypeOf<Returns<typeof gapAnalysis>>();
    expectTypeOf<Out<typeof gapHouseholdPage>>().toEqualTypeOf<Returns<typeof listGapHouseholds>>();
    expectTypeOf<Out<typeof householdAidView>>().toEqualTypeOf<Returns<typeof householdAid>>();
    expectTypeOf<Out<typeof proposalPage>>().toEqualTypeOf<Returns<typeof listProposals>>();
    expectTypeOf<Out<typeof proposalDetail>>().toEqualTypeOf<Returns<typeof getProposal>>();
    expectTypeOf<Out<typeof proposalDetail>>().toEqualTypeOf<Returns<typeof createProposal>>();
    expectTypeOf<Out<typeof proposalDetail>>().toEqualTypeOf<Returns<typeof moveProposal>>();
    expectTypeOf<Out<typeof bulkProposed>>().toEqualTypeOf<Returns<typeof bulkPropose>>();
    expectTypeOf<Out<typeof lokusList>>().toEqualTypeOf<Returns<typeof listLokus>>();
    expectTypeOf<Out<typeof budgetList>>().toEqualTypeOf<Returns<typeof listBudgets>>();
    expectTypeOf<Out<typeof budgetDetail>>().toEqualTypeOf<Returns<typeof getBudget>>();
    expectTypeOf<Out<typeof budgetDetail>>().toEqualTypeOf<Returns<typeof saveBudget>>();
    expectTypeOf<Out<typeof budgetDetail>>().toEqualTypeOf<Returns<typeof setBudgetHouseholds>>();
    expectTypeOf<Out<typeof importStarted>>().toEqualTypeOf<Pick<Returns<typeof startRecipientImport>, 'importId' | 'jobId'>>();
    expectTypeOf<Out<typeof importList>>().toEqualTypeOf<Returns<typeof listImports>>();
    expectTypeOf<Out<typeof importReportView>>().toEqualTypeOf<Returns<typeof importReport>>();
  });
});
