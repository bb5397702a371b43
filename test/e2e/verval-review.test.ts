import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertHouseholds } from '../helpers/registry-fixtures.js';
import { type E2E, horizontalOverflow, login, screenshot, skipBrowser, startE2E } from './harness.js';
import { seedHouseholds } from './seed.js';

/**
 * Correct, review, return, resubmit, approve: the operator on a 360 px phone corrects a field and
 * adds a newborn, the reviewer returns it with a comment, the operator adds a photo and resubmits,
 * the reviewer (desktop and phone) sees the changes, photo and GPS and approves.
 */

let e2e: E2E;
let hh: number;
const PHONE = { width: 360, height: 740 };
/** The natural width of an image once loaded (0 before). */
const loadedWidth = (el: unknown) => {
  const img = el as { complete: boolean; naturalWidth: number };
  return img.complete ? img.naturalWidth : 0;
};
/** A shared CI machine can be slow to load a page: poll for up to 15 s. */
const SLOW = { timeout: 15_000 };
const DESA = '35.13.06.2005';

beforeAll(async () => {
  if (skipBrowser) return;
  e2e = await startE2E();
  [hh] = (await seedHouseholds(e2e.server.ctx.db, [
    { desa: DESA, headName: 'Bambang Irawan', desil: 2, members: ['Sri Wahyuni'] },
    { desa: DESA, headName: 'Tukiyem', desil: 1 },
  ])) as [number, number];
  await e2e.server.ctx.db
    .insertInto('program_period')
    .values({
      kabupaten_code: '35.13',
      program: 'Gesek Ekstrem',
      name: 'Gesek Ekstrem 2026',
      start_date: '2026-01-01',
      end_date: '2026-12-31',
    })
    .execute();
  await e2e.addUser('operator2005', [{ role: 'operator_desa', regionCode: DESA }], 'Operator Desa 2005');
  await e2e.addUser('kecamatan06', [{ role: 'operator_kecamatan', regionCode: '35.13.06' }], 'Operator Kecamatan 06');
}, 120_000);
afterAll(async () => {
  await e2e?.close();
});

describe.skipIf(skipBrowser)('verval correction and review (browser)', () => {
  it('operator corrects and adds a member, reviewer returns, operator resubmits, reviewer approves', async () => {
    const op = await e2e.newPage(PHONE);
    await op.context.grantPermissions(['geolocation']);
    await op.context.setGeolocation({ latitude: -7.80123, longitude: 113.21456 });
    const { page } = op;
    await login(page, 'operator2005');
    await page.goto('/verval');
    await page.getByRole('link', { name: 'Bambang Irawan' }).click();
    await page.getByRole('heading', { name: 'Bambang Irawan', level: 1 }).waitFor();
    await page.getByText('Ya', { exact: true }).click();
    await page.getByRole('radio', { name: 'Tetap (masih memenuhi kriteria)' }).check();

    await page.getByRole('button', { name: 'Perbaikan data' }).click();
    // House fields are chosen from the registry's value lists.
    await page.getByTestId('verval-field-floorType').click();
    await page.getByRole('option', { name: 'Keramik', exact: true }).click();
    await page.getByText('Lantai: Tanah → Keramik').waitFor();
    expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'verval-review-phone-corrections');

    await page.getByRole('button', { name: 'Anggota keluarga' }).click();
    await page.getByRole('button', { name: 'Tambah anggota' }).click();
    await page.getByLabel(/^Nama/).fill('Bayi Putri');
    await page.getByText('Perempuan', { exact: true }).click();
    await page.getByLabel('Tanggal lahir').fill('2026-04-01');
    await page.getByRole('button', { name: 'Tambah anggota' }).click();
    await page.getByTestId('verval-member-added').getByText('Bayi Putri').waitFor();
    expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'verval-review-phone-members');

    await page.getByRole('button', { name: 'Simpan' }).click();
    await page.getByText('Tersimpan (versi 1)').waitFor();
    await page.getByRole('button', { name: 'Ajukan' }).click();
    await page.getByText('Verval diajukan').waitFor();

    // The reviewer, on a desktop: the queue, the changes, return with a comment.
    const rev = await e2e.newPage();
    await login(rev.page, 'kecamatan06');
    await rev.page.goto('/verval/review');
    const queue = rev.page.getByTestId('verval-review-queue');
    await queue.getByRole('link', { name: 'Bambang Irawan' }).click();
    const changes = rev.page.getByTestId('verval-view-changes');
    await changes.getByText('Keramik').waitFor();
    expect(await changes.textContent()).toContain('Lantai');
    await rev.page.getByText('+ Bayi Putri (Lahir)').waitFor();
    await rev.page.getByText('Lokasi tidak dicatat.').waitFor();
    expect(await rev.page.getByRole('button', { name: 'Kembalikan' }).isDisabled()).toBe(true);
    await rev.page.getByLabel('Komentar untuk operator (wajib bila dikembalikan)').fill('Foto rumah belum ada');
    await screenshot(rev.page, 'verval-review-desktop-submitted');
    await rev.page.getByRole('button', { name: 'Kembalikan' }).click();
    await rev.page.getByText('Verval dikembalikan ke operator.').waitFor();

    // The operator sees it at the top of the worklist with the comment, adds a photo and GPS, resubmits.
    await page.goto('/verval');
    const first = page.getByTestId('verval-worklist').getByRole('link').first();
    await expect.poll(() => first.textContent(), SLOW).toContain('Dikembalikan: Foto rumah belum ada');
    await first.click();
    await page.getByTestId('verval-returned-comment').waitFor();
    await page.getByRole('button', { name: 'Bukti kunjungan' }).click();
    const photo = await sharp({ create: { width: 1800, height: 1200, channels: 3, background: '#6a8' } })
      .jpeg()
      .toBuffer();
    await page.getByTestId('verval-photo-input').setInputFiles({ name: 'rumah.jpg', mimeType: 'image/jpeg', buffer: photo });
    const thumb = page.getByTestId('verval-photos').getByRole('img', { name: 'Foto rumah 1' });
    // Kept on the device until it is sent, compressed there to a long side of 1,600 px.
    await expect.poll(() => thumb.evaluate(loadedWidth), SLOW).toBe(1600);
    await page.getByRole('button', { name: 'Ambil lokasi GPS' }).click();
    await page.getByText('Lokasi: -7.80123, 113.21456').waitFor();
    await page.getByRole('button', { name: 'Simpan' }).click();
    await page.getByText('Tersimpan (versi 4)').waitFor();
    expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'verval-review-phone-evidence');
    await page.getByRole('button', { name: 'Ajukan' }).click();
    await page.getByText('Verval diajukan').waitFor();

    // The reviewer approves, after looking at the photo (full size) and the map link.
    await rev.page.goto('/verval/review');
    await rev.page.getByText('1 menunggu pemeriksaan').waitFor();
    await screenshot(rev.page, 'verval-review-desktop-queue');
    await rev.page.getByTestId('verval-review-queue').getByRole('link', { name: 'Bambang Irawan' }).click();
    await rev.page.getByTestId('verval-map-link').waitFor();
    expect(await rev.page.getByTestId('verval-map-link').getAttribute('href')).toContain('mlat=-7.80123&mlon=113.21456');
    await rev.page.getByRole('button', { name: 'Foto rumah 1' }).click();
    const full = rev.page.getByTestId('verval-photo-full');
    await expect.poll(() => full.evaluate(loadedWidth), SLOW).toBe(1600);
    await rev.page.keyboard.press('Escape');
    await screenshot(rev.page, 'verval-review-desktop-resubmitted');
    // The same review on a phone: nothing scrolls sideways; approve from there.
    const revPhone = await e2e.newPage(PHONE);
    await login(revPhone.page, 'kecamatan06');
    await revPhone.page.goto(new URL(rev.page.url()).pathname);
    await revPhone.page.getByTestId('verval-map-link').waitFor();
    await revPhone.page.getByTestId('verval-photos').getByRole('img', { name: 'Foto rumah 1' }).waitFor();
    expect((await horizontalOverflow(revPhone.page)).scrollWidth).toBeLessThanOrEqual(PHONE.width);
    await screenshot(revPhone.page, 'verval-review-phone-reviewer');
    await revPhone.page.getByRole('button', { name: 'Setujui' }).click();
    await revPhone.page.getByText('Verval disetujui.').waitFor();
    await revPhone.page.getByText('Verval ini berstatus Disetujui; hanya yang diajukan dapat diperiksa.').waitFor();

    const db = e2e.server.ctx.db;
    const v = await db.selectFrom('verval').selectAll().where('household_id', '=', hh).executeTakeFirstOrThrow();
    expect(v).toMatchObject({ status: 'APPROVED', outcome: 'TETAP', review_comment: null, latitude: -7.80123 });
    const h = await db
      .selectFrom('household')
      .select(['floor_type', 'member_count', 'target_status'])
      .where('id', '=', hh)
      .executeTakeFirstOrThrow();
    expect(h).toEqual({ floor_type: 'Keramik', member_count: 3, target_status: 'MISKIN' });
    const names = await db.selectFrom('member').select('name').where('household_id', '=', hh).orderBy('name').execute();
    expect(names.map((m) => m.name)).toContain('Bayi Putri');
    expect(op.problems).toEqual([]);
    expect(rev.problems).toEqual([]);
    expect(revPhone.problems).toEqual([]);
  });

  it('pages and searches the worklist, proposes a new household, and shows a second editor what changed', async () => {
    await insertHouseholds(
      e2e.server.ctx.db,
      Array.from({ length: 110 }, (_, i) => ({ desaCode: DESA, headName: `Warga ${String(i).padStart(3, '0')}` })),
    );
    const { page, problems } = await e2e.newPage(PHONE);
    await login(page, 'operator2005');
    await page.goto('/verval');
    const cards = page.getByTestId('verval-worklist').getByRole('link');
    await expect.poll(() => cards.count(), SLOW).toBe(100);
    await page.getByText('Menampilkan 100 dari 112').waitFor();
    await page.getByRole('button', { name: 'Muat lagi' }).click();
    await expect.poll(() => cards.count(), SLOW).toBe(112);
    await page.getByRole('button', { name: 'Muat lagi' }).waitFor({ state: 'detached' });
    await page.getByPlaceholder('Cari nama atau NIK').fill('tukiy');
    await expect.poll(() => cards.count(), SLOW).toBe(1);
    expect(await cards.first().textContent()).toContain('Tukiyem');
    expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'verval-review-phone-search');

    await page.getByRole('link', { name: 'Usulkan keluarga baru' }).click();
    await page.getByRole('heading', { name: 'Usulkan keluarga baru', level: 1 }).waitFor();
    await page.getByLabel(/^Nama kepala keluarga/).fill('Warsini');
    await page.getByText('Perempuan', { exact: true }).click();
    await page.getByLabel(/^Alasan diusulkan/).fill('Janda lansia, belum terdata');
    expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'verval-review-phone-proposal');
    await page.getByRole('button', { name: 'Simpan usulan' }).click();
    await page.getByRole('heading', { name: 'Warsini', level: 1 }).waitFor();
    expect(await page.getByRole('radio', { name: 'Usulan baru' }).isChecked()).toBe(true);
    const proposed = await e2e.server.ctx.db
      .selectFrom('household')
      .select(['id', 'source', 'head_sex'])
      .where('head_name', '=', 'Warsini')
      .executeTakeFirstOrThrow();
    expect(proposed).toMatchObject({ source: 'MANUAL', head_sex: 'P' });
    // The head is recorded as a member from the head fields: a widow living alone is one member.
    const members = await e2e.server.ctx.db
      .selectFrom('member')
      .select(['name', 'relationship', 'sex'])
      .where('household_id', '=', proposed.id)
      .execute();
    expect(members).toEqual([{ name: 'Warsini', relationship: 'Kepala Keluarga', sex: 'P' }]);

    // A pendamping saves the same record meanwhile; the operator's save is based on the old version.
    await e2e.addUser('pendamping2005', [{ role: 'pendamping', regionCode: DESA }], 'Pendamping Desa 2005');
    const other = await e2e.newPage(PHONE);
    await login(other.page, 'pendamping2005');
    await other.page.goto(page.url());
    await other.page.getByRole('button', { name: 'Bukti kunjungan' }).click();
    await other.page.getByRole('textbox', { name: 'Catatan' }).fill('Rumah dari bambu, atap bocor');
    await other.page.getByRole('button', { name: 'Simpan' }).click();
    await other.page.getByText('Tersimpan (versi 2)').waitFor();

    await page.getByRole('button', { name: 'Bukti kunjungan' }).click();
    await page.getByRole('textbox', { name: 'Catatan' }).fill('Tinggal sendiri');
    await page.getByRole('button', { name: 'Simpan' }).click();
    // The save was based on the old version: both versions side by side, part by part; the operator chooses.
    const conflict = page.getByTestId('verval-offline-conflict');
    await conflict.waitFor(SLOW);
    expect(await conflict.textContent()).toContain('Pendamping Desa 2005');
    const row = conflict.getByRole('row', { name: /Catatan/ });
    expect(await row.getAttribute('data-differs')).toBe('true');
    expect(await row.textContent()).toContain('Tinggal sendiri');
    expect(await row.textContent()).toContain('Rumah dari bambu, atap bocor');
    expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(PHONE.width);
    expect(await conflict.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    await screenshot(page, 'verval-review-phone-conflict');
    await conflict.getByRole('button', { name: 'Pakai versi server' }).click();
    await conflict.getByRole('button', { name: 'Ya, pakai versi server' }).click();
    await expect.poll(() => page.getByRole('textbox', { name: 'Catatan' }).inputValue(), SLOW).toBe('Rumah dari bambu, atap bocor');
    // The provoked 409 is logged by the browser; nothing else may go wrong.
    expect(problems.filter((p) => !p.includes('409'))).toEqual([]);
    expect(other.problems).toEqual([]);
  });
});
