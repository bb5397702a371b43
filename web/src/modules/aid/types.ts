export const FUNDING_SOURCES = ['APBDES', 'APBD_KAB', 'APBD_PROV', 'APBN', 'NON_GOV'] as const;
export const PRIORITY_FACTORS = ['noAid', 'elderly', 'alone', 'disabled', 'sick'] as const;
export type PriorityFactor = (typeof PRIORITY_FACTORS)[number];
export const PROPOSAL_STATUSES = ['PROPOSED', 'VERIFIED', 'APPROVED', 'DISTRIBUTED', 'REJECTED'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

export const STATUS_COLOR: Record<ProposalStatus, string> = {
  PROPOSED: 'blue',
  VERIFIED: 'cyan',
  APPROVED: 'teal',
  DISTRIBUTED: 'green',
  REJECTED: 'red',
};

export interface Program {
  id: number;
  code: string;
  name: string;
  unit: 'HOUSEHOLD' | 'MEMBER';
  fundingSource: (typeof FUNDING_SOURCES)[number];
  fundingLabel: string;
  agency: string;
  eligibilityNotes: string | null;
  historic: boolean;
  active: boolean;
  local: boolean;
}

export interface Receipt {
  id: number;
  desaName: string | null;
  householdId: number;
  headName: string;
  memberName: string | null;
  programCode: string;
  programName: string;
  periodYear: number;
  periodMonth: number | null;
  amount: number | null;
  fundingSource: string;
  source: 'MANUAL' | 'IMPORT' | 'REGISTRY_FLAG';
}

export interface GapArea {
  code: string;
  name: string | null;
  target: number;
  withAid: number;
  withoutAid: number;
  coveragePct: number;
  inclusionNonTarget: number;
  inclusionOutsideRegistry: number;
  byProgram: Record<string, number>;
  byFunding: Record<string, number>;
}

export interface Gaps {
  areas: GapArea[];
  total: Omit<GapArea, 'code' | 'name' | 'byProgram' | 'byFunding'> & { unlocatedOutsideRegistry: number };
  programs: Array<{ code: string; households: number; coveragePct: number }>;
  fundingSources: Array<{ source: string; households: number; coveragePct: number }>;
}

export interface GapHousehold {
  id: number;
  kecamatanName: string | null;
  desaName: string | null;
  headName: string;
  headNik: string | null;
  address: string | null;
  memberCount: number;
  priority: Record<PriorityFactor, boolean>;
  score: number;
}

export interface Proposal {
  id: number;
  status: ProposalStatus;
  desaName: string | null;
  kecamatanName: string | null;
  householdId: number;
  headName: string;
  memberName: string | null;
  programCode: string;
  programName: string;
  amount: number | null;
  reason: string | null;
  rejectionReason: string | null;
  proposedAt: string;
  version: number;
  actions: Array<'verify' | 'approve' | 'distribute' | 'reject'>;
}

export interface HouseholdAid {
  householdId: number;
  headName: string;
  priority: Record<PriorityFactor, boolean>;
  score: number;
  receivedPrograms: string[];
  members: Array<{ id: number; name: string; disability: boolean; chronicIllness: boolean }>;
  suggestions: Array<{ programCode: string; memberId: number | null; memberName: string | null; reason: { id: string; en: string } }>;
}
