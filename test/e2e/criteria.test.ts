import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleCriteria, type FixtureHousehold, insertHouseholds } from '../helpers/criteria-fixtures.js';
import { ADMIN, downloadText, type E2E, login, screenshot, skipBrowser, startE2E } from './harness.js';

let e2e: E2E;

const DESA_A = '35.13.06.2005';
const DESA_B = '35.13.06.2013';

/** Every indicator of the example met except those listed; desil as given. */
function household(
  desa: string,
  headName: string,
  desil: number,
  better: Partial<FixtureHousehold> = {},
  indicators: Record<string, unknown> = {},
): FixtureHousehold {
  return {
    desa,
    headName,
    desil,
    floorType: 'Tanah',
    wallType: 'Anyaman bambu',
    toilet: 'Tidak ada fasilitas',
    lighting: 'Bukan listrik',
    drinkingWater: 'Sumur tak terlindung',
    cookingFuel: 'Kayu bakar',
    headEducation: 'TAMAT SD/SEDERAJAT',
    hasSavings: false,
    ...better,
    indicators: {
      floorAreaPerPerson: 6,
      proteinPerWeek: 1,
      clothesPerYear: 0,
      mealsPerDay: 2,
      canAffordClinic: false,
      headIncomeMonthly: 400000,
      ...indicators,
    },
  };
}

const EXAMPLE = exampleCriteria();
const DRAFT = {
  ...EXAMPLE,
  classify: [
    { label: 'MISKIN_EKSTREM', when: { all: [{ indicatorsMetAtLeast: 10 }, { field: 'desil', lte: 2 }] } },
    { label: 'MISKIN', when: { indicatorsMetAtLeast: 7 } },
    { label: 'TIDAK_MISKIN', when: { always: true } },
  ],
};

beforeAll(async () => {
  if (skipBrowser) return;
  e2e = await startE2E();
  await e2e.addUser('op.alassapi', [{ role: 'operator_desa', regionCode: DESA_A }], 'Operator Alassapi');
  await insertHouseholds(e2e.server.ctx.db, [
    household(DESA_A, 'SUPARMAN', 1), // 14 met: extreme poor in both
    household(DESA_A, 'MISNAH', 2, { floorType: 'Keramik', wallType: 'Tembok' }), // 12 met, desil 2: MISKIN → MISKIN_EKSTREM
    household(DESA_B, 'SAMSUL', 2, { floorType: 'Keramik' }), // 13 met, desil 2: MISKIN → MISKIN_EKSTREM
    household(
      DESA_B,
      'PAINAH',
      4,
      {
        floorType: 'Keramik',
        wallType: 'Tembok',
        toilet: 'Sendiri',
        lighting: 'Listrik PLN dengan meteran',
        drinkingWater: 'Leding',
        cookingFuel: 'Gas elpiji 3 kg',
      },
      { floorAreaPerPerson: 20 },
    ), // 7 met: TIDAK_MISKIN → MISKIN
  ]);
});
afterAll(async () => {
  await e2e?.close();
});

describe.skipIf(skipBrowser)('kriteria (browser)', () => {
  it('admin checks, saves and adopts a criteria set, then simulates a new version and downloads the list; an operator sees only their desa', async () => {
    const { page, problems } = await e2e.newPage();
    await login(page, ADMIN.username);
    await page.getByRole('navigation').getByRole('link', { name: 'Kriteria' }).click();
    await page.getByRole('heading', { name: 'Kriteria', level: 1 }).waitFor();
    await page.getByText('Belum ada kriteria.').waitFor();

    // The JSON editor is the second tab beside the form (test/e2e/criteria-form.test.ts).
    await page.getByRole('tab', { name: 'JSON (impor/ekspor)' }).click();
    const editor = page.getByTestId('criteria-editor');
    await editor.fill('{ "id": ');
    await page.getByRole('button', { name: 'Periksa' }).click();
    expect(await page.getByTestId('criteria-problems').textContent()).toContain('Bukan JSON yang valid');

    const wrong = structuredClone(EXAMPLE) as { indicators: Array<Record<string, unknown>> };
    wrong.indicators[0]!.field = 'luasLantai';
    await editor.fill(JSON.stringify(wrong, null, 2));
    await page.getByRole('button', { name: 'Periksa' }).click();
    const listed = page.getByTestId('criteria-problems');
    await listed.getByText('indicators[0].field').waitFor();
    expect(await listed.textContent()).toContain("Kolom 'luasLantai' tidak dikenal");
    await page.getByRole('button', { name: 'Simpan sebagai versi baru' }).click();
    await expect.poll(async () => (await listed.textContent()) ?? '').toContain('tidak ada yang disimpan');
    await screenshot(page, 'criteria-problems');

    await editor.fill(JSON.stringify(EXAMPLE, null, 2));
    await page.getByRole('button', { name: 'Periksa' }).click();
    await page.getByText('Kriteria valid.').waitFor();
    await page.getByLabel('Catatan versi').fill('Contoh awal');
    await page.getByRole('button', { name: 'Simpan sebagai versi baru' }).click();
    const versions = page.getByTestId('criteria-versions');
    await versions.getByText('Contoh awal').waitFor();
    const v1 = versions.locator('tbody tr').filter({ hasText: 'v1' });
    expect(await v1.textContent()).toContain('Draf');
    await v1.getByRole('button', { name: 'Tetapkan' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(/Tetapkan contoh-14-kriteria-bps versi 1\?/).waitFor();
    await dialog.getByRole('button', { name: 'Tetapkan' }).click();
    await expect.poll(async () => (await v1.textContent()) ?? '', { timeout: 10_000 }).toContain('Ditetapkan');

    await editor.fill(JSON.stringify(DRAFT, null, 2));
    await page.getByRole('button', { name: 'Simpan sebagai versi baru' }).click();
    await versions.locator('tbody tr').filter({ hasText: 'v2' }).waitFor();
    // The saved draft is preselected for the what-if; the baseline defaults to the adopted version.
    await page.getByRole('button', { name: 'Jalankan' }).click();
    const result = page.getByTestId('what-if-result');
    await result.waitFor();
    expect(await page.getByTestId('what-if-changed').textContent()).toBe('Berpindah kelas: 3');
    expect(await result.textContent()).toContain('contoh-14-kriteria-bps v1 → v2');
    const desaRows = page.getByTestId('what-if-desa').locator('tbody tr');
    expect(await desaRows.count()).toBe(2);
    expect(await page.getByTestId('what-if-desa').locator(`tr[data-region="${DESA_A}"]`).textContent()).toContain('Alassapi');
    await screenshot(page, 'criteria-what-if');

    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Unduh daftar (CSV)' }).click();
    const csv = await downloadText(await download);
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines.slice(1).map((l) => l.split(',')[5])).toEqual(['MISNAH', 'SAMSUL', 'PAINAH']);
    // The one 400 is the refused save of the invalid set above.
    expect(problems).toEqual(['Failed to load resource: the server responded with a status of 400 (Bad Request)']);

    // A desa operator: no editor, the what-if over their desa only.
    const op = await e2e.newPage();
    await login(op.page, 'op.alassapi');
    await op.page.getByRole('navigation').getByRole('link', { name: 'Kriteria' }).click();
    await op.page.getByTestId('criteria-versions').waitFor();
    expect(await op.page.getByTestId('criteria-editor').count()).toBe(0);
    expect(await op.page.getByRole('button', { name: 'Tetapkan' }).count()).toBe(0);
    await op.page
      .getByTestId('criteria-versions')
      .locator('tbody tr')
      .filter({ hasText: 'v2' })
      .getByRole('button', { name: 'Simulasikan' })
      .click();
    expect(await op.page.getByRole('combobox', { name: 'Versi yang diuji' }).inputValue()).toBe('contoh-14-kriteria-bps v2 · Draf');
    await op.page.getByRole('button', { name: 'Jalankan' }).click();
    await op.page.getByTestId('what-if-result').waitFor();
    expect(await op.page.getByTestId('what-if-changed').textContent()).toBe('Berpindah kelas: 1');
    expect(await op.page.getByTestId('what-if-desa').locator('tbody tr').count()).toBe(1);
    expect(op.problems).toEqual([]);
  });
});
