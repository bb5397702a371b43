import { API, ApiError, NetworkError } from '../../lib/api';
import type { Res } from '../../lib/api/client';

export type Outcome = 'TETAP' | 'MAMPU' | 'MENINGGAL' | 'PINDAH' | 'TIDAK_DITEMUKAN' | 'GANDA' | 'USULAN_BARU';
export const OUTCOMES: Outcome[] = ['TETAP', 'MAMPU', 'MENINGGAL', 'PINDAH', 'TIDAK_DITEMUKAN', 'GANDA'];
export type Status = 'DRAFT' | 'SUBMITTED' | 'APPROVED' | 'RETURNED';

export interface Period {
  id: number;
  name: string;
  startDate: string;
  endDate: string;
}

export interface WorkItem {
  householdId: number;
  headName: string;
  address: string | null;
  /** MISKIN_EKSTREM, MISKIN or TIDAK_MISKIN. */
  targetStatus: string;
  desil: number | null;
  /** Dusun and RT as the address names them (null when it does not). */
  dusun: string | null;
  rt: string | null;
  memberCount: number;
  visited: boolean;
  /** Pemadanan flags: open candidate pairs, and pairs decided as a duplicate of another household. */
  possibleDuplicate: { openCandidates: number; resolvedSame: number } | null;
  verval: { id: number; status: Status; outcome: Outcome | null; version: number; reviewComment: string | null } | null;
}

export interface Worklist {
  total: number;
  visited: number;
  matching: number;
  /** The dusun and RT named in the desa's addresses (for the filters). */
  dusuns: string[];
  rts: string[];
  nextCursor: string | null;
  items: WorkItem[];
}

/** GET /households/search: a household to pick as the other half of a duplicate (identifiers masked). */
export type HouseholdHit = Res<'/households/search', 'get'>['items'][number];

export type RemoveReason = 'MENINGGAL' | 'PINDAH' | 'MENIKAH_KELUAR';
export const REMOVE_REASONS: RemoveReason[] = ['MENINGGAL', 'PINDAH', 'MENIKAH_KELUAR'];

export interface NewPerson {
  type: 'ADD' | 'BORN';
  name: string;
  nik: string | null;
  sex: 'L' | 'P' | null;
  birthDate: string | null;
  relationship: string | null;
}
export type MemberChange = NewPerson | { type: 'REMOVE'; memberId: number; name?: string; reason: RemoveReason };

export interface UserRef {
  id: number;
  username: string;
  fullName: string;
}

export interface Verval {
  id: number;
  status: Status;
  found: boolean | null;
  outcome: Outcome | null;
  destinationDesaCode: string | null;
  duplicateOfHouseholdId: number | null;
  suggestedClass: string | null;
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
  updatedBy: UserRef | null;
  updatedAt: string;
  version: number;
}

export interface Member {
  id: number;
  name: string;
  nik: string | null;
  sex: string | null;
  relationship: string | null;
  birthDate: string | null;
}

/** Household fields a verval may correct (same names as the API's EDITABLE_FIELDS). */
export const TEXT_FIELDS = [
  'headName',
  'headNik',
  'kkNumber',
  'headOccupation',
  'headEducation',
  'address',
  'houseOwnership',
  'roofType',
  'wallType',
  'floorType',
  'lighting',
  'cookingFuel',
  'drinkingWater',
  'toilet',
] as const;
export type EditableField = (typeof TEXT_FIELDS)[number] | 'headSex' | 'headBirthDate' | 'hasSavings';

export interface HouseholdVerval {
  householdId: number;
  headName: string;
  desaCode: string;
  desaName: string | null;
  source: string;
  targetStatus: string;
  suggestedClass: string | null;
  fields: Record<EditableField, unknown>;
  indicators: Record<string, unknown>;
  members: Member[];
  verval: Verval | null;
}

export interface ReviewItem {
  id: number;
  householdId: number;
  headName: string;
  desaCode: string;
  desaName: string | null;
  outcome: Outcome | null;
  suggestedClass: string | null;
  differsFromSuggestion: boolean;
  submittedAt: string;
  submittedBy: string | null;
  changes: number;
  memberChanges: number;
  photos: number;
  version: number;
}

export interface ReviewQueue {
  total: number;
  nextCursor: string | null;
  items: ReviewItem[];
}

/** Object URLs of photos kept on the device and not yet uploaded (`local:<id>`), set by the household page. */
export const localPhotoUrls = new Map<string, string>();

/** Address of a verval photo: by household (before the record is saved) or by record; a photo still on the device from its Blob. */
export const householdPhotoUrl = (householdId: number | string, sha: string, size: 'thumb' | 'full') =>
  localPhotoUrls.get(sha) ?? `${API}/verval/households/${householdId}/photos/${sha}?size=${size}`;
export const vervalPhotoUrl = (vervalId: number, sha: string, size: 'thumb' | 'full') =>
  `${API}/verval/${vervalId}/photos/${sha}?size=${size}`;

/** A map link for a GPS point (OpenStreetMap, no key needed). */
export const mapUrl = (gps: { lat: number; lon: number }) =>
  `https://www.openstreetmap.org/?mlat=${gps.lat}&mlon=${gps.lon}#map=18/${gps.lat}/${gps.lon}`;

/** A new key per user action; retries of that action reuse it, so the server applies it once. */
export const newKey = () => `web-${crypto.randomUUID()}`;

async function send<T>(method: string, path: string, body: unknown, key: string): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'x-requested-with': 'sasmita', 'idempotency-key': key };
  let payload: BodyInit;
  if (body instanceof FormData) payload = body;
  else {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(API + path, { method, headers, body: payload, credentials: 'same-origin' });
  } catch {
    throw new NetworkError();
  }
  const data = (await res.json().catch(() => null)) as {
    error?: { code: string; message: string; messageEn: string; details?: unknown };
  } | null;
  if (!res.ok) {
    const e = data?.error;
    throw new ApiError(
      res.status,
      e?.code ?? `HTTP_${res.status}`,
      e?.message ?? `Kesalahan server (${res.status})`,
      e?.messageEn ?? `Server error (${res.status})`,
      e?.details,
    );
  }
  return data as T;
}

/**
 * Send a write, retrying with the same Idempotency-Key while the network fails (a phone in a
 * weak signal area). Server answers (errors included) are returned at once.
 */
export async function sendWithRetry<T>(
  method: 'PUT' | 'POST',
  path: string,
  body: unknown,
  key: string,
  onRetry: (attempt: number) => void,
  attempts = 5,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send<T>(method, path, body, key);
    } catch (err) {
      if (!(err instanceof NetworkError) || attempt >= attempts) throw err;
      onRetry(attempt);
      await new Promise((r) => setTimeout(r, Math.min(8000, 500 * 2 ** attempt)));
    }
  }
}
