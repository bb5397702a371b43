import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/app.js';
import { type Config, loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { createScratchDatabase } from '../../src/db/scratch.js';
import type { App, AppContext } from '../../src/http/context.js';
import { buildServer, CSRF_HEADER, CSRF_VALUE } from '../../src/http/server.js';
import type { Grant } from '../../src/modules/access/scope.js';
import { loadKabupaten } from '../../src/modules/regions/service.js';
import { createUser } from '../../src/modules/users/service.js';

export interface TestServer {
  app: App;
  ctx: AppContext;
  baseUrl: string;
  /** Create a user with roles and return a client signed in as them. */
  userClient(username: string, grants: Grant[]): Promise<Client>;
  anonymous(): Client;
  close(): Promise<void>;
}

export const TEST_PASSWORD = 'uji-coba-123';

/**
 * A real server on a random port over a fresh database: in-memory PGlite, or, when
 * DATABASE_URL is set, a new PostgreSQL database created for this server and dropped after.
 */
export async function startTestServer(overrides: Partial<Config> = {}): Promise<TestServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sasmita-test-'));
  let databaseUrl: string | undefined;
  let dropDb: (() => Promise<void>) | undefined;
  const baseUrl = process.env.DATABASE_URL;
  // Test databases start from the run's migrated template (test/global-setup.ts) when it holds
  // this kabupaten; otherwise they are migrated here.
  const sameKabupaten = (overrides.kabupatenCode ?? loadConfig({}, {}).kabupatenCode) === loadConfig({}, {}).kabupatenCode;
  let fromTemplate = false;
  if (baseUrl) {
    const template = sameKabupaten ? inject('postgresTemplate') : '';
    const scratch = await createScratchDatabase(baseUrl, 'sasmita_t', template || undefined);
    fromTemplate = Boolean(template);
    databaseUrl = scratch.url;
    dropDb = scratch.drop;
  }
  const config = loadConfig({ dataDir, databaseUrl, logLevel: 'silent', ...overrides }, {});
  const dump = !databaseUrl && sameKabupaten ? inject('pgliteTemplate') : '';
  if (dump) fromTemplate = true;
  const database = await openDatabase({ databaseUrl, pgliteTemplate: dump ? new Blob([fs.readFileSync(dump)]) : undefined });
  const ctx: AppContext = { config, database, db: database.db };
  if (!fromTemplate) {
    await migrateToLatest(database);
    await loadKabupaten(ctx.db, config.kabupatenCode, SYSTEM_ACTOR);
  }
  const app = await buildServer(ctx, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  const url = `http://127.0.0.1:${port}`;
  return {
    app,
    ctx,
    baseUrl: url,
    async userClient(username, grants) {
      await createUser(ctx.db, { username, fullName: username, password: TEST_PASSWORD, roles: grants }, null, SYSTEM_ACTOR);
      const c = new Client(url);
      const res = await c.post('/api/v1/auth/login', { username, password: TEST_PASSWORD });
      if (res.status !== 200) throw new Error(`login failed for ${username}: ${res.status} ${JSON.stringify(res.body)}`);
      return c;
    },
    anonymous: () => new Client(url),
    async close() {
      await app.close();
      await database.close();
      await dropDb?.();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Res<T = any> {
  status: number;
  body: T;
  headers: Headers;
  text: string;
}

/** A tiny cookie-keeping HTTP client that talks to the server like the web app does. */
export class Client {
  cookie = '';
  constructor(readonly baseUrl: string) {}

  async request<T = any>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res<T>> {
    const h: Record<string, string> = { [CSRF_HEADER]: CSRF_VALUE, ...headers };
    if (this.cookie) h.cookie = this.cookie;
    let payload: string | FormData | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      h['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const res = await fetch(this.baseUrl + url, { method, headers: h, body: payload ?? null });
    const setCookie = res.headers.getSetCookie();
    for (const c of setCookie) {
      const [pair] = c.split(';');
      if (pair?.startsWith('sasmita_session=')) this.cookie = pair.endsWith('=') ? '' : pair;
    }
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
    return { status: res.status, body: parsed as T, headers: res.headers, text };
  }
  get<T = any>(url: string) {
    return this.request<T>('GET', url);
  }
  post<T = any>(url: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', url, body, headers);
  }
  patch<T = any>(url: string, body?: unknown) {
    return this.request<T>('PATCH', url, body);
  }
  put<T = any>(url: string, body?: unknown) {
    return this.request<T>('PUT', url, body);
  }
  delete<T = any>(url: string) {
    return this.request<T>('DELETE', url);
  }
}
