import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestServer, type TestServer } from '../helpers/server.js';
import { REQUIRED_ATTENDEES } from './musdes-fixture.js';
import { createPeriod } from './organisation-fixture.js';

/** The schedule's penetapan stage, and rakor meetings of a kecamatan and of the kabupaten (TKPK). */

const KAB = '35.13';
const KEC = '35.13.06';
const DESA = '35.13.06.2005';
let s: TestServer;
let admin: Client;
let opKec: Client;
let opDesa: Client;
let period: number;

beforeAll(async () => {
  s = await startTestServer();
  admin = await s.userClient('admin.rakor', [{ role: 'admin_kabupaten', regionCode: KAB }]);
  opKec = await s.userClient('kec.rakor', [{ role: 'operator_kecamatan', regionCode: KEC }]);
  opDesa = await s.userClient('desa.rakor', [{ role: 'operator_desa', regionCode: DESA }]);
  period = await createPeriod(admin, 'Gesek Ekstrem 2026', '2026-01-01', '2026-12-31');
}, 60_000);
afterAll(async () => {
  await s?.close();
});

describe('schedule', () => {
  it('has a penetapan stage between the musdes and the pendampingan', async () => {
    const r = await admin.post(`/api/v1/organisation/periods/${period}/stages`, {
      kind: 'penetapan',
      name: 'Penetapan SK Bupati',
      startDate: '2026-03-02',
      endDate: '2026-03-10',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const schedule = await admin.get(`/api/v1/organisation/periods/${period}/schedule?date=2026-03-05`);
    expect(schedule.body.stages.map((st: { kind: string }) => st.kind)).toEqual(['penetapan']);
    expect(schedule.body.current.map((st: { kind: string }) => st.kind)).toEqual(['penetapan']);
    const bad = await admin.post(`/api/v1/organisation/periods/${period}/stages`, {
      kind: 'pengumuman',
      name: 'X',
      startDate: '2026-03-02',
      endDate: '2026-03-10',
    });
    expect(bad.status).toBe(400);
  });
});

describe('rakor above the desa', () => {
  const meeting = (desaCode: string, type = 'RAKOR') => ({ periodId: period, desaCode, type, heldOn: '2026-02-10', place: 'Pendopo' });

  it('records a kecamatan rakor, seen by the kecamatan and not by a desa', async () => {
    const r = await opKec.post('/api/v1/musdes/meetings', meeting(KEC));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.meeting).toMatchObject({ type: 'RAKOR', desaCode: KEC, kecamatanCode: KEC });
    const id = r.body.meeting.id;
    const list = await opKec.get(`/api/v1/musdes/meetings?kecamatan=${KEC}&type=RAKOR`);
    expect(list.body.items.map((m: { id: number }) => m.id)).toEqual([id]);
    expect((await opDesa.get(`/api/v1/musdes/meetings/${id}`)).status).toBe(404);
    // It cannot become a musdes: a musdes is held in a desa.
    const patched = await opKec.patch(`/api/v1/musdes/meetings/${id}`, { version: 1, type: 'MUSDES' });
    expect(patched.status).toBe(400);
    expect(patched.body.error.code).toBe('REGION_LEVEL');
  });

  it('records the kabupaten TKPK rakor with its attendance; only the kabupaten may', async () => {
    expect((await opKec.post('/api/v1/musdes/meetings', meeting(KAB))).status).toBe(404);
    const r = await admin.post('/api/v1/musdes/meetings', meeting(KAB));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.meeting).toMatchObject({ type: 'RAKOR', desaCode: KAB });
    const id = r.body.meeting.id;
    const att = await admin.post(`/api/v1/musdes/meetings/${id}/attendees`, { attendees: REQUIRED_ATTENDEES.slice(0, 1) });
    expect(att.status, JSON.stringify(att.body)).toBeLessThan(300);
    const stored = await s.ctx.db.selectFrom('musdes_attendee').select(['kabupaten_code', 'kecamatan_code', 'desa_code']).execute();
    expect(stored).toEqual([{ kabupaten_code: KAB, kecamatan_code: KAB, desa_code: KAB }]);
    expect((await opKec.get(`/api/v1/musdes/meetings/${id}`)).status).toBe(404);
  });

  it('keeps musdes, muskel and sosialisasi in a desa', async () => {
    for (const type of ['MUSDES', 'MUSKEL', 'SOSIALISASI']) {
      const r = await admin.post('/api/v1/musdes/meetings', meeting(KEC, type));
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('REGION_LEVEL');
    }
    expect((await admin.post('/api/v1/musdes/meetings', meeting(DESA, 'MUSDES'))).status).toBe(201);
  });
});
