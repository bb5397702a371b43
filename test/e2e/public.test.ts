import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertHouseholds } from '../helpers/registry-fixtures.js';
import { type E2E, horizontalOverflow, screenshot, skipBrowser, startE2E } from './harness.js';

/**
 * The public page /publik (issue 23), opened without an account. Banyuanyar has 8 households
 * (6 extreme-poor), Sukapura 3 (all extreme-poor): Sukapura's cells are under 5 and withheld,
 * the page shows "< 5" and the value never reaches the browser.
 */

let e2e: E2E;

beforeAll(async () => {
  if (skipBrowser) return;
  e2e = await startE2E({ publicView: true });
  await insertHouseholds(e2e.server.ctx.db, [
    ...Array.from({ length: 8 }, (_, i) => ({
      desaCode: '35.13.06.2005',
      headName: `Suparman ${i}`,
      targetStatus: i < 6 ? ('MISKIN_EKSTREM' as const) : ('MISKIN' as const),
    })),
    ...Array.from({ length: 3 }, (_, i) => ({
      desaCode: '35.13.01.2001',
      headName: `Ngatini ${i}`,
      targetStatus: 'MISKIN_EKSTREM' as const,
    })),
  ]);
}, 300_000);
afterAll(async () => {
  await e2e?.close();
});

describe.skipIf(skipBrowser)('public page (browser)', () => {
  it('shows the kabupaten’s figures and trend to anyone, a small cell withheld, no person, on a phone', async () => {
    const { page, problems } = await e2e.newPage({ width: 360, height: 780 });
    const answers: string[] = [];
    page.on('response', async (r) => {
      if (r.url().includes('/api/v1/public/')) answers.push(await r.text());
    });
    await page.goto('/publik');
    await page.getByRole('heading', { name: 'Data kemiskinan ekstrem — Kabupaten Probolinggo' }).waitFor();
    expect(await page.title()).toBe('Data kemiskinan ekstrem — Sasmita');
    expect(await page.getByTestId('public-extreme').textContent()).toBe('9');
    const table = page.getByTestId('public-table');
    expect(await table.locator('tr', { hasText: 'Banyuanyar' }).textContent()).toBe('Banyuanyar8—6—');
    const sukapura = table.locator('tr', { hasText: 'Sukapura' });
    expect(await sukapura.getByTestId('suppressed').count()).toBe(2);
    expect(await sukapura.textContent()).not.toContain('3');
    await page.getByTestId('trend-chart').locator('svg.recharts-surface').first().waitFor();
    // The answers behind the page carry no withheld value and no name.
    const summary = JSON.parse(answers.find((a) => a.includes('"rows"')) ?? '{}');
    const row = summary.rows.find((r: { name: string }) => r.name === 'Sukapura');
    expect(row.extremeHouseholds).toEqual({ value: null, suppressed: true, reason: 'small' });
    expect(answers.join()).not.toMatch(/Suparman|Ngatini/);
    expect(await page.content()).not.toMatch(/Suparman|Ngatini/);
    const { scrollWidth, clientWidth } = await horizontalOverflow(page);
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    await screenshot(page, 'public-page-360');
    expect(problems).toEqual([]);
  });
});
