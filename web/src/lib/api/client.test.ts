import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, NetworkError, setUnauthorizedHandler } from '../api';
import { createApiClient } from './client';

// The typed client's transport against a real HTTP server: what pages rely on when a call fails.
let server: http.Server;
let base = '';
const seen: Array<{ method: string; url: string; csrf: string | undefined }> = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', csrf: req.headers['x-requested-with'] as string | undefined });
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.url?.startsWith('/api/v1/regions?parent=35.13')) return json(200, { items: [{ code: '35.13.06', name: 'Pakuniran' }] });
    if (req.url === '/api/v1/regions/99')
      return json(404, { error: { code: 'NOT_FOUND', message: 'Wilayah tidak ditemukan', messageEn: 'Region not found' } });
    if (req.url === '/api/v1/auth/me')
      return json(401, { error: { code: 'UNAUTHENTICATED', message: 'Silakan masuk', messageEn: 'Sign in' } });
    if (req.url === '/api/v1/auth/logout') {
      res.writeHead(204);
      return res.end();
    }
    json(500, { nope: true });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('typed API client', () => {
  it('answers the JSON of a 2xx and sends query parameters', async () => {
    const c = createApiClient(base);
    const { data } = await c.GET('/regions', { params: { query: { parent: '35.13' } } });
    expect(data?.items[0]?.name).toBe('Pakuniran');
    expect(seen.at(-1)).toMatchObject({ method: 'GET', url: '/api/v1/regions?parent=35.13', csrf: undefined });
  });

  it('throws ApiError with the server code and both messages for a 4xx', async () => {
    const c = createApiClient(base);
    const err = await c.GET('/regions/{code}', { params: { path: { code: '99' } } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 404, code: 'NOT_FOUND', messageId: 'Wilayah tidak ditemukan', messageEn: 'Region not found' });
  });

  it('sends the CSRF header on unsafe calls and tells the app when the session ended', async () => {
    let expired = 0;
    setUnauthorizedHandler(() => expired++);
    const c = createApiClient(base);
    await c.POST('/auth/logout');
    expect(seen.at(-1)).toMatchObject({ method: 'POST', csrf: 'sasmita' });
    const err = await c.GET('/auth/me').catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    expect(expired).toBe(1);
  });

  it('throws NetworkError when the server cannot be reached', async () => {
    const c = createApiClient('http://127.0.0.1:9/api/v1');
    await expect(c.GET('/regions')).rejects.toBeInstanceOf(NetworkError);
  });
});
