import type { Schemas } from '../../lib/api/client';

/** Shapes of the /organisation API answers: the server's named schemas (generated, ADR 0015). */
export type Echelon = Schemas['Official']['echelon'];
export type AssignmentRole = Schemas['Assignment']['role'];
export type StageKind = Schemas['ScheduleStage']['kind'];
export const ECHELONS: Echelon[] = ['II', 'III', 'IV', 'JF', 'STAF'];
export const ASSIGNMENT_ROLES: AssignmentRole[] = ['pendamping_desa', 'staf_pendamping', 'pembina_kecamatan'];
export const STAGE_KINDS: StageKind[] = ['sosialisasi', 'verval', 'musdes', 'penetapan', 'pendampingan'];

export type Period = Schemas['ProgramPeriod'];
export type Agency = Schemas['Agency'];
export type Official = Schemas['Official'];
export type Assignment = Schemas['Assignment'];
export type AgencyAssignment = Schemas['AgencyAssignment'];
export type Warning = Schemas['AssignmentWarning'];
export type Coverage = Schemas['Coverage'];
export type AssignedOfficial = Coverage['kecamatan'][number]['pembina'][number];
export type Stage = Schemas['ScheduleStage'];
export type Draft = Schemas['SplitDraft'];

export interface ImportRowError {
  row: number;
  column: string | null;
  value: string | null;
  reason: string;
  reasonEn: string;
}
