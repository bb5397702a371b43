import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertHouseholds } from '../helpers/registry-fixtures.js';
import { ADMIN, type E2E, login, screenshot, skipBrowser, startE2E } from './harness.js';

/**
 * Each role's landing page, the trend chart and the meeting summary (issue 23).
 * Alassapi (35.13.06.2005): 8 households, 6 extreme-poor; in the running period one verval
 * returned and one submitted (6 not visited). Ngadisari (35.13.01.2001): 3 extreme-poor.
 * Kabupaten: 11 households, 9 extreme-poor, none with aid.
 */

const A = '35.13.06.2005';
let e2e: E2E;

beforeAll(async () => {
  if (skipBrowser) return;
  e2e = await startE2E();
  const db = e2e.server.ctx.db;
  const ids = await insertHouseholds(db, [
    ...Array.from({ length: 8 }, (_, i) => ({
      desaCode: A,
      headName: `Warga Alassapi ${i}`,
      targetStatus: i < 6 ? ('MISKIN_EKSTREM' as const) : ('MISKIN' as const),
    })),
    ...Array.from({ length: 3 }, (_, i) => ({
      desaCode: '35.13.01.2001',
      headName: `Warga Ngadisari ${i}`,
      targetStatus: 'MISKIN_EKSTREM' as const,
    })),
  ]);
  const day = (offset: number) => new Date(Date.now() + 7 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);
  const seed = await e2e.server.userClient('seed.landing', [{ role: 'admin_kabupaten', regionCode: '35.13' }]);
  const period = await seed.post('/api/v1/organisation/periods', {
    program: 'Gesek Ekstrem',
    name: 'Gesek Ekstrem 2026',
    startDate: day(-20),
    endDate: day(60),
  });
  expect(period.status).toBe(201);
  const verval = (householdId: number, status: 'RETURNED' | 'SUBMITTED') => ({
    period_id: period.body.id,
    household_id: householdId,
    kabupaten_code: '35.13',
    kecamatan_code: '35.13.06',
    desa_code: A,
    status,
    found: true,
    outcome: 'TETAP' as const,
  });
  await db
    .insertInto('verval')
    .values([verval(ids[0] ?? 0, 'RETURNED'), verval(ids[1] ?? 0, 'SUBMITTED')])
    .execute();
  await e2e.addUser('op.alassapi', [{ role: 'operator_desa', regionCode: A }], 'Operator Alassapi');
  await e2e.addUser('op.banyuanyar', [{ role: 'operator_kecamatan', regionCode: '35.13.06' }], 'Operator Banyuanyar');
  await e2e.addUser('bupati', [{ role: 'pimpinan', regionCode: '35.13' }], 'Bupati Probolinggo');
}, 300_000);
afterAll(async () => {
  await e2e?.close();
});

describe.skipIf(skipBrowser)('landing page per role (browser)', () => {
  it('shows an operator desa their to-dos on a phone, each a link to the work, with a skip link and page titles', async () => {
    const { page, problems } = await e2e.newPage({ width: 360, height: 780 });
    await login(page, 'op.alassapi');
    const todos = page.getByTestId('todos');
    await todos.waitFor();
    expect(await page.getByTestId('todo-notVisited').textContent()).toBe('6 keluarga belum dikunjungi');
    expect(await page.getByTestId('todo-returned').textContent()).toBe('1 verval dikembalikan');
    expect(await page.getByTestId('todo-musdesNotScheduled').textContent()).toBe('Musdes belum dijadwalkan');
    expect(await page.getByTestId('landing-extreme').textContent()).toBe('6');
    expect(await page.title()).toBe('Beranda — Sasmita');
    await screenshot(page, 'landing-operator-desa-360');
    // The first Tab reaches the skip link; following it moves focus to the content.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Lewati ke konten');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate('document.activeElement?.id'), { timeout: 15_000 }).toBe('main-content');
    await page.getByTestId('todo-notVisited').click();
    await expect.poll(() => new URL(page.url()).pathname, { timeout: 15_000 }).toBe('/verval');
    await expect.poll(() => page.title(), { timeout: 15_000 }).toBe('Verval — Sasmita');
    expect(problems).toEqual([]);
  });

  it('shows an operator kecamatan the review queue of the kecamatan', async () => {
    const { page, problems } = await e2e.newPage();
    await login(page, 'op.banyuanyar');
    await page.getByTestId('todos').waitFor();
    expect(await page.getByTestId('todo-reviewQueue').textContent()).toBe('1 verval menunggu pemeriksaan');
    expect(await page.getByTestId('landing-area').textContent()).toBe('Operator kecamatan · Banyuanyar');
    await page.getByTestId('todo-reviewQueue').click();
    await expect.poll(() => new URL(page.url()).pathname, { timeout: 15_000 }).toBe('/verval/review');
    expect(problems).toEqual([]);
  });

  it('lands pimpinan on the kabupaten’s figures, with the trend and a one-page summary as PDF and PNG', async () => {
    const { page, problems } = await e2e.newPage({ height: 1000 });
    await login(page, 'bupati');
    await expect.poll(() => page.getByTestId('landing-extreme').textContent(), { timeout: 15_000 }).toBe('9');
    expect(await page.getByTestId('landing-area').textContent()).toBe('Pimpinan · Kabupaten Probolinggo');
    await screenshot(page, 'landing-pimpinan');
    await page.getByRole('link', { name: 'Ringkasan rapat' }).click();
    await page.getByRole('heading', { name: 'Ringkasan Penanggulangan Kemiskinan Ekstrem — Kabupaten Probolinggo' }).waitFor();
    await expect.poll(() => page.title(), { timeout: 15_000 }).toBe('Ringkasan rapat — Sasmita');
    // The trend chart is drawn (one month: the running one) with its target path in the legend.
    await page.getByTestId('trend-chart').locator('svg.recharts-surface').first().waitFor();
    expect(await page.getByTestId('trend-chart').textContent()).toContain('Jalur target 0,00% pada akhir 2024');
    expect(await page.getByTestId('summary-date').textContent()).toMatch(/^Tanggal .+ · data per .+/);
    await screenshot(page, 'summary-page');

    const [pdfDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Unduh ringkasan PDF' }).click(),
    ]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sasmita-summary-'));
    const pdfFile = path.join(dir, pdfDownload.suggestedFilename());
    await pdfDownload.saveAs(pdfFile);
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(fs.readFileSync(pdfFile))), { mergePages: true });
    expect(text).toContain('Ringkasan Penanggulangan Kemiskinan Ekstrem — Kabupaten');
    expect(text).toMatch(/Miskin ekstrem \(kini\)\s+9/);
    expect(text).toContain('Keluarga miskin ekstrem per bulan');
    expect(text).toMatch(/Data per \d{1,2} \w+ \d{4}/);

    const [pngDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Unduh PNG' }).click()]);
    expect(pngDownload.suggestedFilename()).toMatch(/^ringkasan-3513-\d{4}-\d{2}-\d{2}\.png$/);
    const pngFile = path.join(dir, 'summary.png');
    await pngDownload.saveAs(pngFile);
    const png = fs.readFileSync(pngFile);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    fs.copyFileSync(pngFile, path.resolve('test-results/screenshots/summary-download.png'));
    fs.rmSync(dir, { recursive: true, force: true });
    expect(problems).toEqual([]);
  });

  it('lands the admin on the figures with the trend section on the monitoring page', async () => {
    const { page, problems } = await e2e.newPage({ height: 1000 });
    await login(page, ADMIN.username);
    await expect.poll(() => page.getByTestId('landing-extreme').textContent(), { timeout: 15_000 }).toBe('9');
    await page.getByRole('navigation').getByRole('link', { name: 'Monitoring' }).click();
    await page.getByTestId('trend-chart').locator('svg.recharts-surface').first().waitFor();
    expect(await page.getByTestId('trend-rate').textContent()).toContain('81,82%');
    await expect.poll(() => page.title(), { timeout: 15_000 }).toBe('Monitoring — Sasmita');
    await screenshot(page, 'monitoring-trends');
    expect(problems).toEqual([]);
  });
});
