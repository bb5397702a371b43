/** Shapes of the API answers the web app reads (see the OpenAPI document at /api/docs). */
import type { Schemas } from './api/client';

/** A role code; GET /meta lists every role with the region levels it may be granted on. */
export type Role = Schemas['Role'];

/** A role on a region, as the user answers carry it; a form sends only role and regionCode. */
export type Grant = Pick<User['roles'][number], 'role' | 'regionCode'> & Partial<Pick<User['roles'][number], 'regionName' | 'source'>>;

export type User = Schemas['User'];

export type Meta = Schemas['SystemMeta'];

export type Region = Schemas['Region'];

/** An audit log entry (GET /audit), generated from the server's OpenAPI document. */
export type AuditEntry = Schemas['AuditEntry'];

export const AID_KEYS = ['bpnt', 'bpum', 'bst', 'pkh', 'sembako'] as const;
export type AidKey = (typeof AID_KEYS)[number];
export const TARGET_STATUSES = ['MISKIN_EKSTREM', 'MISKIN', 'TIDAK_MISKIN'] as const;
export const SOURCES = ['P3KE', 'DTKS', 'MANUAL'] as const;

export type HouseholdRow = Schemas['HouseholdListItem'];

export type HouseholdDetail = Schemas['HouseholdDetail'];
export type Household = HouseholdDetail['household'];
export type Member = HouseholdDetail['members'][number];
export type HistoryEntry = HouseholdDetail['history'][number];

export interface Job {
  id: string | number;
  kind: string;
  status: 'RUNNING' | 'DONE' | 'FAILED' | string;
  phase: string | null;
  done: number;
  total: number | null;
  message: string | null;
  result: unknown;
  error: unknown;
}

export type ImportCounts = Schemas['ImportCounts'];

/** What an import did to households or members (older imports lack removed/rejected). */
export type ImportEntityCounts = NonNullable<ImportCounts['households']>;

export type ImportBatch = Schemas['ImportBatch'];

export type ImportIssue = Schemas['ImportIssue'];
