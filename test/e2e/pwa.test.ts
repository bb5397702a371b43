import type { BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHONE_CONTEXT } from '../../bench/phone.js';
import { type E2E, horizontalOverflow, login, screenshot, skipBrowser, startE2E } from './harness.js';
import { seedHouseholds, seedPeriod } from './seed.js';

/**
 * The installable app shell (issue 21, part A) on a 360×740 Android phone: after one online
 * visit the app reloads and opens pages it never loaded with the network off.
 */
let e2e: E2E;
let periodId: number;
let abdul: number;
const DESA = '35.13.06.2005';
const SLOW = { timeout: 20_000 };

beforeAll(async () => {
  if (skipBrowser) return;
  e2e = await startE2E();
  [abdul] = (await seedHouseholds(e2e.server.ctx.db, [
    { desa: DESA, headName: 'Abdul Rahman', desil: 2 },
    { desa: DESA, headName: 'Siti Aminah', desil: 1 },
  ])) as [number, number];
  const p = { id: await seedPeriod(e2e.server.ctx.db) };
  periodId = p.id;
  await e2e.addUser('operator2005', [{ role: 'operator_desa', regionCode: DESA }], 'Operator Desa 2005');
}, 120_000);
afterAll(async () => {
  await e2e?.close();
});

async function phone(): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await e2e.browser.newContext({ ...PHONE_CONTEXT, baseURL: e2e.baseUrl });
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  return { context, page, problems };
}

/** WCAG 2 contrast ratio of two CSS rgb()/rgba() colours (opaque). */
function contrast(a: string, b: string): number {
  const lum = (c: string) => {
    const [r, g, bl] = (c.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
      const x = Number(v) / 255;
      return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The page shows something (not a white screen): a heading and the signed-in menu. */
async function expectAppShell(page: Page, heading: string) {
  await page.getByRole('heading', { name: heading, level: 1 }).waitFor(SLOW);
  await page.getByRole('button', { name: 'Keluar' }).waitFor();
  expect((await page.locator('#root').innerText()).trim().length).toBeGreaterThan(20);
  expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(360);
}

describe.skipIf(skipBrowser)('installable app, offline after one visit (browser)', () => {
  it('reloads and opens pages it never loaded with the network off', async () => {
    const { context, page, problems } = await phone();
    await login(page, 'operator2005');
    await page.goto('/verval');
    const cards = page.getByTestId('verval-worklist').getByRole('link');
    await expect.poll(() => cards.count(), SLOW).toBe(2);
    await screenshot(page, 'pwa-phone-worklist-online');

    // The worker installed (every route chunk precached), activated and controls the page.
    const workerState = () =>
      page.evaluate<string>(
        'navigator.serviceWorker.ready.then((r) => (navigator.serviceWorker.controller ? "controlling " : "") + r.active.state)',
      );
    await expect.poll(workerState, SLOW).toBe('controlling activated');

    await context.setOffline(true);
    await page.reload();
    // The app, not the browser's "no internet" page: the menu, the heading, and why the list is missing.
    await expectAppShell(page, 'Verval');
    await page
      .getByText(/Anda sedang offline/)
      .first()
      .waitFor(SLOW);
    await screenshot(page, 'pwa-phone-worklist-offline');

    // A page whose code was never loaded, through the menu…
    let fromWorker = 0;
    page.on('response', (r) => {
      if (r.url().includes('/assets/HouseholdsPage-') && r.fromServiceWorker()) fromWorker++;
    });
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('navigation').getByRole('link', { name: 'Keluarga' }).click();
    await expectAppShell(page, 'Keluarga');
    await page
      .getByText(/Anda sedang offline/)
      .first()
      .waitFor(SLOW);
    expect(fromWorker).toBe(1);
    await screenshot(page, 'pwa-phone-households-offline');

    // …and by its address (a navigation the worker answers with the cached app).
    await page.goto(`/verval/${periodId}/${abdul}`);
    await page.getByRole('button', { name: 'Keluar' }).waitFor(SLOW);
    await page
      .getByText(/Anda sedang offline/)
      .first()
      .waitFor(SLOW);
    expect(await page.getByTestId('page-error').count()).toBe(0);
    await screenshot(page, 'pwa-phone-household-offline');

    // Back online, the same page loads its data.
    await context.setOffline(false);
    await page.reload();
    await page.getByRole('heading', { name: 'Abdul Rahman', level: 1 }).waitFor(SLOW);
    // Member cards write birth dates out the Indonesian way (seeded as 1970-05-01).
    await page.getByText('Ya', { exact: true }).click();
    await page.getByRole('button', { name: 'Anggota keluarga' }).click();
    await page
      .getByTestId('verval-member')
      .first()
      .getByText(/1 Mei 1970/)
      .waitFor(SLOW);
    expect(await page.getByText('1970-05-01').count()).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows an Indonesian message instead of a white screen when a page chunk cannot load', async () => {
    // No worker (blocked, as on a first visit before it installs): the chunk request fails.
    const context = await e2e.browser.newContext({ ...PHONE_CONTEXT, serviceWorkers: 'block', baseURL: e2e.baseUrl });
    const page = await context.newPage();
    await login(page, 'operator2005');
    await page.goto('/verval');
    await page.getByRole('heading', { name: 'Verval', level: 1 }).waitFor(SLOW);
    await page.route('**/assets/HouseholdsPage-*', (route) => route.abort('internetdisconnected'));
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('navigation').getByRole('link', { name: 'Keluarga' }).click();
    await page.getByTestId('page-error').waitFor(SLOW);
    expect(await page.getByTestId('page-error').innerText()).toContain('Halaman ini belum dapat dimuat');
    // The menu still works after the failure.
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('navigation').getByRole('link', { name: 'Verval' }).click();
    await page.getByRole('heading', { name: 'Verval', level: 1 }).waitFor(SLOW);
    await context.close();
  });

  it('meets WCAG AA contrast on the filled buttons and the placeholders', async () => {
    const { context, page } = await phone();
    await page.goto('/login');
    // Filled in, so the primary button is enabled (a disabled one is grey by design).
    await page.getByLabel('Nama pengguna').fill('operator2005');
    await page.getByLabel('Kata sandi').fill('bukan-sandi');
    await page.getByRole('button', { name: 'Masuk' }).waitFor();
    const colours = (await page.evaluate(`(() => {
      const b = getComputedStyle(document.querySelector('button[type="submit"]'));
      const input = document.querySelector('input.mantine-Input-input');
      return { text: b.color, bg: b.backgroundColor, placeholder: getComputedStyle(input, '::placeholder').color, inputBg: getComputedStyle(input).backgroundColor };
    })()`)) as { text: string; bg: string; placeholder: string; inputBg: string };
    // Opaque colours only: a transparent background would make the ratio meaningless.
    for (const c of [colours.bg, colours.inputBg]) expect(c).toMatch(/^rgb\(/);
    await screenshot(page, 'pwa-phone-login-contrast');
    expect(contrast(colours.text, colours.bg)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(colours.placeholder, colours.inputBg)).toBeGreaterThanOrEqual(4.5);
    await context.close();
  });

  it('serves a valid web manifest with its icons', async () => {
    const { context, page } = await phone();
    await page.goto('/login');
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    expect(href).toBe('/manifest.webmanifest');
    const res = await page.request.get(href ?? '');
    expect(res.status()).toBe(200);
    expect(res.headers()['cache-control']).toBe('no-cache');
    const m = (await res.json()) as {
      name: string;
      short_name: string;
      lang: string;
      start_url: string;
      display: string;
      theme_color: string;
      icons: { src: string; sizes: string; type: string; purpose: string }[];
    };
    expect(m).toMatchObject({ short_name: 'Sasmita', lang: 'id', start_url: '/', display: 'standalone', theme_color: '#087f5b' });
    expect(m.name).toMatch(/^Sasmita/);
    for (const want of ['192x192 any', '512x512 any', '512x512 maskable']) {
      expect(m.icons.map((i) => `${i.sizes} ${i.purpose}`)).toContain(want);
    }
    for (const icon of m.icons) {
      const img = await page.request.get(icon.src);
      expect(img.status(), icon.src).toBe(200);
      expect(img.headers()['content-type']).toBe('image/png');
      const meta = await sharp(await img.body()).metadata();
      expect(`${meta.width}x${meta.height}`).toBe(icon.sizes);
    }
    expect(await page.locator('meta[name="theme-color"]').getAttribute('content')).toBe('#087f5b');
    await context.close();
  });
});
