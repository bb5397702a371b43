import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, string | undefined, string>;
/** numeric columns come back as text from the drivers; write numbers. */
type Money = ColumnType<string | null, number | string | null | undefined, number | string | null>;

export const FUNDING_SOURCES = ['APBDES', 'APBD_KAB', 'APBD_PROV', 'APBN', 'NON_GOV'] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number];
export const AID_UNITS = ['HOUSEHOLD', 'MEMBER'] as const;
export type AidUnit = (typeof AID_UNITS)[number];
export const RECEIPT_SOURCES = ['MANUAL', 'IMPORT', 'REGISTRY_FLAG'] as const;
export type ReceiptSource = (typeof RECEIPT_SOURCES)[number];
export const PROPOSAL_STATUSES = ['PROPOSED', 'VERIFIED', 'APPROVED', 'DISTRIBUTED', 'REJECTED'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];
export const MATCH_RESULTS = ['MATCHED', 'MATCHED_DIFF', 'NOT_FOUND', 'INVALID'] as const;
export type MatchResult = (typeof MATCH_RESULTS)[number];

export interface AidProgramTable {
  id: Generated<number>;
  code: string;
  name: string;
  unit: AidUnit;
  funding_source: FundingSource;
  funding_label: string;
  agency: string;
  eligibility_notes: string | null;
  historic: ColumnType<boolean, boolean | undefined, boolean>;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  kabupaten_code: string | null;
  created_by: number | null;
  created_at: Timestamp;
}

export interface AidImportTable {
  id: Generated<number>;
  kabupaten_code: string;
  program_id: number;
  period_year: number;
  period_month: number | null;
  file_name: string;
  file_sha256: string;
  status: ColumnType<string, string | undefined, string>;
  counts: Json<Record<string, number>>;
  job_id: number | null;
  created_by: number | null;
  created_at: Timestamp;
  finished_at: Date | null;
}

export interface AidImportRowTable {
  id: Generated<number>;
  import_id: number;
  row_number: number;
  kabupaten_code: string;
  kecamatan_code: string | null;
  desa_code: string | null;
  nik: string | null;
  kk_number: string | null;
  name: string | null;
  amount: Money;
  result: MatchResult;
  reason: string | null;
  household_id: number | null;
  member_id: number | null;
}

export interface AidReceiptTable {
  id: Generated<number>;
  kabupaten_code: string;
  kecamatan_code: string;
  desa_code: string;
  program_id: number;
  household_id: number;
  member_id: number | null;
  period_year: number;
  period_month: number | null;
  amount: Money;
  funding_source: FundingSource;
  source: ReceiptSource;
  import_id: number | null;
  proposal_id: number | null;
  note: string | null;
  created_by: number | null;
  created_at: Timestamp;
}

export interface AidProposalTable {
  id: Generated<number>;
  kabupaten_code: string;
  kecamatan_code: string;
  desa_code: string;
  household_id: number;
  member_id: number | null;
  program_id: number;
  status: ColumnType<ProposalStatus, ProposalStatus | undefined, ProposalStatus>;
  amount: Money;
  reason: string | null;
  rejection_reason: string | null;
  proposed_by: number | null;
  proposed_at: Timestamp;
  verified_by: number | null;
  verified_at: Date | null;
  approved_by: number | null;
  approved_at: Date | null;
  distributed_by: number | null;
  distributed_at: Date | null;
  rejected_by: number | null;
  rejected_at: Date | null;
  receipt_id: number | null;
  version: ColumnType<number, number | undefined, number>;
  updated_at: Timestamp;
}

export interface AidProposalEventTable {
  id: Generated<number>;
  proposal_id: number;
  kabupaten_code: string;
  kecamatan_code: string;
  desa_code: string;
  from_status: ProposalStatus | null;
  to_status: ProposalStatus;
  amount: Money;
  note: string | null;
  actor_id: number | null;
  at: Timestamp;
}

export interface AidLokusOverrideTable {
  desa_code: string;
  kabupaten_code: string;
  kecamatan_code: string;
  pinned: boolean;
  reason: string;
  set_by: number | null;
  set_at: Timestamp;
}

export interface AidDesaBudgetTable {
  id: Generated<number>;
  kabupaten_code: string;
  kecamatan_code: string;
  desa_code: string;
  year: number;
  program_id: number;
  allocation: ColumnType<string, number | string, number | string>;
  note: string | null;
  created_by: number | null;
  updated_at: Timestamp;
  version: ColumnType<number, number | undefined, number>;
}

export interface AidDesaBudgetHouseholdTable {
  budget_id: number;
  household_id: number;
  desa_code: string;
}

export interface AidTables {
  aid_program: AidProgramTable;
  aid_import: AidImportTable;
  aid_import_row: AidImportRowTable;
  aid_receipt: AidReceiptTable;
  aid_proposal: AidProposalTable;
  aid_proposal_event: AidProposalEventTable;
  aid_lokus_override: AidLokusOverrideTable;
  aid_desa_budget: AidDesaBudgetTable;
  aid_desa_budget_household: AidDesaBudgetHouseholdTable;
}
