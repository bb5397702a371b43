import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { areasOf, geojson } from '../api/maps-fixture.js';
import { insertHouseholds } from '../helpers/registry-fixtures.js';
import { ADMIN, type E2E, login, screenshot, skipBrowser, startE2E } from './harness.js';

/**
 * The map journey: the admin uploads Banyuanyar's 14 desa boundaries, one of them with a
 * misspelt name, picks the region for it in the review, saves, sees the choropleth with its
 * legend and tooltip, and a click on Alassapi opens its monitoring page. The same map at 360 px.
 */

let e2e: E2E;
let file: string;

beforeAll(async () => {
  if (skipBrowser) return;
  e2e = await startE2E();
  const db = e2e.server.ctx.db;
  await insertHouseholds(db, [
    { desaCode: '35.13.06.2005', headName: 'Bambang', targetStatus: 'MISKIN_EKSTREM' },
    { desaCode: '35.13.06.2005', headName: 'Sumarni', targetStatus: 'MISKIN' },
    { desaCode: '35.13.06.2013', headName: 'Cahyono', targetStatus: 'MISKIN_EKSTREM' },
  ]);
  const desa = await areasOf(db, '35.13', 4, '35.13.06');
  const misspelt = desa[1]?.code;
  const fc = geojson(desa, (a) => ({ NAMA: a.code === misspelt ? `${a.name}zz` : a.name, KEC: a.kecamatan }));
  file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sasmita-map-')), 'banyuanyar.geojson');
  fs.writeFileSync(file, JSON.stringify(fc));
});
afterAll(async () => {
  await e2e?.close();
  if (file) fs.rmSync(path.dirname(file), { recursive: true, force: true });
});

describe.skipIf(skipBrowser)('maps (browser)', () => {
  it('uploads boundaries with one unmatched name to review, shows the choropleth and drills down', async () => {
    const { page, problems } = await e2e.newPage({ height: 1000 });
    await login(page, ADMIN.username);
    await page.getByRole('navigation').getByRole('link', { name: 'Peta' }).click();
    await page.getByRole('link', { name: 'Unggah batas wilayah' }).click();
    await page.locator('input[type=file]').setInputFiles(file);
    await page.getByRole('button', { name: 'Periksa' }).click();
    const preview = page.getByTestId('boundary-preview');
    await expect.poll(() => preview.textContent()).toContain('14 fitur (geojson): 13 cocok, 0 ganda, 1 tidak cocok');
    const review = page.getByTestId('boundary-review').locator('tbody tr');
    expect(await review.count()).toBe(1);
    const pick = review.first().locator('input').first();
    await pick.click();
    await page.getByRole('option', { name: /^★/ }).first().click();
    await screenshot(page, 'maps-upload-review');
    await page.getByRole('button', { name: 'Simpan 14 batas wilayah' }).click();

    await page.waitForURL(/\/maps\?level=desa/);
    const area = page.getByTestId('map-area-35.13.06.2005');
    await area.waitFor();
    expect(await page.locator('[data-testid^="map-area-"]').count()).toBe(14);
    // Each desa is drawn as itself, not as the world without it (ring order, maps/winding.ts):
    // one of 14 desa covers a small part of the map.
    const mapBox = await page.locator('svg[role=img]').boundingBox();
    const areaBox = await area.boundingBox();
    expect((areaBox?.width ?? 0) * (areaBox?.height ?? 0)).toBeLessThan(((mapBox?.width ?? 0) * (mapBox?.height ?? 0)) / 4);
    expect(await page.getByTestId('map-legend').textContent()).toContain('Persentase miskin ekstrem');
    // The tooltip follows the pointer or the keyboard focus (each area is a button).
    await area.focus();
    await expect.poll(() => page.getByTestId('map-tooltip').textContent()).toContain('50,00%');
    await screenshot(page, 'maps-choropleth');
    // Clicked on the area itself: with shapes of any form, the centre of a path's box may lie on a neighbour.
    await area.dispatchEvent('click');
    await page.waitForURL(/\/monitoring\?region=35\.13\.06\.2005/);
    expect(problems).toEqual([]);
  });

  it('fits a phone screen', async () => {
    const { page, problems } = await e2e.newPage({ width: 360, height: 740 });
    await login(page, ADMIN.username);
    await page.goto('/maps?region=35.13.06');
    await page.getByTestId('map-area-35.13.06.2013').waitFor();
    const box = await page.locator('svg[role=img]').boundingBox();
    expect(box?.width ?? 999).toBeLessThanOrEqual(360);
    await screenshot(page, 'maps-phone-360');
    expect(problems).toEqual([]);
  });
});
