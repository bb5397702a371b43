import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertWhatIfFixture } from '../helpers/criteria-fixtures.js';
import { ADMIN, type E2E, login, screenshot, skipBrowser, startE2E } from './harness.js';

let e2e: E2E;

beforeAll(async () => {
  if (skipBrowser) return;
  e2e = await startE2E();
  await insertWhatIfFixture(e2e.server.ctx.db);
  await e2e.addUser('pimpinan.kriteria', [{ role: 'pimpinan', regionCode: '35.13' }]);
});
afterAll(async () => {
  await e2e?.close();
});

async function householdsWhere(condition: string): Promise<number> {
  const r = await sql<{ n: number }>`select count(*)::int as n from household where ${sql.raw(condition)}`.execute(e2e.server.ctx.db);
  return r.rows[0]?.n ?? 0;
}

describe.skipIf(skipBrowser)('criteria form (browser)', () => {
  it('builds a criteria set in the form with live what-if counts, saves it, and a read-only role reads it in words', async () => {
    const { page } = await e2e.newPage({ width: 1280, height: 900 });
    await login(page, ADMIN.username);
    await page.getByRole('navigation').getByRole('link', { name: 'Kriteria' }).click();
    await page.getByRole('heading', { name: 'Kriteria', level: 1 }).waitFor();
    const form = page.getByTestId('criteria-form');
    await form.waitFor();

    // The form starts with one indicator (desil ≤ 1) and its live count over the registry.
    const live = page.getByTestId('live-what-if');
    const after = (label: string) => live.getByTestId(`live-after-${label}`);
    const desil1 = await householdsWhere('desil <= 1');
    await expect.poll(async () => (await after('MISKIN_EKSTREM').textContent())?.trim(), { timeout: 20_000 }).toBe(String(desil1));

    // Code and title, then the indicator becomes desil ≤ 2 through the lists and the number field.
    await form.getByLabel('Kode kriteria').fill('perbup-uji-formulir');
    await form.getByLabel('Judul').fill('Kriteria uji dari formulir');
    const indicator = form.getByTestId('indicator-row').first();
    expect(await indicator.getByLabel('Data keluarga').locator('option:checked').textContent()).toBe('Desil kesejahteraan');
    await indicator.getByLabel('Pembanding').selectOption({ label: 'kurang dari' });
    await indicator.getByLabel('Nilai').fill('3');
    const desil2 = await householdsWhere('desil < 3');
    expect(desil2).toBeGreaterThan(desil1);
    await expect.poll(async () => (await after('MISKIN_EKSTREM').textContent())?.trim(), { timeout: 20_000 }).toBe(String(desil2));

    // A second indicator on the floor, and the rule needs both (all of): indicators met ≥ 2.
    await form.getByRole('button', { name: 'Tambah indikator' }).click();
    const floor = form.getByTestId('indicator-row').nth(1);
    await floor.getByLabel('Uraian indikator').fill('Lantai tanah');
    await floor.getByLabel('Data keluarga').selectOption({ label: 'Jenis lantai' });
    await floor.getByLabel('Pembanding').selectOption({ label: 'sama dengan' });
    await floor.getByLabel('Nilai').selectOption('TANAH');
    const rule = form.getByTestId('rule-row').first();
    await rule.getByLabel('Minimal indikator terpenuhi').fill('2');
    const both = await householdsWhere("desil < 3 and upper(floor_type) = 'TANAH'");
    await expect.poll(async () => (await after('MISKIN_EKSTREM').textContent())?.trim(), { timeout: 20_000 }).toBe(String(both));
    await screenshot(page, 'criteria-form');

    await page.getByLabel('Catatan versi').fill('Disusun di formulir');
    await page.getByRole('button', { name: 'Simpan sebagai versi baru' }).click();
    const versions = page.getByTestId('criteria-versions');
    await versions.getByText('Disusun di formulir').waitFor();
    const saved = await e2e.server.ctx.db.selectFrom('criteria_set').select(['code', 'definition']).executeTakeFirstOrThrow();
    expect(saved.code).toBe('perbup-uji-formulir');
    expect((saved.definition as { indicators: unknown[] }).indicators).toEqual([
      { id: 'desil_1', label: 'Desil kesejahteraan 1', field: 'desil', lt: 3 },
      { id: 'lantai_tanah', label: 'Lantai tanah', field: 'floorType', eq: 'TANAH' },
    ]);

    // Pimpinan reads the set in words: Indonesian field labels, no editor, no JSON hint.
    const ro = await e2e.newPage();
    await login(ro.page, 'pimpinan.kriteria');
    await ro.page.getByRole('navigation').getByRole('link', { name: 'Kriteria' }).click();
    await ro.page.getByTestId('criteria-versions').getByRole('button', { name: 'Lihat isi' }).click();
    const readable = ro.page.getByTestId('criteria-readable');
    await readable.waitFor();
    const text = (await readable.textContent()) ?? '';
    expect(text).toContain('Jenis lantai sama dengan TANAH');
    expect(text).toContain('Miskin ekstrem');
    expect(text).not.toContain('floorType');
    expect(await ro.page.getByTestId('criteria-form').count()).toBe(0);
    expect(await ro.page.getByText('JSON').count()).toBe(0);
  });
});
