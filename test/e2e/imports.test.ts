import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, downloadText, type E2E, login, screenshot, skipBrowser, startE2E } from './harness.js';
import { p3kePair } from './p3ke-fixture.js';
import { regionName } from './seed.js';

let e2e: E2E;
let desa: string;

beforeAll(async () => {
  if (skipBrowser) return;
  e2e = await startE2E();
  desa = await regionName(e2e.server.ctx.db, '35.13.06.2005');
});
afterAll(async () => {
  await e2e?.close();
});

/** Pick a file through the FileInput's file chooser, as a user does. */
async function pickFile(page: Page, label: string, name: string, content: string) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: label }).click()]);
  await chooser.setFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(content, 'utf8') });
}

describe.skipIf(skipBrowser)('import (browser)', () => {
  it('uploads a damaged P3KE pair, follows the job, and reads every defect back from the error report', async () => {
    const { page, problems, context } = await e2e.newPage();
    const jobPolls: number[] = [];
    page.on('response', (r) => {
      if (/\/api\/v1\/jobs\/[^/]+$/.test(new URL(r.url()).pathname)) jobPolls.push(r.status());
    });
    // A slow network once the import has started: the list reloaded after the job ends answers
    // late, so the page must not show the batch's summary from the list it had while the import
    // ran (no counts yet). The list is read when the page opens and when the import starts.
    let listReads = 0;
    await page.route(/\/api\/v1\/imports$/, async (route) => {
      if (route.request().method() === 'GET' && ++listReads > 2) await new Promise((resolve) => setTimeout(resolve, 2000));
      await route.continue();
    });
    await login(page, ADMIN.username);
    await page.getByRole('navigation').getByRole('link', { name: 'Impor data' }).click();
    await page.getByRole('heading', { name: 'Impor data', level: 1 }).waitFor();

    const { keluarga, anggota } = p3kePair(desa);
    const start = page.getByRole('button', { name: 'Mulai impor' });
    expect(await start.isDisabled()).toBe(true);
    await pickFile(page, 'Berkas keluarga (P3KE)', 'keluarga.csv', keluarga);
    await pickFile(page, 'Berkas anggota keluarga (P3KE)', 'anggota.csv', anggota);
    await page.getByLabel('Edisi data (opsional)').fill('2024-e2e');
    await start.click();

    // The job is followed until it ends, then its summary replaces the progress bar.
    const summary = page.getByTestId('import-summary');
    await summary.waitFor({ timeout: 60_000 });
    expect(jobPolls.length).toBeGreaterThan(0);
    expect(jobPolls.every((s) => s === 200)).toBe(true);
    const count = async (key: string) => (await summary.locator(`[data-count="${key}"] p`).last().textContent())?.trim();
    expect(await count('rejected')).toBe('3');
    expect(await count('warnings')).toBe('1');
    // Households and members apart: 4 families and their members new, the rejected rows by kind.
    const entity = async (kind: string, key: string) =>
      (await summary.locator(`[data-entity="${kind}"] [data-entity-count="${key}"]`).textContent())?.trim();
    expect(await entity('households', 'inserted')).toBe('4');
    expect(await entity('members', 'inserted')).not.toBe('0');
    expect(await entity('members', 'removed')).toBe('0');

    const issues = page.getByTestId('issues-table').locator('tbody tr');
    await expect.poll(() => issues.count()).toBe(4);
    const damaged = issues.filter({ hasText: '3.51306E+15' });
    expect(await damaged.count()).toBe(1);
    const damagedCells = await damaged.locator('td').allTextContents();
    expect(damagedCells[0]).toBe('Ditolak');
    const damagedRow = damagedCells[2] ?? '';
    expect(damagedRow).toMatch(/^\d+$/);
    expect(await issues.filter({ hasText: '3513069999' }).count()).toBe(1);
    expect(await issues.filter({ hasText: 'P3KE-E2E-404' }).count()).toBe(1);
    await screenshot(page, 'import-summary');

    // Only the warnings.
    await summary
      .locator('label')
      .filter({ hasText: /^Peringatan$/ })
      .click();
    await expect.poll(() => issues.count()).toBe(1);
    expect(await issues.first().textContent()).toContain('3513015803800002');

    // The downloadable error report lists the same defects with row numbers and reasons.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Unduh laporan kesalahan (CSV)' }).click(),
    ]);
    const report = await downloadText(download);
    const damagedLine = report.split(/\r?\n/).find((l) => l.includes('3.51306E+15')) ?? '';
    expect(damagedLine).toContain(damagedRow);
    expect(damagedLine).toMatch(/NIK/);
    expect(report).toContain('3513069999');
    expect(report).toContain('3513015803800002');

    // The previous imports list has it; the good families are in the registry.
    const history = page.getByTestId('imports-table');
    expect(await history.textContent()).toContain('2024-e2e');
    await page.getByRole('navigation').getByRole('link', { name: 'Keluarga' }).click();
    await expect.poll(() => page.getByTestId('total-count').textContent()).toBe('4 keluarga');
    const list = (await page.getByTestId('households-table').textContent()) ?? '';
    for (const name of ['SUPARMAN', 'MISNADI', 'SANIYAH', 'HOLIK']) expect(list).toContain(name);
    expect(list).not.toContain('RUSAK NIK');
    expect(problems).toEqual([]);

    // A failed import (the two files swapped) is shown as a failure with its reason, in red,
    // never as "no problems: every row stored".
    await page.getByRole('navigation').getByRole('link', { name: 'Impor data' }).click();
    await page.getByRole('heading', { name: 'Impor data', level: 1 }).waitFor();
    await pickFile(page, 'Berkas keluarga (P3KE)', 'anggota.csv', anggota);
    await pickFile(page, 'Berkas anggota keluarga (P3KE)', 'keluarga.csv', keluarga);
    await page.getByRole('button', { name: 'Mulai impor' }).click();
    const failed = page.getByTestId('import-failed');
    await failed.waitFor({ timeout: 60_000 });
    expect(await failed.textContent()).toContain('Kolom wajib tidak ditemukan');
    const failedSummary = (await page.getByTestId('import-summary').textContent()) ?? '';
    expect(failedSummary).toContain('Gagal');
    expect(failedSummary).not.toContain('Tidak ada masalah');
    expect(await page.getByTestId('import-summary').locator('[data-count]').count()).toBe(0);
    await context.close();
  });
});
