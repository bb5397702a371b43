import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';
import { SYSTEM_ACTOR } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import type { AppContext } from '../src/http/context.js';
import { buildServer, CSRF_HEADER, CSRF_VALUE } from '../src/http/server.js';
import { loadKabupaten } from '../src/modules/regions/service.js';
import { createUser } from '../src/modules/users/service.js';
import { seedHouseholds, seedPeriod } from '../test/e2e/seed.js';
import { PHONE_CONTEXT } from './phone.js';

/**
 * What the field benchmarks (bench/field-load.ts, bench/field-offline.ts) share: a real server
 * over a fresh in-memory PGlite serving the built web app (run `npm run build` first), one desa
 * of households with members, a program period, an operator desa of that desa, headless
 * Chromium, and a phone context signed in as the operator.
 */

export const DESA = '35.13.06.2005';
const PASSWORD = 'bench-phone-123';

export interface FieldServer {
  ctx: AppContext;
  baseURL: string;
  periodId: number;
  userId: number;
  householdIds: number[];
  browser: Browser;
  /** A new phone context (360×740, service workers allowed) signed in as the operator. */
  phone(): Promise<BrowserContext>;
  close(): Promise<void>;
}

export async function startFieldServer(households: number, members: string[]): Promise<FieldServer> {
  const webDist = path.resolve('web/dist');
  if (!fs.existsSync(path.join(webDist, 'sw.js'))) throw new Error('web/dist/sw.js missing: run "npm run build" first');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sasmita-field-'));
  const config = loadConfig({ dataDir, webDist, logLevel: 'silent', loginPerIpPerMinute: 1000 }, {});
  const database = await openDatabase({});
  const ctx: AppContext = { config, database, db: database.db };
  await migrateToLatest(database);
  await loadKabupaten(ctx.db, config.kabupatenCode, SYSTEM_ACTOR);
  const householdIds = await seedHouseholds(
    ctx.db,
    Array.from({ length: households }, (_, i) => ({ desa: DESA, headName: `Kepala Keluarga ${i + 1}`, desil: (i % 4) + 1, members })),
  );
  const periodId = await seedPeriod(ctx.db);
  const user = await createUser(
    ctx.db,
    { username: 'operator', fullName: 'Operator Desa', password: PASSWORD, roles: [{ role: 'operator_desa', regionCode: DESA }] },
    null,
    SYSTEM_ACTOR,
  );
  const app = await buildServer(ctx, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const baseURL = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic'],
  });
  return {
    ctx,
    baseURL,
    periodId,
    userId: user.id,
    householdIds,
    browser,
    async phone() {
      const context = await browser.newContext({ ...PHONE_CONTEXT, baseURL });
      const login = await context.request.post('/api/v1/auth/login', {
        data: { username: 'operator', password: PASSWORD },
        headers: { [CSRF_HEADER]: CSRF_VALUE },
      });
      if (login.status() !== 200) throw new Error(`login failed: ${login.status()}`);
      return context;
    },
    async close() {
      await browser.close();
      await app.close();
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
