/**
 * The verval worklist on the measured cheap phone (bench/phone.ts, docs/phone-profile.md):
 * a real server over a fresh in-memory PGlite serving the built web app (run `npm run build`
 * first), one desa of households, an operator desa; headless Chromium under "fast 3G" + 4× CPU.
 * Cold = a new context (empty cache, no service worker); warm = a second visit in the same
 * context once the service worker is active. Prints the time until the first worklist card is
 * visible, the requests and the bytes transferred (Network.loadingFinished encodedDataLength).
 *
 *   npm run bench -- field-load [--households 300] [--profile slow]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { SYSTEM_ACTOR } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { buildServer, CSRF_HEADER, CSRF_VALUE } from '../src/http/server.js';
import { loadKabupaten } from '../src/modules/regions/service.js';
import { createUser } from '../src/modules/users/service.js';
import { seedHouseholds } from '../test/e2e/seed.js';
import { describeMachine } from './machine.js';
import { countOption, option } from './options.js';
import { FAST_3G, PHONE_CONTEXT, SLOW_3G, throttle } from './phone.js';

const HOUSEHOLDS = countOption('households', 300);
const PROFILE = option('profile', 'fast') === 'slow' ? SLOW_3G : FAST_3G;
const DESA = '35.13.06.2005';
const PASSWORD = 'bench-phone-123';
const webDist = path.resolve('web/dist');
if (!fs.existsSync(path.join(webDist, 'sw.js'))) throw new Error('web/dist/sw.js missing: run "npm run build" first');

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sasmita-field-'));
const config = loadConfig({ dataDir, webDist, logLevel: 'silent', loginPerIpPerMinute: 1000 }, {});
const database = await openDatabase({});
const ctx = { config, database, db: database.db };
await migrateToLatest(database);
await loadKabupaten(ctx.db, config.kabupatenCode, SYSTEM_ACTOR);
await seedHouseholds(
  ctx.db,
  Array.from({ length: HOUSEHOLDS }, (_, i) => ({
    desa: DESA,
    headName: `Kepala Keluarga ${i + 1}`,
    desil: (i % 4) + 1,
    members: ['Istri', 'Anak'],
  })),
);
await ctx.db
  .insertInto('program_period')
  .values({
    kabupaten_code: '35.13',
    program: 'Gesek Ekstrem',
    name: 'Gesek Ekstrem 2026',
    start_date: '2026-01-01',
    end_date: '2026-12-31',
  })
  .execute();
await createUser(
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

/** Open the worklist on a throttled page; time until the first household card shows. */
async function visit(page: Page) {
  const t = await throttle(page, PROFILE);
  const start = performance.now();
  await page.goto('/verval', { waitUntil: 'commit', timeout: 120_000 });
  await page.getByTestId('verval-worklist').getByRole('link').first().waitFor({ timeout: 120_000 });
  const ms = performance.now() - start;
  // Let late requests of this load finish before counting.
  await page.waitForLoadState('networkidle', { timeout: 60_000 }).catch(() => {});
  return { ms, bytes: t.bytes(), requests: t.requests() };
}

const before = os.loadavg()[0] ?? 0;
const context = await browser.newContext({ ...PHONE_CONTEXT, baseURL });
const login = await context.request.post('/api/v1/auth/login', {
  data: { username: 'operator', password: PASSWORD },
  headers: { [CSRF_HEADER]: CSRF_VALUE },
});
if (login.status() !== 200) throw new Error(`login failed: ${login.status()}`);
const cold = await visit(await context.newPage());
const first = context.pages()[0] as Page;
await first.waitForFunction('navigator.serviceWorker.ready.then((r) => r.active.state === "activated")', undefined, { timeout: 120_000 });
const warm = await visit(await context.newPage());
const after = os.loadavg()[0] ?? 0;
await browser.close();
await app.close();
await database.close();
fs.rmSync(dataDir, { recursive: true, force: true });

const m = describeMachine();
const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
console.log(`Machine: ${m.cpu}, ${m.cores} cores, ${m.ramGb} GB RAM; load average ${before.toFixed(2)} → ${after.toFixed(2)}`);
console.log(`Verval worklist, operator desa, ${HOUSEHOLDS} households, ${PROFILE.name} + ${PROFILE.cpuRate}× CPU, 360×740:`);
console.log(`| visit | worklist visible | requests | transferred |`);
console.log(`|---|---:|---:|---:|`);
console.log(`| cold (no cache, no service worker) | ${s(cold.ms)} | ${cold.requests} | ${kb(cold.bytes)} |`);
console.log(`| warm (service worker active) | ${s(warm.ms)} | ${warm.requests} | ${kb(warm.bytes)} |`);
