import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertVerval, makeReady } from '../api/musdes-fixture.js';
import { type E2E, horizontalOverflow, login, screenshot, skipBrowser, startE2E } from './harness.js';
import { seedHouseholds, seedPeriod } from './seed.js';

/**
 * Finalising a musdes asks first (issue 22, defect 5): the confirmation says what takes effect
 * ("1 keluarga keluar dari miskin ekstrem, 1 masuk"), counts the undecided households and
 * finalises only when they are deferred on purpose. Decision cards show each target status.
 */

let e2e: E2E;
let ids: number[];
let meetingId: number;
const PHONE = { width: 360, height: 740 };
const DESA = '35.13.06.2005';

beforeAll(async () => {
  if (skipBrowser) return;
  e2e = await startE2E();
  const db = e2e.server.ctx.db;
  ids = await seedHouseholds(db, [
    { desa: DESA, headName: 'Abdul Rahman', desil: 1 },
    { desa: DESA, headName: 'Siti Aminah', desil: 1 },
    { desa: DESA, headName: 'Warsini', desil: 3 },
    { desa: DESA, headName: 'Kembali Kasmi', desil: 1 },
    { desa: DESA, headName: 'Belum Dikunjungi', desil: 1 },
  ]);
  const p = { id: await seedPeriod(db) };
  const periodId = Number(p.id);
  await insertVerval(db, periodId, [
    { householdId: ids[0]!, desaCode: DESA, outcome: 'MAMPU' },
    { householdId: ids[1]!, desaCode: DESA, outcome: 'TETAP' },
    { householdId: ids[2]!, desaCode: DESA, outcome: 'USULAN_BARU' },
    { householdId: ids[3]!, desaCode: DESA, outcome: 'MENINGGAL', status: 'RETURNED' },
  ]);
  const op = await e2e.server.userClient('operator2005', [{ role: 'operator_desa', regionCode: DESA }]);
  await e2e.addUser('camat06', [{ role: 'operator_kecamatan', regionCode: '35.13.06' }], 'Operator Kecamatan');
  const created = await op.post('/api/v1/musdes/meetings', {
    periodId,
    desaCode: DESA,
    type: 'MUSDES',
    heldOn: '2026-02-23',
    place: 'Balai Desa Alassapi',
  });
  meetingId = created.body.meeting.id;
  const decided = await op.request('PUT', `/api/v1/musdes/meetings/${meetingId}/decisions`, {
    items: [
      { householdId: ids[0], decision: 'REMOVE', reason: 'MAMPU' },
      { householdId: ids[1], decision: 'KEEP' },
      { householdId: ids[2], decision: 'ADD' },
    ],
  });
  expect(decided.status, JSON.stringify(decided.body)).toBe(200);
  await makeReady(op, meetingId, '140/09/BA/2026');
}, 120_000);
afterAll(async () => {
  await e2e?.close();
});

describe.skipIf(skipBrowser)('musdes finalisation (browser)', () => {
  it('decision cards show each household’s target status; a returned verval is not tabled', async () => {
    const { page, problems } = await e2e.newPage(PHONE);
    await login(page, 'operator2005');
    await page.goto(`/musdes/${meetingId}`);
    const rows = page.getByTestId('musdes-decision-row');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(5);
    const row = (name: string) => rows.filter({ hasText: name });
    expect(await row('Abdul Rahman').getByTestId('musdes-target-status').textContent()).toBe('Miskin ekstrem');
    expect(await row('Warsini').getByTestId('musdes-target-status').textContent()).toBe('Miskin');
    // Returned to the field: tabled as not verified, suggested to defer.
    expect(await row('Kembali Kasmi').textContent()).toContain('Belum verval');
    expect(await row('Kembali Kasmi').textContent()).toContain('Saran: Tunda');
    expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'musdes-finalise-phone-cards');
    expect(problems).toEqual([]);
  });

  it('the kecamatan operator confirms what takes effect, defers the rest, and finalises', async () => {
    const { page, problems } = await e2e.newPage(PHONE);
    await login(page, 'camat06');
    await page.goto(`/musdes/${meetingId}`);
    await page.getByRole('button', { name: 'Finalkan musyawarah' }).click();
    const dialog = page.getByRole('dialog', { name: 'Finalkan musyawarah ini?' });
    await dialog.getByText('1 keluarga keluar dari miskin ekstrem, 1 masuk.').waitFor();
    await dialog.getByText('3 dari 5 keluarga sudah diputuskan.').waitFor();
    await dialog.getByText('2 keluarga belum diputuskan.').waitFor();
    const ok = dialog.getByRole('button', { name: 'Ya, finalkan' });
    expect(await ok.isDisabled()).toBe(true);
    await dialog.getByRole('checkbox', { name: 'Tunda sisanya (2 keluarga)' }).check();
    expect(await ok.isDisabled()).toBe(false);
    expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'musdes-finalise-phone-confirm');
    await ok.click();
    await page.getByTestId('musdes-finalised').getByText('Berlaku: 1 keluar, 1 ditambahkan, 0 keluarga berakhir.').waitFor();
    await page.getByTestId('musdes-finalised').getByText('Tetap 1 · Keluar 1 · Tambah 1 · Tunda 2').waitFor();
    await page.getByTestId('musdes-status').getByText('Final').waitFor();
    expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'musdes-finalise-phone-finalised');
    const db = e2e.server.ctx.db;
    const deferred = await db
      .selectFrom('musdes_decision')
      .select('household_id')
      .where('meeting_id', '=', meetingId)
      .where('decision', '=', 'DEFER')
      .orderBy('household_id')
      .execute();
    expect(deferred.map((d) => d.household_id)).toEqual([ids[3], ids[4]]);
    const statuses = await db.selectFrom('household').select(['target_status']).where('id', 'in', ids).orderBy('id').execute();
    expect(statuses.map((s) => s.target_status)).toEqual([
      'MISKIN',
      'MISKIN_EKSTREM',
      'MISKIN_EKSTREM',
      'MISKIN_EKSTREM',
      'MISKIN_EKSTREM',
    ]);
    expect(problems).toEqual([]);
  });
});
