import { API, ApiError, NetworkError } from '../../lib/api';
import type { Res, Schemas } from '../../lib/api/client';

export type Outcome = NonNullable<Verval['outcome']>;
export const OUTCOMES: Outcome[] = ['TETAP', 'MAMPU', 'MENINGGAL', 'PINDAH', 'TIDAK_DITEMUKAN', 'GANDA'];
export type Status = Verval['status'];

export type Period = Schemas['ProgramPeriod'];

export type WorkItem = Worklist['items'][number];

export type Worklist = Schemas['VervalWorklist'];

/** GET /households/search: a household to pick as the other half of a duplicate (identifiers masked). */
export type HouseholdHit = Res<'/households/search', 'get'>['items'][number];

export type RemoveReason = 'MENINGGAL' | 'PINDAH' | 'MENIKAH_KELUAR';
export const REMOVE_REASONS: RemoveReason[] = ['MENINGGAL', 'PINDAH', 'MENIKAH_KELUAR'];

export type NewPerson = Extract<MemberChange, { type: 'ADD' | 'BORN' }>;
export type MemberChange = Schemas['VervalMemberChange'];

export type UserRef = NonNullable<Schemas['UserRef']>;

export type Verval = Schemas['VervalRecord'];

export type Member = HouseholdVerval['members'][number];

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

export type HouseholdVerval = Schemas['VervalHousehold'];

export type ReviewItem = ReviewQueue['items'][number];

export type ReviewQueue = Schemas['VervalReviewQueue'];

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
