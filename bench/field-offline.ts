/**
 * The offline field app on the measured cheap phone (bench/phone.ts): the shared server, desa and
 * operator of bench/field-server.ts (run `npm run build` first), 2,000 households with members.
 *  - download: "Unduh untuk offline" under "fast 3G" + 4× CPU, from the tap until the device says
 *    it holds the desa; the pack's bytes on the wire (compressed) and as JSON.
 *  - sync: 500 saves, each with a photo (a 1600×1200 JPEG made on the page), queued in the
 *    app's IndexedDB, sent by "Kirim sekarang" with 4× CPU and an unthrottled network (a fast-3G
 *    upload of 500 photos would be the radio's time, not the app's); until the outbox is empty.
 *
 *   npm run bench -- field-offline [--households 2000] [--records 500]
 */
import os from 'node:os';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { DESA, startFieldServer } from './field-server.js';
import { describeMachine } from './machine.js';
import { countOption } from './options.js';
import { FAST_3G, throttle } from './phone.js';

const HOUSEHOLDS = countOption('households', 2000);
const RECORDS = Math.min(countOption('records', 500), HOUSEHOLDS);
const field = await startFieldServer(HOUSEHOLDS, ['Istri', 'Anak Pertama', 'Anak Kedua']);
const { ctx, periodId } = field;

const before = os.loadavg()[0] ?? 0;
const context = await field.phone();

// The pack as JSON and gzip (what a server without brotli would send).
const raw = await context.request.get(`/api/v1/verval/periods/${periodId}/offline-pack?desa=${DESA}`);
const json = await raw.body();
const gzBytes = gzipSync(json).length;

const page: Page = await context.newPage();
await page.goto(`/verval?period=${periodId}&desa=${DESA}`);
await page.getByTestId('verval-worklist').getByRole('link').first().waitFor({ timeout: 120_000 });
await page.waitForLoadState('networkidle');
const t = await throttle(page, FAST_3G);
let packBytes = 0;
page.on('requestfinished', async (r) => {
  if (r.url().includes('/offline-pack')) packBytes = (await r.sizes()).responseBodySize;
});
const start = performance.now();
await page.getByRole('button', { name: 'Unduh untuk offline' }).click();
await page.getByTestId('verval-offline-downloaded').getByText(`${HOUSEHOLDS} keluarga`).waitFor({ timeout: 300_000 });
const downloadMs = performance.now() - start;
const downloadBytes = t.bytes();
await t.cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
// Said at once (the sync below takes long on a busy machine).
process.stderr.write(
  `download: ${(downloadMs / 1000).toFixed(1)} s, ${downloadBytes} bytes; pack JSON ${json.length}, gzip ${gzBytes}, on the wire ${packBytes}\n`,
);

// Queue RECORDS saves with a photo each, straight into the app's outbox store.
// (A string: the bench compiles without the DOM library.)
const QUEUE = `  async ({ userId, periodId, householdIds }) => {
    const canvas = new OffscreenCanvas(1600, 1200);
    const g = canvas.getContext('2d');
    const open = indexedDB.open('sasmita-field');
    const db = await new Promise((res, rej) => {
      open.onsuccess = () => res(open.result);
      open.onerror = () => rej(open.error);
    });
    for (const [i, householdId] of householdIds.entries()) {
      g.fillStyle = \`hsl(\${i % 360} 50% 50%)\`;
      g.fillRect(0, 0, 1600, 1200);
      g.fillStyle = '#fff';
      g.fillText(\`rumah \${householdId}\`, 40 + (i % 50) * 20, 60);
      const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.8 });
      const photoId = crypto.randomUUID();
      const tx = db.transaction(['photos', 'outbox'], 'readwrite');
      tx.objectStore('photos').put({ id: photoId, householdId, blob, sha256: null, createdAt: new Date().toISOString() });
      tx.objectStore('outbox').add({
        key: \`web-\${crypto.randomUUID()}\`,
        userId,
        kind: 'save',
        periodId,
        householdId,
        desaCode: '35.13.06.2005',
        headName: \`KK \${householdId}\`,
        baseVersion: 0,
        form: {
          found: true,
          outcome: 'TETAP',
          outcomeReason: '',
          destinationDesaCode: '',
          duplicateOf: '',
          note: 'Dikunjungi',
          photos: [\`local:\${photoId}\`],
          gps: null,
          updates: {},
          indicators: {},
          memberChanges: [],
        },
        status: 'pending',
        error: null,
        conflict: null,
        createdAt: new Date().toISOString(),
        attempts: 0,
      });
      await new Promise((res, rej) => {
        tx.oncomplete = res;
        tx.onerror = () => rej(tx.error);
      });
    }
  }`;
await page.evaluate(
  `(${QUEUE})(${JSON.stringify({ userId: field.userId, periodId, householdIds: field.householdIds.slice(0, RECORDS) })})`,
);
await page.goto('/verval/outbox');
await page.getByRole('heading', { name: 'Data belum terkirim', level: 1 }).waitFor();
// The app starts sending by itself on load; time from then until the outbox is empty.
const syncStart = performance.now();
await page
  .getByRole('button', { name: 'Kirim sekarang' })
  .click({ timeout: 5000 })
  .catch(() => {});
await page.getByTestId('outbox-empty').waitFor({ timeout: 1_800_000 });
const syncMs = performance.now() - syncStart;
const stored = await ctx.db
  .selectFrom('verval')
  .select((eb) => eb.fn.countAll<number>().as('n'))
  .executeTakeFirstOrThrow();
const after = os.loadavg()[0] ?? 0;
await field.close();

const m = describeMachine();
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(2)} MB`;
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
console.log(`Machine: ${m.cpu}, ${m.cores} cores, ${m.ramGb} GB RAM; load average ${before.toFixed(2)} → ${after.toFixed(2)}`);
console.log(`Verval offline, operator desa, 360×740:`);
console.log(`| measure | figure |`);
console.log(`|---|---:|`);
console.log(`| pack of ${HOUSEHOLDS} households (${HOUSEHOLDS * 4} members): JSON | ${mb(json.length)} |`);
console.log(`| same, gzip | ${mb(gzBytes)} |`);
console.log(`| same, on the wire to Chromium (Accept-Encoding of plain HTTP) | ${mb(packBytes || downloadBytes)} |`);
console.log(
  `| "Unduh untuk offline" until stored, ${FAST_3G.name} + ${FAST_3G.cpuRate}× CPU | ${s(downloadMs)} (all requests ${mb(downloadBytes)}) |`,
);
console.log(
  `| sync of ${RECORDS} queued saves with a photo each, 4× CPU, unthrottled network | ${s(syncMs)} (${Number(stored.n)} records stored) |`,
);
