import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayWib } from '../../src/lib/dates.js';
import { insertHouseholds } from '../helpers/registry-fixtures.js';
import { type Client, startTestServer, type TestServer } from '../helpers/server.js';
import {
  assign,
  assignBanyuanyar,
  BANYUANYAR,
  BANYUANYAR_DESA,
  createAgency,
  createFixtureOfficials,
  createOfficial,
  createPeriod,
  expectUnchanged,
  type Fixture,
  nip,
} from './organisation-fixture.js';

let s: TestServer;
let admin: Client;
let fx: Fixture;
let p2024: number;
const api = '/api/v1/organisation';
const thisYear = todayWib().slice(0, 4);

beforeAll(async () => {
  s = await startTestServer();
  admin = await s.userClient('admin.org', [{ role: 'admin_kabupaten', regionCode: '35.13' }]);
  fx = await createFixtureOfficials(admin);
  // Assignment access lasts only while the period runs, so the access tests use a running period.
  p2024 = await createPeriod(admin, 'Gesek Ekstrem berjalan', `${thisYear}-01-01`, `${thisYear}-12-31`);
  await assignBanyuanyar(admin, p2024, fx);
});
afterAll(async () => {
  await s?.close();
});

const unchanged = (fn: () => Promise<void>) => expectUnchanged(s, fn);

describe('access follows assignments', () => {
  let userId: number;
  let officialId: number;
  let pejabat: Client;

  it('grants the linked user exactly the assigned desa, and revokes it when the assignment ends', async () => {
    pejabat = await s.userClient('pejabat.sutrisno', []);
    userId = (await pejabat.get('/api/v1/auth/me')).body.user.id;
    expect((await pejabat.get('/api/v1/regions/35.13.06.2005')).status).toBe(404);
    const agencyC = await createAgency(admin, '3.01.01', 'Dinas Pemberdayaan Masyarakat dan Desa', 'DPMD');
    officialId = await createOfficial(admin, {
      agencyId: agencyC,
      name: 'Sutrisno',
      nip: nip(15),
      position: 'Analis',
      echelon: 'JF',
      userId,
    });
    const a = await assign(admin, p2024, officialId, 'staf_pendamping', '35.13.06.2005');
    expect((await pejabat.get('/api/v1/regions/35.13.06.2005')).status).toBe(200);
    expect((await pejabat.get('/api/v1/regions/35.13.06.2013')).status).toBe(404);
    const me = await pejabat.get('/api/v1/auth/me');
    expect(me.body.user.roles).toEqual([
      expect.objectContaining({ role: 'opd_pendamping', regionCode: '35.13.06.2005', source: `assignment:${a.assignment.id}` }),
    ]);
    // The pejabat reads the coverage of their own desa only, and sees who supervises the kecamatan.
    const cov = await pejabat.get(`${api}/periods/${p2024}/coverage`);
    expect(cov.body.kecamatan).toHaveLength(1);
    expect(cov.body.kecamatan[0].desa.map((d: { code: string }) => d.code)).toEqual(['35.13.06.2005']);
    expect(cov.body.kecamatan[0].agencies).toHaveLength(1);

    expect((await admin.post(`${api}/assignments/${a.assignment.id}/end`)).status).toBe(204);
    expect((await pejabat.get('/api/v1/regions/35.13.06.2005')).status).toBe(404);
    expect((await pejabat.get('/api/v1/auth/me')).body.user.roles).toEqual([]);
  });

  it('gives a pembina kecamatan the whole kecamatan, moves access when the user link changes, and revokes on delete', async () => {
    const a = await assign(admin, p2024, officialId, 'pembina_kecamatan', BANYUANYAR);
    expect((await pejabat.get('/api/v1/regions/35.13.06.2013')).status).toBe(200);
    expect((await pejabat.get('/api/v1/regions/35.13.07')).status).toBe(404);
    const other = await s.userClient('pejabat.pengganti', []);
    expect(
      (await admin.patch(`${api}/officials/${officialId}`, { userId: (await other.get('/api/v1/auth/me')).body.user.id })).status,
    ).toBe(204);
    expect((await pejabat.get('/api/v1/regions/35.13.06.2013')).status).toBe(404);
    expect((await other.get('/api/v1/regions/35.13.06.2013')).status).toBe(200);
    const linked = await admin.patch(`${api}/officials/${fx.second}`, { userId: (await other.get('/api/v1/auth/me')).body.user.id });
    expect(linked.status).toBe(409);
    expect(linked.body.error.code).toBe('USER_LINKED');
    expect((await admin.delete(`${api}/assignments/${a.assignment.id}`)).status).toBe(204);
    expect((await other.get('/api/v1/regions/35.13.06.2013')).status).toBe(404);
  });

  it('limits readers to their scope: an operator of another kecamatan sees nothing of Banyuanyar, pimpinan sees all', async () => {
    const op = await s.userClient('op.kec.lain', [{ role: 'operator_kecamatan', regionCode: '35.13.07' }]);
    const cov = await op.get(`${api}/periods/${p2024}/coverage`);
    expect(cov.body.kecamatan.map((k: { code: string }) => k.code)).toEqual(['35.13.07']);
    expect((await op.get(`${api}/periods/${p2024}/assignments`)).body.items).toEqual([]);
    const pim = await s.userClient('pimpinan.cov', [{ role: 'pimpinan', regionCode: '35.13' }]);
    const all = await pim.get(`${api}/periods/${p2024}/assignments?kecamatan=${BANYUANYAR}`);
    expect(all.body.items).toHaveLength(14);
  });
});

describe('assignment access ends with the program period', () => {
  it('a pejabat assigned in an ended period gets 404 on a household of the desa; in the running period 200', async () => {
    const [householdId] = await insertHouseholds(s.ctx.db, [
      { desaCode: '35.13.06.2009', headName: 'Satuman', targetStatus: 'MISKIN_EKSTREM' },
    ]);
    const pejabat = await s.userClient('pejabat.periode', []);
    const userId = (await pejabat.get('/api/v1/auth/me')).body.user.id;
    const agency = await createAgency(admin, '7.01.01', 'Badan Perencanaan Pembangunan Daerah', 'Bappeda');
    const official = await createOfficial(admin, {
      agencyId: agency,
      name: 'Wahyu Hidayat',
      nip: nip(17),
      position: 'Analis',
      echelon: 'JF',
      userId,
    });
    const ended = await createPeriod(admin, 'Gesek Ekstrem 2019', '2019-01-01', '2019-12-31');
    const a = await assign(admin, ended, official, 'staf_pendamping', '35.13.06.2009');
    // Holding no role now, the user may not read households at all: 403 for every id, so the
    // answer says nothing about this household (access/policy.ts, ADR 0016).
    expect((await pejabat.get(`/api/v1/households/${householdId}`)).status).toBe(403);
    expect((await pejabat.get('/api/v1/auth/me')).body.user.roles).toEqual([]);
    // The grant is kept (dated to its period) and the assignment still lists as active.
    const listed = await admin.get(`${api}/periods/${ended}/assignments`);
    expect(listed.body.items.map((x: { id: number }) => x.id)).toContain(a.assignment.id);

    await assign(admin, p2024, official, 'staf_pendamping', '35.13.06.2009');
    expect((await pejabat.get(`/api/v1/households/${householdId}`)).status).toBe(200);

    // Moving the running period's end before today withdraws the access at once.
    const yesterday = new Date(Date.parse(`${todayWib()}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const shrink = await admin.patch(`${api}/periods/${p2024}`, { endDate: yesterday });
    expect(shrink.status, JSON.stringify(shrink.body)).toBe(200);
    expect((await pejabat.get(`/api/v1/households/${householdId}`)).status).toBe(403);
    expect((await admin.patch(`${api}/periods/${p2024}`, { endDate: `${thisYear}-12-31` })).status).toBe(200);
    expect((await pejabat.get(`/api/v1/households/${householdId}`)).status).toBe(200);
  });
});

describe('split assistant', () => {
  let p2025: number;
  let draft: any;

  it('proposes two desa per echelon-III official and the remainder to the second agency, writing nothing', async () => {
    p2025 = await createPeriod(admin, 'Gesek Ekstrem 2025', '2025-01-01', '2025-12-31');
    const none = await admin.post(`${api}/periods/${p2025}/assistant/draft`, { agencyId: fx.agencyA });
    expect(none.status).toBe(400);
    expect(none.body.error.code).toBe('NO_KECAMATAN_BINAAN');
    const r = await admin.post(`${api}/periods/${p2025}/assistant/draft`, {
      agencyId: fx.agencyA,
      kecamatanCodes: [BANYUANYAR],
      remainderAgencyId: fx.agencyB,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    draft = r.body;
    const expected = [
      ...fx.eselon3.flatMap((id, i) => BANYUANYAR_DESA.slice(i * 2, i * 2 + 2).map((desa) => [id, desa])),
      [fx.second, '35.13.06.2013'],
      [fx.second, '35.13.06.2014'],
    ];
    expect(
      draft.assignments
        .filter((a: { role: string }) => a.role === 'pendamping_desa')
        .map((a: { officialId: number; regionCode: string }) => [a.officialId, a.regionCode]),
    ).toEqual(expected);
    expect(draft.agencyAssignments).toEqual([{ agencyId: fx.agencyA, kecamatanCode: BANYUANYAR, kecamatanName: 'Banyuanyar' }]);
    expect(draft.uncoveredDesa).toEqual([]);
    // Agency A has no JF/staff: the draft says which desa stay without staff.
    expect(draft.desaWithoutStaff).toHaveLength(14);
    expect(draft.warnings.map((w: { code: string }) => w.code)).toEqual(['NOT_ENOUGH_STAFF']);
    const cov = await admin.get(`${api}/periods/${p2025}/coverage?kecamatan=${BANYUANYAR}`);
    expect(cov.body.summary.uncoveredDesa).toBe(14);
  });

  it('without the second agency, reports the desa left over', async () => {
    const r = await admin.post(`${api}/periods/${p2025}/assistant/draft`, { agencyId: fx.agencyA, kecamatanCodes: [BANYUANYAR] });
    expect(r.body.uncoveredDesa.map((d: { name: string }) => d.name)).toEqual(['Gununggeni', 'Blado Wetan']);
    expect(r.body.warnings.map((w: { code: string }) => w.code)).toContain('NOT_ENOUGH_OFFICIALS');
  });

  it('accepts nothing when one entry is wrong', async () => {
    const rows = draft.assignments.map((a: { officialId: number; role: string; regionCode: string }) => ({
      officialId: a.officialId,
      role: a.role,
      regionCode: a.regionCode,
    }));
    await unchanged(async () => {
      const r = await admin.post(`${api}/periods/${p2025}/assistant/accept`, {
        agencyAssignments: draft.agencyAssignments.map((a: { agencyId: number; kecamatanCode: string }) => ({
          agencyId: a.agencyId,
          kecamatanCode: a.kecamatanCode,
        })),
        assignments: [...rows, { officialId: 777777, role: 'pendamping_desa', regionCode: '35.13.07.2001' }],
      });
      expect(r.status).toBe(404);
      const twice = await admin.post(`${api}/periods/${p2025}/assistant/accept`, {
        agencyAssignments: [],
        assignments: [rows[0], { ...rows[1], regionCode: rows[0].regionCode }],
      });
      expect(twice.status).toBe(409);
      expect(twice.body.error.code).toBe('DOUBLE_ASSIGNMENT');
    });
  });

  it('accepting the draft in one call yields complete coverage, audited', async () => {
    const body = {
      agencyAssignments: draft.agencyAssignments.map((a: { agencyId: number; kecamatanCode: string }) => ({
        agencyId: a.agencyId,
        kecamatanCode: a.kecamatanCode,
      })),
      assignments: draft.assignments.map((a: { officialId: number; role: string; regionCode: string }) => ({
        officialId: a.officialId,
        role: a.role,
        regionCode: a.regionCode,
      })),
    };
    const r = await admin.post(`${api}/periods/${p2025}/assistant/accept`, body);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.assignmentIds).toHaveLength(14);
    expect(r.body.agencyAssignmentIds).toHaveLength(1);
    const cov = await admin.get(`${api}/periods/${p2025}/coverage?kecamatan=${BANYUANYAR}`);
    expect(cov.body.summary).toMatchObject({ desa: 14, uncoveredDesa: 0, doubleDesa: 0, kecamatanWithoutAgency: 0, complete: true });
    const audit = await admin.get('/api/v1/audit?entity=program_period');
    expect(audit.body.items.find((e: { action: string }) => e.action === 'assistant.accept')).toMatchObject({ entityId: String(p2025) });
    const created = await admin.get(`/api/v1/audit?entity=official_assignment`);
    expect(created.body.items.filter((e: { action: string; after: { source?: string } }) => e.after?.source === 'assistant')).toHaveLength(
      14,
    );
    // Accepting the same draft again would double every desa: refused, nothing written.
    await unchanged(async () => {
      const again = await admin.post(`${api}/periods/${p2025}/assistant/accept`, body);
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('DOUBLE_ASSIGNMENT');
    });
    // A fresh draft for the complete kecamatan proposes nothing more.
    const next = await admin.post(`${api}/periods/${p2025}/assistant/draft`, { agencyId: fx.agencyA, remainderAgencyId: fx.agencyB });
    expect(next.body.assignments).toEqual([]);
    expect(next.body.alreadyCovered).toHaveLength(14);
  });
});
