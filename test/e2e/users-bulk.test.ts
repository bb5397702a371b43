import { extractText } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, changeInitialPassword, choose, downloadBytes, type E2E, login, screenshot, skipBrowser, startE2E } from './harness.js';

let e2e: E2E;

beforeAll(async () => {
  if (skipBrowser) return;
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

describe.skipIf(skipBrowser)('accounts in bulk (browser)', () => {
  it("admin creates a kecamatan's accounts, prints the slips; an operator signs in with a printed credential, must change it, and lands", async () => {
    const { page } = await e2e.newPage();
    await login(page, ADMIN.username);

    // The first-run checklist: operator accounts not made yet.
    await page.goto('/persiapan');
    const checklist = page.getByTestId('setup-checklist');
    await checklist.getByText('Akun operator dibuat').waitFor();
    expect(await checklist.locator('[data-step="accounts"]').getAttribute('data-done')).toBe('false');
    expect(await checklist.locator('[data-step="regions"]').getAttribute('data-done')).toBe('true');
    await checklist.getByRole('link', { name: 'Akun operator dibuat' }).click();

    // The link opens the bulk page; choose Kecamatan Banyuanyar.
    await page.getByRole('heading', { name: 'Buat akun massal', level: 1 }).waitFor();
    await choose(page, page.getByRole('combobox', { name: 'Kecamatan', exact: true }), 'Banyuanyar');
    await page.getByRole('button', { name: 'Buat akun' }).click();
    const result = page.getByTestId('bulk-result');
    await result.getByText('15 akun dibuat').waitFor();
    const row = result.locator('tbody tr', { hasText: 'Operator desa' }).first();
    const cells = await row.locator('td').allTextContents();
    const [fullName, , , username, password] = cells as [string, string, string, string, string];
    expect(username).toMatch(/^op\./);
    expect(password).toMatch(/^[\w]{4}(-[\w]{4}){3}$/);
    await screenshot(page, 'users-bulk-created');

    // The slips: one PDF, once.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Unduh slip (PDF)' }).click()]);
    expect(download.suggestedFilename()).toBe('slip-akun.pdf');
    const { text, totalPages } = await extractText(await downloadBytes(download), { mergePages: true });
    expect(totalPages).toBe(5);
    expect(text).toContain(username);
    expect(text).toContain(password);
    expect(text).toContain(fullName);
    expect(text).toContain(e2e.baseUrl);
    await page.getByRole('button', { name: 'Slip sudah diunduh' }).waitFor();
    expect(await page.getByRole('button', { name: 'Slip sudah diunduh' }).isDisabled()).toBe(true);

    // The operator, on a phone, signs in with the printed credential and must change it first.
    const op = await e2e.newPage({ width: 360, height: 740 });
    await login(op.page, username, password);
    await op.page.getByRole('heading', { name: 'Ganti kata sandi awal' }).waitFor();
    await screenshot(op.page, 'users-forced-password-change-phone');
    // The app shows nothing else: the menu is not there.
    expect(await op.page.getByRole('navigation').count()).toBe(0);
    await changeInitialPassword(op.page, password, 'desa-saya-2026');
    await login(op.page, username, 'desa-saya-2026');
    await op.page.getByRole('heading', { name: `Selamat datang, ${fullName}` }).waitFor();
    expect(op.problems).toEqual([]);

    // Back on the checklist: 14 desa of Banyuanyar now have an operator.
    await page.goto('/persiapan');
    await checklist
      .locator('[data-step="accounts"]')
      .getByText(/^14 dari \d+ desa punya operator$/)
      .waitFor();
    // Three sign-ins and a PDF: longer than the default on a shared, busy machine.
  }, 180_000);
});
