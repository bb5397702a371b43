import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertHouseholds } from '../helpers/registry-fixtures.js';
import { ADMIN, type E2E, login, screenshot, skipBrowser, startE2E } from './harness.js';

/**
 * Baseline (first import, finished 2024-03-01): Alassapi (Banyuanyar) 4 extreme-poor, one of
 * which left the status later; Ngadisari (Sukapura) 2 that stayed. Now 5 of 6:
 * kabupaten 16,67%, Banyuanyar 25,00%, Sukapura 0,00%; aid coverage 2 of 5 = 40,00%.
 */

let e2e: E2E;

beforeAll(async () => {
  if (skipBrowser) return;
  e2e = await startE2E();
  const db = e2e.server.ctx.db;
  const batch = await db
    .insertInto('import_batch')
    .values({ kind: 'P3KE', status: 'DONE', files: '[]', counts: '{}', finished_at: new Date('2024-03-01T00:00:00Z') })
    .returning('id')
    .executeTakeFirstOrThrow();
  const base = { updatedAt: '2024-02-01T00:00:00Z', columns: { import_id: Number(batch.id) }, desil: 1 };
  const [left] = await insertHouseholds(db, [
    { ...base, desaCode: '35.13.06.2005', headName: 'Sumarni', targetStatus: 'MISKIN' },
    { ...base, desaCode: '35.13.06.2005', headName: 'Bambang', targetStatus: 'MISKIN_EKSTREM', aid: { pkh: true } },
    { ...base, desaCode: '35.13.06.2005', headName: 'Cahyono', targetStatus: 'MISKIN_EKSTREM' },
    { ...base, desaCode: '35.13.06.2005', headName: 'Darmi', targetStatus: 'MISKIN_EKSTREM' },
    { ...base, desaCode: '35.13.01.2001', headName: 'Erna', targetStatus: 'MISKIN_EKSTREM', aid: { bpnt: true } },
    { ...base, desaCode: '35.13.01.2001', headName: 'Fauzi', targetStatus: 'MISKIN_EKSTREM', desil: 2 },
  ]);
  // A running period whose verval stage ended 10 days ago: Bambang and Cahyono approved, Darmi
  // visited; Alassapi is not done (Sumarni not visited), so it is overdue.
  const day = (offset: number) => new Date(Date.now() + 7 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);
  const seed = await e2e.server.userClient('seed.mon', [{ role: 'admin_kabupaten', regionCode: '35.13' }]);
  // Aid coverage counts aid receipts, as Bantuan does: take the P3KE flags in first.
  expect((await seed.post('/api/v1/aid/receipts/from-registry')).status).toBe(200);
  const period = await seed.post('/api/v1/organisation/periods', {
    program: 'Gesek Ekstrem',
    name: 'Gesek Ekstrem berjalan',
    startDate: day(-60),
    endDate: day(60),
  });
  expect(period.status).toBe(201);
  const stage = await seed.post(`/api/v1/organisation/periods/${period.body.id}/stages`, {
    kind: 'verval',
    name: 'Verifikasi dan validasi',
    startDate: day(-50),
    endDate: day(-10),
  });
  expect(stage.status).toBe(201);
  const ids = await db.selectFrom('household').select(['id', 'head_name']).execute();
  const idOf = (name: string) => ids.find((h) => h.head_name === name)?.id ?? 0;
  const verval = (name: string, status: 'APPROVED' | 'SUBMITTED', outcome: 'TETAP' | 'MAMPU') => ({
    period_id: period.body.id,
    household_id: idOf(name),
    kabupaten_code: '35.13',
    kecamatan_code: '35.13.06',
    desa_code: '35.13.06.2005',
    status,
    found: true,
    outcome,
  });
  await db
    .insertInto('verval')
    .values([verval('Bambang', 'APPROVED', 'TETAP'), verval('Cahyono', 'APPROVED', 'MAMPU'), verval('Darmi', 'SUBMITTED', 'TETAP')])
    .execute();
  await db
    .insertInto('musdes_meeting')
    .values({
      period_id: period.body.id,
      kabupaten_code: '35.13',
      kecamatan_code: '35.13.06',
      desa_code: '35.13.06.2005',
      type: 'MUSDES',
      status: 'FINALISED',
      held_on: day(-5),
      place: 'Balai Desa Alassapi',
    })
    .execute();
  await db
    .insertInto('household_history')
    .values({
      household_id: left ?? 0,
      changed_at: '2024-06-01T00:00:00Z',
      changes: JSON.stringify({ target_status: ['MISKIN_EKSTREM', 'MISKIN'] }),
    })
    .execute();
});
afterAll(async () => {
  await e2e?.close();
});

describe.skipIf(skipBrowser)('monitoring dashboard (browser)', () => {
  it('shows the reduction, coverage and ranking formatted the Indonesian way, and drills into a kecamatan', async () => {
    const { page, problems } = await e2e.newPage({ height: 1000 });
    await login(page, ADMIN.username);
    await page.getByRole('navigation').getByRole('link', { name: 'Monitoring' }).click();
    await expect.poll(() => page.getByTestId('reduction').textContent()).toBe('16,67%');
    expect(await page.getByTestId('coverage').textContent()).toBe('40,00%');
    const ranking = page.getByTestId('ranking').locator('tbody tr');
    expect(await ranking.count()).toBe(2);
    expect(await ranking.nth(0).textContent()).toBe('1Banyuanyar4325,00%');
    expect(await ranking.nth(1).textContent()).toBe('2Sukapura220,00%');
    expect(await page.getByTestId('children').locator('tbody tr').count()).toBe(24);
    // Verval progress of the running period: 3 of 6 visited, 2 approved; Banyuanyar leads.
    await expect.poll(() => page.getByTestId('verval-visited').textContent()).toBe('3 · 50,00%');
    expect(await page.getByTestId('verval-approved').textContent()).toBe('2 · 33,33%');
    const byVerval = page.getByTestId('ranking-verval').locator('tbody tr');
    expect(await byVerval.count()).toBe(2);
    expect(await byVerval.nth(0).textContent()).toBe('1Banyuanyar50,00%');
    expect(await byVerval.nth(1).textContent()).toBe('2Sukapura0,00%');
    expect(await page.getByTestId('overdue').textContent()).toContain('Banyuanyar · 14 desa');
    expect(await page.getByTestId('quarterly').isVisible()).toBe(true);
    // The verval stage has ended and no other stage runs: the header shows no stage.
    expect(await page.getByTestId('header-stage').count()).toBe(0);
    expect(await page.getByTestId('musdes-finalised').textContent()).toBe('1');
    expect(await page.getByTestId('musdes-rows').locator('tr', { hasText: 'Banyuanyar' }).textContent()).toContain('1/14');
    await screenshot(page, 'monitoring-dashboard');

    await page.getByTestId('children').getByRole('button', { name: 'Banyuanyar' }).click();
    await expect.poll(() => page.getByTestId('reduction').textContent()).toBe('25,00%');
    expect(page.url()).toContain('region=35.13.06');
    expect(await page.getByTestId('children').locator('tbody tr').count()).toBe(14);
    await expect.poll(() => page.getByTestId('verval-visited').textContent()).toBe('3 · 75,00%');
    expect(await page.getByTestId('verval-children').locator('tbody tr').count()).toBe(14);
    expect(await page.getByTestId('quarterly').count()).toBe(0);
    expect(await page.getByTestId('overdue').textContent()).toContain('Alassapi');
    expect(await page.getByTestId('musdes-rows').locator('tr', { hasText: 'Alassapi' }).textContent()).toContain('Berita acara final');
    await screenshot(page, 'monitoring-kecamatan');
    expect(problems).toEqual([]);
  });
});

// A real 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

describe.skipIf(skipBrowser)('kendala (browser)', () => {
  it('lets a desa operator report with a screenshot and Dinsos answer it', async () => {
    await e2e.addUser('op.alassapi', [{ role: 'operator_desa', regionCode: '35.13.06.2005' }], 'Operator Alassapi');
    await e2e.addUser('dinsos', [{ role: 'dinsos', regionCode: '35.13' }], 'Petugas Dinsos');
    const op = await e2e.newPage();
    await login(op.page, 'op.alassapi');
    await op.page.getByRole('navigation').getByRole('link', { name: 'Kendala' }).click();
    await op.page.getByRole('button', { name: 'Laporkan kendala' }).click();
    await op.page.getByLabel('Judul').fill('Tombol simpan verval tidak merespons');
    await op.page.getByLabel('Uraian').fill('Setelah mengisi formulir, tombol simpan tidak bereaksi.');
    await op.page.locator('input[type="file"]').setInputFiles({ name: 'layar.png', mimeType: 'image/png', buffer: PNG });
    await op.page.getByRole('button', { name: 'Kirim', exact: true }).click();
    await op.page.getByRole('heading', { name: 'Tombol simpan verval tidak merespons' }).waitFor();
    expect(await op.page.getByTestId('kendala-status').textContent()).toBe('Baru');
    expect(await op.page.getByRole('img', { name: /Tangkapan layar/ }).count()).toBe(1);
    const url = op.page.url();

    const dinsos = await e2e.newPage();
    await login(dinsos.page, 'dinsos');
    await dinsos.page.goto(url);
    await dinsos.page.getByLabel('Tulis tanggapan').fill('Mohon coba muat ulang halaman; kami periksa servernya.');
    await dinsos.page.getByRole('button', { name: 'Kirim tanggapan' }).click();
    await expect.poll(() => dinsos.page.getByTestId('kendala-status').textContent()).toBe('Diproses');
    expect(await dinsos.page.getByTestId('response-time').textContent()).toMatch(/^\d+ menit$/);
    await screenshot(dinsos.page, 'kendala-detail');
    expect([...op.problems, ...dinsos.problems]).toEqual([]);
  });
});
