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

describe.skipIf(skipBrowser)('lokus list import (browser)', () => {
  it('matches a province list, shows the one unmatched name, and pins the rest with source and reason', async () => {
    const { page } = await e2e.newPage();
    await login(page, ADMIN.username);
    await page.goto('/aid?tab=lokus');
    const box = page.getByTestId('lokus-import');
    await box.waitFor();
    const list = ['kode_desa,desa,kecamatan', '3513062005,,', ',Sentulan,Banyuanyar', ',Karanganyar,Paiton', ',Desa Tidak Ada,Tiris'].join(
      '\n',
    );
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      box.getByRole('button', { name: 'Berkas daftar lokus' }).click(),
    ]);
    await chooser.setFiles({ name: 'lokus-provinsi.csv', mimeType: 'text/csv', buffer: Buffer.from(list, 'utf8') });
    await box.getByRole('button', { name: 'Cocokkan dengan desa' }).click();

    const review = page.getByTestId('lokus-review');
    await review.waitFor();
    expect(await page.getByTestId('lokus-summary').textContent()).toBe('3 cocok, 0 perlu dipilih, 1 tidak ditemukan, 0 di luar kabupaten');
    const unmatched = review.locator('tr[data-status="UNMATCHED"]');
    expect(await unmatched.count()).toBe(1);
    expect(await unmatched.textContent()).toContain('Desa Tidak Ada');
    expect(await unmatched.textContent()).toContain('Tidak ditemukan');

    await box.getByLabel('Sumber daftar (mis. SK Gubernur Jawa Timur No. …)').fill('SK Gubernur Jatim 2025');
    await box.getByLabel('Alasan penetapan lokus').fill('Lokus provinsi');
    await screenshot(page, 'lokus-import-review');
    await box.getByRole('button', { name: 'Tetapkan 3 desa sebagai lokus' }).click();
    await box.getByText('3 desa ditetapkan sebagai lokus.').waitFor();
    const pinned = await e2e.server.ctx.db.selectFrom('aid_lokus_override').select(['desa_code', 'reason']).orderBy('desa_code').execute();
    expect(pinned.map((p) => p.desa_code)).toEqual(['35.13.06.2001', '35.13.06.2005', '35.13.12.2011']);
    expect(pinned[0]?.reason).toBe('Lokus provinsi (sumber: SK Gubernur Jatim 2025)');
  });
});
