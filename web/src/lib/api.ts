import i18n, { currentLanguage } from '../i18n';

/** An error answered by the API: `{error:{code,message,messageEn,details}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messageId: string,
    readonly messageEn: string,
    readonly details?: unknown,
  ) {
    super(messageEn);
    this.name = 'ApiError';
  }
}

/** The server could not be reached (offline, timeout, proxy down). */
export class NetworkError extends Error {
  constructor() {
    super('network error');
    this.name = 'NetworkError';
  }
}

type UnauthorizedHandler = () => void;
let onUnauthorized: UnauthorizedHandler = () => {};

/** The session ended (a 401 outside the login form): tell the app. */
export function sessionExpired(): void {
  onUnauthorized();
}

/** Called on any 401 except from the login call itself: the app goes back to the login page. */
export function setUnauthorizedHandler(fn: UnauthorizedHandler): void {
  onUnauthorized = fn;
}

export const API = '/api/v1';

export async function parseError(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  const e = (body as { error?: { code?: string; message?: string; messageEn?: string; details?: unknown } } | null)?.error;
  if (e?.code) return new ApiError(res.status, e.code, e.message ?? e.code, e.messageEn ?? e.message ?? e.code, e.details);
  return new ApiError(res.status, `HTTP_${res.status}`, `Kesalahan server (${res.status})`, `Server error (${res.status})`);
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** Do not treat a 401 as "session expired" (the login form and the session probe). */
  allow401?: boolean;
}

export async function request<T>(method: string, path: string, body?: unknown, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') headers['x-requested-with'] = 'sasmita';
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(API + path, { method, headers, body: payload ?? null, credentials: 'same-origin', signal: opts.signal ?? null });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new NetworkError();
  }
  if (!res.ok) {
    const error = await parseError(res);
    if (res.status === 401 && !opts.allow401) onUnauthorized();
    throw error;
  }
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  return (type.includes('json') ? await res.json() : await res.text()) as T;
}

export const api = {
  get: <T>(path: string, opts?: RequestOptions) => request<T>('GET', path, undefined, opts),
  post: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('POST', path, body, opts),
  patch: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('PATCH', path, body, opts),
  put: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('PUT', path, body, opts),
  delete: <T>(path: string, opts?: RequestOptions) => request<T>('DELETE', path, undefined, opts),
};

/** Whether the browser knows it has no network at all (airplane mode, no signal). */
export function isOffline(): boolean {
  return typeof navigator !== 'undefined' && navigator.onLine === false;
}

/** The message to show for an error, in the language the UI is in. */
export function errorText(err: unknown): string {
  const en = currentLanguage() === 'en';
  if (err instanceof ApiError) return en ? err.messageEn : err.messageId;
  if (err instanceof NetworkError) return i18n.t(isOffline() ? 'app.offline' : 'app.networkError');
  return i18n.t('app.error');
}

/** Build a query string from the set values (arrays are comma-joined; empty values left out). */
export function query(params: Record<string, string | number | boolean | readonly string[] | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '' || v === false) continue;
    if (Array.isArray(v)) {
      if (v.length) q.set(k, v.join(','));
    } else q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}
