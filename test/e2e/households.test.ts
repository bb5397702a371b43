import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, choose, downloadText, type E2E, login, screenshot, skipBrowser, startE2E } from './harness.js';
import { regionName, type SeedHousehold, seedHouseholds } from './seed.js';

let e2e: E2E;
let ids: number[];
const DESA_A = '35.13.06.2005';
const DESA_B = '35.13.06.2013';
let desaC: string;
let names: { a: string; b: string; c: string; kecC: string };

const A_NAMES = [
  'Sumarni',
  'Abdul Rahman',
  'Bambang',
  'Cahyono',
  'Darmi',
  'Erna',
  'Fauzi',
  'Ghofur',
  'Hartini',
  'Imam',
  'Juwariyah',
  'Kholil',
];
const B_NAMES = ['Lilik', 'Mahmud', 'Nurhayati', 'Rohman', 'Poniman', 'Qomariyah', 'Rusdi', 'Sutrisno'];
const C_NAMES = ['Tukiman', 'Umi Kalsum', 'Wagiman', 'Yatimah', 'Zainal', 'Zubaidah'];

beforeAll(async () => {
  if (skipBrowser) return;
  e2e = await startE2E();
  const db = e2e.server.ctx.db;
  const c = await db
    .selectFrom('region')
    .select(['code', 'parent_code'])
    .where('level', '=', 4)
    .where('parent_code', '=', '35.13.01')
    .orderBy('code')
    .executeTakeFirstOrThrow();
  desaC = c.code;
  names = {
    a: await regionName(db, DESA_A),
    b: await regionName(db, DESA_B),
    c: await regionName(db, desaC),
    kecC: await regionName(db, '35.13.01'),
  };
  const households: SeedHousehold[] = [
    ...A_NAMES.map((headName, i) => ({
      desa: DESA_A,
      headName,
      desil: i === 0 ? 1 : (i % 3) + 1,
      aid: i === 0 ? { pkh: true, sembako: true } : {},
      members: i === 0 ? ['Sulastri', 'Bayu Saputra'] : ['Siti'],
      ...(i === 0
        ? { history: { desil: [2, 1] as [unknown, unknown], address: ['Dusun Lama', 'Dusun Krajan RT 001'] as [unknown, unknown] } }
        : {}),
    })),
    ...B_NAMES.map((headName, i) => ({ desa: DESA_B, headName, desil: (i % 4) + 1, aid: { bpnt: i % 2 === 0 } })),
    ...C_NAMES.map((headName, i) => ({ desa: desaC, headName, desil: (i % 2) + 1 })),
  ];
  ids = await seedHouseholds(db, households);
  await e2e.addUser('op.b', [{ role: 'operator_desa', regionCode: DESA_B }], 'Operator Desa B');
});
afterAll(async () => {
  await e2e?.close();
});

describe.skipIf(skipBrowser)('households (browser)', () => {
  it('filters, pages, sorts, opens a household and exports the filtered list', async () => {
    const { page, problems, context } = await e2e.newPage();
    await login(page, ADMIN.username);
    await page.getByRole('navigation').getByRole('link', { name: 'Keluarga' }).click();
    const total = page.getByTestId('total-count');
    const rows = page.getByTestId('households-table').locator('tbody tr');
    // The first answer waits for the page's code and the list: more than expect.poll's 1 s on a busy machine.
    await expect.poll(() => total.textContent(), { timeout: 15_000 }).toBe('26 keluarga');
    expect(await rows.count()).toBe(25);
    await page.getByRole('button', { name: '2', exact: true }).click();
    await expect.poll(() => rows.count()).toBe(1);

    await choose(page, page.getByRole('combobox', { name: 'Kecamatan' }), 'Banyuanyar');
    await expect.poll(() => total.textContent()).toBe('20 keluarga');
    await choose(page, page.getByRole('combobox', { name: 'Desa/kelurahan' }), names.a);
    await expect.poll(() => total.textContent()).toBe('12 keluarga');
    expect(page.url()).toContain(`desa=${DESA_A}`);

    // Desil 1 of desa A: Sumarni and the households with i % 3 == 0.
    await page.getByRole('combobox', { name: 'Desil' }).click();
    await page.getByRole('option', { name: '1', exact: true }).click();
    await page.keyboard.press('Escape');
    await expect.poll(() => total.textContent()).toBe('4 keluarga');
    expect(await rows.allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('Sumarni')]));

    // The export link carries the same filters; the file holds exactly those rows.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Ekspor CSV' }).click()]);
    const csv = await downloadText(download);
    expect(csv).toContain('Sumarni');
    expect(csv).not.toContain('Lilik');
    expect(csv).not.toContain('Bambang'); // desil 3
    await screenshot(page, 'households-filtered');

    await page.getByRole('textbox', { name: 'Cari nama, NIK atau No KK' }).fill('Sumar');
    await expect.poll(() => total.textContent()).toBe('1 keluarga');
    await page.getByRole('link', { name: 'Sumarni' }).click();

    // The household page.
    await page.getByRole('heading', { name: 'Sumarni', level: 1 }).waitFor();
    expect(await page.locator('[data-field="desaName"]').textContent()).toBe(names.a);
    expect(await page.locator('[data-field="desil"]').textContent()).toBe('1');
    expect(await page.locator('[data-field="roofType"]').textContent()).toBe('Genteng');
    expect(await page.locator('[data-field="headNik"]').textContent()).toMatch(/^351306\d{10}$/);
    const members = page.getByTestId('members-table').locator('tbody tr');
    expect(await members.count()).toBe(3);
    expect(await members.nth(1).textContent()).toContain('Sulastri');
    expect(await page.getByText('Miskin ekstrem').first().isVisible()).toBe(true);
    expect(await page.getByText('PKH', { exact: true }).first().isVisible()).toBe(true);
    expect(await page.getByTestId('history').textContent()).toContain('Desil: 2 → 1');
    expect(await page.getByTestId('history').textContent()).toContain('Alamat: Dusun Lama → Dusun Krajan RT 001');
    await screenshot(page, 'household-detail');

    // Back to the list with the filters as they were.
    await page.getByRole('link', { name: 'Kembali ke daftar' }).click();
    await expect.poll(() => total.textContent()).toBe('1 keluarga');
    expect(await page.getByRole('textbox', { name: 'Cari nama, NIK atau No KK' }).inputValue()).toBe('Sumar');

    // Clear the filters and sort by name, both ways.
    await page.getByRole('button', { name: 'Hapus filter' }).click();
    await expect.poll(() => total.textContent()).toBe('26 keluarga');
    await page.getByRole('button', { name: 'Kepala keluarga' }).click();
    await expect.poll(async () => (await rows.first().textContent())?.startsWith('Abdul Rahman')).toBe(true);
    await page.getByRole('button', { name: 'Kepala keluarga' }).click();
    await expect.poll(async () => (await rows.first().textContent())?.startsWith('Zubaidah')).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('a desa operator sees only their desa, and another desa’s household is not found', async () => {
    const { page, context } = await e2e.newPage();
    await login(page, 'op.b');
    await page.getByRole('navigation').getByRole('link', { name: 'Keluarga' }).click();
    await expect.poll(() => page.getByTestId('total-count').textContent()).toBe('8 keluarga');
    const text = (await page.getByTestId('households-table').locator('tbody').textContent()) ?? '';
    expect(text).toContain('Lilik');
    expect(text).not.toContain('Sumarni');
    await page.goto(`/households/${ids[0]}`);
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Keluarga tidak ditemukan');
    await context.close();
  });
});
