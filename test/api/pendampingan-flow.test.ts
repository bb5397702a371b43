import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayWib } from '../../src/lib/dates.js';
import { type Client, startTestServer, type TestServer } from '../helpers/server.js';
import { D1, D2, D3, seedPendampingan, shiftDays } from './pendampingan-fixture.js';

/** Pendampingan over HTTP: companions, visits with photos, accompaniment, follow-ups, leaders' view, recap, scope. Both engines. */

let s: TestServer;
let admin: Client;
let opDesa: Client;
let opD3: Client;
let pimpinan: Client;
let w: Awaited<ReturnType<typeof seedPendampingan>>;
const api = '/api/v1/pendampingan';
const today = todayWib();

beforeAll(async () => {
  s = await startTestServer();
  admin = await s.userClient('admin.pend', [{ role: 'admin_kabupaten', regionCode: '35.13' }]);
  opDesa = await s.userClient('op.desa.pend', [{ role: 'operator_desa', regionCode: D1 }]);
  opD3 = await s.userClient('op.d3.pend', [{ role: 'operator_desa', regionCode: D3 }]);
  pimpinan = await s.userClient('sekda.pend', [{ role: 'pimpinan', regionCode: '35.13' }]);
  w = await seedPendampingan(s, admin);
});
afterAll(async () => {
  await s?.close();
});

const count = async (table: string, where = sql`true`) =>
  Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where ${where}`.execute(s.ctx.db)).rows[0]?.n);

async function photo(): Promise<Buffer> {
  return sharp({ create: { width: 1800, height: 1200, channels: 3, background: '#4a6' } })
    .png()
    .toBuffer();
}
function form(bytes: Buffer, name: string, type: string) {
  const f = new FormData();
  f.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
  return f;
}

describe('companions', () => {
  const url = () => `${api}/periods/${w.periodId}/companions`;

  it('lists the desa’s target households without a companion and its assigned staff', async () => {
    const r = await opDesa.get(`${url()}?desa=${D1}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.summary).toEqual({ households: 6, withCompanion: 0, withoutCompanion: 6 });
    expect(r.body.items.map((i: { headName: string }) => i.headName)).toEqual([
      'Ponidah',
      'Sanemo',
      'Misnadi',
      'Hatijah',
      'Buamah',
      'Sutrisno',
    ]);
    expect(r.body.staff.map((x: { officialId: number }) => x.officialId).sort()).toEqual(
      [w.officials.eselon3, w.officials.staf1, w.officials.staf2].sort(),
    );
    expect((await opD3.get(`${url()}?desa=${D1}`)).status).toBe(404);
  });

  it('splits evenly among the JF/staff in dusun and RT order, then lets the operator change one', async () => {
    const r = await opDesa.post(`${url()}/split`, { desaCode: D1 });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.summary).toEqual({ households: 6, withCompanion: 6, withoutCompanion: 0 });
    const by = (id: number) => r.body.items.filter((i: { companion: { officialId: number } }) => i.companion.officialId === id);
    expect(by(w.officials.staf1)).toHaveLength(3);
    expect(by(w.officials.staf2)).toHaveLength(3);
    // Neighbours stay together: one staff member takes Krajan, the other Sumberan.
    expect(new Set(by(w.officials.staf1).map((i: { dusun: string }) => i.dusun)).size).toBe(1);
    const first = r.body.items[0].householdId;
    const set = await opDesa.put(url(), { desaCode: D1, householdIds: [first], officialId: w.officials.eselon3 });
    expect(set.status).toBe(200);
    expect(set.body.items[0].companion).toMatchObject({ officialId: w.officials.eselon3, active: true });
  });

  it('refuses an official of another desa, a household that is not a target, and readers who may not assign', async () => {
    const other = await opDesa.put(url(), { desaCode: D1, householdIds: [w.households.target[0]], officialId: w.officials.officialB });
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('NOT_DESA_STAFF');
    const nt = await opDesa.put(url(), { desaCode: D1, householdIds: [w.households.notTarget], officialId: w.officials.staf1 });
    expect(nt.status).toBe(400);
    expect(nt.body.error.code).toBe('NOT_TARGET_OF_DESA');
    expect((await pimpinan.put(url(), { desaCode: D1, householdIds: [w.households.target[0]], officialId: null })).status).toBe(403);
    expect((await opD3.put(url(), { desaCode: D1, householdIds: [w.households.target[0]], officialId: null })).status).toBe(404);
    expect(await count('audit_log', sql`action = 'pendampingan.companion.split'`)).toBe(1);
  });
});

describe('visits, accompaniment and follow-ups', () => {
  let sha: string;
  let visitId: number;
  let proposalId: number;
  let activityId: number;

  it('takes a visit photo sniffed and size-limited, for a desa in scope only', async () => {
    const { pejabat } = w.clients;
    const fake = await pejabat.request('POST', `${api}/photos?desa=${D1}`, form(Buffer.from('bukan foto'), 'a.jpg', 'image/jpeg'));
    expect(fake.status).toBe(415);
    expect((await pejabat.request('POST', `${api}/photos?desa=${D3}`, form(await photo(), 'a.png', 'image/png'))).status).toBe(404);
    const ok = await pejabat.request('POST', `${api}/photos?desa=${D1}`, form(await photo(), 'balai.png', 'image/png'));
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.mime).toBe('image/jpeg');
    sha = ok.body.sha256;
  });

  it('records a visit once per Idempotency-Key, as the linked official, and refuses bad input', async () => {
    const { pejabat } = w.clients;
    const body = {
      desaCode: D1,
      visitDate: today,
      place: 'Balai Desa',
      gps: { lat: -7.83, lon: 113.29 },
      photos: [sha],
      participants: ['Kepala Desa', 'Ketua RT 01'],
      note: 'Rapat koordinasi pendampingan',
    };
    const key = { 'idempotency-key': 'visit-0001-abcdef' };
    const r = await pejabat.post(`${api}/visits`, body, key);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ officialId: w.officials.eselon3, periodId: w.periodId, desaCode: D1 });
    visitId = r.body.id;
    const again = await pejabat.post(`${api}/visits`, body, key);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(visitId);
    expect(await count('pendampingan_visit')).toBe(1);
    const reused = await pejabat.post(`${api}/visits`, { ...body, place: 'Masjid' }, key);
    expect(reused.status).toBe(422);

    const future = await pejabat.post(`${api}/visits`, { ...body, visitDate: shiftDays(2) });
    expect(future.body.error.code).toBe('DATE_IN_FUTURE');
    const unknown = await pejabat.post(`${api}/visits`, { ...body, photos: ['a'.repeat(64)] });
    expect(unknown.body.error.code).toBe('UNKNOWN_PHOTO');
    expect((await pejabat.post(`${api}/visits`, { ...body, desaCode: D3 })).status).toBe(404);
    // An operator desa records for an official, who must be assigned there.
    const noOfficial = await opDesa.post(`${api}/visits`, { ...body, photos: [] });
    expect(noOfficial.body.error.code).toBe('OFFICIAL_REQUIRED');
    const wrong = await opDesa.post(`${api}/visits`, { ...body, photos: [], officialId: w.officials.officialB });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.code).toBe('NOT_ASSIGNED');
    expect(await count('pendampingan_visit')).toBe(1);
    expect(await count('audit_log', sql`action = 'pendampingan.visit.create'`)).toBe(1);
  });

  it('shows the visit and its photo to readers of the desa only', async () => {
    const list = await opDesa.get(`${api}/visits?desa=${D1}`);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({ place: 'Balai Desa', photos: [sha], official: { id: w.officials.eselon3 } });
    const pic = await opDesa.request('GET', `${api}/visits/${visitId}/photos/${sha}?size=thumb`);
    expect(pic.status).toBe(200);
    expect(pic.headers.get('content-type')).toBe('image/jpeg');
    expect((await opD3.get(`${api}/visits/${visitId}/photos/${sha}`)).status).toBe(404);
    expect((await opD3.get(`${api}/visits`)).body.items).toEqual([]);
    expect((await opD3.get(`${api}/visits?desa=${D1}`)).status).toBe(404);
  });

  it('records a household’s accompaniment linking an aid proposal, with follow-ups', async () => {
    const h = w.households.target[1] as number;
    const prop = await opDesa.post('/api/v1/aid/proposals', { householdId: h, programCode: 'BLT_DD', amount: 300000 });
    expect(prop.status, JSON.stringify(prop.body)).toBe(201);
    proposalId = prop.body.id;
    const body = {
      householdId: h,
      visitId,
      activityDate: today,
      visited: true,
      problem: 'Anak putus sekolah, tidak punya BPJS',
      aid: { action: 'PROPOSED', proposalId },
      referralAgency: 'Dinas Pendidikan',
      document: 'BPJS',
      followUps: [
        { title: 'Antar berkas BPJS ke Dinas Kesehatan', dueDate: shiftDays(-1) },
        { title: 'Cek pendaftaran sekolah', dueDate: shiftDays(20), ownerOfficialId: w.officials.staf1 },
      ],
    };
    const { pejabat } = w.clients;
    const wrongProposal = await pejabat.post(`${api}/activities`, { ...body, householdId: w.households.target[2] });
    expect(wrongProposal.body.error.code).toBe('PROPOSAL_NOT_OF_HOUSEHOLD');
    const badOwner = await pejabat.post(`${api}/activities`, {
      ...body,
      followUps: [{ title: 'x', dueDate: today, ownerOfficialId: w.officials.officialB }],
    });
    expect(badOwner.body.error.code).toBe('OWNER_NOT_ASSIGNED');
    expect((await pejabat.post(`${api}/activities`, { ...body, householdId: w.households.inD3, aid: null })).status).toBe(404);
    expect(await count('pendampingan_activity')).toBe(0);
    const r = await pejabat.post(`${api}/activities`, body, { 'idempotency-key': 'act-0001-abcdef' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.followUpIds).toHaveLength(2);
    activityId = r.body.id;
    expect((await pejabat.post(`${api}/activities`, body, { 'idempotency-key': 'act-0001-abcdef' })).body.id).toBe(activityId);
    expect(await count('pendampingan_followup')).toBe(2);
    expect(await count('audit_log', sql`action = 'pendampingan.activity.create'`)).toBe(1);
  });

  it('shows the household’s companion and history, the proposal’s progress included', async () => {
    const h = w.households.target[1] as number;
    await s.ctx.db.updateTable('aid_proposal').set({ status: 'VERIFIED' }).where('id', '=', proposalId).execute();
    const r = await opDesa.get(`${api}/households/${h}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.companion).toMatchObject({ periodId: w.periodId, active: true });
    expect(r.body.activities).toEqual([
      expect.objectContaining({
        id: activityId,
        visited: true,
        aid: { action: 'PROPOSED', proposalId, status: 'VERIFIED', programName: 'BLT Dana Desa' },
        referralAgency: 'Dinas Pendidikan',
        document: 'BPJS',
        official: expect.objectContaining({ id: w.officials.eselon3 }),
      }),
    ]);
    expect(r.body.followUps.map((f: { overdue: boolean }) => f.overdue)).toEqual([true, false]);
    expect((await opD3.get(`${api}/households/${h}`)).status).toBe(404);
  });

  it('follow-ups: overdue means open and past due; closed once', async () => {
    const overdue = await opDesa.get(`${api}/follow-ups?overdue=1`);
    expect(overdue.body.items.map((f: { title: string }) => f.title)).toEqual(['Antar berkas BPJS ke Dinas Kesehatan']);
    const id = overdue.body.items[0].id;
    expect((await pimpinan.post(`${api}/follow-ups/${id}/status`, { status: 'DONE' })).status).toBe(403);
    expect((await opD3.post(`${api}/follow-ups/${id}/status`, { status: 'DONE' })).status).toBe(404);
    const done = await w.clients.staf.post(`${api}/follow-ups/${id}/status`, { status: 'DONE' });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const twice = await opDesa.post(`${api}/follow-ups/${id}/status`, { status: 'CANCELLED' });
    expect(twice.status).toBe(409);
    expect((await opDesa.get(`${api}/follow-ups?overdue=1`)).body.items).toEqual([]);
    expect((await opDesa.get(`${api}/follow-ups?status=OPEN`)).body.total).toBe(1);
  });
});

describe('leaders’ view and recap', () => {
  it('per agency: activity counted, the agency without activity and the desa without visits flagged', async () => {
    const r = await pimpinan.get(`${api}/periods/${w.periodId}/summary`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const a = r.body.rows.find((x: { id: number }) => x.id === w.agencyA);
    expect(a).toMatchObject({
      officials: 3,
      desaAssigned: 2,
      desaVisited: 1,
      visits: 1,
      householdsAccompanied: 1,
      proposals: { PROPOSED: 0, VERIFIED: 1, APPROVED: 0, DISTRIBUTED: 0, REJECTED: 0 },
      followUpsOpen: 1,
      followUpsOverdue: 0,
      lastActivity: today,
      inactive: false,
    });
    expect(r.body.rows.find((x: { id: number }) => x.id === w.agencyB)).toMatchObject({ visits: 0, lastActivity: null, inactive: true });
    expect(r.body.inactiveDesa.map((d: { code: string }) => d.code)).toEqual([D2, D3]);
  });

  it('per official of one agency, and limited to the reader’s regions', async () => {
    const r = await pimpinan.get(`${api}/periods/${w.periodId}/summary?agencyId=${w.agencyA}`);
    expect(r.body.by).toBe('official');
    const row = (id: number) => r.body.rows.find((x: { id: number }) => x.id === id);
    expect(row(w.officials.eselon3)).toMatchObject({ desaAssigned: 2, visits: 1, householdsAccompanied: 1, inactive: false });
    expect(row(w.officials.staf1)).toMatchObject({ visits: 0, followUpsOpen: 1, inactive: true });
    expect(r.body.inactiveDesa.map((d: { code: string }) => d.code)).toEqual([D2]);
    const other = await s.userClient('op.kec.lain.pend', [{ role: 'operator_kecamatan', regionCode: '35.13.07' }]);
    const none = await other.get(`${api}/periods/${w.periodId}/summary`);
    expect(none.body.rows).toEqual([]);
    expect((await opDesa.get(`${api}/periods/${w.periodId}/summary`)).status).toBe(403);
  });

  it('exports the monthly recap of an agency as XLSX (formulas neutralised) and PDF', async () => {
    const month = today.slice(0, 7);
    const res = await fetch(`${s.baseUrl}${api}/periods/${w.periodId}/recap.xlsx?agencyId=${w.agencyA}&month=${month}`, {
      headers: { cookie: pimpinan.cookie },
    });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const sheet = wb.worksheets[0];
    const rows: unknown[][] = [];
    sheet?.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    expect(rows[0]?.[1]).toBe('Nama Pejabat/Staf');
    const bambang = rows.find((r) => r[1] === 'Ir. Bambang Sutrisno, M.T.');
    expect(bambang?.slice(2, 8)).toEqual([2, 1, 1, 1, 1, 0]);
    const hostile = rows.find((r) => String(r[1]).includes('HYPERLINK'));
    expect(hostile?.[1]).toBe(`'=HYPERLINK("http://x")`);
    const lastMonth = await pimpinan.request('GET', `${api}/periods/${w.periodId}/recap.pdf?agencyId=${w.agencyA}&month=${month}`);
    expect(lastMonth.status).toBe(200);
    expect(lastMonth.headers.get('content-type')).toBe('application/pdf');
    expect(lastMonth.text.startsWith('%PDF')).toBe(true);
    expect((await pimpinan.get(`${api}/periods/${w.periodId}/recap.pdf?agencyId=${w.agencyA}&month=2024-13`)).status).toBe(400);
    expect(await count('audit_log', sql`action = 'pendampingan.recap.export'`)).toBe(2);
  });
});

describe('scope follows the assignment', () => {
  it('an official loses the desa’s households and records when the assignment ends; their companions count as missing', async () => {
    const { pejabat } = w.clients;
    const h = w.households.target[1] as number;
    expect((await pejabat.get(`${api}/households/${h}`)).status).toBe(200);
    expect((await admin.post(`/api/v1/organisation/assignments/${w.asg.eselon3D1}/end`)).status).toBe(204);
    expect((await pejabat.get(`${api}/households/${h}`)).status).toBe(404);
    expect((await pejabat.get(`${api}/visits`)).body.items).toEqual([]);
    const rec = await pejabat.post(`${api}/activities`, { householdId: h, activityDate: today, visited: false });
    expect(rec.status).toBe(404);
    const list = await opDesa.get(`${api}/periods/${w.periodId}/companions?desa=${D1}&missing=1`);
    expect(list.body.summary.withoutCompanion).toBe(1);
    expect(list.body.items[0].companion).toMatchObject({ officialId: w.officials.eselon3, active: false });
    // The history stays with the household for those who still see it.
    expect((await opDesa.get(`${api}/households/${h}`)).body.activities).toHaveLength(1);
  });
});
