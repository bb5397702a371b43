import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestServer, type TestServer } from '../helpers/server.js';
import { assign, createAgency, createOfficial, createPeriod, expectUnchanged, nip } from './organisation-fixture.js';

/** Editing and deleting OPD, pejabat, periods and stages: refusals while referenced, audit of every change. */
let s: TestServer;
let admin: Client;
const api = '/api/v1/organisation';

beforeAll(async () => {
  s = await startTestServer();
  admin = await s.userClient('admin.manage', [{ role: 'admin_kabupaten', regionCode: '35.13' }]);
});
afterAll(async () => {
  await s?.close();
});

const audits = async (entity: string, id: number) =>
  (
    await s.ctx.db
      .selectFrom('audit_log')
      .select(['action'])
      .where('entity', '=', entity)
      .where('entity_id', '=', String(id))
      .orderBy('id')
      .execute()
  ).map((r) => r.action);

describe('managing agencies, officials and periods', () => {
  let agency: number;
  let official: number;
  let period: number;

  it('edits an agency and an official (linking a user account), audited', async () => {
    agency = await createAgency(admin, '5.01.01', 'Badan Keuangan Daerah', 'BKD');
    const patched = await admin.patch(`${api}/agencies/${agency}`, { name: 'Badan Keuangan dan Aset Daerah', shortName: 'BKAD' });
    expect(patched.status).toBe(204);
    const list = await admin.get(`${api}/agencies`);
    expect(list.body.items).toContainEqual(
      expect.objectContaining({ id: agency, name: 'Badan Keuangan dan Aset Daerah', shortName: 'BKAD' }),
    );

    official = await createOfficial(admin, { agencyId: agency, name: 'Suparno', nip: nip(3), position: 'Kepala Bidang', echelon: 'III' });
    const user = await s.userClient('suparno', []);
    const userId = (await user.get('/api/v1/auth/me')).body.user.id;
    const r = await admin.patch(`${api}/officials/${official}`, { position: 'Sekretaris', echelon: 'II', userId });
    expect(r.status, JSON.stringify(r.body)).toBe(204);
    const o = (await admin.get(`${api}/officials?agencyId=${agency}`)).body.items[0];
    expect(o).toMatchObject({ id: official, position: 'Sekretaris', echelon: 'II', userId, username: 'suparno' });
    expect(await audits('agency', agency)).toEqual(['agency.create', 'agency.update']);
    expect(await audits('official', official)).toEqual(['official.create', 'official.update']);
  });

  it('refuses to delete an agency with officials, an official or a period with assignments, changing nothing', async () => {
    period = await createPeriod(admin, 'Gesek Ekstrem 2023', '2023-01-01', '2023-12-31');
    const a = await assign(admin, period, official, 'pendamping_desa', '35.13.06.2005');
    await expectUnchanged(s, async () => {
      const ag = await admin.delete(`${api}/agencies/${agency}`);
      expect(ag.status).toBe(409);
      expect(ag.body.error).toMatchObject({ code: 'AGENCY_IN_USE', message: expect.stringContaining('masih memiliki pejabat') });
      const off = await admin.delete(`${api}/officials/${official}`);
      expect(off.status).toBe(409);
      expect(off.body.error.code).toBe('OFFICIAL_IN_USE');
      const per = await admin.delete(`${api}/periods/${period}`);
      expect(per.status).toBe(409);
      expect(per.body.error).toMatchObject({ code: 'PERIOD_IN_USE', messageEn: expect.stringContaining('assignments') });
    });
    // Once the assignment is gone the official, the agency and the period can go, each audited.
    expect((await admin.delete(`${api}/assignments/${a.assignment.id}`)).status).toBe(204);
    expect((await admin.delete(`${api}/officials/${official}`)).status).toBe(204);
    expect((await admin.delete(`${api}/agencies/${agency}`)).status).toBe(204);
    expect((await admin.delete(`${api}/periods/${period}`)).status).toBe(204);
    expect(await audits('official', official)).toEqual(['official.create', 'official.update', 'official.delete']);
    expect(await audits('agency', agency)).toEqual(['agency.create', 'agency.update', 'agency.delete']);
    expect(await audits('program_period', period)).toEqual(['period.create', 'period.delete']);
    expect((await admin.get(`${api}/agencies`)).body.items.map((x: { id: number }) => x.id)).not.toContain(agency);
  });

  it('edits a period and its stages within the period dates, and refuses dates out of order', async () => {
    const p = await createPeriod(admin, 'Gesek Ekstrem 2022', '2022-01-01', '2022-12-31');
    const st = await admin.post(`${api}/periods/${p}/stages`, {
      kind: 'musdes',
      name: 'Musdes',
      startDate: '2022-03-01',
      endDate: '2022-03-31',
    });
    expect(st.status).toBe(201);
    await expectUnchanged(s, async () => {
      const reversed = await admin.patch(`${api}/stages/${st.body.id}`, { startDate: '2022-04-10', endDate: '2022-04-01' });
      expect(reversed.status).toBe(400);
      const outside = await admin.patch(`${api}/stages/${st.body.id}`, { endDate: '2023-01-15' });
      expect(outside.status).toBe(400);
      const badPeriod = await admin.patch(`${api}/periods/${p}`, { endDate: '2021-12-31' });
      expect(badPeriod.body.error.code).toBe('PERIOD_DATES');
      const shrink = await admin.patch(`${api}/periods/${p}`, { endDate: '2022-02-28' });
      expect(shrink.body.error.code).toBe('STAGE_OUTSIDE_PERIOD');
    });
    const moved = await admin.patch(`${api}/stages/${st.body.id}`, { name: 'Musyawarah desa', endDate: '2022-04-15' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ name: 'Musyawarah desa', startDate: '2022-03-01', endDate: '2022-04-15' });
    const renamed = await admin.patch(`${api}/periods/${p}`, { name: 'Gesek Ekstrem 2022 (revisi)' });
    expect(renamed.body).toMatchObject({ name: 'Gesek Ekstrem 2022 (revisi)', startDate: '2022-01-01' });
    // A period with a schedule is in use too.
    expect((await admin.delete(`${api}/periods/${p}`)).body.error.code).toBe('PERIOD_IN_USE');
    expect((await admin.delete(`${api}/stages/${st.body.id}`)).status).toBe(204);
    expect((await admin.delete(`${api}/periods/${p}`)).status).toBe(204);
  });

  it('lets only the admin kabupaten manage them', async () => {
    const op = await s.userClient('op.manage', [{ role: 'operator_kecamatan', regionCode: '35.13.06' }]);
    const ag = await createAgency(admin, '5.02.01', 'Badan Pendapatan Daerah', 'Bapenda');
    expect((await op.patch(`${api}/agencies/${ag}`, { name: 'X' })).status).toBe(403);
    expect((await op.delete(`${api}/agencies/${ag}`)).status).toBe(403);
  });
});
