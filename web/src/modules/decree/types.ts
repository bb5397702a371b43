/** Shapes of the /api/v1/decrees answers. */

export interface DesaTotal {
  code: string;
  name: string;
  households: number;
  members: number;
}

export interface KecamatanTotal extends DesaTotal {
  desa: DesaTotal[];
}

export interface Totals {
  households: number;
  members: number;
  kecamatan: KecamatanTotal[];
}

export interface Precondition {
  code: string;
  count: number;
  message: string;
  messageEn: string;
  items: { code: string; name: string }[];
}

export interface Decree {
  id: number;
  number: string;
  decreeDate: string;
  title: string;
  signatoryName: string;
  signatoryPosition: string;
  status: string;
  previous: { id: number; number: string | null } | null;
  override: { preconditions: { code: string; count: number }[]; reason: string } | null;
  householdCount: number;
  memberCount: number;
  kecamatanCount: number;
  desaCount: number;
  addedCount: number;
  removedCount: number;
  finalisedBy: { id: number; name: string | null };
  finalisedAt: string;
}

export interface DecreeDetail extends Decree {
  totals: Totals;
}

export interface DiffEntry {
  householdId: number;
  kecamatanName: string;
  desaName: string;
  headName: string;
  headNik: string | null;
  change: 'ADDED' | 'REMOVED';
  reasonCode: 'NEW_HOUSEHOLD' | 'BECAME_TARGET' | 'NO_LONGER_TARGET' | 'ENDED_MENINGGAL' | 'ENDED_GANDA' | 'NOT_IN_REGISTRY';
  musdes: {
    meetingId: number;
    number: string;
    heldOn: string;
    decision: 'KEEP' | 'REMOVE' | 'ADD' | 'DEFER';
    reason: string | null;
  } | null;
}
