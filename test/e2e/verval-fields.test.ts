import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertHouseholds } from '../helpers/registry-fixtures.js';
import { type E2E, horizontalOverflow, login, screenshot, skipBrowser, startE2E } from './harness.js';
import { seedPeriod } from './seed.js';

/**
 * Issue 21's field forms on a 360 px phone: PINDAH's destination chosen by desa name, GANDA's
 * other household found by name, a house field from the registry's value list, the submitted
 * record readable in full, and the worklist's filters kept in the URL.
 */

let e2e: E2E;
let periodId: number;
const ids: Record<string, number> = {};
const PHONE = { width: 360, height: 740 };
const SLOW = { timeout: 15_000 };
const DESA = '35.13.06.2005';
const OTHER_DESA = '35.13.06.2013';
let dest: { code: string; name: string; kecamatan: string };

beforeAll(async () => {
  if (skipBrowser) return;
  e2e = await startE2E();
  const db = e2e.server.ctx.db;
  const [abdul, siti, bambang, darmo, darmini] = await insertHouseholds(db, [
    {
      desaCode: DESA,
      headName: 'Abdul Rahman',
      desil: 1,
      targetStatus: 'MISKIN_EKSTREM',
      address: 'DUSUN KRAJAN RT 001 RW 001',
      columns: { floor_type: 'Tanah' },
      members: [
        { name: 'Abdul Rahman', relationship: 'Kepala keluarga', birthDate: '1970-05-01' },
        { name: 'Sumiati', relationship: 'Istri', birthDate: '1990-07-26' },
      ],
    },
    { desaCode: DESA, headName: 'Siti Aminah', desil: 2, targetStatus: 'MISKIN', address: 'DUSUN WETAN RT 002 RW 001' },
    { desaCode: DESA, headName: 'Bambang Sutrisno', desil: 1, targetStatus: 'MISKIN_EKSTREM', address: 'DUSUN WETAN RT 002 RW 001' },
    {
      desaCode: DESA,
      headName: 'Darmo Ganda',
      headNik: '3513060505700001',
      desil: 3,
      targetStatus: 'MISKIN',
      address: 'DUSUN KRAJAN RT 003',
    },
    { desaCode: OTHER_DESA, headName: 'Darmini Lain', targetStatus: 'MISKIN' },
  ]);
  Object.assign(ids, { abdul, siti, bambang, darmo, darmini });
  // A desa of another kecamatan: the move goes across the kabupaten, found by its name.
  const d = await db
    .selectFrom('region as d')
    .innerJoin('region as k', 'k.code', 'd.parent_code')
    .select(['d.code', 'd.name', 'k.name as kecamatan'])
    .where('d.level', '=', 4)
    .where('d.code', 'not like', '35.13.06.%')
    .where('d.code', 'like', '35.13.%')
    .orderBy('d.code')
    .executeTakeFirstOrThrow();
  dest = { code: d.code, name: d.name, kecamatan: d.kecamatan };
  const p = { id: await seedPeriod(db) };
  periodId = p.id;
  await e2e.addUser('operator2005', [{ role: 'operator_desa', regionCode: DESA }], 'Operator Desa 2005');
}, 120_000);
afterAll(async () => {
  await e2e?.close();
});

describe.skipIf(skipBrowser)('field forms on a phone (browser)', () => {
  it('moves a household to a desa chosen by name, corrects the floor from the list and reads the submitted record', async () => {
    const { page, problems } = await e2e.newPage(PHONE);
    await login(page, 'operator2005');
    await page.goto(`/verval/${periodId}/${ids.abdul}`);
    await page.getByRole('heading', { name: 'Abdul Rahman', level: 1 }).waitFor(SLOW);
    await page.getByText('Ya', { exact: true }).click();
    await page.getByRole('radio', { name: 'Pindah' }).check();
    const destination = page.getByRole('combobox', { name: 'Desa tujuan pindah' });
    await destination.click();
    await destination.fill(dest.name.slice(0, 5));
    const label = `Desa ${dest.name}, Kec. ${dest.kecamatan}`;
    await page.getByRole('option', { name: label }).first().click();
    await expect.poll(() => destination.inputValue()).toBe(label);
    await page.getByLabel(/Alasan/).fill('Ikut anak bekerja');
    await screenshot(page, 'verval-fields-pindah');

    await page.getByRole('button', { name: 'Perbaikan data' }).click();
    const floor = page.getByRole('combobox', { name: 'Lantai' });
    await floor.click();
    await page.getByRole('option', { name: 'Keramik', exact: true }).click();
    await page.getByText('Lantai: Tanah →').waitFor();
    await screenshot(page, 'verval-fields-house');
    await page.getByRole('button', { name: 'Simpan' }).click();
    await page.getByText('Tersimpan (versi 1)').waitFor(SLOW);
    await page.getByRole('button', { name: 'Ajukan' }).click();
    await page.getByText('Verval diajukan').waitFor(SLOW);

    // Submitted: every part readable at once, with who and when; no editable form.
    const view = page.getByTestId('verval-record-view');
    await view.waitFor();
    await expect.poll(() => view.textContent()).toContain(`Pindah ke: ${label}`);
    const text = (await view.textContent()) ?? '';
    expect(text).toContain('Diajukan oleh Operator Desa 2005');
    expect(text).toContain('Ikut anak bekerja');
    expect(text).toContain('Keramik');
    expect(text).toContain('26 Juli 1990');
    expect(text).not.toContain('1990-07-26');
    expect(await page.getByRole('button', { name: 'Simpan' }).isVisible()).toBe(false);
    expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'verval-fields-submitted');

    const row = await e2e.server.ctx.db.selectFrom('verval').selectAll().where('household_id', '=', ids.abdul!).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'SUBMITTED', outcome: 'PINDAH', destination_desa_code: dest.code });
    expect(row.changes).toMatchObject({ floorType: { before: 'Tanah', after: 'Keramik' } });
    expect(problems).toEqual([]);
  });

  it('records a duplicate by searching the other household by name, never another desa', async () => {
    const { page, problems } = await e2e.newPage(PHONE);
    await login(page, 'operator2005');
    await page.goto(`/verval/${periodId}/${ids.siti}`);
    await page.getByRole('heading', { name: 'Siti Aminah', level: 1 }).waitFor(SLOW);
    await page.getByText('Ya', { exact: true }).click();
    await page.getByRole('radio', { name: 'Data ganda' }).check();
    await page.getByTestId('verval-duplicate-search').fill('darm');
    await page.getByRole('button', { name: 'Pilih: Darmo Ganda' }).waitFor(SLOW);
    const found = (await page.locator('main').textContent()) ?? '';
    expect(found).toContain('NIK 3513**********01');
    expect(found).not.toContain('3513060505700001');
    expect(found).not.toContain('Darmini Lain');
    await screenshot(page, 'verval-fields-ganda-search');
    await page.getByRole('button', { name: 'Pilih: Darmo Ganda' }).click();
    await page.getByTestId('verval-duplicate-chosen').getByText('Darmo Ganda').waitFor();
    await page.getByRole('button', { name: 'Simpan' }).click();
    await page.getByText('Tersimpan (versi 1)').waitFor(SLOW);
    const row = await e2e.server.ctx.db.selectFrom('verval').selectAll().where('household_id', '=', ids.siti!).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ outcome: 'GANDA', duplicate_of: ids.darmo });
    expect(problems).toEqual([]);
  });

  it('shows target status and desil on each card and filters by extreme poor and dusun, kept in the URL', async () => {
    const { page, problems } = await e2e.newPage(PHONE);
    await login(page, 'operator2005');
    await page.goto(`/verval?period=${periodId}`);
    const cards = page.getByTestId('verval-card');
    await expect.poll(() => cards.count(), SLOW).toBe(4);
    const bambang = page.getByRole('link', { name: 'Bambang Sutrisno' });
    expect(await bambang.textContent()).toContain('Sasaran miskin ekstrem');
    expect(await bambang.textContent()).toContain('Desil 1');
    expect(await page.getByRole('link', { name: 'Darmo Ganda' }).textContent()).toContain('Bukan sasaran miskin ekstrem');

    await page.getByText('Miskin ekstrem saja').click();
    await expect.poll(() => cards.count(), SLOW).toBe(2);
    expect(page.url()).toContain('extreme=1');
    const dusun = page.getByRole('combobox', { name: 'Dusun' });
    await dusun.click();
    await page.getByRole('option', { name: 'WETAN', exact: true }).click();
    await expect.poll(() => cards.count(), SLOW).toBe(1);
    expect(await cards.first().textContent()).toContain('Bambang Sutrisno');
    expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'verval-fields-filters');

    await page.reload();
    await expect.poll(() => cards.count(), SLOW).toBe(1);
    expect(page.url()).toContain('dusun=WETAN');
    expect(problems).toEqual([]);
  });

  it("offers the kendala form's desa by name from the user's own scope", async () => {
    const { page, problems } = await e2e.newPage(PHONE);
    await login(page, 'operator2005');
    await page.goto('/tickets');
    await page.getByRole('button', { name: 'Laporkan kendala' }).click();
    const desa = page.getByRole('combobox', { name: 'Desa/kelurahan' });
    const own = await e2e.server.ctx.db
      .selectFrom('region as d')
      .innerJoin('region as k', 'k.code', 'd.parent_code')
      .select(['d.name', 'k.name as kecamatan'])
      .where('d.code', '=', DESA)
      .executeTakeFirstOrThrow();
    await expect.poll(() => desa.inputValue(), SLOW).toBe(`${own.name}, Kec. ${own.kecamatan}`);
    await desa.click();
    await expect.poll(() => page.getByRole('option').count()).toBe(1);
    await screenshot(page, 'verval-fields-kendala-desa');
    expect(problems).toEqual([]);
  });
});
