import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_CRITERIA_PATH } from '../helpers/criteria-fixtures.js';
import { insertHouseholds } from '../helpers/registry-fixtures.js';
import { type Client, startTestServer, type TestServer } from '../helpers/server.js';
import { assign, BANYUANYAR_DESA, createAgency, createOfficial, createPeriod, nip } from './organisation-fixture.js';

let s: TestServer;
let admin: Client;

beforeAll(async () => {
  s = await startTestServer();
  admin = await s.userClient('admin.onb', [{ role: 'admin_kabupaten', regionCode: '35.13' }]);
});
afterAll(() => s?.close());

const ticks = async () => {
  const r = await admin.get('/api/v1/onboarding/checklist');
  expect(r.status).toBe(200);
  return Object.fromEntries(r.body.items.map((i: { step: string; done: boolean }) => [i.step, i.done]));
};

describe('first-run checklist', () => {
  it('ticks each step from the real tables as the admin does it', async () => {
    const first = await admin.get('/api/v1/onboarding/checklist');
    expect(first.body.items.map((i: { step: string; link: string }) => [i.step, i.link])).toEqual([
      ['regions', '/households'],
      ['data', '/imports'],
      ['criteria', '/criteria'],
      ['penugasan', '/organisation'],
      ['accounts', '/users/bulk'],
      ['schedule', '/organisation'],
    ]);
    expect(await ticks()).toEqual({ regions: true, data: false, criteria: false, penugasan: false, accounts: false, schedule: false });
    const accounts = first.body.items.find((i: { step: string }) => i.step === 'accounts');
    expect(accounts.total).toBeGreaterThan(300);
    expect(accounts.count).toBe(0);

    await insertHouseholds(s.ctx.db, [{ desaCode: BANYUANYAR_DESA[0] as string, headName: 'Sutini' }]);
    const definition = JSON.parse(fs.readFileSync(EXAMPLE_CRITERIA_PATH, 'utf8'));
    const draft = await admin.post('/api/v1/criteria', { definition });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    expect((await admin.post(`/api/v1/criteria/${draft.body.id}/adopt`, {})).status).toBe(200);
    expect(await ticks()).toMatchObject({ data: true, criteria: true, penugasan: false });

    const agency = await createAgency(admin, '1.03.01', 'Dinas PUPR');
    const official = await createOfficial(admin, { agencyId: agency, name: 'Bambang', nip: nip(1), position: 'Kabid', echelon: 'III' });
    const year = new Date().getFullYear();
    const period = await createPeriod(admin, 'Gesek Ekstrem', `${year}-01-01`, `${year}-12-31`);
    expect((await ticks()).penugasan).toBe(false);
    await assign(admin, period, official, 'pendamping_desa', BANYUANYAR_DESA[0] as string);
    expect((await ticks()).penugasan).toBe(true);
    const stage = await admin.post(`/api/v1/organisation/periods/${period}/stages`, {
      kind: 'verval',
      name: 'Verval',
      startDate: `${year}-02-01`,
      endDate: `${year}-02-17`,
    });
    expect(stage.status, JSON.stringify(stage.body)).toBe(201);
    expect((await ticks()).schedule).toBe(true);

    // Accounts: ticked only when every desa has an operator.
    const some = await admin.post('/api/v1/users/bulk', { kind: 'operators', regionCodes: ['35.13.06'], kecamatan: false });
    expect(some.status).toBe(201);
    const partial = (await admin.get('/api/v1/onboarding/checklist')).body.items.find((i: { step: string }) => i.step === 'accounts');
    expect(partial).toMatchObject({ done: false, count: 14 });
    // The rest of the kabupaten (over 300 desa) in one call, in seconds even on a busy machine.
    const t0 = Date.now();
    const rest = await admin.post('/api/v1/users/bulk', { kind: 'operators', kecamatan: false });
    expect(rest.status).toBe(201);
    expect(rest.body.created.length).toBe(partial.total - 14);
    expect(Date.now() - t0).toBeLessThan(15_000);
    const all = await admin.get('/api/v1/onboarding/checklist');
    expect(all.body.items.every((i: { done: boolean }) => i.done)).toBe(true);
    expect(all.body.done).toBe(6);
  });

  it('is for the admin only', async () => {
    const op = await s.userClient('op.onb', [{ role: 'operator_desa', regionCode: BANYUANYAR_DESA[1] as string }]);
    expect((await op.get('/api/v1/onboarding/checklist')).status).toBe(403);
  });
});
