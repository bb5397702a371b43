import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, type E2E, login, screenshot, skipBrowser, startE2E } from './harness.js';

let e2e: E2E;

beforeAll(async () => {
  if (skipBrowser) return;
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

const nav = (page: Page) => page.getByRole('navigation');
/** Click ID or EN on the header's language switch. */
const switchLanguage = (page: Page, label: 'ID' | 'EN') =>
  page
    .locator('label')
    .filter({ hasText: new RegExp(`^${label}$`) })
    .click();

describe.skipIf(skipBrowser)('login (browser)', () => {
  it('rejects a wrong password in Indonesian and lands on Beranda with the right one', async () => {
    const { page, problems, context } = await e2e.newPage();
    await page.goto('/households');
    // Not signed in: the login page, with the app and the kabupaten named.
    await expect.poll(() => page.url()).toMatch(/\/login$/);
    await page.getByTestId('kabupaten-name').waitFor();
    expect(await page.getByTestId('kabupaten-name').textContent()).toBe('Kabupaten Probolinggo');
    expect(await page.getByRole('heading', { name: 'Sasmita' }).isVisible()).toBe(true);

    await page.getByLabel('Nama pengguna').fill(ADMIN.username);
    await page.getByLabel('Kata sandi').fill('salah-sekali-123');
    await page.getByRole('button', { name: 'Masuk' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Nama pengguna atau kata sandi salah');
    expect(page.url()).toMatch(/\/login$/);
    await screenshot(page, 'login-wrong-password');

    await page.getByLabel('Kata sandi').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Masuk' }).click();
    // Back to the page that was asked for, then to Beranda through the menu.
    await page.getByRole('heading', { name: 'Keluarga', level: 1 }).waitFor();
    await nav(page).getByRole('link', { name: 'Beranda' }).click();
    await page.getByRole('heading', { name: 'Selamat datang, Admin Bapelitbangda' }).waitFor();
    const roles = await page.getByTestId('my-roles').textContent();
    expect(roles).toContain('Admin kabupaten');
    expect(roles).toContain('Kabupaten Probolinggo');
    // Built modules are links; modules still to come are listed, disabled, as "segera".
    await nav(page).getByRole('link', { name: 'Musdes' }).waitFor();
    for (const soon of await nav(page).locator('[data-disabled], [aria-disabled="true"]').all()) {
      expect(await soon.textContent()).toContain('segera');
    }
    await screenshot(page, 'home-admin');

    await page.getByRole('button', { name: 'Keluar' }).click();
    await page.getByRole('button', { name: 'Masuk' }).waitFor();
    await page.goto('/users');
    await expect.poll(() => page.url()).toMatch(/\/login$/);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('tells a locked account apart from a wrong password', async () => {
    await e2e.addUser('terkunci', [{ role: 'pimpinan', regionCode: '35.13' }]);
    const { page, context } = await e2e.newPage();
    await page.goto('/login');
    await page.getByLabel('Nama pengguna').fill('terkunci');
    const alert = page.getByRole('alert');
    // Five wrong passwords lock the account (SASMITA_MAX_FAILED_LOGINS default).
    for (let i = 0; i < 5; i++) {
      await page.getByLabel('Kata sandi').fill(`salah-${i}-abcdef`);
      await page.getByRole('button', { name: 'Masuk' }).click();
      await expect.poll(() => alert.textContent()).toContain('Nama pengguna atau kata sandi salah');
    }
    await page.getByLabel('Kata sandi').fill('salah-lagi-abcdef');
    await page.getByRole('button', { name: 'Masuk' }).click();
    await expect.poll(() => alert.textContent()).toContain('Akun dikunci sementara');
    await screenshot(page, 'login-locked');
    await context.close();
  });
});

describe.skipIf(skipBrowser)('language toggle (browser)', () => {
  it('switches labels to English and back, and keeps the choice after a reload and on a new device', async () => {
    const { page, problems, context } = await e2e.newPage();
    await login(page, ADMIN.username);
    expect(await nav(page).getByRole('link', { name: 'Keluarga' }).isVisible()).toBe(true);

    await switchLanguage(page, 'EN');
    await page.getByRole('heading', { name: 'Welcome, Admin Bapelitbangda' }).waitFor();
    expect(await nav(page).getByRole('link', { name: 'Households' }).isVisible()).toBe(true);
    expect(await nav(page).getByRole('link', { name: 'Users' }).isVisible()).toBe(true);
    expect(await page.getByTestId('my-roles').textContent()).toContain('Regency admin');
    expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true);
    expect(await page.evaluate('document.documentElement.lang')).toBe('en');
    await screenshot(page, 'home-english');

    // The choice survives a reload (this device) …
    await page.reload();
    await page.getByRole('heading', { name: 'Welcome, Admin Bapelitbangda' }).waitFor();
    // … and was saved to the profile: a fresh browser signs in in English.
    const other = await e2e.newPage();
    await login(other.page, ADMIN.username);
    await other.page.getByRole('heading', { name: 'Welcome, Admin Bapelitbangda' }).waitFor();
    await other.context.close();

    // API errors follow the language too.
    await page.goto('/households/999999999');
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toMatch(/not found/);

    await switchLanguage(page, 'ID');
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/tidak ditemukan/);
    await nav(page).getByRole('link', { name: 'Beranda' }).click();
    await page.getByRole('heading', { name: 'Selamat datang, Admin Bapelitbangda' }).waitFor();
    expect(await nav(page).getByRole('link', { name: 'Pengguna' }).isVisible()).toBe(true);
    await page.reload();
    await page.getByRole('heading', { name: 'Selamat datang, Admin Bapelitbangda' }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });
});
