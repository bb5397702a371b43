import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, type E2E, horizontalOverflow, login, screenshot, skipBrowser, startE2E } from './harness.js';
import { seedHouseholds } from './seed.js';

let e2e: E2E;
const PHONE = { width: 360, height: 740 };

beforeAll(async () => {
  if (skipBrowser) return;
  e2e = await startE2E();
  await seedHouseholds(e2e.server.ctx.db, [
    {
      desa: '35.13.06.2005',
      headName: 'Sumarni Wulandari Kusumaningrum',
      desil: 1,
      aid: { pkh: true, bpnt: true, sembako: true },
      members: ['Sulastri', 'Bayu'],
    },
    { desa: '35.13.06.2005', headName: 'Abdul Rahman', desil: 2 },
    { desa: '35.13.06.2013', headName: 'Lilik', desil: 3, aid: { bpnt: true } },
  ]);
});
afterAll(async () => {
  await e2e?.close();
});

/** The page must not scroll sideways on a 360 px wide phone. */
async function expectNoSidewaysScroll(page: Page) {
  const { scrollWidth } = await horizontalOverflow(page);
  expect(scrollWidth).toBeLessThanOrEqual(PHONE.width);
}

/** Whether the element is on screen (the collapsed menu is moved off to the left). */
async function onScreen(el: Locator): Promise<boolean> {
  const box = await el.boundingBox();
  return box !== null && box.x >= 0 && box.x + box.width <= PHONE.width + 1;
}

describe.skipIf(skipBrowser)('phone 360×740 (browser)', () => {
  it('collapses the menu into a burger and never scrolls sideways', async () => {
    const { page, problems, context } = await e2e.newPage(PHONE);
    await page.goto('/login');
    await page.getByRole('button', { name: 'Masuk' }).waitFor();
    await expectNoSidewaysScroll(page);
    await screenshot(page, 'phone-login');

    await login(page, ADMIN.username);
    await page.getByRole('heading', { name: 'Selamat datang, Admin Bapelitbangda' }).waitFor();
    await expectNoSidewaysScroll(page);
    const burger = page.getByRole('button', { name: 'Menu' });
    const usersLink = page.getByRole('navigation').getByRole('link', { name: 'Pengguna' });
    expect(await burger.isVisible()).toBe(true);
    expect(await onScreen(usersLink)).toBe(false);
    await screenshot(page, 'phone-home');

    await burger.click();
    await expect.poll(() => onScreen(usersLink)).toBe(true);
    await screenshot(page, 'phone-menu-open');
    await usersLink.click();
    await page.getByRole('heading', { name: 'Pengguna', level: 1 }).waitFor();
    await expect.poll(() => onScreen(usersLink)).toBe(false);
    await expectNoSidewaysScroll(page);
    await screenshot(page, 'phone-users');

    // Households: cards instead of the wide table, filters folded away.
    await burger.click();
    await page.getByRole('navigation').getByRole('link', { name: 'Keluarga' }).click();
    const cards = page.getByTestId('household-cards').getByRole('link');
    await expect.poll(() => cards.count()).toBe(3);
    expect(await page.getByTestId('households-table').count()).toBe(0);
    expect(await page.getByRole('combobox', { name: 'Kecamatan' }).isVisible()).toBe(false);
    await expectNoSidewaysScroll(page);
    await screenshot(page, 'phone-households');
    await page.getByRole('button', { name: /^Filter/ }).click();
    await page.getByRole('combobox', { name: 'Kecamatan' }).waitFor({ state: 'visible' });
    await page.getByText('Tanpa bantuan').waitFor({ state: 'visible' });
    await expectNoSidewaysScroll(page);
    await screenshot(page, 'phone-households-filters');

    await cards.filter({ hasText: 'Sumarni' }).click();
    await page.getByRole('heading', { name: 'Sumarni Wulandari Kusumaningrum' }).waitFor();
    await page.getByTestId('members-table').waitFor();
    await expectNoSidewaysScroll(page);
    await screenshot(page, 'phone-household-detail');

    for (const path of ['/imports', '/audit']) {
      await page.goto(path);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.waitForLoadState('networkidle');
      await expectNoSidewaysScroll(page);
    }
    await screenshot(page, 'phone-audit');
    expect(problems).toEqual([]);
    await context.close();
  });
});
