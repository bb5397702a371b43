/** Shapes of the /organisation API answers (see /api/docs). */
export type Echelon = 'II' | 'III' | 'IV' | 'JF' | 'STAF';
export type AssignmentRole = 'pembina_kecamatan' | 'pendamping_desa' | 'staf_pendamping';
export type StageKind = 'sosialisasi' | 'verval' | 'musdes' | 'penetapan' | 'pendampingan';
export const ECHELONS: Echelon[] = ['II', 'III', 'IV', 'JF', 'STAF'];
export const ASSIGNMENT_ROLES: AssignmentRole[] = ['pendamping_desa', 'staf_pendamping', 'pembina_kecamatan'];
export const STAGE_KINDS: StageKind[] = ['sosialisasi', 'verval', 'musdes', 'penetapan', 'pendampingan'];

export interface Period {
  id: number;
  program: string;
  name: string;
  startDate: string;
  endDate: string;
}

export interface Agency {
  id: number;
  code: string;
  name: string;
  shortName: string | null;
  officialCount: number;
}

export interface Official {
  id: number;
  agencyId: number;
  agencyCode: string;
  agencyName: string;
  name: string;
  nip: string;
  position: string;
  echelon: Echelon;
  userId: number | null;
  username: string | null;
  activeAssignments: number;
}

export interface Assignment {
  id: number;
  officialId: number;
  officialName: string;
  nip: string;
  position: string;
  echelon: Echelon;
  agencyName: string;
  role: AssignmentRole;
  kecamatanCode: string;
  kecamatanName: string;
  desaCode: string | null;
  desaName: string | null;
  source: string;
  endedAt: string | null;
}

export interface AgencyAssignment {
  id: number;
  agencyId: number;
  agencyName: string;
  kecamatanCode: string;
  kecamatanName: string;
}

export interface Warning {
  code: string;
  message: string;
  messageEn: string;
}

export interface AssignedOfficial {
  assignmentId: number;
  officialId: number;
  name: string;
  nip: string;
  agencyName: string;
}

export interface Coverage {
  norm: { maxDesaPerOfficial: number };
  summary: {
    kecamatan: number;
    kecamatanWithoutAgency: number;
    desa: number;
    uncoveredDesa: number;
    doubleDesa: number;
    desaWithoutStaff: number;
    complete: boolean;
  };
  kecamatan: Array<{
    code: string;
    name: string;
    agencies: Array<{ agencyId: number; name: string; shortName: string | null }>;
    pembina: AssignedOfficial[];
    uncovered: boolean;
    double: boolean;
    counts: { desa: number; uncovered: number; double: number; withoutStaff: number };
    desa: Array<{
      code: string;
      name: string;
      pendamping: AssignedOfficial[];
      staf: AssignedOfficial[];
      uncovered: boolean;
      double: boolean;
    }>;
  }>;
  agencies: Array<{ agencyId: number; name: string; kecamatanBinaan: number; desa: number; officials: number }>;
  officials: Array<{
    officialId: number;
    name: string;
    nip: string;
    echelon: Echelon;
    agencyName: string;
    desa: number;
    overNorm: boolean;
  }>;
  warnings: Warning[];
}

export interface Stage {
  id: number;
  periodId: number;
  kind: StageKind;
  name: string;
  startDate: string;
  endDate: string;
  kecamatanCode: string | null;
  kecamatanName: string | null;
}

export interface Draft {
  agencyAssignments: Array<{ agencyId: number; kecamatanCode: string; kecamatanName: string }>;
  assignments: Array<{
    officialId: number;
    officialName: string;
    nip: string;
    echelon: Echelon;
    agencyName: string;
    role: AssignmentRole;
    regionCode: string;
    regionName: string;
    kecamatanCode: string;
  }>;
  alreadyCovered: Array<{ code: string; name: string }>;
  uncoveredDesa: Array<{ code: string; name: string }>;
  warnings: Warning[];
}

export interface ImportRowError {
  row: number;
  column: string | null;
  value: string | null;
  reason: string;
  reasonEn: string;
}
