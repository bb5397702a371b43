import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedPendampingan } from '../api/pendampingan-fixture.js';
import { type E2E, horizontalOverflow, login, screenshot, skipBrowser, startE2E } from './harness.js';

/** Pendampingan in the browser: a visit with a photo recorded on a 360 px phone, then the leaders' view of it. */

let e2e: E2E;
let w: Awaited<ReturnType<typeof seedPendampingan>>;

beforeAll(async () => {
  if (skipBrowser) return;
  e2e = await startE2E();
  const admin = await e2e.server.userClient('seed.admin.pend', [{ role: 'admin_kabupaten', regionCode: '35.13' }]);
  w = await seedPendampingan(e2e.server, admin);
  await e2e.addUser('sekda', [{ role: 'pimpinan', regionCode: '35.13' }], 'Sekretaris Daerah');
});
afterAll(async () => {
  await e2e?.close();
});

describe.skipIf(skipBrowser)('pendampingan (browser)', () => {
  it('an official records a desa visit with a photo on a 360 px phone', async () => {
    const { page, problems } = await e2e.newPage({ width: 360, height: 740 });
    await login(page, 'pejabat.bambang');
    await page.goto('/pendampingan');
    await page.getByRole('heading', { name: 'Pendampingan', level: 1 }).waitFor();
    await page.getByTestId('visit-place').fill('Balai Desa');
    const png = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#3a7' } })
      .png()
      .toBuffer();
    await page.locator('input[type=file]').setInputFiles({ name: 'balai.png', mimeType: 'image/png', buffer: png });
    await page.getByTestId('visit-photo-thumb').first().waitFor();
    await page.getByLabel('Peserta (satu nama per baris)').fill('Kepala Desa\nKetua RT 01');
    await page.getByRole('button', { name: 'Simpan kunjungan' }).click();
    await page.getByText('Kunjungan tersimpan.').waitFor();
    await expect.poll(() => page.getByTestId('visit-row').count()).toBe(1);
    expect(await page.getByTestId('visit-row').textContent()).toContain('Balai Desa');
    const o = await horizontalOverflow(page);
    expect(o.scrollWidth).toBeLessThanOrEqual(o.clientWidth);
    await screenshot(page, 'pendampingan-visit-phone');
    const stored = await e2e.server.ctx.db.selectFrom('pendampingan_visit').select(['official_id', 'photos', 'participants']).execute();
    expect(stored).toHaveLength(1);
    expect(Number(stored[0]?.official_id)).toBe(w.officials.eselon3);
    expect(stored[0]?.photos).toHaveLength(1);
    expect(stored[0]?.participants).toEqual(['Kepala Desa', 'Ketua RT 01']);
    expect(problems).toEqual([]);
  });

  it('the leader sees the visit per agency and per official, and the desa without activity', async () => {
    const { page, problems } = await e2e.newPage({ width: 1360, height: 900 });
    await login(page, 'sekda');
    await page.goto('/pendampingan?tab=leaders');
    const table = page.getByTestId('leaders-table');
    await table.waitFor();
    const dpupr = table.locator('tbody tr', { hasText: 'DPUPR' });
    await expect.poll(() => dpupr.count()).toBe(1);
    const cells = await dpupr.locator('td').allTextContents();
    // OPD, officials, desa assigned, desa visited, visits, households.
    expect(cells.slice(1, 6)).toEqual(['3', '2', '1', '1', '0']);
    expect(await table.locator('tbody tr', { hasText: 'Dinsos' }).textContent()).toContain('Tanpa kegiatan 30 hari');
    await page.getByTestId('leaders-agency').click();
    await page.getByRole('option', { name: 'DPUPR', exact: true }).click();
    const bambang = table.locator('tbody tr', { hasText: 'Bambang' });
    await expect.poll(() => bambang.count()).toBe(1);
    expect(await bambang.textContent()).not.toContain('Tanpa kegiatan');
    expect(await page.getByTestId('recap-xlsx').getAttribute('href')).toContain(`agencyId=${w.agencyA}`);
    await screenshot(page, 'pendampingan-leaders');
    expect(problems).toEqual([]);
  });
});
