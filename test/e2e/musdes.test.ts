import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertVerval, photo, REQUIRED_ATTENDEES } from '../api/musdes-fixture.js';
import { choose, type E2E, horizontalOverflow, login, screenshot, skipBrowser, startE2E } from './harness.js';
import { seedHouseholds, seedPeriod } from './seed.js';

/** Holding a musdes on a phone (desa operator) and finalising it on a desktop (kecamatan operator). */

let e2e: E2E;
let ids: number[];
let periodId: number;
const PHONE = { width: 360, height: 740 };
const DESA = '35.13.06.2005';

beforeAll(async () => {
  if (skipBrowser) return;
  e2e = await startE2E();
  const db = e2e.server.ctx.db;
  ids = await seedHouseholds(db, [
    { desa: DESA, headName: 'Abdul Rahman', desil: 1 },
    { desa: DESA, headName: 'Siti Aminah', desil: 1 },
    { desa: DESA, headName: 'Bambang Sutejo', desil: 1 },
  ]);
  const p = { id: await seedPeriod(db) };
  periodId = Number(p.id);
  await insertVerval(db, periodId, [
    { householdId: ids[0]!, desaCode: DESA, outcome: 'MAMPU' },
    { householdId: ids[1]!, desaCode: DESA, outcome: 'TETAP' },
    { householdId: ids[2]!, desaCode: DESA, outcome: 'MENINGGAL' },
  ]);
  await e2e.addUser('operator2005', [{ role: 'operator_desa', regionCode: DESA }], 'Operator Desa 2005');
  await e2e.addUser('camat06', [{ role: 'operator_kecamatan', regionCode: '35.13.06' }], 'Operator Kecamatan');
}, 120_000);
afterAll(async () => {
  await e2e?.close();
});

describe.skipIf(skipBrowser)('musdes (browser)', () => {
  let meetingUrl: string;

  it('a desa operator records the meeting on a phone: details, attendance, photo, decisions', async () => {
    const { page, problems } = await e2e.newPage(PHONE);
    await login(page, 'operator2005');
    await page.goto('/musdes');
    await page.getByRole('heading', { name: 'Musyawarah Desa' }).waitFor();
    await page.getByTestId('musdes-progress').getByText('Banyuanyar').waitFor();
    expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'musdes-phone-list');
    await page.getByRole('button', { name: 'Musyawarah baru' }).click();
    await page.getByLabel('Tanggal').fill('2026-02-23');
    await page.getByLabel('Tempat').fill('Balai Desa Alassapi');
    await page.getByLabel('Pimpinan musyawarah').fill('H. Sulaiman');
    await page.getByRole('button', { name: 'Simpan', exact: true }).click();
    await page.getByTestId('musdes-status').getByText('Terjadwal').waitFor();
    meetingUrl = new URL(page.url()).pathname;
    expect(meetingUrl).toMatch(/^\/musdes\/\d+$/);
    await page.getByTestId('musdes-problems').getByText('Belum ada foto kegiatan').waitFor();

    for (const a of REQUIRED_ATTENDEES) {
      await page.getByLabel('Nama', { exact: true }).fill(a.name);
      await choose(
        page,
        page.getByRole('combobox', { name: 'Unsur', exact: true }),
        { KEPALA_DESA: 'Kepala desa', BPD: 'BPD', KECAMATAN: 'Kecamatan', PENDAMPING_DESA: 'Pendamping desa' }[a.role]!,
      );
      await page.getByLabel('Lembaga/jabatan').fill(a.institution);
      await page.getByRole('button', { name: 'Tambah peserta' }).click();
      await page.getByTestId('musdes-attendees').getByText(a.name).waitFor();
    }
    await page.locator('input[type=file]').setInputFiles({ name: 'musdes.jpg', mimeType: 'image/jpeg', buffer: await photo() });
    await page.getByTestId('musdes-documents').getByText('Foto kegiatan').waitFor();

    await page.getByLabel('Nomor berita acara').fill('140/07/BA/2026');
    await page.getByRole('button', { name: 'Simpan rincian' }).click();
    await expect.poll(() => page.getByTestId('musdes-problems').textContent()).not.toContain('Nomor berita acara');
    await page.getByRole('button', { name: 'Tandai terlaksana' }).click();
    await page.getByTestId('musdes-status').getByText('Terlaksana').waitFor();
    await page.getByText('Semua syarat lengkap.').waitFor();

    await page.getByRole('button', { name: /Terapkan ke 3 keluarga/ }).click();
    await expect.poll(() => page.getByTestId('musdes-decision-summary').textContent()).toBe('Tetap 1 · Keluar 2 · Tambah 0 · Tunda 0');
    // The meeting defers Abdul Rahman instead of removing him.
    await choose(page, page.getByRole('combobox', { name: 'Keputusan Abdul Rahman' }), 'Tunda');
    await page.getByRole('button', { name: 'Simpan', exact: true }).click();
    await expect.poll(() => page.getByTestId('musdes-decision-summary').textContent()).toBe('Tetap 1 · Keluar 1 · Tambah 0 · Tunda 1');
    // The desa operator records; finalising is for the kecamatan.
    await page.getByText('Finalisasi dilakukan oleh operator kecamatan atau admin kabupaten.').waitFor();
    expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'musdes-phone-meeting');
    expect(problems).toEqual([]);
  });

  it('the kecamatan operator finalises; the meeting becomes read-only and the decisions take effect', async () => {
    const { page, problems } = await e2e.newPage();
    await login(page, 'camat06');
    await page.goto('/musdes');
    await page.getByTestId('musdes-progress').getByText('Banyuanyar').waitFor();
    // One kecamatan: its desa are listed with their state; Alassapi has a meeting not yet final.
    await page.getByTestId('musdes-progress-desa').getByRole('button', { name: 'Alassapi' }).waitFor();
    await screenshot(page, 'musdes-desktop-list');
    await page.getByRole('link', { name: /Alassapi/ }).click();
    await page.getByRole('button', { name: 'Finalkan musyawarah' }).click();
    // Asked first, with what takes effect: every household is decided, nothing to defer.
    const dialog = page.getByRole('dialog', { name: 'Finalkan musyawarah ini?' });
    await dialog.getByText('1 keluarga keluar dari miskin ekstrem, 0 masuk.').waitFor();
    await dialog.getByText('1 keluarga berakhir (meninggal atau ganda).').waitFor();
    await dialog.getByRole('button', { name: 'Ya, finalkan' }).click();
    await page.getByTestId('musdes-finalised').getByText('Berlaku: 1 keluar, 0 ditambahkan, 1 keluarga berakhir.').waitFor();
    await page.getByTestId('musdes-status').getByText('Final').waitFor();
    expect(await page.getByRole('button', { name: 'Tambah peserta' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /Terapkan ke/ }).count()).toBe(0);
    await page.getByRole('link', { name: 'Berita acara (PDF)' }).waitFor();
    await screenshot(page, 'musdes-desktop-finalised');
    const rows = await e2e.server.ctx.db
      .selectFrom('household')
      .select(['id', 'target_status', 'ended_reason'])
      .where('id', 'in', ids)
      .orderBy('id')
      .execute();
    expect(rows.map((r) => [r.target_status, r.ended_reason])).toEqual([
      ['MISKIN_EKSTREM', null],
      ['MISKIN_EKSTREM', null],
      ['MISKIN', 'MENINGGAL'],
    ]);
    await page.goto(`/households/${ids[2]}`);
    await page.getByTestId('household-ended').getByText('Keluarga berakhir (meninggal)').waitFor();
    expect(problems).toEqual([]);
  });
});
