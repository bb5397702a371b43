import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, changeInitialPassword, choose, type E2E, login, screenshot, skipBrowser, startE2E } from './harness.js';

let e2e: E2E;
let desaName: string;

beforeAll(async () => {
  if (skipBrowser) return;
  e2e = await startE2E();
  const desa = await e2e.server.ctx.db.selectFrom('region').select('name').where('code', '=', '35.13.06.2005').executeTakeFirstOrThrow();
  desaName = desa.name;
});
afterAll(async () => {
  await e2e?.close();
});

describe.skipIf(skipBrowser)('user management (browser)', () => {
  it('admin creates a desa operator through the cascading region picker; the operator sees only their desa; deactivation locks them out', async () => {
    const admin = await e2e.newPage();
    const page = admin.page;
    await login(page, ADMIN.username);
    await page.getByRole('navigation').getByRole('link', { name: 'Pengguna' }).click();
    await page.getByRole('heading', { name: 'Pengguna', level: 1 }).waitFor();
    await page.getByTestId('users-table').getByText('admin', { exact: true }).waitFor();

    await page.getByRole('button', { name: 'Tambah pengguna' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Pengguna baru' }).waitFor();
    await dialog.getByLabel('Nama pengguna').fill('op.sumber');
    await dialog.getByLabel('Nama lengkap').fill('Siti Aminah');
    await dialog.getByRole('button', { name: 'Buat acak' }).click();
    expect(await dialog.getByLabel('Kata sandi').inputValue()).toMatch(/^[\w]{4}(-[\w]{4}){3}$/);
    await dialog.getByLabel('Kata sandi').fill('desa-sumber-2025');
    await choose(page, dialog.getByRole('combobox', { name: 'Peran', exact: true }), 'Operator desa');
    // The picker asks for the kecamatan, then offers only that kecamatan's desa.
    expect(await dialog.getByText('Kabupaten: Kabupaten Probolinggo').isVisible()).toBe(true);
    const desaInput = dialog.getByRole('combobox', { name: 'Desa/kelurahan', exact: true });
    expect(await desaInput.isDisabled()).toBe(true);
    await choose(page, dialog.getByRole('combobox', { name: 'Kecamatan', exact: true }), 'Banyuanyar');
    await desaInput.click();
    await expect.poll(() => page.getByRole('option').count()).toBe(14);
    await page.keyboard.press('Escape');
    await choose(page, desaInput, desaName);
    await dialog.getByRole('button', { name: 'Tambah peran' }).click();
    expect(await dialog.getByTestId('grant-list').textContent()).toContain(`Operator desa · ${desaName}`);
    await screenshot(page, 'users-create-dialog');
    await dialog.getByRole('button', { name: 'Simpan' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = page.locator('tr[data-username="op.sumber"]');
    await row.waitFor();
    expect(await row.textContent()).toContain(`Operator desa · ${desaName}`);
    expect(await row.textContent()).toContain('Aktif');

    // Search narrows the table.
    await page.getByRole('textbox', { name: 'Cari nama atau nama pengguna' }).fill('siti');
    await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
    await screenshot(page, 'users-list');

    // The new operator signs in and sees only their desa.
    const op = await e2e.newPage();
    // The password the admin chose must be changed first (issue 25).
    await login(op.page, 'op.sumber', 'desa-sumber-2025');
    await changeInitialPassword(op.page, 'desa-sumber-2025', 'desa-sumber-sendiri-1');
    await login(op.page, 'op.sumber', 'desa-sumber-sendiri-1');
    await op.page.getByRole('heading', { name: 'Selamat datang, Siti Aminah' }).waitFor();
    expect(await op.page.getByTestId('my-roles').textContent()).toContain(`Operator desa — ${desaName}`);
    const opNav = op.page.getByRole('navigation');
    expect(await opNav.getByRole('link', { name: 'Pengguna' }).count()).toBe(0);
    expect(await opNav.getByRole('link', { name: 'Impor data' }).count()).toBe(0);
    await opNav.getByRole('link', { name: 'Keluarga' }).click();
    const kec = op.page.getByRole('combobox', { name: 'Kecamatan', exact: true });
    await kec.click();
    await expect.poll(() => op.page.getByRole('option').allTextContents()).toEqual(['Banyuanyar']);
    await op.page.getByRole('option', { name: 'Banyuanyar' }).click();
    await op.page.getByRole('combobox', { name: 'Desa/kelurahan', exact: true }).click();
    await expect.poll(() => op.page.getByRole('option').allTextContents()).toEqual([desaName]);
    await op.page.keyboard.press('Escape');
    await screenshot(op.page, 'operator-desa-households');
    await op.page.goto('/users');
    await op.page.getByRole('heading', { name: 'Halaman tidak ditemukan' }).waitFor();

    // Admin resets the password: the new one is shown once and works.
    await page.getByRole('textbox', { name: 'Cari nama atau nama pengguna' }).fill('');
    await row.getByRole('button', { name: 'Atur ulang kata sandi' }).click();
    const reset = page.getByRole('dialog');
    await reset.getByRole('button', { name: 'Atur ulang kata sandi' }).click();
    const shown = (await reset.getByTestId('new-password').textContent()) ?? '';
    expect(shown).toMatch(/^[\w]{4}(-[\w]{4}){3}$/);
    await screenshot(page, 'users-reset-password');
    await reset.getByRole('button', { name: 'Tutup' }).click();
    const again = await e2e.newPage();
    await login(again.page, 'op.sumber', shown);
    await again.page.getByRole('heading', { name: 'Ganti kata sandi awal' }).waitFor();
    await again.context.close();

    // Deactivate: the row says so, the open session ends and signing in fails.
    await row.getByRole('button', { name: 'Nonaktifkan' }).click();
    await expect.poll(() => row.textContent()).toContain('Nonaktif');
    // The next API answer is 401: the app goes back to the login page by itself.
    await op.page.getByRole('navigation').getByRole('link', { name: 'Keluarga' }).click();
    await op.page.getByRole('button', { name: 'Masuk' }).waitFor();
    await expect.poll(() => op.page.url()).toMatch(/\/login$/);
    await op.page.getByLabel('Nama pengguna').fill('op.sumber');
    await op.page.getByLabel('Kata sandi').fill(shown);
    await op.page.getByRole('button', { name: 'Masuk' }).click();
    await expect.poll(() => op.page.getByRole('alert').textContent()).toContain('Nama pengguna atau kata sandi salah');

    // Editing roles: make them operator of the whole kecamatan instead, and reactivate.
    await row.getByRole('button', { name: 'Aktifkan' }).click();
    await expect.poll(() => row.textContent()).toContain('Aktif');
    await row.getByRole('button', { name: 'Ubah' }).click();
    const edit = page.getByRole('dialog');
    await edit.getByRole('heading', { name: 'Ubah pengguna op.sumber' }).waitFor();
    await edit.getByRole('button', { name: 'Hapus peran: Operator desa' }).click();
    await choose(page, edit.getByRole('combobox', { name: 'Peran', exact: true }), 'Operator kecamatan');
    expect(await edit.getByRole('combobox', { name: 'Desa/kelurahan', exact: true }).count()).toBe(0);
    await choose(page, edit.getByRole('combobox', { name: 'Kecamatan', exact: true }), 'Banyuanyar');
    // Saved without pressing "Tambah peran": the completed role in the picker is included.
    await edit.getByRole('button', { name: 'Simpan' }).click();
    await edit.waitFor({ state: 'hidden' });
    await expect.poll(() => row.textContent()).toContain('Operator kecamatan · Banyuanyar');
    expect(await row.textContent()).not.toContain('Operator desa');

    // Every step is in the audit log, and the chain verifies.
    await page.getByRole('navigation').getByRole('link', { name: 'Audit' }).click();
    const audit = page.getByTestId('audit-table');
    await expect.poll(() => audit.textContent()).toContain('user.create');
    expect(await audit.textContent()).toContain('user.password');
    await page.getByRole('textbox', { name: 'Jenis objek' }).fill('session');
    await expect.poll(() => audit.locator('tbody tr').count()).toBe(0);
    await page.getByRole('textbox', { name: 'Jenis objek' }).fill('');
    await page.getByRole('button', { name: 'Periksa keutuhan' }).click();
    await expect.poll(() => page.getByTestId('verify-result').textContent()).toMatch(/^Log audit utuh: \d+ entri diperiksa/);
    await screenshot(page, 'audit');
    expect(admin.problems).toEqual([]);
    expect(op.problems).toEqual([]);
    await admin.context.close();
    await op.context.close();
    // Four sign-ins (one with the forced password change): longer than the default on a busy machine.
  }, 180_000);

  it('shows the API error in the dialog when the username is taken', async () => {
    const { page, context } = await e2e.newPage();
    await login(page, ADMIN.username);
    await page.goto('/users');
    await page.getByRole('button', { name: 'Tambah pengguna' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Nama pengguna').fill('admin');
    await dialog.getByLabel('Nama lengkap').fill('Kembar');
    await dialog.getByLabel('Kata sandi').fill('kata-sandi-123');
    await dialog.getByRole('button', { name: 'Simpan' }).click();
    const alert = dialog.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Nama pengguna "admin" sudah dipakai');
    expect(await dialog.isVisible()).toBe(true);
    await context.close();
  });
});
