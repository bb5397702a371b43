import type { Schemas } from '../../lib/api/client';

/** Shapes of the /matching API answers: the server's named schemas (generated, ADR 0015). */
export type CandidateItem = Schemas['MatchCandidateSummary'];
/**
 * A household of a pair as the reader may see it; `visible: false` is a household outside the
 * reader's regions, shown only as "a household in kecamatan X" (every other field null).
 */
export type ItemSide = Schemas['MatchCandidateListSide'];
export type Side = Schemas['MatchCandidateSide'];
export type CandidateDetail = Schemas['MatchCandidate'];
export type Run = Schemas['MatchRun'];
export type ListRow = Schemas['MatchListRow'];

export type CandidateKind = CandidateItem['kind'];
export type CandidateStatus = CandidateItem['status'];
export type ExactResult = ListRow['result'];
export type RunKind = Run['kind'];

export const CANDIDATE_KINDS: CandidateKind[] = ['HOUSEHOLD_DUPLICATE', 'MEMBER_TWO_DESA', 'NIK_TWO_HOUSEHOLDS', 'FUZZY'];
export const CANDIDATE_STATUSES: CandidateStatus[] = ['OPEN', 'SAME', 'DIFFERENT'];
export const RESULTS: ExactResult[] = ['MATCHED', 'MATCHED_DIFF', 'NOT_FOUND', 'INVALID'];
export const LIST_KINDS = ['TARGET', 'DTKS', 'RECIPIENTS', 'DECEASED', 'OTHER'] as const;

export const STATUS_COLOR: Record<CandidateStatus, string> = { OPEN: 'orange', SAME: 'red', DIFFERENT: 'gray' };
export const RESULT_COLOR: Record<ExactResult, string> = { MATCHED: 'teal', MATCHED_DIFF: 'yellow', NOT_FOUND: 'gray', INVALID: 'red' };
