import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scopeColumns } from '../../src/modules/access/scope.js';
import { requiredRoles } from '../../src/modules/musdes/settings.js';
import { REQUIRED_ATTENDEES } from '../api/musdes-fixture.js';
import { ADMIN, type E2E, login, screenshot, skipBrowser, startE2E } from './harness.js';
import { seedPeriod } from './seed.js';

/** The required-roles setting: the admin kabupaten changes it, a meeting then needs that role, others cannot change it. */

let e2e: E2E;
let meetingId: number;
const DESA = '35.13.06.2005';

beforeAll(async () => {
  if (skipBrowser) return;
  e2e = await startE2E();
  const db = e2e.server.ctx.db;
  const p = { id: await seedPeriod(db) };
  // A held meeting whose attendance has the default required roles, all signed, and no tokoh agama.
  const m = await db
    .insertInto('musdes_meeting')
    .values({
      period_id: Number(p.id),
      ...scopeColumns(DESA),
      type: 'MUSDES',
      status: 'HELD',
      number: '140/09/BA/2026',
      held_on: '2026-02-24',
      place: 'Balai Desa Alassapi',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  meetingId = Number(m.id);
  await db
    .insertInto('musdes_attendee')
    .values(REQUIRED_ATTENDEES.map((a) => ({ meeting_id: meetingId, ...scopeColumns(DESA), ...a, role: a.role as 'BPD' })))
    .execute();
  await e2e.addUser('camat06', [{ role: 'operator_kecamatan', regionCode: '35.13.06' }], 'Operator Kecamatan');
}, 120_000);
afterAll(async () => {
  await e2e?.close();
});

const MISSING_TOKOH_AGAMA = 'Unsur wajib belum hadir/menandatangani: Tokoh agama';

describe.skipIf(skipBrowser)('musdes required roles (browser)', () => {
  it('the admin adds tokoh agama; it is kept after a reload and a meeting without one cannot be finalised', async () => {
    const { page, problems } = await e2e.newPage();
    await login(page, ADMIN.username);
    await page.goto(`/musdes/${meetingId}`);
    await page.getByTestId('musdes-problems').waitFor();
    expect(await page.getByTestId('musdes-problems').textContent()).not.toContain('Tokoh agama');

    await page.goto('/musdes');
    const card = page.getByTestId('musdes-required-roles');
    const field = card.getByRole('combobox', { name: 'Unsur wajib hadir' });
    await field.waitFor();
    const pills = () => card.locator('.mantine-Pill-label').allTextContents();
    await expect.poll(pills).toEqual(['Kepala desa', 'BPD', 'Kecamatan', 'Pendamping desa']);
    const save = card.getByRole('button', { name: 'Simpan', exact: true });
    expect(await save.isDisabled()).toBe(true); // nothing changed yet
    // The pills cover the small search input: click the field's box, as a user does.
    await card.locator('.mantine-MultiSelect-input').click();
    await page.getByRole('option', { name: 'Tokoh agama', exact: true }).click();
    await page.keyboard.press('Escape');
    await save.click();
    await card.getByRole('status').getByText('Tersimpan').waitFor();
    expect(await save.isDisabled()).toBe(true);
    expect(await requiredRoles(e2e.server.ctx.db)).toEqual(['KEPALA_DESA', 'BPD', 'KECAMATAN', 'PENDAMPING_DESA', 'TOKOH_AGAMA']);
    await screenshot(page, 'musdes-required-roles-saved');

    await page.reload();
    await card.getByRole('combobox', { name: 'Unsur wajib hadir' }).waitFor();
    await expect.poll(pills).toEqual(['Kepala desa', 'BPD', 'Kecamatan', 'Pendamping desa', 'Tokoh agama']);
    expect(await card.getByText('Tersimpan').count()).toBe(0);

    await page.goto(`/musdes/${meetingId}`);
    await page.getByTestId('musdes-problems').getByText(MISSING_TOKOH_AGAMA).waitFor();
    expect(await page.getByTestId('musdes-problems').getByText('Kepala desa').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Finalkan musyawarah' }).isDisabled()).toBe(true);
    await screenshot(page, 'musdes-required-roles-meeting');

    // In English the missing role reads as in the attendance list, and the setting is translated.
    await page.locator('label').filter({ hasText: /^EN$/ }).click();
    await page.getByTestId('musdes-problems').getByText('Required attendee missing or not signed: Religious leader').waitFor();
    await page.goto('/musdes');
    await card.getByRole('combobox', { name: 'Required attendees' }).waitFor();
    await page.getByRole('heading', { name: 'Finalisation requirements' }).waitFor();
    await expect.poll(pills).toContain('Religious leader');
    await screenshot(page, 'musdes-required-roles-english');
    expect(problems).toEqual([]);
  });

  it('the kecamatan operator sees the required role missing but gets no settings controls, and the API refuses a change', async () => {
    const { page, problems } = await e2e.newPage();
    await login(page, 'camat06');
    await page.goto('/musdes');
    await page.getByRole('heading', { name: 'Musyawarah Desa' }).waitFor();
    await page.getByRole('button', { name: 'Musyawarah baru' }).waitFor();
    expect(await page.getByTestId('musdes-required-roles').count()).toBe(0);
    expect(await page.getByText('Unsur wajib hadir').count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Syarat finalisasi' }).count()).toBe(0);

    await page.goto(`/musdes/${meetingId}`);
    await page.getByTestId('musdes-problems').getByText(MISSING_TOKOH_AGAMA).waitFor();

    const refused = await page.request.put('/api/v1/musdes/settings', {
      data: { requiredRoles: ['KEPALA_DESA'] },
      headers: { 'x-requested-with': 'sasmita' },
    });
    expect(refused.status()).toBe(403);
    expect(await requiredRoles(e2e.server.ctx.db)).toContain('TOKOH_AGAMA');
    expect(problems).toEqual([]);
  });
});
