import { z } from 'zod';
import type { CandidateKind, CandidateStatus, ListKind, RunKind, RunStatus } from './tables.js';

/**
 * Response shapes of /api/v1/matching, for the OpenAPI document, the serializer and the
 * generated web types. A response schema drops what it does not declare, so each mirrors its
 * service function; views.test.ts checks at compile time that they stay equal.
 */

const RUN_STATUSES = ['RUNNING', 'DONE', 'FAILED'] as const satisfies readonly RunStatus[];
const RUN_KINDS = ['INTERNAL', 'EXTERNAL', 'FUZZY'] as const satisfies readonly RunKind[];
const LIST_KINDS = ['DTKS', 'RECIPIENTS', 'DECEASED', 'TARGET', 'OTHER'] as const satisfies readonly ListKind[];
const CANDIDATE_KINDS = [
  'FUZZY',
  'HOUSEHOLD_DUPLICATE',
  'MEMBER_TWO_DESA',
  'NIK_TWO_HOUSEHOLDS',
] as const satisfies readonly CandidateKind[];
const CANDIDATE_STATUSES = ['OPEN', 'SAME', 'DIFFERENT'] as const satisfies readonly CandidateStatus[];
export const ROW_RESULTS = ['MATCHED', 'MATCHED_DIFF', 'NOT_FOUND', 'INVALID'] as const;

export const runStarted = z.object({ runId: z.number(), jobId: z.number() }).meta({ id: 'MatchRunStarted' });

export const runView = z
  .object({
    id: z.number(),
    kind: z.enum(RUN_KINDS),
    listName: z.string().nullable(),
    listKind: z.enum(LIST_KINDS).nullable(),
    fileName: z.string().nullable(),
    status: z.enum(RUN_STATUSES),
    counts: z.record(z.string(), z.number()).describe('Rows or candidates per result'),
    error: z.string().nullable(),
    jobId: z.number().nullable(),
    startedBy: z.string().nullable().describe('Full name of who started it'),
    startedAt: z.date(),
    finishedAt: z.date().nullable(),
  })
  .meta({ id: 'MatchRun' });

export const runList = z.object({ items: z.array(runView), total: z.number() }).meta({ id: 'MatchRunList' });

export const listRowView = z
  .object({
    rowNumber: z.number(),
    nik: z.string().nullable(),
    kkNumber: z.string().nullable(),
    name: z.string().nullable(),
    birthDate: z.string().nullable().describe('yyyy-mm-dd'),
    regionCode: z.string().nullable(),
    result: z.enum(ROW_RESULTS),
    differences: z.array(z.string()),
    reason: z.string().nullable(),
    householdId: z.number().nullable(),
    memberId: z.number().nullable(),
    registryName: z.string().nullable(),
    registryBirthDate: z.string().nullable(),
    desaCode: z.string().nullable(),
  })
  .meta({ id: 'MatchListRow' });

export const listRowPage = z
  .object({
    items: z.array(listRowView),
    nextAfter: z.number().nullable().describe('Pass as `after` for the next page; null at the end'),
    counts: z.record(z.string(), z.number()),
  })
  .meta({ id: 'MatchListRowPage' });

const region = { kecamatanCode: z.string(), kecamatanName: z.string().nullable() };

/** A household of a pair outside the reader's regions: only its kecamatan. */
const hiddenListSide = z.object({
  visible: z.boolean(),
  householdId: z.null(),
  headName: z.null(),
  desaCode: z.null(),
  desaName: z.null(),
  ...region,
});
const shownListSide = z.object({
  visible: z.boolean(),
  householdId: z.number(),
  headName: z.string(),
  desaCode: z.string(),
  desaName: z.string().nullable(),
  ...region,
});
export const candidateListSide = z.union([hiddenListSide, shownListSide]).meta({ id: 'MatchCandidateListSide' });

const candidateBase = {
  id: z.number(),
  kind: z.enum(CANDIDATE_KINDS),
  status: z.enum(CANDIDATE_STATUSES),
  score: z.number(),
  reasons: z.array(z.string()),
  resolution: z.enum(['GANDA', 'MEMBER_GANDA', 'DISMISSED']).nullable(),
};

export const candidateSummary = z
  .object({ ...candidateBase, a: candidateListSide, b: candidateListSide, createdAt: z.date() })
  .meta({ id: 'MatchCandidateSummary' });

export const candidateList = z.object({ total: z.number(), items: z.array(candidateSummary) }).meta({ id: 'MatchCandidateList' });

const sideMember = z.object({
  id: z.number(),
  nik: z.string().nullable(),
  name: z.string(),
  sex: z.string().nullable(),
  relationship: z.string().nullable(),
  birthDate: z.string().nullable(),
  matched: z.boolean().describe('The member this candidate is about'),
});

const hiddenDetailSide = z.object({
  visible: z.boolean(),
  householdId: z.null(),
  source: z.null(),
  sourceId: z.null(),
  kkNumber: z.null(),
  headName: z.null(),
  headNik: z.null(),
  headBirthDate: z.null(),
  address: z.null(),
  desaCode: z.null(),
  desaName: z.null(),
  ...region,
  targetStatus: z.null(),
  members: z.array(sideMember).max(0).describe('Always empty: the members of a household outside the reader’s regions are not shown'),
});
const shownDetailSide = z.object({
  visible: z.boolean(),
  householdId: z.number(),
  source: z.string(),
  sourceId: z.string(),
  kkNumber: z.string().nullable(),
  headName: z.string(),
  headNik: z.string().nullable(),
  headBirthDate: z.string().nullable(),
  address: z.string().nullable(),
  desaCode: z.string(),
  desaName: z.string().nullable(),
  ...region,
  targetStatus: z.string(),
  members: z.array(sideMember),
});
export const candidateSide = z.union([hiddenDetailSide, shownDetailSide]).meta({ id: 'MatchCandidateSide' });

export const candidateDetail = z
  .object({
    ...candidateBase,
    keptHouseholdId: z.number().nullable(),
    duplicateHouseholdId: z.number().nullable(),
    note: z.string().nullable(),
    resolvedBy: z.string().nullable(),
    resolvedAt: z.date().nullable(),
    canResolve: z.boolean().describe('Whether the reader may resolve this pair now'),
    a: candidateSide,
    b: candidateSide,
  })
  .meta({ id: 'MatchCandidate' });
