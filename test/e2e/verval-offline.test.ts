import type { BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHONE_CONTEXT } from '../../bench/phone.js';
import { type E2E, horizontalOverflow, login, screenshot, skipBrowser, startE2E } from './harness.js';
import { seedHouseholds, seedPeriod } from './seed.js';

/**
 * The offline field app (issue 21) on a 360 px phone with the service worker: download a desa,
 * work without signal through a reload and a closed page, sync when the network returns, and
 * the server holds each record exactly once; a record changed on the server meanwhile is shown
 * side by side and the operator chooses; a sync cut in the middle ends with each record once.
 */
let e2e: E2E;
let periodId: number;
const ids: Record<string, number> = {};
const DESA = '35.13.06.2005';
const SLOW = { timeout: 30_000 };
const NAMES = [
  'Abdul Rahman',
  'Budi Santoso',
  'Citra Lestari',
  'Dewi Sartika',
  'Eko Prasetyo',
  'Fajar Nugroho',
  'Gita Permata',
  'Hadi Susilo',
  'Indah Sari',
  'Joko Susanto',
  'Kartini Wulandari',
];

beforeAll(async () => {
  if (skipBrowser) return;
  e2e = await startE2E();
  const seeded = await seedHouseholds(
    e2e.server.ctx.db,
    NAMES.map((headName, i) => ({ desa: DESA, headName, desil: (i % 3) + 1, members: [`Anak ${headName}`] })),
  );
  NAMES.forEach((n, i) => {
    ids[n] = seeded[i]!;
  });
  const p = { id: await seedPeriod(e2e.server.ctx.db) };
  periodId = p.id;
  await e2e.addUser('operator2005', [{ role: 'operator_desa', regionCode: DESA }], 'Operator Desa 2005');
}, 180_000);
afterAll(async () => {
  await e2e?.close();
});

async function phone(): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await e2e.browser.newContext({ ...PHONE_CONTEXT, baseURL: e2e.baseUrl });
  context.setDefaultTimeout(30_000);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  return { context, page, problems };
}

/** Sign in, open the worklist, wait for the worker to control the page, and download the desa. */
async function downloadDesa(page: Page, households: number) {
  await login(page, 'operator2005');
  await page.goto('/verval');
  await expect.poll(() => page.getByTestId('verval-worklist').getByRole('link').count(), SLOW).toBe(NAMES.length);
  await expect
    .poll(
      () =>
        page.evaluate<string>(
          'navigator.serviceWorker.ready.then((r) => (navigator.serviceWorker.controller ? "controlling " : "") + r.active.state)',
        ),
      SLOW,
    )
    .toBe('controlling activated');
  await page.getByRole('button', { name: 'Unduh untuk offline' }).click();
  await page.getByTestId('verval-offline-downloaded').getByText(`${households} keluarga`).waitFor(SLOW);
}

/** Open a household from the worklist (offline: from the device). */
async function open(page: Page, name: string) {
  await page.getByTestId('verval-worklist').getByRole('link', { name }).click();
  await page.getByRole('heading', { name, level: 1 }).waitFor(SLOW);
}

async function outcome(page: Page, label: string) {
  await page.getByText('Ya', { exact: true }).click();
  await page.getByRole('radio', { name: label }).check();
}

async function saveQueued(page: Page) {
  await page.getByRole('button', { name: 'Simpan' }).click();
  await page.getByTestId('verval-notice').getByText('Tersimpan di perangkat, menunggu dikirim').waitFor(SLOW);
}

async function backToList(page: Page) {
  await page.getByRole('link', { name: 'Kembali ke daftar' }).click();
  await page.getByTestId('verval-worklist').waitFor(SLOW);
}

const db = () => e2e.server.ctx.db;
async function stored(householdId: number) {
  const rows = await db()
    .selectFrom('verval')
    .selectAll()
    .where('household_id', '=', householdId)
    .where('period_id', '=', periodId)
    .execute();
  const revisions = rows[0]
    ? await db()
        .selectFrom('verval_revision')
        .select(['version', 'action'])
        .where('verval_id', '=', rows[0].id)
        .orderBy('version')
        .execute()
    : [];
  return { rows, revisions };
}

const badge = (page: Page) => page.getByTestId('outbox-badge');

/** The photos store of the app's IndexedDB: rows, and rows still holding a Blob. (A string: no DOM types here.) */
const PHOTO_BLOBS = `new Promise((resolve, reject) => {
  const open = indexedDB.open('sasmita-field');
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const all = open.result.transaction('photos').objectStore('photos').getAll();
    all.onsuccess = () => resolve({ rows: all.result.length, blobs: all.result.filter((p) => p.blob).length });
  };
})`;

describe.skipIf(skipBrowser)('verval offline on a phone (browser)', () => {
  it('downloads a desa, records three households offline through a reload and a closed page, and syncs each once', async () => {
    const { context, page, problems } = await phone();
    await downloadDesa(page, NAMES.length);
    expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(360);
    await screenshot(page, 'verval-offline-phone-worklist-online');

    await context.setOffline(true);
    await page.reload();
    await page
      .getByTestId('verval-offline-note')
      .getByText(/Anda sedang offline/)
      .waitFor(SLOW);
    await expect.poll(() => page.getByTestId('verval-worklist').getByRole('link').count(), SLOW).toBe(NAMES.length);
    await screenshot(page, 'verval-offline-phone-worklist-offline');

    // 1: an outcome with a correction of the address.
    await open(page, 'Abdul Rahman');
    await page.getByTestId('verval-offline-household').waitFor();
    await outcome(page, 'Mampu / tidak layak');
    await page.getByRole('button', { name: 'Perbaikan data' }).click();
    await page.getByLabel('Alamat', { exact: true }).fill('Dusun Baru RT 002');
    await saveQueued(page);
    await backToList(page);

    // 2: an outcome with a new member.
    await open(page, 'Budi Santoso');
    await outcome(page, 'Tetap (masih memenuhi kriteria)');
    await page.getByRole('button', { name: 'Anggota keluarga' }).click();
    await page.getByRole('button', { name: 'Tambah anggota' }).click();
    await page.getByText('Anggota baru', { exact: true }).click();
    await page.getByRole('textbox', { name: /^Nama/ }).fill('Rina Santoso');
    await page.getByRole('button', { name: 'Tambah anggota' }).click();
    await saveQueued(page);
    await backToList(page);

    // 3: an outcome and a photo, then the page is closed before "Simpan": the draft survives.
    await open(page, 'Citra Lestari');
    await outcome(page, 'Mampu / tidak layak');
    await page.getByRole('button', { name: 'Bukti kunjungan' }).click();
    const photo = await sharp({ create: { width: 3000, height: 2000, channels: 3, background: '#6a8' } })
      .jpeg()
      .toBuffer();
    await page.getByTestId('verval-photo-input').setInputFiles({ name: 'rumah.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.getByTestId('verval-photo-state').getByText('1 foto tersimpan di perangkat').waitFor(SLOW);
    await page.getByLabel('Catatan').fill('Rumah sudah diperbaiki');
    await expect.poll(() => badge(page).textContent(), SLOW).toBe('2');
    await screenshot(page, 'verval-offline-phone-household-offline');
    const url = page.url();
    await page.close();

    const again = await context.newPage();
    again.on('pageerror', (e) => problems.push(String(e)));
    await again.goto(url);
    await again.getByRole('heading', { name: 'Citra Lestari', level: 1 }).waitFor(SLOW);
    await again
      .getByTestId('verval-notice')
      .getByText(/dipulihkan dari perangkat/)
      .waitFor(SLOW);
    await again.getByRole('button', { name: 'Bukti kunjungan' }).click();
    expect(await again.getByLabel('Catatan').inputValue()).toBe('Rumah sudah diperbaiki');
    await again.getByTestId('verval-photos').getByRole('img').first().waitFor(SLOW);
    await saveQueued(again);
    await expect.poll(() => badge(again).textContent(), SLOW).toBe('3');
    // Nothing reached the server while offline.
    expect((await stored(ids['Abdul Rahman']!)).rows).toHaveLength(0);

    // Back online: the queue goes out by itself.
    await context.setOffline(false);
    await badge(again).waitFor({ state: 'detached', timeout: 60_000 });
    const a = await stored(ids['Abdul Rahman']!);
    const b = await stored(ids['Budi Santoso']!);
    const c = await stored(ids['Citra Lestari']!);
    for (const s of [a, b, c]) {
      expect(s.rows).toHaveLength(1);
      expect(s.revisions).toEqual([{ version: 1, action: 'SAVE' }]);
    }
    expect(a.rows[0]).toMatchObject({ outcome: 'MAMPU', found: true, changes: { address: { after: 'Dusun Baru RT 002' } } });
    expect(b.rows[0]).toMatchObject({ outcome: 'TETAP', member_changes: [expect.objectContaining({ type: 'ADD', name: 'Rina Santoso' })] });
    expect(c.rows[0]).toMatchObject({ outcome: 'MAMPU', note: 'Rumah sudah diperbaiki' });
    expect(c.rows[0]!.photos).toHaveLength(1);
    const [blob] = await db().selectFrom('blob_upload').select('sha256').where('household_id', '=', ids['Citra Lestari']!).execute();
    expect(blob?.sha256).toBe(c.rows[0]!.photos[0]);
    // The page shows the stored record once its queue got through.
    await again.getByTestId('verval-notice').getByText('Tersimpan (versi 1)').waitFor(SLOW);
    // The photo's Blob left the device once its record was stored; the outbox page says what is kept.
    await expect.poll(() => again.evaluate(PHOTO_BLOBS), SLOW).toEqual({ rows: 1, blobs: 0 });
    await again.goto('/verval/outbox');
    await again.getByTestId('outbox-empty').waitFor(SLOW);
    expect(await again.getByTestId('verval-device-usage').textContent()).toMatch(/0 antrean, 0 foto belum terkirim/);
    expect((await db().selectFrom('verval').select('id').execute()).length).toBe(3);
    expect(problems).toEqual([]);
    await context.close();
  }, 180_000);

  it('shows a record changed on the server meanwhile side by side; the operator keeps one version per household', async () => {
    const { context, page, problems } = await phone();
    await downloadDesa(page, NAMES.length);
    await context.setOffline(true);
    await open(page, 'Dewi Sartika');
    await outcome(page, 'Tetap (masih memenuhi kriteria)');
    await saveQueued(page);
    await backToList(page);
    await open(page, 'Eko Prasetyo');
    await outcome(page, 'Tetap (masih memenuhi kriteria)');
    await saveQueued(page);

    // Meanwhile the pendamping records both households on the server.
    const pendamping = await e2e.server.userClient('pend2005', [{ role: 'pendamping', regionCode: DESA }]);
    for (const name of ['Dewi Sartika', 'Eko Prasetyo']) {
      const r = await pendamping.request(
        'PUT',
        `/api/v1/verval/periods/${periodId}/households/${ids[name]}`,
        { baseVersion: 0, found: true, outcome: 'MAMPU', note: 'Dicatat pendamping' },
        { 'idempotency-key': `pendamping-${ids[name]}` },
      );
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }

    await context.setOffline(false);
    await page.getByTestId('verval-offline-conflict').waitFor(SLOW);
    await page.getByRole('link', { name: /Data belum terkirim/ }).click();
    await page.getByRole('heading', { name: 'Data belum terkirim', level: 1 }).waitFor(SLOW);
    const conflicts = page.getByTestId('verval-offline-conflict');
    await expect.poll(() => conflicts.count(), SLOW).toBe(2);
    // Field by field: the outcome differs and is highlighted; the device and server values side by side.
    const row = conflicts.first().locator('tr[data-differs]').filter({ hasText: 'Hasil' });
    expect(await row.textContent()).toContain('Tetap (masih memenuhi kriteria)');
    expect(await row.textContent()).toContain('Mampu / tidak layak');
    expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(360);
    await screenshot(page, 'verval-offline-phone-conflict');

    // Dewi: keep the device version (sent again on the server's version). Eko: keep the server's, after confirming.
    const dewi = page.getByTestId('outbox-items').locator('.mantine-Card-root').filter({ hasText: 'Dewi Sartika' });
    await dewi.getByRole('button', { name: 'Pakai versi perangkat' }).click();
    const eko = page.getByTestId('outbox-items').locator('.mantine-Card-root').filter({ hasText: 'Eko Prasetyo' });
    await eko.getByRole('button', { name: 'Pakai versi server' }).click();
    await eko.getByRole('button', { name: 'Ya, pakai versi server' }).click();
    await page.getByTestId('outbox-empty').waitFor(SLOW);
    await page
      .getByTestId('outbox-discarded')
      .getByText(/Eko Prasetyo/)
      .waitFor();

    const d = await stored(ids['Dewi Sartika']!);
    expect(d.rows[0]).toMatchObject({ outcome: 'TETAP', version: 2 });
    expect(d.revisions.map((r) => r.version)).toEqual([1, 2]);
    const e = await stored(ids['Eko Prasetyo']!);
    expect(e.rows[0]).toMatchObject({ outcome: 'MAMPU', version: 1, note: 'Dicatat pendamping' });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('a sync cut in the middle ends with each record stored once', async () => {
    const { context, page, problems } = await phone();
    await downloadDesa(page, NAMES.length);
    await context.setOffline(true);
    const half = ['Fajar Nugroho', 'Gita Permata', 'Hadi Susilo', 'Indah Sari'];
    for (const name of half) {
      await open(page, name);
      await outcome(page, 'Mampu / tidak layak');
      await saveQueued(page);
      await backToList(page);
    }
    await expect.poll(() => badge(page).textContent(), SLOW).toBe('4');

    // The first record gets through; the second reaches the server but its answer is lost; then
    // the network is down until the test lifts it (the app retries by itself meanwhile).
    let puts = 0;
    let down = true;
    await context.route('**/api/v1/verval/periods/*/households/*', async (route) => {
      if (route.request().method() !== 'PUT') return route.continue();
      puts++;
      if (puts === 1) return route.continue();
      if (puts === 2) {
        await route.fetch();
        return route.abort('internetdisconnected');
      }
      return down ? route.abort('internetdisconnected') : route.continue();
    });
    await context.setOffline(false);
    await expect.poll(() => puts, SLOW).toBeGreaterThanOrEqual(3);
    const [first, second, third] = half.map((n) => ids[n]!);
    expect((await stored(first!)).rows).toHaveLength(1);
    expect((await stored(second!)).rows).toHaveLength(1);
    expect((await stored(third!)).rows).toHaveLength(0);
    await expect.poll(async () => badge(page).textContent(), SLOW).toBe('3');

    down = false;
    await badge(page).waitFor({ state: 'detached', timeout: 60_000 });
    for (const name of half) {
      const s = await stored(ids[name]!);
      expect(s.rows, name).toHaveLength(1);
      expect(s.revisions, name).toEqual([{ version: 1, action: 'SAVE' }]);
    }
    expect(puts).toBeGreaterThanOrEqual(6);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('offline: GANDA found in the downloaded desa, PINDAH to a place outside the kabupaten, a new household proposed; each sent once', async () => {
    const { context, page, problems } = await phone();
    await downloadDesa(page, NAMES.length);
    await context.setOffline(true);

    // GANDA: the other household searched on the device by name (the registry search needs the server).
    await open(page, 'Joko Susanto');
    await page.getByText('Ya', { exact: true }).click();
    await page.getByRole('radio', { name: 'Data ganda' }).check();
    await page.getByTestId('verval-duplicate-search').fill('kartini wul');
    await page.getByTestId('verval-duplicate-device').waitFor(SLOW);
    await page.getByRole('button', { name: 'Pilih: Kartini Wulandari' }).click();
    await page.getByTestId('verval-duplicate-chosen').getByText('Kartini Wulandari').waitFor();
    await saveQueued(page);
    await backToList(page);

    // PINDAH outside the kabupaten: a place in words, no code.
    await open(page, 'Kartini Wulandari');
    await page.getByText('Tidak', { exact: true }).click();
    await page.getByRole('radio', { name: 'Pindah' }).check();
    // The desa pick list comes from the download too (no "needs a connection" alert).
    await page.getByTestId('verval-destination').waitFor(SLOW);
    expect(await page.getByText('Anda sedang offline. Data halaman ini perlu koneksi', { exact: false }).count()).toBe(0);
    await page.getByText('Luar kabupaten').click();
    await page.getByTestId('verval-destination-place').fill('Kota Batam, Kepulauan Riau');
    expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(360);
    await screenshot(page, 'verval-offline-phone-pindah-luar');
    await saveQueued(page);
    await backToList(page);

    // USULAN_BARU without signal: kept in the outbox, not lost, not sent twice.
    await page.getByRole('link', { name: 'Usulkan keluarga baru' }).click();
    await page.getByRole('heading', { name: 'Usulkan keluarga baru', level: 1 }).waitFor(SLOW);
    await page.getByLabel('Nama kepala keluarga').fill('Lestari Baru');
    await page.getByLabel('Alasan diusulkan').fill('Belum terdata, pindahan dari desa lain');
    await page.getByRole('button', { name: 'Simpan usulan' }).click();
    await page.getByTestId('verval-proposal-queued').waitFor(SLOW);
    await screenshot(page, 'verval-offline-phone-proposal-queued');
    await expect.poll(() => badge(page).textContent(), SLOW).toBe('3');
    expect(await db().selectFrom('household').select('id').where('head_name', '=', 'Lestari Baru').execute()).toHaveLength(0);

    await context.setOffline(false);
    await badge(page).waitFor({ state: 'detached', timeout: 60_000 });
    const joko = await stored(ids['Joko Susanto']!);
    expect(joko.rows).toHaveLength(1);
    expect(joko.rows[0]).toMatchObject({ outcome: 'GANDA', duplicate_of: ids['Kartini Wulandari'] });
    const kartini = await stored(ids['Kartini Wulandari']!);
    expect(kartini.rows).toHaveLength(1);
    expect(kartini.rows[0]).toMatchObject({
      outcome: 'PINDAH',
      destination_desa_code: null,
      destination_place: 'Kota Batam, Kepulauan Riau',
    });
    const proposed = await db()
      .selectFrom('household')
      .select(['id', 'desa_code', 'source'])
      .where('head_name', '=', 'Lestari Baru')
      .execute();
    expect(proposed).toEqual([{ id: expect.any(Number), desa_code: DESA, source: 'MANUAL' }]);
    const proposal = await stored(proposed[0]!.id);
    expect(proposal.rows).toHaveLength(1);
    expect(proposal.rows[0]).toMatchObject({ outcome: 'USULAN_BARU', outcome_reason: 'Belum terdata, pindahan dari desa lain' });
    expect(problems).toEqual([]);
    await context.close();
  });
});
