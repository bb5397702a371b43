import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertMatchingWorld, type MatchingWorld, NIK_SITI } from '../helpers/matching-fixtures.js';
import { type E2E, horizontalOverflow, login, screenshot, skipBrowser, startE2E } from './harness.js';

/** Matching on a 360 px phone: run the internal check, resolve one pair as GANDA and one member in two households; match an uploaded list. */

let e2e: E2E;
let w: MatchingWorld;
const PHONE = { width: 360, height: 740 };
const KIND_MEMBER = 'Anggota di dua desa';

beforeAll(async () => {
  if (skipBrowser) return;
  e2e = await startE2E();
  w = await insertMatchingWorld(e2e.server.ctx.db);
}, 120_000);
afterAll(async () => {
  await e2e?.close();
});

describe.skipIf(skipBrowser)('matching (browser)', () => {
  it('finds duplicates and resolves one pair side by side', async () => {
    const { page, problems } = await e2e.newPage(PHONE);
    await login(page, 'admin');
    await page.goto('/matching');
    await page.getByRole('button', { name: 'Cari ganda (NIK/No KK)' }).click();
    const cards = page.getByTestId('candidate');
    await expect.poll(() => cards.count(), { timeout: 20_000 }).toBe(3);
    expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'matching-phone-candidates');

    await cards.filter({ hasText: 'Keluarga tercatat dua kali' }).getByRole('link', { name: 'Buka' }).click();
    await expect.poll(() => page.getByTestId('candidate-side').count()).toBe(2);
    await page.getByText('Sumber berbeda: P3KE dan DTKS', { exact: false }).waitFor();
    await page.getByRole('radio', { name: 'Sama: data ganda' }).check();
    await page.getByRole('radio', { name: /^Keluarga A: Siti Aminah/ }).check();
    await page.getByLabel('Catatan').fill('KK sama; data DTKS lama');
    await page.getByRole('button', { name: 'Simpan keputusan' }).click();
    await expect.poll(() => page.getByTestId('candidate-status').textContent()).toBe('Sama (ganda)');
    await page.getByText(`Keluarga ${w.sitiDtks} ganda dari keluarga ${w.sitiP3ke}`).waitFor();
    expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'matching-phone-resolved');
    const row = await e2e.server.ctx.db.selectFrom('match_candidate').selectAll().where('status', '=', 'SAME').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ duplicate_household_id: w.sitiDtks, note: 'KK sama; data DTKS lama' });
    expect(problems).toEqual([]);
  });

  it('keeps a member recorded in two households in one and ends them in the other', async () => {
    const { page, problems } = await e2e.newPage(PHONE);
    await login(page, 'admin');
    await page.goto('/matching');
    await page.getByTestId('candidate').filter({ hasText: KIND_MEMBER }).getByRole('link', { name: 'Buka' }).click();
    await expect.poll(() => page.getByTestId('candidate-side').count()).toBe(2);
    expect(await page.getByRole('radio', { name: 'Anggota yang sama tercatat di dua keluarga' }).isChecked()).toBe(true);
    await page.getByRole('radio', { name: /^Keluarga A: Siti Aminah/ }).check();
    await page.getByRole('button', { name: 'Simpan keputusan' }).click();
    await expect.poll(() => page.getByTestId('candidate-status').textContent()).toBe('Sama (ganda)');
    await page.getByText(`Anggota dipertahankan di keluarga #${w.sitiP3ke}`, { exact: false }).waitFor();
    expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(PHONE.width);
    const left = await e2e.server.ctx.db.selectFrom('member').select('name').where('household_id', '=', w.rohmanTiris).execute();
    expect(left.map((m) => m.name)).toEqual(['Karto']);
    expect(problems).toEqual([]);
  });

  it('uploads a list and shows its results', async () => {
    const { page, problems } = await e2e.newPage({ width: 1280, height: 800 });
    await login(page, 'admin');
    await page.goto('/matching?tab=lists');
    await page.getByLabel('Nama daftar').fill('Data kematian Disdukcapil');
    const csv = `NIK;Nama\n${NIK_SITI};Siti Aminah\n3513060101990001;Orang Lain\n`;
    await page.locator('input[type="file"]').setInputFiles({ name: 'kematian.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Padankan' }).click();
    await page.waitForURL(/\/matching\/lists\/\d+$/, { timeout: 20_000 });
    await expect.poll(() => page.getByTestId('list-row').count()).toBe(2);
    await page.getByText('Tidak ditemukan', { exact: true }).first().waitFor();
    await screenshot(page, 'matching-list-results');
    expect(problems).toEqual([]);
  });
});
