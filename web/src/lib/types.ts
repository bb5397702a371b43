/** Shapes of the API answers the web app reads (see the OpenAPI document at /api/docs). */
import type { Language } from '../i18n';
import type { Schemas } from './api/client';

export const ROLES = [
  'admin_kabupaten',
  'pimpinan',
  'opd_pendamping',
  'operator_kecamatan',
  'operator_desa',
  'pendamping',
  'dinsos',
] as const;
export type Role = (typeof ROLES)[number];

/** Region level (2 kabupaten, 3 kecamatan, 4 desa) each role may be held on; mirrors the server. */
export const ROLE_LEVELS: Record<Role, { min: number; max: number }> = {
  admin_kabupaten: { min: 2, max: 2 },
  pimpinan: { min: 2, max: 3 },
  opd_pendamping: { min: 2, max: 4 },
  operator_kecamatan: { min: 3, max: 3 },
  operator_desa: { min: 4, max: 4 },
  pendamping: { min: 3, max: 4 },
  dinsos: { min: 2, max: 2 },
};

export interface Grant {
  role: Role;
  regionCode: string;
  regionName?: string | null;
  source?: string;
}

export interface User {
  id: number;
  username: string;
  fullName: string;
  active: boolean;
  language: Language;
  roles: Grant[];
  createdAt: string;
}

export interface Meta {
  kabupaten: { code: string; name: string };
  version: string;
}

export type Region = Schemas['Region'];

export interface Page<T> {
  items: T[];
  total: number;
  /** The household list: total is an estimate (shown as "± n"). */
  totalApproximate?: boolean;
  page: number;
  pageSize: number;
}

export interface AuditEntry {
  id: number;
  at: string;
  actorName: string;
  action: string;
  entity: string;
  entityId: string | null;
  regionCode: string | null;
  before: unknown;
  after: unknown;
}

export const AID_KEYS = ['bpnt', 'bpum', 'bst', 'pkh', 'sembako'] as const;
export type AidKey = (typeof AID_KEYS)[number];
export const TARGET_STATUSES = ['MISKIN_EKSTREM', 'MISKIN', 'TIDAK_MISKIN'] as const;
export const SOURCES = ['P3KE', 'DTKS', 'MANUAL'] as const;

export interface HouseholdRow {
  id: number;
  desaCode: string;
  desaName: string | null;
  kecamatanCode: string;
  kecamatanName: string | null;
  headName: string;
  headNik: string | null;
  kkNumber: string | null;
  address: string | null;
  desil: number | null;
  targetStatus: string;
  source: string;
  memberCount: number;
  aid: Record<AidKey, boolean>;
  updatedAt?: string;
}

export type Household = HouseholdRow & Record<string, unknown>;

export type Member = { id: number; name: string; nik: string | null } & Record<string, unknown>;

export interface HistoryEntry {
  id: number;
  importId: number | null;
  changedAt: string;
  changedBy: number | null;
  changedByName?: string | null;
  changes: Record<string, unknown>;
}

export interface HouseholdDetail {
  household: Household;
  members: Member[];
  history: HistoryEntry[];
  audit: AuditEntry[];
}

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

export interface ImportCounts {
  rows: number;
  stored: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  warnings: number;
}

/** What an import did to households or members (older imports lack removed/rejected). */
export interface ImportEntityCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  removed?: number;
  rejected?: number;
}

export interface ImportBatch {
  id: number;
  kind: string;
  status: string;
  edition: string | null;
  files: unknown;
  counts: (Partial<ImportCounts> & { households?: ImportEntityCounts; members?: ImportEntityCounts }) | null;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
  startedBy?: { id: number; name: string } | null;
  jobId?: number | null;
}

export interface ImportIssue {
  file: string;
  rowNumber: number;
  column: string | null;
  value: string | null;
  severity: 'ERROR' | 'WARNING';
  code: string;
  message: string;
}
