import { sql } from 'kysely';
import { extractText } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finaliseDecree } from '../../src/modules/decree/service.js';
import { insertHouseholds } from '../helpers/registry-fixtures.js';
import { ADMIN, choose, type E2E, horizontalOverflow, login, screenshot, skipBrowser, startE2E } from './harness.js';

/**
 * The admin finalises a second SK Bupati in the browser: the draft shows 3 target households
 * (Alassapi 2, Ngadisari 1); the first decree (4 households) is issued beforehand, then Darmi
 * leaves the extreme-poor list and Eko joins it, so the new decree shows 1 added and 2 removed.
 */

let e2e: E2E;
const PHONE = { width: 360, height: 740 };

beforeAll(async () => {
  if (skipBrowser) return;
  e2e = await startE2E();
  const db = e2e.server.ctx.db;
  const [, , darmi, erna] = await insertHouseholds(db, [
    { desaCode: '35.13.06.2005', headName: 'BAMBANG', headNik: '3513062005700001', targetStatus: 'MISKIN_EKSTREM', desil: 1 },
    { desaCode: '35.13.06.2005', headName: 'CAHYONO', headNik: '3513062005700002', targetStatus: 'MISKIN_EKSTREM', desil: 1 },
    { desaCode: '35.13.06.2005', headName: 'DARMI', headNik: '3513062005700003', targetStatus: 'MISKIN_EKSTREM', desil: 1 },
    { desaCode: '35.13.01.2001', headName: 'ERNA', headNik: '3513012001700004', targetStatus: 'MISKIN_EKSTREM', desil: 2 },
  ]);
  const admin = await db
    .selectFrom('app_user')
    .select(['id', 'username', 'full_name'])
    .where('username', '=', ADMIN.username)
    .executeTakeFirstOrThrow();
  await finaliseDecree(
    { db, kabupatenCode: '35.13' },
    {
      userId: Number(admin.id),
      username: admin.username,
      fullName: admin.full_name,
      grants: [{ role: 'admin_kabupaten', regionCode: '35.13' }],
    },
    {
      number: '400/10/426.12/2026',
      decreeDate: '2026-02-01',
      title: 'Penetapan Keluarga Sasaran Miskin Ekstrem 2026',
      signatoryName: 'Drs. H. Muhammad Tantri',
      signatoryPosition: 'Bupati Probolinggo',
      override: { reason: 'Musdes belum tercatat di aplikasi' },
    },
  );
  await sql`update household set target_status = 'MISKIN' where id in (${darmi}, ${erna})`.execute(db);
  await insertHouseholds(db, [{ desaCode: '35.13.01.2001', headName: 'EKO', headNik: '3513012001700005', targetStatus: 'MISKIN_EKSTREM' }]);
});
afterAll(async () => {
  await e2e?.close();
});

describe.skipIf(skipBrowser)('decree (browser)', () => {
  it('finalises an SK Bupati from the draft and shows its difference from the previous one', async () => {
    const { page, problems } = await e2e.newPage({ height: 1000 });
    await login(page, ADMIN.username);
    await page.getByRole('navigation').getByRole('link', { name: 'Penetapan' }).click();
    await expect.poll(() => page.getByTestId('decree-draft').locator('tfoot').textContent()).toBe('Jumlah30');
    expect(await page.getByTestId('decree-list').locator('tbody tr').count()).toBe(1);
    await screenshot(page, 'decree-list');

    await page.getByRole('button', { name: 'Tetapkan SK' }).click();
    // No desa has a finalised musdes yet: the admin may proceed only with a reason.
    await page.getByTestId('decree-preconditions').getByText('2 desa belum memiliki musdes yang difinalkan').waitFor();
    const submit = page.getByRole('dialog').getByRole('button', { name: 'Tetapkan SK' });
    expect(await submit.isDisabled()).toBe(true);
    await page.getByLabel('Nomor SK').fill('400/11/426.12/2026');
    await page.getByLabel('Tanggal SK').fill('2026-09-01');
    await page.getByLabel('Tentang').fill('Perubahan Penetapan Keluarga Sasaran Miskin Ekstrem 2026');
    await page.getByLabel('Nama penandatangan').fill('Drs. H. Muhammad Tantri');
    await page.getByLabel('Jabatan penandatangan').fill('Bupati Probolinggo');
    await page.getByLabel('Tetap tetapkan dengan pengecualian (tercatat di audit)').check();
    await page.getByLabel('Alasan pengecualian (min. 10 karakter)').fill('Tenggat provinsi; musdes susulan dijadwalkan');
    await screenshot(page, 'decree-finalise-form');
    await submit.click();

    await expect.poll(() => page.getByTestId('decree-title').textContent()).toBe('SK 400/11/426.12/2026');
    expect(page.url()).toMatch(/\/decree\/\d+$/);
    const diff = page.getByTestId('decree-diff').locator('tbody tr');
    await expect.poll(() => diff.count()).toBe(1);
    expect(await diff.first().textContent()).toContain('EKO');
    expect(await diff.first().textContent()).toContain('Keluarga baru dalam data');
    await page.getByText('Dikeluarkan (2)').click();
    await expect.poll(() => diff.count()).toBe(2);
    expect(await page.getByTestId('decree-diff').textContent()).toContain('Status tidak lagi miskin ekstrem');
    expect(await page.getByText('Ditetapkan dengan pengecualian').count()).toBe(1);
    await screenshot(page, 'decree-detail');

    // The lampiran PDF: the whole kabupaten by default, or any kecamatan or desa.
    const pdf = page.getByRole('link', { name: 'PDF' });
    const region = page.getByRole('combobox', { name: 'Wilayah PDF' });
    expect(await region.inputValue()).toBe('Seluruh kabupaten (3)');
    expect(await pdf.getAttribute('href')).toMatch(/\/lampiran\.pdf$/);
    await region.click();
    expect(await page.getByRole('option', { name: 'Seluruh Kecamatan Banyuanyar (2)' }).count()).toBe(1);
    await screenshot(page, 'decree-pdf-regions');
    await page.keyboard.press('Escape');
    await choose(page, region, 'Alassapi (2)');
    const href = await pdf.getAttribute('href');
    expect(href).toContain('desa=35.13.06.2005');
    const res = await page.request.get(href ?? '');
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('application/pdf');
    const { text } = await extractText(new Uint8Array(await res.body()), { mergePages: true });
    expect(text).toContain('Desa/Kelurahan Alassapi');
    expect(text).toContain('CAHYONO');
    expect(text).not.toContain('EKO');

    // The same number again is refused with a clear message.
    await page.getByRole('link', { name: 'Kembali ke penetapan' }).click();
    await page.getByRole('button', { name: 'Tetapkan SK' }).click();
    await page.getByLabel('Nomor SK').fill('400/11/426.12/2026');
    await page.getByLabel('Tentang').fill('Penetapan lain');
    await page.getByLabel('Nama penandatangan').fill('Bupati');
    await page.getByLabel('Jabatan penandatangan').fill('Bupati Probolinggo');
    await page.getByLabel('Tetap tetapkan dengan pengecualian (tercatat di audit)').check();
    await page.getByLabel('Alasan pengecualian (min. 10 karakter)').fill('Tenggat provinsi; musdes susulan dijadwalkan');
    await page.getByRole('dialog').getByRole('button', { name: 'Tetapkan SK' }).click();
    await page.getByText('Nomor SK 400/11/426.12/2026 sudah dipakai').waitFor();
    expect(problems.filter((p) => !/status of 409/.test(p))).toEqual([]);
  });

  it('fits a phone screen', async () => {
    const { page, problems } = await e2e.newPage(PHONE);
    await login(page, ADMIN.username);
    await page.goto('/decree');
    await page.getByTestId('decree-list').waitFor();
    await page.getByRole('link', { name: '400/11/426.12/2026' }).click();
    await page.getByTestId('decree-title').waitFor();
    await page.getByTestId('decree-diff').locator('tbody tr').first().waitFor();
    const { scrollWidth, clientWidth } = await horizontalOverflow(page);
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    await screenshot(page, 'decree-detail-phone');
    expect(problems).toEqual([]);
  });
});
