/**
 * The verval worklist on the measured cheap phone (bench/phone.ts, docs/phone-profile.md):
 * the shared server, desa and operator of bench/field-server.ts (run `npm run build` first); headless Chromium under "fast 3G" + 4× CPU.
 * Cold = a new context (empty cache, no service worker); warm = a second visit in the same
 * context once the service worker is active. Prints the time until the first worklist card is
 * visible, the requests and the bytes transferred (Network.loadingFinished encodedDataLength).
 *
 *   npm run bench -- field-load [--households 300] [--profile slow]
 */
import os from 'node:os';
import type { Page } from 'playwright-core';
import { startFieldServer } from './field-server.js';
import { describeMachine } from './machine.js';
import { countOption, option } from './options.js';
import { FAST_3G, SLOW_3G, throttle } from './phone.js';

const HOUSEHOLDS = countOption('households', 300);
const PROFILE = option('profile', 'fast') === 'slow' ? SLOW_3G : FAST_3G;
const field = await startFieldServer(HOUSEHOLDS, ['Istri', 'Anak']);

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
const context = await field.phone();
const cold = await visit(await context.newPage());
const first = context.pages()[0] as Page;
await first.waitForFunction('navigator.serviceWorker.ready.then((r) => r.active.state === "activated")', undefined, { timeout: 120_000 });
const warm = await visit(await context.newPage());
const after = os.loadavg()[0] ?? 0;
await field.close();

const m = describeMachine();
const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
console.log(`Machine: ${m.cpu}, ${m.cores} cores, ${m.ramGb} GB RAM; load average ${before.toFixed(2)} → ${after.toFixed(2)}`);
console.log(`Verval worklist, operator desa, ${HOUSEHOLDS} households, ${PROFILE.name} + ${PROFILE.cpuRate}× CPU, 360×740:`);
console.log(`| visit | worklist visible | requests | transferred |`);
console.log(`|---|---:|---:|---:|`);
console.log(`| cold (no cache, no service worker) | ${s(cold.ms)} | ${cold.requests} | ${kb(cold.bytes)} |`);
console.log(`| warm (service worker active) | ${s(warm.ms)} | ${warm.requests} | ${kb(warm.bytes)} |`);
