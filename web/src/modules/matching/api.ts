/** Shapes of the /matching API answers. */
export type CandidateKind = 'HOUSEHOLD_DUPLICATE' | 'MEMBER_TWO_DESA' | 'NIK_TWO_HOUSEHOLDS' | 'FUZZY';
export type CandidateStatus = 'OPEN' | 'SAME' | 'DIFFERENT';
export type ExactResult = 'MATCHED' | 'MATCHED_DIFF' | 'NOT_FOUND' | 'INVALID';
export type RunKind = 'INTERNAL' | 'EXTERNAL' | 'FUZZY';

export const CANDIDATE_KINDS: CandidateKind[] = ['HOUSEHOLD_DUPLICATE', 'MEMBER_TWO_DESA', 'NIK_TWO_HOUSEHOLDS', 'FUZZY'];
export const CANDIDATE_STATUSES: CandidateStatus[] = ['OPEN', 'SAME', 'DIFFERENT'];
export const RESULTS: ExactResult[] = ['MATCHED', 'MATCHED_DIFF', 'NOT_FOUND', 'INVALID'];
export const LIST_KINDS = ['DTKS', 'RECIPIENTS', 'DECEASED', 'OTHER'] as const;

export const STATUS_COLOR: Record<CandidateStatus, string> = { OPEN: 'orange', SAME: 'red', DIFFERENT: 'gray' };
export const RESULT_COLOR: Record<ExactResult, string> = { MATCHED: 'teal', MATCHED_DIFF: 'yellow', NOT_FOUND: 'gray', INVALID: 'red' };

export interface CandidateItem {
  id: number;
  kind: CandidateKind;
  status: CandidateStatus;
  score: number;
  reasons: string[];
  resolution: string | null;
  a: ItemSide;
  b: ItemSide;
}

/**
 * A household of a pair as the reader may see it; `visible: false` is a household outside the
 * reader's regions, shown only as "a household in kecamatan X" (every other field null).
 */
export interface ItemSide {
  visible: boolean;
  householdId: number | null;
  headName: string | null;
  desaCode: string | null;
  desaName: string | null;
  kecamatanCode: string;
  kecamatanName: string | null;
}

export interface Side {
  visible: boolean;
  householdId: number | null;
  source: string | null;
  sourceId: string | null;
  kkNumber: string | null;
  headName: string | null;
  headNik: string | null;
  headBirthDate: string | null;
  address: string | null;
  desaCode: string | null;
  desaName: string | null;
  kecamatanCode: string;
  kecamatanName: string | null;
  members: Array<{ id: number; nik: string | null; name: string; birthDate: string | null; relationship: string | null; matched: boolean }>;
}

export interface CandidateDetail extends Omit<CandidateItem, 'a' | 'b'> {
  keptHouseholdId: number | null;
  duplicateHouseholdId: number | null;
  note: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  /** The server's answer: OPEN and both households in the reader's resolver regions. */
  canResolve: boolean;
  a: Side;
  b: Side;
}

export interface Run {
  id: number;
  kind: RunKind;
  listName: string | null;
  listKind: string | null;
  fileName: string | null;
  status: 'RUNNING' | 'DONE' | 'FAILED';
  counts: Record<string, number>;
  error: string | null;
  jobId: number | null;
  startedBy: string | null;
  startedAt: string;
}

export interface ListRow {
  rowNumber: number;
  nik: string | null;
  kkNumber: string | null;
  name: string | null;
  birthDate: string | null;
  regionCode: string | null;
  result: ExactResult;
  differences: Array<'name' | 'birthDate' | 'region'>;
  reason: string | null;
  householdId: number | null;
  registryName: string | null;
  registryBirthDate: string | null;
  desaCode: string | null;
}
