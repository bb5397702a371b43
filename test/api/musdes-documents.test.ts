import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desaWithoutFinalisedMusdes, musdesCompletedDesa, targetDecisions } from '../../src/modules/musdes/queries.js';
import { insertHouseholds } from '../helpers/registry-fixtures.js';
import { type Client, startTestServer, type TestServer } from '../helpers/server.js';
import { DESA_A, DESA_B, insertVerval, KEC, makeReady, upload } from './musdes-fixture.js';

/** Musdes documents and read-outs: berita acara and attendance PDFs, progress, the schedule and the functions other modules call. */

let s: TestServer;
let admin: Client;
let opA: Client;
let kec: Client;
let periodId: number;
let meetingId: number;
let ids: number[];
let stageId: number;
const NUMBER = '474/12/BA/2026';

async function pdfText(c: Client, path: string): Promise<string> {
  const res = await fetch(c.baseUrl + path, { headers: { cookie: c.cookie } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/pdf');
  const pdf = await getDocumentProxy(new Uint8Array(await res.arrayBuffer()));
  const { text } = await extractText(pdf, { mergePages: true });
  return text.replace(/\s+/g, ' ');
}

beforeAll(async () => {
  s = await startTestServer();
  admin = await s.userClient('admin', [{ role: 'admin_kabupaten', regionCode: '35.13' }]);
  opA = await s.userClient('op2005', [{ role: 'operator_desa', regionCode: DESA_A }]);
  kec = await s.userClient('kec06', [{ role: 'operator_kecamatan', regionCode: KEC }]);
  const p = await admin.post('/api/v1/organisation/periods', {
    program: 'Gesek',
    name: 'Gesek Ekstrem 2026',
    startDate: '2026-01-01',
    endDate: '2026-12-31',
  });
  periodId = p.body.id;
  const st = await admin.post(`/api/v1/organisation/periods/${periodId}/stages`, {
    kind: 'musdes',
    name: 'Musyawarah desa',
    startDate: '2026-02-19',
    endDate: '2026-02-28',
  });
  expect(st.status, JSON.stringify(st.body)).toBe(201);
  stageId = st.body.id;
  ids = await insertHouseholds(s.ctx.db, [
    { desaCode: DESA_A, headName: 'Suparmi Mampu', targetStatus: 'MISKIN_EKSTREM', kkNumber: '3513062005001111' },
    { desaCode: DESA_A, headName: 'Karsono Tetap', targetStatus: 'MISKIN_EKSTREM' },
    { desaCode: DESA_B, headName: 'Warga Desa B', targetStatus: 'MISKIN_EKSTREM' },
  ]);
  await insertVerval(s.ctx.db, periodId, [
    { householdId: ids[0]!, desaCode: DESA_A, outcome: 'MAMPU' },
    { householdId: ids[1]!, desaCode: DESA_A, outcome: 'TETAP' },
  ]);
  const m = await opA.post('/api/v1/musdes/meetings', {
    periodId,
    desaCode: DESA_A,
    type: 'MUSDES',
    heldOn: '2026-02-23',
    place: 'Balai Desa Alassapi',
    chair: 'H. Sulaiman',
    agenda: 'Pembahasan hasil verval',
  });
  meetingId = m.body.meeting.id;
  await opA.request('PUT', `/api/v1/musdes/meetings/${meetingId}/decisions`, {
    items: [
      { householdId: ids[0], decision: 'REMOVE', reason: 'Sudah membuka warung' },
      { householdId: ids[1], decision: 'KEEP' },
    ],
  });
}, 120_000);

afterAll(async () => {
  await s?.close();
});

describe('musdes documents', () => {
  it('generates the berita acara with kop, number, date, place, attendees, decisions and the per-household annex', async () => {
    const version = await makeReady(opA, meetingId, NUMBER);
    const text = await pdfText(opA, `/api/v1/musdes/meetings/${meetingId}/berita-acara.pdf`);
    for (const expected of [
      'PEMERINTAH',
      'KECAMATAN BANYUANYAR',
      'DESA ALASSAPI',
      'BERITA ACARA MUSYAWARAH DESA',
      `Nomor: ${NUMBER}`,
      'Senin, 23 Februari 2026',
      'Balai Desa Alassapi',
      'dipimpin oleh H. Sulaiman',
      'Pembahasan hasil verval',
      'Kepala desa: H. Sulaiman',
      'BPD: Bu Marlina',
      'Keluar dari miskin ekstrem',
      'Tetap sasaran miskin ekstrem',
      `LAMPIRAN BERITA ACARA NOMOR ${NUMBER}`,
      'Suparmi Mampu',
      'Sudah membuka warung',
      'Karsono Tetap',
      '3513062005001111',
      '( Drs. Hartono )',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).toContain('DRAF');
    const finalised = await kec.post(`/api/v1/musdes/meetings/${meetingId}/finalise`, { version });
    expect(finalised.status, JSON.stringify(finalised.body)).toBe(200);
    expect(await pdfText(opA, `/api/v1/musdes/meetings/${meetingId}/berita-acara.pdf`)).not.toContain('DRAF');
  });

  it('generates the attendance list and serves the uploaded evidence only within scope', async () => {
    const text = await pdfText(opA, `/api/v1/musdes/meetings/${meetingId}/daftar-hadir.pdf`);
    for (const expected of ['DAFTAR HADIR MUSYAWARAH DESA', 'H. Sulaiman', 'Kepala desa', 'Rudi Pendamping', 'Pendamping desa', 'P3MD']) {
      expect(text).toContain(expected);
    }
    const detail = await opA.get(`/api/v1/musdes/meetings/${meetingId}`);
    const doc = detail.body.documents[0];
    expect(doc).toMatchObject({ kind: 'PHOTO', mime: 'image/jpeg' });
    const got = await fetch(`${opA.baseUrl}/api/v1/musdes/meetings/${meetingId}/documents/${doc.id}`, { headers: { cookie: opA.cookie } });
    expect(got.headers.get('content-type')).toBe('image/jpeg');
    const opB = await s.userClient('op2013', [{ role: 'operator_desa', regionCode: DESA_B }]);
    expect((await opB.get(`/api/v1/musdes/meetings/${meetingId}/documents/${doc.id}`)).status).toBe(404);
    expect((await opB.get(`/api/v1/musdes/meetings/${meetingId}/berita-acara.pdf`)).status).toBe(404);
    const exports = await s.ctx.db.selectFrom('audit_log').select('after').where('action', '=', 'musdes.export').execute();
    expect(exports.length).toBeGreaterThanOrEqual(3);
  });
});

describe('musdes progress and the functions other modules call', () => {
  it('reports the latest finalised decision per household', async () => {
    const map = await targetDecisions(s.ctx.db, ids);
    expect(map.get(ids[0]!)).toEqual({
      meetingId,
      number: NUMBER,
      heldOn: '2026-02-23',
      decision: 'REMOVE',
      reason: 'Sudah membuka warung',
    });
    expect(map.get(ids[1]!)?.decision).toBe('KEEP');
    expect(map.has(ids[2]!)).toBe(false);
    expect((await targetDecisions(s.ctx.db, [])).size).toBe(0);
  });

  it('knows which desa have finalised their musdes, and which with households have not', async () => {
    expect([...(await musdesCompletedDesa(s.ctx.db, '35.13', periodId))]).toEqual([DESA_A]);
    expect((await musdesCompletedDesa(s.ctx.db, '35.13', periodId + 1)).size).toBe(0);
    const missing = await desaWithoutFinalisedMusdes(s.ctx.db, '35.13', periodId);
    expect(missing).toEqual([{ desaCode: DESA_B, desaName: 'Gununggeni', kecamatanCode: KEC, kecamatanName: 'Banyuanyar' }]);
    expect((await desaWithoutFinalisedMusdes(s.ctx.db, '35.13', periodId + 1)).map((d) => d.desaCode)).toEqual([DESA_A, DESA_B]);
  });

  it('counts progress per kecamatan within the reader’s regions, with the musdes stage', async () => {
    await opA.post('/api/v1/musdes/meetings', { periodId, desaCode: DESA_A, type: 'MUSDES', heldOn: '2026-03-02', place: 'Balai' });
    await kec.post('/api/v1/musdes/meetings', { periodId, desaCode: DESA_B, type: 'MUSDES', heldOn: '2026-02-25', place: 'Balai' });
    const r = await kec.get(`/api/v1/musdes/progress?periodId=${periodId}`);
    expect(r.status).toBe(200);
    expect(r.body.stages).toEqual([expect.objectContaining({ name: 'Musyawarah desa', startDate: '2026-02-19', endDate: '2026-02-28' })]);
    expect(r.body.kecamatan).toHaveLength(1);
    const k = r.body.kecamatan[0];
    expect(k).toMatchObject({ code: KEC, name: 'Banyuanyar', finalised: 1, notFinalised: 1 });
    expect(k.noMeeting).toBe(k.desa - 2);
    expect(r.body.totals).toEqual({ desa: k.desa, noMeeting: k.desa - 2, notFinalised: 1, finalised: 1 });
    expect(k.desaList.find((d: { code: string }) => d.code === DESA_A)).toMatchObject({ state: 'FINALISED', meetings: 2, finalised: 1 });
    const mine = await opA.get(`/api/v1/musdes/progress?periodId=${periodId}`);
    expect(mine.body.totals).toEqual({ desa: 1, noMeeting: 0, notFinalised: 0, finalised: 1 });
    const all = await admin.get('/api/v1/musdes/progress');
    expect(all.body.kecamatan.length).toBeGreaterThan(1);
  });

  it('drives the schedule’s overdue list for the musdes stage', async () => {
    const r = await kec.get(`/api/v1/organisation/stages/${stageId}/overdue?date=2026-03-01`);
    expect(r.body.completionTracked).toBe(true);
    const codes = r.body.overdue.map((d: { code: string }) => d.code);
    expect(codes).toContain(DESA_B);
    expect(codes).not.toContain(DESA_A);
  });

  it('refuses a scan that is neither PDF nor image', async () => {
    const m = await opA.post('/api/v1/musdes/meetings', {
      periodId,
      desaCode: DESA_A,
      type: 'SOSIALISASI',
      heldOn: '2026-01-20',
      place: 'Balai',
    });
    const r = await upload(opA, m.body.meeting.id, 'SIGNED_ATTENDANCE', Buffer.from('name,role\nA,B\n'), 'x.csv', 'text/csv');
    expect(r.status).toBe(415);
  });
});
