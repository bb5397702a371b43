import type { Schemas } from '../../lib/api/client';

/** Answers of /api/v1/aid: generated from the server's OpenAPI document (ADR 0015). */
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

export type Program = Schemas['AidProgram'];

export type Receipt = Schemas['AidReceipt'];

export type GapArea = Schemas['AidGapArea'];

export type Gaps = Schemas['AidGapAnalysis'];

export type GapHousehold = Schemas['AidGapHousehold'];

export type Proposal = Schemas['AidProposal'];

export type HouseholdAid = Schemas['HouseholdAid'];
