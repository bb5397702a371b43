import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { VervalOutcome, VervalStatus, VervalTable } from './tables.js';

/** A member change recorded during verval. */
export type MemberChange =
  | {
      type: 'ADD' | 'BORN';
      name: string;
      nik: string | null;
      sex: 'L' | 'P' | null;
      birthDate: string | null;
      relationship: string | null;
    }
  | { type: 'REMOVE'; memberId: number; name: string; reason: 'MENINGGAL' | 'PINDAH' | 'MENIKAH_KELUAR' };

export interface UserRef {
  id: number;
  username: string;
  fullName: string;
}

/** A verval record as the API returns it (and as revisions and idempotent replies store it). */
export interface VervalView {
  id: number;
  periodId: number;
  householdId: number;
  desaCode: string;
  status: VervalStatus;
  found: boolean | null;
  outcome: VervalOutcome | null;
  destinationDesaCode: string | null;
  destinationPlace: string | null;
  duplicateOfHouseholdId: number | null;
  suggestedClass: string | null;
  criteriaId: number | null;
  outcomeReason: string | null;
  changes: Record<string, { before: unknown; after: unknown }>;
  memberChanges: MemberChange[];
  photos: string[];
  gps: { lat: number; lon: number } | null;
  note: string | null;
  reviewComment: string | null;
  submittedBy: UserRef | null;
  submittedAt: string | null;
  reviewedBy: UserRef | null;
  reviewedAt: string | null;
  version: number;
  updatedBy: UserRef | null;
  updatedAt: string;
}

type Row = Selectable<VervalTable>;

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

async function usersById(db: Kysely<DB>, ids: Array<number | null>): Promise<Map<number, UserRef>> {
  const wanted = [...new Set(ids.filter((x): x is number => x !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('app_user').select(['id', 'username', 'full_name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, { id: r.id, username: r.username, fullName: r.full_name }]));
}

export async function toViews(db: Kysely<DB>, rows: Row[]): Promise<VervalView[]> {
  const users = await usersById(
    db,
    rows.flatMap((r) => [r.submitted_by, r.reviewed_by, r.updated_by]),
  );
  const user = (id: number | null) => (id === null ? null : (users.get(id) ?? null));
  return rows.map((r) => ({
    id: r.id,
    periodId: r.period_id,
    householdId: r.household_id,
    desaCode: r.desa_code,
    status: r.status,
    found: r.found,
    outcome: r.outcome,
    destinationDesaCode: r.destination_desa_code,
    destinationPlace: r.destination_place,
    duplicateOfHouseholdId: r.duplicate_of,
    suggestedClass: r.suggested_class,
    criteriaId: r.criteria_id,
    outcomeReason: r.outcome_reason,
    changes: r.changes,
    memberChanges: r.member_changes as MemberChange[],
    photos: r.photos,
    gps: r.latitude === null || r.longitude === null ? null : { lat: r.latitude, lon: r.longitude },
    note: r.note,
    reviewComment: r.review_comment,
    submittedBy: user(r.submitted_by),
    submittedAt: iso(r.submitted_at),
    reviewedBy: user(r.reviewed_by),
    reviewedAt: iso(r.reviewed_at),
    version: r.version,
    updatedBy: user(r.updated_by),
    updatedAt: new Date(r.updated_at).toISOString(),
  }));
}

export async function toView(db: Kysely<DB>, row: Row): Promise<VervalView> {
  const [view] = await toViews(db, [row]);
  return view!;
}
