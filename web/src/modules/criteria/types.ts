/** Shapes of the criteria API answers (see /api/docs, tag "criteria"). */

export type CriteriaStatus = 'DRAFT' | 'ADOPTED' | 'ARCHIVED';
export type ClassLabel = 'MISKIN_EKSTREM' | 'MISKIN' | 'TIDAK_MISKIN';
export const CLASS_LABELS: readonly ClassLabel[] = ['MISKIN_EKSTREM', 'MISKIN', 'TIDAK_MISKIN'];

export interface CriteriaSummary {
  id: number;
  code: string;
  version: number;
  title: string;
  status: CriteriaStatus;
  note: string | null;
  indicatorCount: number;
  createdBy: string | null;
  createdAt: string;
  adoptedBy: string | null;
  adoptedAt: string | null;
}

export interface CriteriaView extends CriteriaSummary {
  definition: unknown;
}

export interface Problem {
  path: string;
  message: string;
  messageEn: string;
}

export type ClassCounts = Record<ClassLabel, number>;

export interface Transition {
  from: ClassLabel;
  to: ClassLabel;
  count: number;
}

export interface AreaChange {
  code: string;
  name: string;
  households: number;
  changed: number;
  before: ClassCounts;
  after: ClassCounts;
  transitions: Transition[];
}

export interface CriteriaRef {
  id: number;
  code: string;
  version: number;
  title: string;
  status: CriteriaStatus;
}

export interface WhatIf {
  draft: CriteriaRef;
  baseline: CriteriaRef;
  summary: { households: number; changed: number; before: ClassCounts; after: ClassCounts; matrix: Transition[] };
  byKecamatan: AreaChange[];
  byDesa: Array<AreaChange & { kecamatanCode: string; kecamatanName: string }>;
  elapsedMs: number;
}
