import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../helpers/server.js';
import { type E2E, horizontalOverflow, login, screenshot, skipBrowser, startE2E } from './harness.js';
import { seedHouseholds, seedPeriod } from './seed.js';

/**
 * The reviewer's queue on a phone (issue 22, defect 6): "Berikutnya" walks the queue record by
 * record, and the whole filtered queue is approved at once, leaving out an unticked record.
 */

let e2e: E2E;
let ids: number[];
const vervalIds: number[] = [];
const PHONE = { width: 360, height: 740 };
const DESA = '35.13.06.2005';
const NAMES = ['Bambang Irawan', 'Tukiyem', 'Sumarni', 'Wagiman'];
/** The browser's getComputedStyle, for code evaluated in the page (no DOM types in this project). */
type Styles = { getComputedStyle(el: unknown): { opacity: string } };

beforeAll(async () => {
  if (skipBrowser) return;
  e2e = await startE2E();
  const db = e2e.server.ctx.db;
  ids = await seedHouseholds(
    db,
    NAMES.map((headName) => ({ desa: DESA, headName, desil: 1 })),
  );
  const p = { id: await seedPeriod(db) };
  const op: Client = await e2e.server.userClient('operator2005', [{ role: 'operator_desa', regionCode: DESA }]);
  // Submitted one after another: the queue lists them in this order.
  for (const [i, id] of ids.entries()) {
    const saved = await op.request('PUT', `/api/v1/verval/periods/${p.id}/households/${id}`, {
      baseVersion: 0,
      found: true,
      outcome: 'TETAP',
      ...(i === 0 ? { updates: { floorType: 'Keramik' } } : {}),
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    const sub = await op.post(`/api/v1/verval/${saved.body.id}/submit`, { baseVersion: 1 });
    expect(sub.status, JSON.stringify(sub.body)).toBe(200);
    vervalIds.push(saved.body.id);
  }
  await e2e.addUser('kecamatan06', [{ role: 'operator_kecamatan', regionCode: '35.13.06' }], 'Operator Kecamatan 06');
}, 120_000);
afterAll(async () => {
  await e2e?.close();
});

describe.skipIf(skipBrowser)('bulk approval of verval (browser)', () => {
  it('"Berikutnya" goes to the next record of the queue', async () => {
    const { page, problems } = await e2e.newPage(PHONE);
    await login(page, 'kecamatan06');
    await page.goto('/verval/review');
    await page.getByText('4 menunggu pemeriksaan').waitFor();
    await page.getByTestId('verval-review-queue').getByRole('link', { name: 'Bambang Irawan' }).click();
    await page.getByRole('heading', { name: 'Bambang Irawan', level: 1 }).waitFor();
    await page.getByTestId('verval-review-next').click();
    await page.getByRole('heading', { name: 'Tukiyem', level: 1 }).waitFor();
    expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'verval-bulk-phone-next');
    await page.getByTestId('verval-review-next').click();
    await page.getByRole('heading', { name: 'Sumarni', level: 1 }).waitFor();
    await page.getByTestId('verval-review-next').click();
    await page.getByRole('heading', { name: 'Wagiman', level: 1 }).waitFor();
    await page.getByText('Tidak ada verval berikutnya di antrean.').waitFor();
    expect(problems).toEqual([]);
  });

  it('selects the filtered queue, leaves one out by unticking, approves the rest and shows the counts', async () => {
    const { page, problems } = await e2e.newPage(PHONE);
    await login(page, 'kecamatan06');
    await page.goto('/verval/review');
    await page.getByText('4 menunggu pemeriksaan').waitFor();
    const bulk = page.getByTestId('verval-bulk');
    await bulk.getByRole('button', { name: 'Setujui 4 terpilih' }).waitFor();
    await page.getByRole('checkbox', { name: 'Pilih Sumarni' }).uncheck();
    await bulk.getByText('1 dikecualikan').waitFor();
    await bulk.getByRole('button', { name: 'Setujui 3 terpilih' }).click();
    const dialog = page.getByRole('dialog', { name: 'Setujui 3 verval?' });
    await dialog.getByText('3 dari 4 verval yang cocok dengan saringan akan disetujui', { exact: false }).waitFor();
    expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(PHONE.width);
    // Let the dialog finish fading in, for a readable screenshot.
    await expect
      .poll(() => dialog.evaluate((el) => (globalThis as unknown as Styles).getComputedStyle(el).opacity), { timeout: 15_000 })
      .toBe('1');
    await screenshot(page, 'verval-bulk-phone-confirm');
    await dialog.getByRole('button', { name: 'Setujui 3' }).click();
    await page.getByTestId('verval-bulk-result').getByText('3 disetujui · 1 dikecualikan · 0 gagal').waitFor();
    await page.getByText('1 menunggu pemeriksaan').waitFor();
    await page.getByTestId('verval-review-queue').getByRole('link', { name: 'Sumarni' }).waitFor();
    expect(await page.getByTestId('verval-review-queue').getByRole('link').count()).toBe(1);
    expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'verval-bulk-phone-result');

    const db = e2e.server.ctx.db;
    const rows = await db.selectFrom('verval').select(['id', 'status']).where('id', 'in', vervalIds).orderBy('id').execute();
    expect(rows.map((r) => r.status)).toEqual(['APPROVED', 'APPROVED', 'SUBMITTED', 'APPROVED']);
    const audit = await db.selectFrom('audit_log').select('entity_id').where('action', '=', 'verval.approve').orderBy('id').execute();
    expect(audit.map((a) => Number(a.entity_id))).toEqual([vervalIds[0], vervalIds[1], vervalIds[3]]);
    const floor = await db.selectFrom('household').select('floor_type').where('id', '=', ids[0]!).executeTakeFirstOrThrow();
    expect(floor.floor_type).toBe('Keramik');
    expect(problems).toEqual([]);
  });
});
