import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestServer, type TestServer } from '../helpers/server.js';
import {
  assign,
  assignBanyuanyar,
  BANYUANYAR,
  createAgency,
  createFixtureOfficials,
  createOfficial,
  createPeriod,
  type Fixture,
  nip,
} from './organisation-fixture.js';

/**
 * Two agencies sharing a kecamatan on disjoint desa is an arrangement, not an error (the seed's
 * Banyuanyar: Bapelitbangda and Bagian Organisasi). Only a desa covered twice is flagged.
 */
const api = '/api/v1/organisation';
let s: TestServer;
let admin: Client;
let fx: Fixture;
let period: number;

type Warning = { code: string; regionCode?: string; message: string };

beforeAll(async () => {
  s = await startTestServer();
  admin = await s.userClient('admin.org', [{ role: 'admin_kabupaten', regionCode: '35.13' }]);
  fx = await createFixtureOfficials(admin);
  period = await createPeriod(admin, 'Gesek Ekstrem 2025', '2025-01-01', '2025-12-31');
  await assignBanyuanyar(admin, period, fx);
}, 60_000);
afterAll(async () => {
  await s?.close();
});

const coverage = async () => (await admin.get(`${api}/periods/${period}/coverage?kecamatan=${BANYUANYAR}`)).body;

describe('two agencies in one kecamatan', () => {
  it('on disjoint desa: no warning, the kecamatan is not double, the split is complete', async () => {
    const r = await admin.post(`${api}/periods/${period}/agency-assignments`, { agencyId: fx.agencyB, kecamatanCode: BANYUANYAR });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.warnings).toEqual([]);
    const cov = await coverage();
    expect(cov.kecamatan[0].agencies).toHaveLength(2);
    expect(cov.kecamatan[0].double).toBe(false);
    expect(cov.summary).toMatchObject({ doubleDesa: 0, complete: true });
    expect(cov.warnings).toEqual([]);
  });

  it('warns when a desa is accompanied by officials of both agencies', async () => {
    const agencyC = await createAgency(admin, '4.01.03', 'Bagian Organisasi', 'Organisasi');
    const official = await createOfficial(admin, {
      agencyId: agencyC,
      name: 'Lilik Setyowati, S.Sos.',
      nip: nip(12),
      position: 'Kepala Bagian Organisasi',
      echelon: 'III',
    });
    // Alassapi (2005) is already accompanied by an official of agency A.
    await assign(admin, period, official, 'pendamping_desa', '35.13.06.2005');
    const r = await admin.post(`${api}/periods/${period}/agency-assignments`, { agencyId: agencyC, kecamatanCode: BANYUANYAR });
    expect(r.status).toBe(201);
    const warnings: Warning[] = r.body.warnings;
    expect(warnings.map((w) => [w.code, w.regionCode])).toEqual([['DOUBLE_AGENCY', '35.13.06.2005']]);
    expect(warnings[0]?.message).toContain('Dinas Pekerjaan Umum dan Penataan Ruang');
    const cov = await coverage();
    expect(cov.kecamatan[0].double).toBe(true);
    expect(cov.summary).toMatchObject({ doubleDesa: 1, complete: false });
  });
});
