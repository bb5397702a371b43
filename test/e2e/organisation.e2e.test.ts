import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BANYUANYAR, createFixtureOfficials, createPeriod } from '../api/organisation-fixture.js';
import { ADMIN, choose, type E2E, horizontalOverflow, login, screenshot, skipBrowser, startE2E } from './harness.js';

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

describe.skipIf(skipBrowser)('current stage in the header, editing OPD and pejabat (browser)', () => {
  it('shows the running stage in the header on desktop and as a compact badge on a phone', async () => {
    const desk = await e2e.newPage({ width: 1360, height: 800 });
    await login(desk.page, ADMIN.username);
    const full = desk.page.getByTestId('header-stage-full');
    await full.waitFor();
    expect(await full.textContent()).toMatch(/^Verifikasi dan validasi · 1 Jan \d{4}–\d+ \w+ \d{4} · hari terakhir$/);
    expect(await desk.page.getByTestId('header-stage-compact').isVisible()).toBe(false);
    await screenshot(desk.page, 'header-stage-desktop');

    const phone = await e2e.newPage({ width: 360, height: 740 });
    await login(phone.page, ADMIN.username);
    const compact = phone.page.getByTestId('header-stage-compact');
    await compact.waitFor();
    expect(await compact.textContent()).toBe('hari terakhir · Verifikasi dan validasi');
    expect(await phone.page.getByTestId('header-stage-full').isVisible()).toBe(false);
    const { scrollWidth, clientWidth } = await horizontalOverflow(phone.page);
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    await screenshot(phone.page, 'header-stage-phone');
    expect([...desk.problems, ...phone.problems]).toEqual([]);
  });

  it('edits an agency, refuses deleting one with officials, and links an official to a user account', async () => {
    await e2e.addUser('yasin', [], 'Moch. Yasin');
    const { page, problems } = await e2e.newPage({ width: 1360, height: 900 });
    await login(page, ADMIN.username);
    await page.getByRole('navigation').getByRole('link', { name: 'Penugasan' }).click();
    await page.getByRole('tab', { name: 'OPD & Pejabat' }).click();
    const agencies = page.getByTestId('agencies-table');
    await agencies.getByRole('button', { name: 'Ubah Dinas Sosial' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Nama').fill('Dinas Sosial dan Pemberdayaan Masyarakat');
    await dialog.getByLabel('Singkatan').fill('Dinsos PM');
    await dialog.getByRole('button', { name: 'Simpan' }).click();
    await agencies.getByText('Dinas Sosial dan Pemberdayaan Masyarakat').waitFor();
    expect(await agencies.textContent()).toContain('Dinsos PM');

    await agencies.getByRole('button', { name: 'Hapus Dinas Sosial dan Pemberdayaan Masyarakat' }).click();
    await page.getByTestId('confirm-delete').click();
    await page.getByRole('dialog').getByText('masih memiliki pejabat atau kecamatan binaan').waitFor();
    await screenshot(page, 'organisation-agency-in-use');
    await page.getByRole('dialog').getByRole('button', { name: 'Batal' }).click();

    const officials = page.getByTestId('officials-table');
    await officials.getByRole('button', { name: 'Ubah Drs. Moch. Yasin' }).click();
    const edit = page.getByRole('dialog');
    await edit.getByLabel('Jabatan').fill('Sekretaris Dinas');
    const picker = edit.getByRole('combobox', { name: /^Akun pengguna/ });
    await picker.click();
    await picker.fill('yasin');
    await page.getByRole('option', { name: 'Moch. Yasin (yasin)' }).click();
    await screenshot(page, 'organisation-official-edit');
    await edit.getByRole('button', { name: 'Simpan' }).click();
    const row = officials.locator('tr', { hasText: 'Drs. Moch. Yasin' });
    await expect.poll(() => row.textContent()).toContain('Sekretaris Dinas');
    expect(await row.textContent()).toContain('yasin');
    await screenshot(page, 'organisation-people-edited');
    // The refused delete answers 409, which the browser logs; nothing else may go wrong.
    expect(problems.filter((m) => !m.includes('status of 409'))).toEqual([]);
  });
});
