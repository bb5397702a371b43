import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertHouseholds } from '../helpers/registry-fixtures.js';
import { type Client, startTestServer, type TestServer } from '../helpers/server.js';
import { DESA_A, DESA_B, insertVerval, KEC, makeReady, photo, upload } from './musdes-fixture.js';

/** Musdes over HTTP: recording, deciding, refusals, finalisation and its effect on households, immutability. Both engines. */

let s: TestServer;
let admin: Client;
let opA: Client;
let opB: Client;
let kec: Client;
let boss: Client;
let periodId: number;
let meetingId: number;
const hh: Record<string, number> = {};

const url = (path = '') => `/api/v1/musdes/meetings/${meetingId}${path}`;
const household = (id: number) =>
  s.ctx.db
    .selectFrom('household')
    .select(['target_status', 'ended_reason', 'ended_at', 'version'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
const decisionCount = async () =>
  Number(
    (
      await s.ctx.db
        .selectFrom('musdes_decision')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('meeting_id', '=', meetingId)
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  s = await startTestServer();
  admin = await s.userClient('admin', [{ role: 'admin_kabupaten', regionCode: '35.13' }]);
  opA = await s.userClient('op2005', [{ role: 'operator_desa', regionCode: DESA_A }]);
  opB = await s.userClient('op2013', [{ role: 'operator_desa', regionCode: DESA_B }]);
  kec = await s.userClient('kec06', [{ role: 'operator_kecamatan', regionCode: KEC }]);
  boss = await s.userClient('bupati', [{ role: 'pimpinan', regionCode: '35.13' }]);
  const p = await admin.post('/api/v1/organisation/periods', {
    program: 'Gesek',
    name: 'Gesek 2026',
    startDate: '2026-01-01',
    endDate: '2026-12-31',
  });
  periodId = p.body.id;
  const ME = 'MISKIN_EKSTREM' as const;
  const ids = await insertHouseholds(s.ctx.db, [
    { desaCode: DESA_A, headName: 'Tetap Tarjo', targetStatus: ME, kkNumber: '3513062005000001' },
    { desaCode: DESA_A, headName: 'Mampu Marni', targetStatus: ME, kkNumber: '3513062005000002' },
    { desaCode: DESA_A, headName: 'Almarhum Karto', targetStatus: ME },
    { desaCode: DESA_A, headName: 'Ganda Gani', targetStatus: ME },
    { desaCode: DESA_A, headName: 'Usulan Umi', targetStatus: 'MISKIN', source: 'MANUAL' },
    { desaCode: DESA_A, headName: 'Pindah Parto', targetStatus: ME },
    { desaCode: DESA_A, headName: 'Belum Verval', targetStatus: ME },
    { desaCode: DESA_B, headName: 'Desa Lain', targetStatus: ME },
  ]);
  ['tetap', 'mampu', 'meninggal', 'ganda', 'usulan', 'pindah', 'none', 'other'].forEach((k, i) => {
    hh[k] = ids[i]!;
  });
  await insertVerval(s.ctx.db, periodId, [
    { householdId: hh.tetap!, desaCode: DESA_A, outcome: 'TETAP' },
    { householdId: hh.mampu!, desaCode: DESA_A, outcome: 'MAMPU' },
    { householdId: hh.meninggal!, desaCode: DESA_A, outcome: 'MENINGGAL' },
    { householdId: hh.ganda!, desaCode: DESA_A, outcome: 'GANDA' },
    { householdId: hh.usulan!, desaCode: DESA_A, outcome: 'USULAN_BARU', status: 'SUBMITTED' },
    { householdId: hh.pindah!, desaCode: DESA_A, outcome: 'PINDAH' },
    { householdId: hh.other!, desaCode: DESA_B, outcome: 'MAMPU' },
  ]);
}, 120_000);

afterAll(async () => {
  await s?.close();
});

describe('recording a musdes', () => {
  it('lets the desa operator schedule a meeting of their own desa only; pimpinan reads only', async () => {
    const body = {
      periodId,
      desaCode: DESA_A,
      type: 'MUSDES',
      heldOn: '2026-02-20',
      place: 'Balai Desa',
      chair: 'H. Sulaiman',
      agenda: 'Hasil verval',
    };
    expect((await boss.post('/api/v1/musdes/meetings', body)).status).toBe(403);
    expect((await opA.post('/api/v1/musdes/meetings', { ...body, desaCode: DESA_B })).status).toBe(404);
    const r = await opA.post('/api/v1/musdes/meetings', body);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.meeting).toMatchObject({ status: 'SCHEDULED', type: 'MUSDES', heldOn: '2026-02-20', desaCode: DESA_A, version: 1 });
    expect(r.body.permissions).toEqual({ edit: true, finalise: false });
    meetingId = r.body.meeting.id;
    expect((await opB.get(url())).status).toBe(404);
    expect((await boss.get(url())).body.permissions).toEqual({ edit: false, finalise: false });
    const list = await kec.get(`/api/v1/musdes/meetings?status=SCHEDULED,HELD&kecamatan=${KEC}`);
    expect(list.body.items.map((m: { id: number }) => m.id)).toEqual([meetingId]);
    expect((await opB.get('/api/v1/musdes/meetings')).body.total).toBe(0);
  });

  it('tables the desa’s verval results with a suggested decision for each household', async () => {
    const r = await opA.get(url('/tabled'));
    expect(r.status).toBe(200);
    const byName = Object.fromEntries(r.body.items.map((i: { headName: string }) => [i.headName, i]));
    expect(Object.keys(byName)).not.toContain('Desa Lain');
    expect(byName['Tetap Tarjo'].suggestion).toEqual({ decision: 'KEEP', reason: null });
    expect(byName['Mampu Marni'].suggestion).toEqual({ decision: 'REMOVE', reason: 'MAMPU' });
    expect(byName['Usulan Umi'].suggestion.decision).toBe('ADD');
    expect(byName['Usulan Umi'].verval.status).toBe('SUBMITTED');
    expect(byName['Belum Verval']).toMatchObject({ verval: null, suggestion: { decision: 'DEFER' }, decision: null });
    const filtered = await opA.get(url('/tabled?outcome=NONE,TETAP'));
    expect(filtered.body.items.map((i: { headName: string }) => i.headName)).toEqual(['Belum Verval', 'Tetap Tarjo']);
    expect((await boss.get(url('/tabled'))).body.items.find((i: { headName: string }) => i.headName === 'Tetap Tarjo').kkNumber).toBe(
      '3513**********01',
    );
  });

  it('decides in bulk by suggestion with an exception, then overrides one household', async () => {
    const bulk = await opA.post(url('/decisions/bulk'), { filter: {}, decision: 'SUGGESTED', exceptHouseholdIds: [hh.pindah] });
    expect(bulk.status, JSON.stringify(bulk.body)).toBe(200);
    expect(bulk.body.updated).toBe(6);
    const one = await opA.request('PUT', url('/decisions'), { items: [{ householdId: hh.pindah, decision: 'DEFER' }] });
    expect(one.status).toBe(200);
    const d = (await opA.get(url())).body.decisions;
    expect(d).toEqual({ KEEP: 1, REMOVE: 3, ADD: 1, DEFER: 2 });
  });

  it('refuses a household of another desa, a removal without reason and a bulk removal of unknown reason; nothing changes', async () => {
    const before = await decisionCount();
    const foreign = await opA.request('PUT', url('/decisions'), {
      items: [
        { householdId: hh.tetap, decision: 'REMOVE', reason: 'Pindah' },
        { householdId: hh.other, decision: 'REMOVE', reason: 'MAMPU' },
      ],
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error).toMatchObject({ code: 'HOUSEHOLD_OTHER_DESA', details: { householdIds: [hh.other] } });
    const noReason = await opA.request('PUT', url('/decisions'), { items: [{ householdId: hh.tetap, decision: 'REMOVE' }] });
    expect(noReason.body.error.code).toBe('REASON_REQUIRED');
    const bulkNoReason = await opA.post(url('/decisions/bulk'), { filter: { outcome: ['NONE'] }, decision: 'REMOVE' });
    expect(bulkNoReason.body.error.code).toBe('REASON_REQUIRED');
    expect(await decisionCount()).toBe(before);
    const tetap = (await opA.get(url('/tabled?q=tarjo'))).body.items[0];
    expect(tetap.decision.decision).toBe('KEEP');
    expect((await opB.request('PUT', url('/decisions'), { items: [{ householdId: hh.other, decision: 'KEEP' }] })).status).toBe(404);
  });
});

describe('finalising', () => {
  it('refuses finalisation by the desa operator, and by the kecamatan while evidence is missing, naming what is missing', async () => {
    const version = (await kec.get(url())).body.meeting.version;
    expect((await opA.post(url('/finalise'), { version })).status).toBe(403);
    const r = await kec.post(url('/finalise'), { version });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('FINALISE_INCOMPLETE');
    expect(r.body.error.details.problems.map((p: { code: string }) => p.code)).toEqual([
      'NOT_HELD',
      'NUMBER_MISSING',
      'NO_ATTENDANCE',
      'ROLE_MISSING',
      'ROLE_MISSING',
      'ROLE_MISSING',
      'ROLE_MISSING',
      'NO_PHOTO',
    ]);
    expect(r.body.error.message).toContain('Nomor berita acara belum diisi');
    expect((await household(hh.mampu!)).target_status).toBe('MISKIN_EKSTREM');
    expect((await kec.get(url())).body.meeting.status).toBe('SCHEDULED');
  });

  it('refuses an unsigned required attendee and a stale version', async () => {
    const add = await opA.post(url('/attendees'), { attendees: [{ name: 'Pak RT', role: 'RT', signed: true }] });
    expect(add.status).toBe(201);
    const version = await makeReady(opA, meetingId, '140/07/BA/2026');
    const bpd = (await opA.get(url())).body.attendees.find((a: { role: string }) => a.role === 'BPD');
    const unsigned = await opA.request('PATCH', url(`/attendees/${bpd.id}`), { signed: false });
    expect(unsigned.body.problems.map((p: { code: string; role: string }) => `${p.code}:${p.role}`)).toEqual(['ROLE_MISSING:BPD']);
    const refused = await kec.post(url('/finalise'), { version: unsigned.body.meeting.version });
    expect(refused.body.error.details.problems[0]).toMatchObject({ code: 'ROLE_MISSING', role: 'BPD' });
    const signed = await opA.request('PATCH', url(`/attendees/${bpd.id}`), { signed: true });
    expect(signed.body.meeting.version).toBeGreaterThan(version);
    const stale = await kec.post(url('/finalise'), { version });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('STALE_VERSION');
    const dup = await admin.post('/api/v1/musdes/meetings', {
      periodId,
      desaCode: DESA_B,
      type: 'MUSDES',
      heldOn: '2026-02-21',
      place: 'Balai',
      number: '140/07/BA/2026',
    });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('NUMBER_TAKEN');
  });

  it('finalises: removals leave the extreme list (deceased/duplicates end), additions join it, the rest is unchanged', async () => {
    const before = await Promise.all(Object.values(hh).map(household));
    const version = (await kec.get(url())).body.meeting.version;
    const r = await kec.post(url('/finalise'), { version });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.effect).toEqual({ removed: 3, added: 1, ended: 2, moved: 0 });
    expect(r.body.meeting).toMatchObject({ status: 'FINALISED', finalisedBy: 'kec06' });
    expect(r.body.permissions).toEqual({ edit: false, finalise: false });
    expect(await household(hh.mampu!)).toMatchObject({ target_status: 'MISKIN', ended_reason: null });
    expect(await household(hh.meninggal!)).toMatchObject({ target_status: 'MISKIN', ended_reason: 'MENINGGAL' });
    expect((await household(hh.meninggal!)).ended_at).not.toBeNull();
    expect(await household(hh.ganda!)).toMatchObject({ target_status: 'MISKIN', ended_reason: 'GANDA' });
    expect((await household(hh.usulan!)).target_status).toBe('MISKIN_EKSTREM');
    for (const k of ['tetap', 'pindah', 'none', 'other'] as const) {
      const i = Object.keys(hh).indexOf(k);
      expect(await household(hh[k]!)).toEqual(before[i]);
    }
    expect((await household(hh.mampu!)).version).toBe(before[1]!.version + 1);
    const history = await s.ctx.db.selectFrom('household_history').select('changes').where('household_id', '=', hh.meninggal!).execute();
    expect(history.map((h) => h.changes)).toEqual([
      {
        target_status: ['MISKIN_EKSTREM', 'MISKIN'],
        ended_reason: [null, 'MENINGGAL'],
        musdes: { meetingId, number: '140/07/BA/2026', decision: 'REMOVE' },
      },
    ]);
    const page = await opA.get(`/api/v1/households/${hh.meninggal}`);
    expect(page.body.household).toMatchObject({ targetStatus: 'MISKIN', endedReason: 'MENINGGAL' });
    const audit = await s.ctx.db.selectFrom('audit_log').select(['after']).where('action', '=', 'musdes.finalise').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.after).toMatchObject({ removed: expect.arrayContaining([hh.mampu]), added: [hh.usulan] });
  });

  it('keeps a finalised meeting immutable: every change is refused and nothing changes', async () => {
    const version = (await kec.get(url())).body.meeting.version;
    const attendee = (await kec.get(url())).body.attendees[0].id;
    const tries = [
      await opA.request('PATCH', url(), { version, place: 'Masjid' }),
      await opA.post(url('/hold'), { version }),
      await kec.post(url('/finalise'), { version }),
      await opA.post(url('/attendees'), { attendees: [{ name: 'Telat', role: 'RT' }] }),
      await opA.request('PATCH', url(`/attendees/${attendee}`), { signed: false }),
      await opA.request('DELETE', url(`/attendees/${attendee}`)),
      await opA.request('PUT', url('/decisions'), { items: [{ householdId: hh.tetap, decision: 'DEFER' }] }),
      await opA.post(url('/decisions/bulk'), { filter: {}, decision: 'KEEP' }),
      await opA.request('DELETE', url(`/decisions/${hh.tetap}`)),
      await upload(opA, meetingId, 'PHOTO', await photo('#123'), 'late.jpg', 'image/jpeg'),
    ];
    for (const t of tries) {
      expect(t.status, t.text).toBe(409);
      expect(t.body.error.code).toBe('MEETING_FINALISED');
    }
    const after = (await kec.get(url())).body;
    expect(after.meeting).toMatchObject({ version, place: 'Balai Desa' });
    expect(after.attendees).toHaveLength(5);
    expect(after.documents).toHaveLength(1);
    expect(after.decisions).toEqual({ KEEP: 1, REMOVE: 3, ADD: 1, DEFER: 2 });
  });

  it('a correction is a new meeting; a household ended earlier is no longer tabled', async () => {
    const r = await opA.post('/api/v1/musdes/meetings', {
      periodId,
      desaCode: DESA_A,
      type: 'MUSDES',
      heldOn: '2026-03-05',
      place: 'Balai Desa',
    });
    expect(r.status).toBe(201);
    const tabled = await opA.get(`/api/v1/musdes/meetings/${r.body.meeting.id}/tabled`);
    const names = tabled.body.items.map((i: { headName: string }) => i.headName);
    expect(names).not.toContain('Almarhum Karto');
    expect(names).toContain('Mampu Marni');
    expect(tabled.body.items.every((i: { decision: unknown }) => i.decision === null)).toBe(true);
  });

  it('accepts only images as photos and limits configuring required roles to the admin', async () => {
    const r = await opA.post('/api/v1/musdes/meetings', {
      periodId,
      desaCode: DESA_A,
      type: 'RAKOR',
      heldOn: '2026-03-06',
      place: 'Kantor',
    });
    const id = r.body.meeting.id;
    const pdf = Buffer.from('%PDF-1.4\n%fake\n');
    expect((await upload(opA, id, 'PHOTO', pdf, 'x.pdf', 'application/pdf')).status).toBe(415);
    expect((await upload(opA, id, 'SIGNED_BERITA_ACARA', pdf, 'ba.pdf', 'application/pdf')).status).toBe(201);
    const decide = await opA.request('PUT', `/api/v1/musdes/meetings/${id}/decisions`, {
      items: [{ householdId: hh.tetap, decision: 'KEEP' }],
    });
    expect(decide.body.error.code).toBe('MEETING_TYPE_NO_DECISIONS');
    expect((await opA.request('PUT', '/api/v1/musdes/settings', { requiredRoles: ['RT'] })).status).toBe(403);
    const set = await admin.request('PUT', '/api/v1/musdes/settings', { requiredRoles: ['KEPALA_DESA', 'TOKOH_AGAMA'] });
    expect(set.body.requiredRoles).toEqual(['KEPALA_DESA', 'TOKOH_AGAMA']);
    const detail = await opA.get(`/api/v1/musdes/meetings/${id}`);
    expect(detail.body.problems.filter((p: { code: string }) => p.code === 'ROLE_MISSING').map((p: { role: string }) => p.role)).toEqual([
      'KEPALA_DESA',
      'TOKOH_AGAMA',
    ]);
  });
});

describe('the OpenAPI document', () => {
  it('describes the JSON answers of the musdes routes, and the PDF downloads as PDF files', async () => {
    const r = await admin.get('/api/docs/json');
    expect(r.status).toBe(200);
    type Schema = { $ref?: string; properties?: Record<string, unknown>; format?: string };
    type Op = { responses: Record<string, { content?: Record<string, { schema: Schema }> }> };
    const paths = r.body.paths as Record<string, Record<string, Op>>;
    const named = r.body.components.schemas as Record<string, Schema>;
    // A named view is a $ref to components.schemas (its `.meta({ id })`).
    const resolve = (s: Schema | undefined) => (s?.$ref ? named[s.$ref.replace('#/components/schemas/', '')] : s);
    const content = (path: string, method: string, status: string) =>
      paths[`/api/v1/musdes${path}`]?.[method]?.responses[status]?.content ?? {};
    const fields = (path: string, method: string, status: string) =>
      Object.keys(resolve(content(path, method, status)['application/json']?.schema)?.properties ?? {});
    const detail = ['meeting', 'attendees', 'documents', 'decisions', 'requiredRoles', 'problems', 'permissions'];
    expect(fields('/meetings/{id}', 'get', '200')).toEqual(detail);
    expect(fields('/meetings', 'post', '201')).toEqual(detail);
    expect(fields('/meetings/{id}/finalise', 'post', '200')).toEqual([...detail, 'effect']);
    expect(fields('/meetings', 'get', '200')).toEqual(['items', 'total', 'page', 'pageSize']);
    expect(fields('/meetings/{id}/tabled', 'get', '200')).toEqual(['items', 'truncated']);
    expect(fields('/meetings/{id}/documents', 'post', '201')).toEqual(['id', 'kind', 'mime', 'size']);
    expect(fields('/progress', 'get', '200')).toEqual(['periodId', 'stages', 'totals', 'kecamatan']);
    expect(fields('/settings', 'put', '200')).toEqual(['requiredRoles']);
    expect(paths['/api/v1/musdes/meetings/{id}/berita-acara.pdf']?.get).toBeDefined();
    expect(Object.keys(content('/meetings/{id}/berita-acara.pdf', 'get', '200'))).toEqual(['application/pdf']);
    expect(content('/meetings/{id}/berita-acara.pdf', 'get', '200')['application/pdf']?.schema.format).toBe('binary');
  });
});
