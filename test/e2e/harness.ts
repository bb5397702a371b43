import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Download, type Locator, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/app.js';
import type { Config } from '../../src/config.js';
import type { Grant } from '../../src/modules/access/scope.js';
import { createUser } from '../../src/modules/users/service.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../helpers/server.js';
import { BROWSER_ARGS, CHROMIUM } from './browser.js';

export { CHROMIUM };

/**
 * Browser tests: a real server (fresh database, the built web app from web/dist) and Debian's
 * chromium driven by playwright-core. Nothing is built here: `npm test` builds web/dist first.
 */
const browserRequired = Boolean(process.env.CI || process.env.REQUIRE_BROWSER);
/** True when the suites must be skipped: no browser on a developer's machine. */
export const skipBrowser = !fs.existsSync(CHROMIUM) && !browserRequired;
if (skipBrowser) console.log(`browser tests skipped: ${CHROMIUM} not found`);

export const WEB_DIST = path.resolve('web/dist');
export const SCREENSHOTS = path.resolve('test-results/screenshots');
export const ADMIN = { username: 'admin', password: TEST_PASSWORD };

export interface E2E {
  server: TestServer;
  browser: Browser;
  baseUrl: string;
  /**
   * A fresh browser context (its own cookies and localStorage; playwright launches chromium on
   * a new temporary profile) with one page, and the script errors the page reports.
   */
  newPage(opts?: { width?: number; height?: number }): Promise<{ context: BrowserContext; page: Page; problems: string[] }>;
  /** Create a user directly in the database (password TEST_PASSWORD). */
  addUser(username: string, grants: Grant[], fullName?: string): Promise<void>;
  close(): Promise<void>;
}

/** `overrides`: settings of the server (e.g. `{ publicView: true }` for the public page). */
export async function startE2E(overrides: Partial<Config> = {}): Promise<E2E> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Browser tests need ${CHROMIUM} (CI or REQUIRE_BROWSER is set): install it with "apt-get install -y chromium"`);
  }
  if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) {
    throw new Error(`Browser tests need the built web app in ${WEB_DIST}: run "npm run build:web" first`);
  }
  const server = await startTestServer({ webDist: WEB_DIST, loginPerIpPerMinute: 1000, ...overrides });
  // The run's shared chromium (test/global-setup.ts) when there is one; else one of our own.
  const endpoint = inject('browserEndpoint');
  const browser = endpoint ? await chromium.connect(endpoint) : await chromium.launch({ executablePath: CHROMIUM, args: BROWSER_ARGS });
  const addUser = async (username: string, grants: Grant[], fullName = username) => {
    await createUser(server.ctx.db, { username, fullName, password: TEST_PASSWORD, roles: grants }, null, SYSTEM_ACTOR);
  };
  await addUser(ADMIN.username, [{ role: 'admin_kabupaten', regionCode: '35.13' }], 'Admin Bapelitbangda');
  return {
    server,
    browser,
    baseUrl: server.baseUrl,
    async newPage(opts = {}) {
      const context = await browser.newContext({
        viewport: { width: opts.width ?? 1280, height: opts.height ?? 800 },
        baseURL: server.baseUrl,
        acceptDownloads: true,
        // The production build registers a service worker; these suites test pages, and
        // page.route() does not see requests a worker answers. test/e2e/pwa.test.ts allows it.
        serviceWorkers: 'block',
      });
      context.setDefaultTimeout(15_000);
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(String(e)));
      // Script errors and CSP violations; 401/403/404 answers the tests provoke are expected.
      page.on('console', (m) => {
        if (m.type() === 'error' && !/status of 40[134]/.test(m.text())) problems.push(m.text());
      });
      return { context, page, problems };
    },
    addUser,
    async close() {
      // On the shared chromium this closes this file's contexts and disconnects.
      await browser.close();
      await server.close();
    },
  };
}

/**
 * The text of a finished download. The browser is shared across test files and reached over its
 * websocket, where `download.path()` is not available: save a copy next to the test run instead.
 */
export async function downloadText(download: Download): Promise<string> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sasmita-download-')), download.suggestedFilename());
  try {
    await download.saveAs(file);
    return fs.readFileSync(file, 'utf8');
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Sign in through the login form and wait for Beranda. */
export async function login(page: Page, username: string, password = TEST_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Nama pengguna').or(page.getByLabel('Username')).fill(username);
  await page
    .getByLabel('Kata sandi')
    .or(page.getByLabel('Password', { exact: true }))
    .fill(password);
  await page.getByRole('button', { name: /^(Masuk|Sign in)$/ }).click();
  // Signed in: the shell's sign-out button is there.
  await page.getByRole('button', { name: /^(Keluar|Sign out)$/ }).waitFor();
}

/** Choose an option of a Mantine Select: open it, type the option when searchable, click the match. */
export async function choose(page: Page, field: Locator, option: string): Promise<void> {
  await field.click();
  if (await field.isEditable()) await field.fill(option);
  await page.getByRole('option', { name: option, exact: true }).click();
  await expect.poll(() => field.inputValue()).toBe(option);
}

/** Document width vs the viewport: a page that scrolls sideways fails on a phone. */
export async function horizontalOverflow(page: Page): Promise<{ scrollWidth: number; clientWidth: number }> {
  return page.evaluate('({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth })');
}

/** The bytes of a finished download (a PDF), read like `downloadText`. */
export async function downloadBytes(download: Download): Promise<Uint8Array> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sasmita-download-')), download.suggestedFilename());
  try {
    await download.saveAs(file);
    return new Uint8Array(fs.readFileSync(file));
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

/**
 * The forced change of an initial or reset password (issue 25): signed in with `current`, the
 * app shows only the change screen; after the change every session ends and the login form is back.
 */
export async function changeInitialPassword(page: Page, current: string, next: string): Promise<void> {
  await page.getByRole('heading', { name: 'Ganti kata sandi awal' }).waitFor();
  await page.getByLabel(/^Kata sandi saat ini/).fill(current);
  await page.getByLabel(/^Kata sandi baru/).fill(next);
  await page.getByLabel(/^Ulangi kata sandi baru/).fill(next);
  await page.getByRole('button', { name: 'Simpan kata sandi baru' }).click();
  await page.getByRole('button', { name: 'Masuk' }).waitFor();
}
