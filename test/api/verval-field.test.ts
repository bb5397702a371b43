import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertHouseholds } from '../helpers/registry-fixtures.js';
import { type Client, startTestServer, type TestServer } from '../helpers/server.js';

/**
 * What the offline field app relies on from the server (issue 21): PINDAH to outside the
 * kabupaten named in words (no desa code to know), kept in the record and the offline pack; a
 * USULAN_BARU queued on a phone and replayed with its Idempotency-Key makes one household.
 * Both engines.
 */

const DESA = '35.13.06.2005';
const OTHER_DESA = '35.13.06.2013';

let s: TestServer;
let op: Client;
let kec: Client;
let periodId: number;
let moving: number;
let staying: number;

const put = (hh: number, body: Record<string, unknown>) => op.request('PUT', `/api/v1/verval/periods/${periodId}/households/${hh}`, body);

beforeAll(async () => {
  s = await startTestServer();
  const admin = await s.userClient('admin', [{ role: 'admin_kabupaten', regionCode: '35.13' }]);
  op = await s.userClient('op2005', [{ role: 'operator_desa', regionCode: DESA }]);
  kec = await s.userClient('kec06', [{ role: 'operator_kecamatan', regionCode: '35.13.06' }]);
  const p = await admin.post('/api/v1/organisation/periods', {
    program: 'Verval',
    name: 'Verval 2026',
    startDate: '2026-01-01',
    endDate: '2026-12-31',
  });
  expect(p.status, JSON.stringify(p.body)).toBe(201);
  periodId = p.body.id;
  [moving, staying] = (await insertHouseholds(s.ctx.db, [
    { desaCode: DESA, headName: 'Rudi Hartono' },
    { desaCode: DESA, headName: 'Sri Wahyuni' },
  ])) as [number, number];
}, 120_000);
afterAll(async () => {
  await s?.close();
});

describe('verval for the field app', () => {
  it('records a move outside the kabupaten as a place in words, without a desa code', async () => {
    const body = { baseVersion: 0, found: false, outcome: 'PINDAH', destinationPlace: '  Kota Batam, Kepulauan Riau ' };
    const saved = await put(moving, body);
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    expect(saved.body).toMatchObject({ destinationDesaCode: null, destinationPlace: 'Kota Batam, Kepulauan Riau', version: 1 });

    // Neither a desa nor a place, or both at once: refused naming the field.
    const neither = await put(moving, { baseVersion: 1, found: false, outcome: 'PINDAH' });
    expect(neither.status).toBe(400);
    expect(neither.body.error.code).toBe('VERVAL_DESTINATION_REQUIRED');
    const both = await put(moving, { ...body, baseVersion: 1, destinationDesaCode: OTHER_DESA });
    expect(both.status).toBe(400);
    expect(both.body.error).toMatchObject({ code: 'VERVAL_DESTINATION_BOTH', details: { field: 'destinationPlace' } });
    const tooLong = await put(moving, { ...body, baseVersion: 1, destinationPlace: 'x'.repeat(201) });
    expect(tooLong.status).toBe(400);

    // Another outcome forgets the place.
    const other = await put(staying, { baseVersion: 0, found: true, outcome: 'TETAP', destinationPlace: 'Surabaya' });
    expect(other.status, JSON.stringify(other.body)).toBe(201);
    expect(other.body.destinationPlace).toBeNull();

    // The phone's download and the reviewer see the place.
    const pack = await op.get(`/api/v1/verval/periods/${periodId}/offline-pack?desa=${DESA}`);
    expect(pack.status).toBe(200);
    const inPack = pack.body.households.find((h: { householdId: number }) => h.householdId === moving);
    expect(inPack.verval).toMatchObject({ destinationPlace: 'Kota Batam, Kepulauan Riau', destinationDesaCode: null });
    expect((await op.request('POST', `/api/v1/verval/${saved.body.id}/submit`, { baseVersion: 1 })).status).toBe(200);
    const shown = await kec.get(`/api/v1/verval/periods/${periodId}/households/${moving}`);
    expect(shown.body.verval).toMatchObject({ status: 'SUBMITTED', destinationPlace: 'Kota Batam, Kepulauan Riau' });
    expect((await kec.request('POST', `/api/v1/verval/${saved.body.id}/approve`, { baseVersion: 2 })).status).toBe(200);
    const row = await s.ctx.db
      .selectFrom('verval')
      .select(['destination_place', 'status'])
      .where('id', '=', saved.body.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ destination_place: 'Kota Batam, Kepulauan Riau', status: 'APPROVED' });
  });

  it('a proposal sent again with its Idempotency-Key (the outbox after a lost answer) makes one household', async () => {
    const before = await s.ctx.db
      .selectFrom('household')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const body = {
      desaCode: DESA,
      headName: 'Wawan Setiawan',
      headSex: 'L',
      reason: 'Belum terdata, tinggal di rumah kontrakan',
      members: [
        { name: 'Wawan Setiawan', relationship: 'Kepala Keluarga', sex: 'L' },
        { name: 'Yuni Astuti', relationship: 'Istri', sex: 'P' },
      ],
    };
    const key = 'web-8f0c1d52-3b1e-4c55-9d7a-0a1b2c3d4e5f';
    const first = await op.request('POST', `/api/v1/verval/periods/${periodId}/households`, body, { 'idempotency-key': key });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const again = await op.request('POST', `/api/v1/verval/periods/${periodId}/households`, body, { 'idempotency-key': key });
    expect(again.status).toBe(201);
    expect(again.body.householdId).toBe(first.body.householdId);
    const after = await s.ctx.db
      .selectFrom('household')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n) + 1);
    const members = await s.ctx.db.selectFrom('member').select('name').where('household_id', '=', first.body.householdId).execute();
    expect(members.map((m) => m.name).sort()).toEqual(['Wawan Setiawan', 'Yuni Astuti']);
  });
});
