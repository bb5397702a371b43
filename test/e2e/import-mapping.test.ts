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

/** A DTSEN-like extract: one row per person, headers no fixed layout knows. */
const HEADER = 'ID_KELUARGA,ID_ART,KODE_WILAYAH,NAMA_ART,NIK_ART,NO_KK,JENIS_KELAMIN,TGL_LAHIR,HUB_KK,DESIL_NASIONAL';
const file = (desil: string) =>
  [
    HEADER,
    `E2E-1,E2E-1-1,3513062005,KARTO,3513060101700001,3513062103150007,L,01/01/1970,1,${desil}`,
    `E2E-1,E2E-1-2,3513062005,SUMI,3513064506750002,3513062103150007,P,05/06/1975,2,${desil}`,
    'E2E-2,E2E-2-1,3513062013,PAIJO,3.51306E+15,,L,01/02/1961,1,3',
  ].join('\n');

async function pickDtsen(page: Page, content: string, name: string) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Berkas DTKS' }).click()]);
  await chooser.setFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(content, 'utf8') });
}

async function openImports(page: Page) {
  await page.getByRole('navigation').getByRole('link', { name: 'Impor data' }).click();
  await page.getByRole('heading', { name: 'Impor data', level: 1 }).waitFor();
  await page
    .locator('label')
    .filter({ hasText: /^DTKS$/ })
    .click();
}

describe.skipIf(skipBrowser)('import with a column mapping (browser)', () => {
  it('maps a file with unfamiliar column names, saves the mapping as a template, and imports a later release through it', async () => {
    const { page } = await e2e.newPage();
    await login(page, ADMIN.username);
    await openImports(page);
    await pickDtsen(page, file('1'), 'dtsen-2025-1.csv');
    await page.getByRole('button', { name: 'Pratinjau dan petakan kolom' }).click();

    // Each registry column with the file column suggested for it; the preview rows; the findings.
    const panel = page.getByTestId('mapping-panel');
    await panel.waitFor();
    expect(await panel.locator('select[data-column="Nama"]').inputValue()).toBe('NAMA_ART');
    expect(await panel.locator('select[data-column="Desil"]').inputValue()).toBe('DESIL_NASIONAL');
    expect(await page.getByTestId('preview-rows-dtks').locator('tbody tr').count()).toBe(3);
    const findings = page.getByTestId('preview-findings');
    await findings.getByText('Baris 4').first().waitFor();
    expect(await findings.textContent()).toContain('NIK');

    // Unmap a required column: the preview says what is missing; map it back.
    await panel.locator('select[data-column="Nama"]').selectOption('');
    await page.getByRole('button', { name: 'Periksa ulang pratinjau' }).click();
    await expect.poll(async () => (await page.getByTestId('mapping-problem').textContent()) ?? '', { timeout: 30_000 }).toContain('Nama');
    await panel.locator('select[data-column="Nama"]').selectOption('NAMA_ART');
    await page.getByRole('button', { name: 'Periksa ulang pratinjau' }).click();
    await page.getByTestId('preview-findings').waitFor();

    await page.getByLabel('Nama templat').fill('DTSEN Probolinggo');
    await page.getByRole('button', { name: 'Simpan sebagai templat' }).click();
    await page.getByText('Templat "DTSEN Probolinggo" disimpan.').waitFor();
    await screenshot(page, 'import-mapping-preview');
    await page.getByLabel('Edisi data (opsional)').fill('DTSEN 2025-I');
    await page.getByRole('button', { name: 'Mulai impor' }).click();
    const summary = page.getByTestId('import-summary');
    await summary.waitFor({ timeout: 60_000 });
    const count = async (key: string) => (await summary.locator(`[data-count="${key}"] p`).last().textContent())?.trim();
    expect(await count('stored')).toBe('2');
    expect(await count('rejected')).toBe('1');

    // Later: a new release read through the saved template, chosen from the list.
    const later = await e2e.newPage();
    await login(later.page, ADMIN.username);
    await openImports(later.page);
    await later.page.getByTestId('mapping-template').selectOption({ label: 'DTSEN Probolinggo' });
    await later.page.getByText('Impor akan membaca berkas melalui pemetaan kolom di bawah.').waitFor();
    await pickDtsen(later.page, file('2'), 'dtsen-2025-2.csv');
    await later.page.getByLabel('Edisi data (opsional)').fill('DTSEN 2025-II');
    await later.page.getByRole('button', { name: 'Mulai impor' }).click();
    const second = later.page.getByTestId('import-summary');
    await second.waitFor({ timeout: 60_000 });
    const entity = async (kind: string, key: string) =>
      (await second.locator(`[data-entity="${kind}"] [data-entity-count="${key}"]`).textContent())?.trim();
    expect(await entity('households', 'updated')).toBe('1');
    const karto = await e2e.server.ctx.db
      .selectFrom('household')
      .select(['desil', 'edition'])
      .where('source_id', '=', 'E2E-1')
      .executeTakeFirstOrThrow();
    expect(karto).toEqual({ desil: 2, edition: 'DTSEN 2025-II' });
  });
});
