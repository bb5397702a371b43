import { API, ApiError, NetworkError } from '../../lib/api';

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
  memberCount: number;
  visited: boolean;
  verval: { id: number; status: Status; outcome: Outcome | null; version: number } | null;
}

export interface Worklist {
  total: number;
  visited: number;
  items: WorkItem[];
}

export interface Verval {
  id: number;
  status: Status;
  found: boolean | null;
  outcome: Outcome | null;
  destinationDesaCode: string | null;
  duplicateOfHouseholdId: number | null;
  outcomeReason: string | null;
  changes: Record<string, { before: unknown; after: unknown }>;
  memberChanges: Array<Record<string, unknown>>;
  photos: string[];
  gps: { lat: number; lon: number } | null;
  note: string | null;
  reviewComment: string | null;
  version: number;
}

export interface HouseholdVerval {
  householdId: number;
  headName: string;
  desaCode: string;
  suggestedClass: string | null;
  verval: Verval | null;
}

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
