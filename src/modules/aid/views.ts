import { z } from 'zod';
import { PROPOSAL_ACTIONS } from './machine.js';
import { AID_UNITS, FUNDING_SOURCES, MATCH_RESULTS, PROPOSAL_STATUSES, RECEIPT_SOURCES } from './tables.js';

/**
 * Response shapes of /api/v1/aid, for the OpenAPI document and the serializer. A response schema
 * drops every field it does not declare, so each one mirrors what its service function returns;
 * views.test.ts checks at compile time that they stay equal.
 */

const fundingSource = z.enum(FUNDING_SOURCES);
const proposalStatus = z.enum(PROPOSAL_STATUSES);

// The columns several views share, stated once: where a household or desa is (a name is null for
// a code the region table does not know), the family's head and card, the member an item is
// for, and the program.
const desaPlace = z.object({ desaCode: z.string(), desaName: z.string().nullable() });
const place = desaPlace.extend({ kecamatanCode: z.string(), kecamatanName: z.string().nullable() });
const kkNumber = z.string().nullable().describe('Masked unless the reader may see it');
const family = { headName: z.string(), headNik: z.string().nullable(), kkNumber, address: z.string().nullable() };
const member = { memberId: z.number().nullable(), memberName: z.string().nullable(), memberNik: z.string().nullable() };
const program = { programCode: z.string(), programName: z.string() };

export const programView = z
  .object({
    id: z.number(),
    code: z.string(),
    name: z.string(),
    unit: z.enum(AID_UNITS),
    fundingSource,
    fundingLabel: z.string(),
    agency: z.string(),
    eligibilityNotes: z.string().nullable(),
    historic: z.boolean(),
    active: z.boolean(),
    local: z.boolean().describe('Added by this kabupaten (editable), not a national program'),
  })
  .meta({ id: 'AidProgram' });

export const programList = z.array(programView);

export const receiptView = desaPlace
  .extend({
    id: z.number(),
    householdId: z.number(),
    headName: family.headName,
    kkNumber,
    targetStatus: z.string(),
    ...member,
    ...program,
    periodYear: z.number(),
    periodMonth: z.number().nullable(),
    amount: z.number().nullable(),
    fundingSource,
    source: z.enum(RECEIPT_SOURCES),
    importId: z.number().nullable(),
    proposalId: z.number().nullable(),
    note: z.string().nullable(),
    createdAt: z.date(),
  })
  .meta({ id: 'AidReceipt' });

export const receiptPage = z.object({
  items: z.array(receiptView),
  nextBefore: z.number().nullable().describe('Pass as `before` for the next page; null on the last'),
});

export const createdId = z.object({ id: z.number() });

export const registryReceipts = z.object({ households: z.number(), members: z.number() }).describe('Receipts created');

const count = z.record(z.string(), z.number());

export const gapArea = z
  .object({
    code: z.string(),
    name: z.string().nullable(),
    target: z.number(),
    withAid: z.number(),
    withoutAid: z.number(),
    coveragePct: z.number(),
    inclusionNonTarget: z.number(),
    inclusionOutsideRegistry: z.number(),
    byProgram: count.describe('Households per program code'),
    byFunding: count.describe('Households per funding source'),
  })
  .meta({ id: 'AidGapArea' });

export const gapAnalysisView = z
  .object({
    level: z.enum(['kecamatan', 'desa']),
    year: z.number().nullable(),
    areas: z.array(gapArea),
    total: z.object({
      target: z.number(),
      withAid: z.number(),
      withoutAid: z.number(),
      coveragePct: z.number(),
      inclusionNonTarget: z.number(),
      inclusionOutsideRegistry: z.number(),
      unlocatedOutsideRegistry: z.number(),
    }),
    programs: z.array(z.object({ code: z.string(), households: z.number(), coveragePct: z.number() })),
    fundingSources: z.array(z.object({ source: z.string(), households: z.number(), coveragePct: z.number() })),
  })
  .meta({ id: 'AidGapAnalysis' });

export const priorityFlags = z
  .object({ noAid: z.boolean(), elderly: z.boolean(), alone: z.boolean(), disabled: z.boolean(), sick: z.boolean() })
  .meta({ id: 'AidPriorityFlags' });

export const gapHousehold = place
  .extend({
    id: z.number(),
    ...family,
    memberCount: z.number(),
    priority: priorityFlags,
    score: z.number(),
  })
  .meta({ id: 'AidGapHousehold' });

export const gapHouseholdPage = z.object({
  items: z.array(gapHousehold),
  total: z.number().nullable().describe('Counted on the first page only'),
  next: z.string().nullable().describe('Pass as `after` for the next page; null on the last'),
});

export const suggestionView = z
  .object({
    programCode: z.string(),
    memberId: z.number().nullable(),
    memberName: z.string().nullable(),
    reason: z.object({ id: z.string(), en: z.string() }),
  })
  .meta({ id: 'AidSuggestion' });

export const householdAidView = z
  .object({
    householdId: z.number(),
    headName: z.string(),
    targetStatus: z.string(),
    desaCode: z.string(),
    priority: priorityFlags,
    score: z.number(),
    receivedPrograms: z.array(z.string()),
    members: z.array(z.object({ disability: z.boolean(), chronicIllness: z.boolean(), id: z.number(), name: z.string() })),
    suggestions: z.array(suggestionView),
  })
  .meta({ id: 'HouseholdAid' });

export const proposalView = place
  .extend({
    id: z.number(),
    status: proposalStatus,
    householdId: z.number(),
    ...family,
    ...member,
    ...program,
    amount: z.number().nullable(),
    reason: z.string().nullable(),
    rejectionReason: z.string().nullable(),
    proposedAt: z.date(),
    verifiedAt: z.date().nullable(),
    approvedAt: z.date().nullable(),
    distributedAt: z.date().nullable(),
    rejectedAt: z.date().nullable(),
    receiptId: z.number().nullable(),
    version: z.number(),
    updatedAt: z.date(),
    actions: z.array(z.enum(PROPOSAL_ACTIONS)).describe('What the reader may do with it now'),
  })
  .meta({ id: 'AidProposal' });

export const proposalPage = z.object({ items: z.array(proposalView), nextBefore: z.number().nullable() });

export const proposalEvent = z
  .object({
    id: z.number(),
    from: proposalStatus.nullable(),
    to: proposalStatus,
    amount: z.number().nullable(),
    note: z.string().nullable(),
    at: z.date(),
    actorName: z.string().nullable(),
  })
  .meta({ id: 'AidProposalEvent' });

export const proposalDetail = proposalView.extend({ events: z.array(proposalEvent) }).meta({ id: 'AidProposalDetail' });

export const bulkProposed = z.object({ created: z.number(), skipped: z.number().describe('Households with an open proposal already') });

export const lokusView = place
  .extend({
    rank: z.number(),
    target: z.number(),
    withoutAid: z.number(),
    sharePct: z.number(),
    score: z.number(),
    computedLokus: z.boolean(),
    override: z.object({ pinned: z.boolean(), reason: z.string().nullable() }).nullable(),
    lokus: z.boolean(),
  })
  .meta({ id: 'AidLokus' });

export const lokusList = z.array(lokusView);

export const ok = z.object({ ok: z.literal(true) });

export const budgetView = desaPlace
  .extend({
    id: z.number(),
    year: z.number(),
    ...program,
    allocation: z.number(),
    note: z.string().nullable(),
    version: z.number(),
    updatedAt: z.date(),
    coveredHouseholds: z.number(),
    coveredTargetHouseholds: z.number(),
    targetWithoutAid: z.number(),
  })
  .meta({ id: 'AidBudget' });

export const budgetList = z.array(budgetView);

export const budgetDetail = budgetView.extend({ householdIds: z.array(z.number()) }).meta({ id: 'AidBudgetDetail' });

export const importStarted = z.object({ importId: z.number(), jobId: z.number().describe('Follow it at GET /jobs/{id}') });

export const importView = z
  .object({
    id: z.number(),
    programCode: z.string(),
    periodYear: z.number(),
    periodMonth: z.number().nullable(),
    fileName: z.string(),
    status: z.string(),
    counts: count.describe('Rows per match result, total and receipts'),
    jobId: z.number().nullable(),
    createdBy: z.string().nullable(),
    createdAt: z.date(),
  })
  .meta({ id: 'AidImport' });

export const importList = z.array(importView);

export const importReportRow = z
  .object({
    rowNumber: z.number(),
    nik: z.string().nullable(),
    kkNumber: z.string().nullable(),
    name: z.string().nullable(),
    result: z.enum(MATCH_RESULTS),
    reason: z.string().nullable(),
  })
  .meta({ id: 'AidImportReportRow' });

export const importReportView = z.array(importReportRow);
