/**
 * The web app's typed API client (ADR 0015). Every path, parameter, body and answer type comes
 * from `openapi.d.ts`, which `npm run gen:api` (and every build) generates from the server's
 * OpenAPI document: no page declares the shape of an API answer by hand, and a server change
 * that breaks a page fails `tsc -p web`.
 *
 *   import { apiGet, apiPost, useGet, type Schemas, type Res } from '../../lib/api/client';
 *   const programs = await apiGet('/aid/programs');                         // typed answer
 *   const p = await apiPost('/aid/proposals', { body: { … } });             // body checked
 *   const { data } = useGet('/households/{id}', { params: { path: { id } } });
 *   type Program = Schemas['AidProgram'];                  // a named schema (`.meta({ id })`)
 *   type Page = Res<'/households', 'get'>;                 // any operation's answer
 *
 * Errors are the same as the untyped `api` in ../api.ts: a non-2xx answer throws `ApiError`
 * (code, Indonesian and English message), an unreachable server throws `NetworkError`, and a
 * 401 sends the app back to the login page. `api` stays for the few calls that must not do
 * that (the login form, the session probe) and for multipart uploads.
 */

import createClient, { type MaybeOptionalInit, type Middleware } from 'openapi-fetch';
import type { HttpMethod, PathsWithMethod, SuccessResponseJSON } from 'openapi-typescript-helpers';
import { API, NetworkError, parseError, sessionExpired } from '../api';
import { type ApiState, useFetched } from '../useApi';
import type { components, paths } from './openapi';

/** The named schemas of the API (`.meta({ id: 'X' })` on the server): `Schemas['X']`. */
export type Schemas = components['schemas'];

/**
 * The JSON answer of an operation, e.g. `Res<'/aid/programs', 'get'>`: the generated success
 * schema as it is. (openapi-fetch's own `data` type passes it through `Readable`, which drops
 * every property whose type is only `null`, such as the fields of a hidden matching side.)
 */
export type Res<P extends keyof paths, M extends HttpMethod & keyof paths[P]> = NonNullable<
  SuccessResponseJSON<paths[P][M] & Record<string | number, unknown>>
>;

/** The JSON request body of an operation, e.g. `Body<'/aid/proposals', 'post'>`. */
export type Body<P extends keyof paths, M extends HttpMethod & keyof paths[P]> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;

/** The query parameters of an operation. */
export type Query<P extends keyof paths, M extends HttpMethod & keyof paths[P]> = paths[P][M] extends {
  parameters: { query?: infer Q };
}
  ? NonNullable<Q>
  : never;

/** The CSRF header on every unsafe call; answers that are not 2xx become ApiError. */
const transport: Middleware = {
  onRequest({ request }) {
    if (request.method !== 'GET' && request.method !== 'HEAD') request.headers.set('x-requested-with', 'sasmita');
    return request;
  },
  async onResponse({ response }) {
    if (response.ok) return response;
    const error = await parseError(response);
    if (response.status === 401) sessionExpired();
    throw error;
  },
  onError({ error }) {
    if (error instanceof DOMException && error.name === 'AbortError') return error;
    if (error instanceof Error && (error.name === 'ApiError' || error.name === 'NetworkError')) return error;
    return new NetworkError();
  },
};

/** An openapi-fetch client on `baseUrl` with the app's transport rules (tests use their own server). */
export function createApiClient(baseUrl: string) {
  const c = createClient<paths>({ baseUrl, credentials: 'same-origin', headers: { accept: 'application/json' } });
  c.use(transport);
  return c;
}

/** The openapi-fetch client itself, for what the helpers below do not cover. */
export const client = createApiClient(API);

type Init<P extends keyof paths, M extends HttpMethod> = MaybeOptionalInit<paths[P], M>;
type Args<P extends keyof paths, M extends HttpMethod> = undefined extends Init<P, M> ? [init?: Init<P, M>] : [init: Init<P, M>];

type AnyCall = (path: string, init?: object) => Promise<{ data?: unknown; response: Response }>;

async function call<T>(method: AnyCall, path: string, init: object | undefined): Promise<T> {
  const { data, response } = await method(path, init);
  // 204 No Content and non-JSON answers carry no data; the caller's type says what to expect.
  return (response.status === 204 ? undefined : data) as T;
}

export function apiGet<P extends PathsWithMethod<paths, 'get'>>(path: P, ...[init]: Args<P, 'get'>): Promise<Res<P, 'get'>> {
  return call(client.GET as unknown as AnyCall, path, init);
}
export function apiPost<P extends PathsWithMethod<paths, 'post'>>(path: P, ...[init]: Args<P, 'post'>): Promise<Res<P, 'post'>> {
  return call(client.POST as unknown as AnyCall, path, init);
}
export function apiPut<P extends PathsWithMethod<paths, 'put'>>(path: P, ...[init]: Args<P, 'put'>): Promise<Res<P, 'put'>> {
  return call(client.PUT as unknown as AnyCall, path, init);
}
export function apiPatch<P extends PathsWithMethod<paths, 'patch'>>(path: P, ...[init]: Args<P, 'patch'>): Promise<Res<P, 'patch'>> {
  return call(client.PATCH as unknown as AnyCall, path, init);
}
export function apiDelete<P extends PathsWithMethod<paths, 'delete'>>(path: P, ...[init]: Args<P, 'delete'>): Promise<Res<P, 'delete'>> {
  return call(client.DELETE as unknown as AnyCall, path, init);
}

/**
 * GET an operation and refetch when its path or parameters change; `init === null` fetches
 * nothing (a page waiting for a choice). Older answers are dropped. `refresh` refetches when it
 * changes too: the version of what the answer depends on (a meeting's, for its tabled list).
 */
export function useGet<P extends PathsWithMethod<paths, 'get'>>(
  path: P,
  init: Init<P, 'get'> | null = undefined as Init<P, 'get'>,
  refresh?: string | number,
): ApiState<Res<P, 'get'>> {
  const key = init === null ? null : JSON.stringify([path, init ?? {}, refresh ?? null]);
  return useFetched(key, (signal) => call<Res<P, 'get'>>(client.GET as unknown as AnyCall, path, { ...(init ?? {}), signal }));
}
