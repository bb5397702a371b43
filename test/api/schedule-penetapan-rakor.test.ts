import { sql } from 'kysely';
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
let penetapan: number;

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
    penetapan = r.body.id;
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

describe('penetapan stage progress', () => {
  const OTHER = '35.13.06.2013';
  const overdue = async (date: string) => {
    const r = await admin.get(`/api/v1/organisation/stages/${penetapan}/overdue?date=${date}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return { ...r.body, codes: r.body.overdue.map((d: { code: string }) => d.code) as string[] };
  };
  /** A finalised musdes of the period (the musdes flow has its own tests). */
  const finalisedMusdes = (desaCode: string, number: string) =>
    sql`insert into musdes_meeting (period_id, kabupaten_code, kecamatan_code, desa_code, type, status, number, held_on, place, finalised_at)
      values (${period}, ${KAB}, ${KEC}, ${desaCode}, 'MUSDES', 'FINALISED', ${number}, '2026-02-20', 'Balai desa', now())`.execute(
      s.ctx.db,
    );
  const decree = (number: string, decreeDate: string) =>
    admin.post('/api/v1/decrees', {
      number,
      decreeDate,
      title: 'Penetapan Keluarga Sasaran Miskin Ekstrem 2026',
      signatoryName: 'Bupati',
      signatoryPosition: 'Bupati Probolinggo',
      override: { reason: 'Uji tahapan penetapan: musdes desa lain belum final' },
    });

  it('is tracked: a desa is done once a decree dated from the stage start follows its finalised musdes', async () => {
    const open = await overdue('2026-03-10');
    expect(open).toMatchObject({ ended: false, completionTracked: true, overdue: [] });
    const late = await overdue('2026-03-11');
    expect(late).toMatchObject({ ended: true, completionTracked: true });
    expect(late.codes).toContain(DESA);
    expect(late.codes).toHaveLength(late.areaDesa);

    await finalisedMusdes(DESA, 'BA-1/2026');
    // A decree dated before the stage start is not this stage's penetapan.
    expect((await decree('400/1/2026', '2026-02-25')).status).toBe(201);
    expect((await overdue('2026-03-11')).codes).toContain(DESA);

    const sk = await decree('400/2/2026', '2026-03-05');
    expect(sk.status, JSON.stringify(sk.body)).toBe(201);
    const done = await overdue('2026-03-11');
    expect(done.codes).not.toContain(DESA);
    expect(done.codes).toContain(OTHER);
    expect(done.codes).toHaveLength(done.areaDesa - 1);

    // A musdes finalised after the decree is not decreed yet.
    await finalisedMusdes(OTHER, 'BA-2/2026');
    expect((await overdue('2026-03-11')).codes).toContain(OTHER);
    expect((await decree('400/3/2026', '2026-03-20')).status).toBe(201);
    const both = await overdue('2026-03-21');
    expect(both.codes).not.toContain(OTHER);
    expect(both.codes).toHaveLength(both.areaDesa - 2);
  });

  it('shows late penetapan on the work-progress dashboard', async () => {
    const p = await admin.get(`/api/v1/monitoring/progress?region=${KEC}&period=${period}`);
    expect(p.status, JSON.stringify(p.body)).toBe(200);
    const stage = p.body.overdue.find((o: { stage: { kind: string } }) => o.stage.kind === 'penetapan');
    expect(stage).toMatchObject({ completionTracked: true });
    const codes = stage.overdue.map((d: { code: string }) => d.code);
    expect(codes).not.toContain(DESA);
    expect(codes).not.toContain(OTHER);
    expect(codes.length).toBeGreaterThan(0);
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
