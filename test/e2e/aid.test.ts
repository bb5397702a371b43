import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertHouseholds } from '../helpers/registry-fixtures.js';
import { type E2E, horizontalOverflow, login, screenshot, skipBrowser, startE2E } from './harness.js';

/** A desa operator on a phone proposes aid for a target household that receives none. */

let e2e: E2E;
const PHONE = { width: 360, height: 740 };
const DESA = '35.13.06.2005';

beforeAll(async () => {
  if (skipBrowser) return;
  e2e = await startE2E();
  await insertHouseholds(e2e.server.ctx.db, [
    {
      desaCode: DESA,
      headName: 'Mbah Sumi',
      targetStatus: 'MISKIN_EKSTREM',
      headBirthDate: '1948-02-02',
      columns: { floor_type: 'Tanah' },
      members: [{ name: 'Mbah Sumi', birthDate: '1948-02-02' }],
    },
    {
      desaCode: DESA,
      headName: 'Pak Darto',
      targetStatus: 'MISKIN_EKSTREM',
      aid: { pkh: true },
      members: [{ name: 'Pak Darto' }, { name: 'Bu Darto' }],
    },
  ]);
  await e2e.addUser('opdesa.aid', [{ role: 'operator_desa', regionCode: DESA }], 'Operator Alassapi');
  await e2e.addUser('dinsos.aid', [{ role: 'dinsos', regionCode: '35.13' }], 'Dinsos');
  await e2e.addUser('opkec.aid', [{ role: 'operator_kecamatan', regionCode: '35.13.06' }], 'Operator Banyuanyar');
}, 120_000);
afterAll(async () => {
  await e2e?.close();
});

describe.skipIf(skipBrowser)('bantuan (browser)', () => {
  it('proposes aid for a household without any, on a phone', async () => {
    // Dinsos takes the P3KE flags in first, so Pak Darto (PKH) is covered.
    const dinsos = await e2e.newPage();
    await login(dinsos.page, 'dinsos.aid');
    await dinsos.page.goto('/aid?tab=receipts');
    await dinsos.page.getByRole('button', { name: 'Ambil dari data P3KE' }).click();
    await dinsos.page.getByText('1 penerimaan keluarga dan 0 penerimaan anggota ditambahkan.').waitFor();
    await dinsos.page.getByTestId('aid-receipts').getByText('Program Keluarga Harapan').waitFor();
    await dinsos.page.goto('/aid');
    await dinsos.page.getByTestId('gap-household').first().waitFor();
    expect(await dinsos.page.getByTestId('aid-gaps').textContent()).toContain('50%');
    await screenshot(dinsos.page, 'aid-desktop-gaps');
    expect(dinsos.problems).toEqual([]);
    await dinsos.context.close();

    const { page, problems } = await e2e.newPage(PHONE);
    await login(page, 'opdesa.aid');
    await page.goto('/aid');
    await page.getByTestId('aid-gaps').waitFor();
    const gapRows = page.getByTestId('gap-household');
    await gapRows.first().waitFor();
    expect(await gapRows.count()).toBe(1);
    expect(await gapRows.first().textContent()).toContain('Mbah Sumi');
    expect(await gapRows.first().textContent()).toContain('Lansia 60+');
    expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'aid-phone-gaps');

    await gapRows.first().getByRole('button', { name: 'Usulkan' }).click();
    const suggestion = page.getByTestId('aid-suggestion').filter({ hasText: 'Rehabilitasi Rumah Tidak Layak Huni' });
    await suggestion.waitFor();
    // The operator records a disability the P3KE file does not carry: the priority rises.
    const priority = page.getByTestId('aid-priority');
    expect(await priority.textContent()).toContain('Skor: 70');
    await page.getByTestId('member-condition').filter({ hasText: 'Mbah Sumi' }).getByLabel('Disabilitas').click();
    await priority.getByText('Skor: 90').waitFor();
    await priority.getByText('Disabilitas').waitFor();
    expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'aid-phone-propose');
    await suggestion.click();
    await page.getByRole('dialog').getByRole('button', { name: 'Usulkan' }).click();
    await page.getByTestId('aid-notice').getByText('Usulan dibuat.').waitFor();
    // The gap list shows the recorded condition among the household's priority factors.
    await gapRows.first().getByText('Disabilitas').waitFor();

    await page.goto('/aid?tab=proposals');
    const proposals = page.getByTestId('aid-proposal');
    await proposals.first().waitFor();
    expect(await proposals.count()).toBe(1);
    expect(await proposals.first().textContent()).toContain('Rehabilitasi Rumah Tidak Layak Huni');
    expect(await proposals.first().textContent()).toContain('Mbah Sumi');
    expect(await proposals.first().textContent()).toContain('Diusulkan');
    await proposals.first().getByRole('button', { name: 'Riwayat' }).click();
    await proposals
      .first()
      .getByText(/Diusulkan · Operator Alassapi/)
      .waitFor();
    expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'aid-phone-proposals');
    expect(problems).toEqual([]);

    const stored = await e2e.server.ctx.db.selectFrom('aid_proposal').select(['status', 'reason']).execute();
    expect(stored).toEqual([{ status: 'PROPOSED', reason: 'Rumah tidak layak huni: jenis lantai tanah' }]);

    // The kecamatan verifies it.
    const kec = await e2e.newPage();
    await login(kec.page, 'opkec.aid');
    await kec.page.goto('/aid?tab=proposals');
    await kec.page.getByTestId('aid-proposal').getByRole('button', { name: 'Verifikasi' }).click();
    await kec.page.getByRole('dialog').getByLabel('Catatan').fill('Rumah sudah dicek');
    await kec.page.getByRole('dialog').getByRole('button', { name: 'Verifikasi' }).click();
    await kec.page.getByText('Belum ada usulan.').waitFor();
    const verified = await e2e.server.ctx.db.selectFrom('aid_proposal').select(['status', 'version']).execute();
    expect(verified).toEqual([{ status: 'VERIFIED', version: 2 }]);
    expect(kec.problems).toEqual([]);
  });
});
