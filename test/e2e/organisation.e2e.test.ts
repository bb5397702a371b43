import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BANYUANYAR, createFixtureOfficials, createPeriod } from '../api/organisation-fixture.js';
import { ADMIN, choose, type E2E, login, screenshot, skipBrowser, startE2E } from './harness.js';

let e2e: E2E;
const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
const year = today.slice(0, 4);

beforeAll(async () => {
  if (skipBrowser) return;
  e2e = await startE2E();
  const seed = await e2e.server.userClient('seed.admin', [{ role: 'admin_kabupaten', regionCode: '35.13' }]);
  await createFixtureOfficials(seed);
  const period = await createPeriod(seed, `Gesek Ekstrem ${year}`, `${year}-01-01`, `${year}-12-31`);
  const r = await seed.post(`/api/v1/organisation/periods/${period}/stages`, {
    kind: 'verval',
    name: 'Verifikasi dan validasi',
    startDate: `${year}-01-01`,
    endDate: today,
  });
  expect(r.status).toBe(201);
});
afterAll(async () => {
  await e2e?.close();
});

describe.skipIf(skipBrowser)('penugasan (browser)', () => {
  it('shows uncovered desa highlighted, runs the split assistant and accepting it covers the kecamatan', async () => {
    const { page, problems } = await e2e.newPage({ width: 1360, height: 900 });
    await login(page, ADMIN.username);
    await page.getByRole('navigation').getByRole('link', { name: 'Penugasan' }).click();
    await page.getByRole('heading', { name: 'Penugasan Gesek Ekstrem', level: 1 }).waitFor();
    expect(await page.getByTestId('current-stage').textContent()).toContain('Verifikasi dan validasi');

    // Coverage of Banyuanyar before any assignment: all 14 desa uncovered, highlighted.
    await choose(page, page.getByRole('combobox', { name: 'Kecamatan', exact: true }), 'Banyuanyar');
    const alassapi = page.locator('tr[data-desa="35.13.06.2005"]');
    await alassapi.waitFor();
    expect(await alassapi.getAttribute('data-uncovered')).toBe('true');
    expect(await alassapi.textContent()).toContain('Belum ada pendamping');
    const background = String(
      await page.evaluate(`getComputedStyle(document.querySelector('tr[data-desa="35.13.06.2005"]')).backgroundColor`),
    );
    expect(background).toMatch(/^rgba?\(/);
    expect(background).not.toBe('rgba(0, 0, 0, 0)');
    expect(await page.getByTestId('stat-uncovered').textContent()).toContain('14');
    expect(await page.getByTestId('coverage-status').textContent()).toBe('Belum terbagi habis');
    await screenshot(page, 'organisation-coverage-gaps');

    // The assistant: DPUPR's six echelon-III officials two desa each, Dinas Sosial the rest.
    await page.getByRole('tab', { name: 'Asisten pembagian' }).click();
    await choose(page, page.getByRole('combobox', { name: /^OPD utama/ }), 'Dinas Pekerjaan Umum dan Penataan Ruang');
    const kec = page.getByRole('combobox', { name: /^Kecamatan binaan/ });
    await kec.click();
    await kec.fill('Banyuanyar');
    await page.getByRole('option', { name: 'Banyuanyar', exact: true }).click();
    await page.keyboard.press('Escape');
    await choose(page, page.getByRole('combobox', { name: /^OPD untuk sisa desa/ }), 'Dinas Sosial');
    await page.getByRole('button', { name: 'Buat rancangan' }).click();
    const draft = page.getByTestId('draft-table');
    await draft.waitFor();
    await expect.poll(() => draft.locator('tbody tr').count()).toBe(14);
    expect(await draft.locator('tbody tr').last().textContent()).toContain('Drs. Moch. Yasin');
    expect(await page.getByTestId('draft').textContent()).toContain('Kecamatan binaan baru: Banyuanyar');
    await screenshot(page, 'organisation-assistant-draft');
    await page.getByRole('button', { name: 'Terima rancangan' }).click();
    await page.getByText('Rancangan diterima: 14 penugasan disimpan').waitFor();

    // Back on the coverage view: Banyuanyar is fully divided.
    await choose(page, page.getByRole('combobox', { name: 'Kecamatan', exact: true }), 'Banyuanyar');
    await expect.poll(() => page.getByTestId('coverage-status').textContent()).toBe('Terbagi habis');
    expect(await page.locator('tr[data-desa="35.13.06.2005"]').getAttribute('data-uncovered')).toBe('false');
    expect(await page.locator('tr[data-uncovered="true"]').count()).toBe(0);
    expect(await page.getByTestId('stat-uncovered').textContent()).toContain('0');
    expect(await page.locator(`tr[data-kecamatan="${BANYUANYAR}"]`).textContent()).toContain('Dinas Pekerjaan Umum dan Penataan Ruang');
    await screenshot(page, 'organisation-coverage-complete');

    // The other views show the same data.
    await page.getByRole('tab', { name: 'Penugasan' }).click();
    await expect.poll(() => page.getByTestId('assignments-table').locator('tbody tr').count()).toBe(14);
    expect(await page.getByTestId('binaan-table').textContent()).toContain('Kecamatan Banyuanyar');
    await page.getByRole('tab', { name: 'OPD & Pejabat' }).click();
    await expect.poll(() => page.getByTestId('officials-table').locator('tbody tr').count()).toBe(7);
    await page.getByRole('tab', { name: 'Jadwal' }).click();
    await page.getByTestId('stages-table').getByText('Berjalan').waitFor();
    await screenshot(page, 'organisation-schedule');
    expect(problems).toEqual([]);
  });
});
