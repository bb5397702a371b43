import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHOTO_MAX_BYTES } from '../../src/modules/verval/routes.js';
import { exampleCriteria, insertHouseholds as insertCriteriaHouseholds } from '../helpers/criteria-fixtures.js';
import { insertHouseholds } from '../helpers/registry-fixtures.js';
import { type Client, startTestServer, type TestServer } from '../helpers/server.js';

/** Verval over HTTP: the approval flow, concurrency, idempotency, scope, photos, reasons and progress. Both engines. */

const DESA_A = '35.13.06.2005';
const DESA_B = '35.13.06.2013';
const KEC = '35.13.06';

let s: TestServer;
let admin: Client;
let opA: Client;
let pendA: Client;
let kec: Client;
let opB: Client;
let periodId: number;
const ids: Record<string, number> = {};

const put = (c: Client, hh: number, body: Record<string, unknown>, key?: string, period = periodId) =>
  c.request('PUT', `/api/v1/verval/periods/${period}/households/${hh}`, body, key ? { 'idempotency-key': key } : {});
const act = (c: Client, id: number, action: string, body: Record<string, unknown>, key?: string) =>
  c.request('POST', `/api/v1/verval/${id}/${action}`, body, key ? { 'idempotency-key': key } : {});
const count = async (table: 'verval' | 'verval_revision' | 'household', where: [string, unknown][] = []) => {
  let q = s.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n'));
  for (const [col, val] of where) q = q.where(col as never, '=', val as never);
  return Number((await q.executeTakeFirstOrThrow()).n);
};

async function createPeriod(name: string, startDate: string, endDate: string): Promise<number> {
  const r = await admin.post('/api/v1/organisation/periods', { program: name, name, startDate, endDate });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id;
}

beforeAll(async () => {
  s = await startTestServer();
  admin = await s.userClient('admin', [{ role: 'admin_kabupaten', regionCode: '35.13' }]);
  opA = await s.userClient('op2005', [{ role: 'operator_desa', regionCode: DESA_A }]);
  pendA = await s.userClient('pend2005', [{ role: 'pendamping', regionCode: DESA_A }]);
  kec = await s.userClient('kec06', [{ role: 'operator_kecamatan', regionCode: KEC }]);
  opB = await s.userClient('op2013', [{ role: 'operator_desa', regionCode: DESA_B }]);
  periodId = await createPeriod('Verval 2026', '2026-01-01', '2026-12-31');

  const saved = await admin.post('/api/v1/criteria', { definition: exampleCriteria() });
  expect(saved.status, JSON.stringify(saved.body)).toBe(201);
  expect((await admin.post(`/api/v1/criteria/${saved.body.id}/adopt`)).status).toBe(200);

  const [flow, conflictHh, idem, photo, move, outOfScope] = await insertHouseholds(s.ctx.db, [
    {
      desaCode: DESA_A,
      headName: 'Sumarni',
      columns: { floor_type: 'Tanah' },
      members: [
        { name: 'Sumarni', relationship: 'Kepala keluarga' },
        { name: 'Pak Darmo', relationship: 'Orang tua' },
      ],
    },
    { desaCode: DESA_A, headName: 'Bambang' },
    { desaCode: DESA_A, headName: 'Citra' },
    { desaCode: DESA_A, headName: 'Dewi' },
    { desaCode: DESA_A, headName: 'Eko' },
    { desaCode: DESA_B, headName: 'Fajar' },
  ]);
  Object.assign(ids, { flow, conflictHh, idem, photo, move, outOfScope });
  // Meets all 14 example indicators with desil 1: the criteria engine suggests MISKIN_EKSTREM.
  const [poor] = await insertCriteriaHouseholds(s.ctx.db, [
    {
      desa: DESA_A,
      headName: 'Gita',
      desil: 1,
      floorType: 'Tanah',
      wallType: 'Bambu',
      toilet: 'Tidak ada',
      lighting: 'Bukan listrik',
      drinkingWater: 'Sungai',
      cookingFuel: 'Kayu bakar',
      headEducation: 'SD',
      hasSavings: false,
      indicators: {
        floorAreaPerPerson: 5,
        proteinPerWeek: 0,
        clothesPerYear: 0,
        mealsPerDay: 1,
        canAffordClinic: false,
        headIncomeMonthly: 300000,
      },
    },
  ]);
  ids.poor = poor!;
}, 120_000);

afterAll(async () => {
  await s?.close();
});

describe('verval flow', () => {
  let vervalId: number;

  it('records, submits, is returned, resubmitted and approved; the approval updates the registry but not the target status', async () => {
    const first = await opA.get(`/api/v1/verval/periods/${periodId}/households/${ids.flow}`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ householdId: ids.flow, verval: null, suggestedClass: 'TIDAK_MISKIN' });

    const members = await s.ctx.db.selectFrom('member').select(['id', 'name']).where('household_id', '=', ids.flow!).execute();
    const darmo = members.find((m) => m.name === 'Pak Darmo')!;
    const record = {
      found: true,
      outcome: 'MAMPU',
      updates: { headName: 'Sumarni Wati', floorType: 'Keramik' },
      indicators: { mealsPerDay: 3 },
      memberChanges: [
        { type: 'BORN', name: 'Bayi Sumarni', sex: 'P', birthDate: '2026-03-01', relationship: 'Anak' },
        { type: 'REMOVE', memberId: darmo.id, reason: 'MENINGGAL' },
      ],
      gps: { lat: -7.79, lon: 113.21 },
      note: 'Rumah sudah direnovasi',
    };
    const created = await put(opA, ids.flow!, { ...record, baseVersion: 0 });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      status: 'DRAFT',
      version: 1,
      outcome: 'MAMPU',
      suggestedClass: 'TIDAK_MISKIN',
      gps: { lat: -7.79, lon: 113.21 },
      changes: {
        headName: { before: 'Sumarni', after: 'Sumarni Wati' },
        floorType: { before: 'Tanah', after: 'Keramik' },
        'indicators.mealsPerDay': { before: null, after: 3 },
      },
      updatedBy: { username: 'op2005' },
    });
    expect(created.body.memberChanges[1]).toEqual({ type: 'REMOVE', memberId: darmo.id, name: 'Pak Darmo', reason: 'MENINGGAL' });
    vervalId = created.body.id;

    const submitted = await act(opA, vervalId, 'submit', { baseVersion: 1 });
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ status: 'SUBMITTED', version: 2, submittedBy: { username: 'op2005' } });

    expect((await put(opA, ids.flow!, { baseVersion: 2, found: true, outcome: 'TETAP', outcomeReason: 'x' })).body.error.code).toBe(
      'VERVAL_INVALID_TRANSITION',
    );
    const notReviewer = await act(opA, vervalId, 'approve', { baseVersion: 2 });
    expect(notReviewer.status).toBe(403);
    const noComment = await act(kec, vervalId, 'return', { baseVersion: 2 });
    expect(noComment.status).toBe(400);
    expect(noComment.body.error.code).toBe('VERVAL_COMMENT_REQUIRED');
    const returned = await act(kec, vervalId, 'return', { baseVersion: 2, comment: 'Foto rumah belum ada' });
    expect(returned.status).toBe(200);
    expect(returned.body).toMatchObject({
      status: 'RETURNED',
      version: 3,
      reviewComment: 'Foto rumah belum ada',
      reviewedBy: { username: 'kec06' },
    });

    const edited = await put(pendA, ids.flow!, { ...record, baseVersion: 3, note: 'Sudah dicek ulang' });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body).toMatchObject({ status: 'RETURNED', version: 4, note: 'Sudah dicek ulang', updatedBy: { username: 'pend2005' } });
    const resubmitted = await act(pendA, vervalId, 'submit', { baseVersion: 4 });
    expect(resubmitted.body).toMatchObject({ status: 'SUBMITTED', version: 5, submittedBy: { username: 'pend2005' } });

    const own = await act(pendA, vervalId, 'approve', { baseVersion: 5 });
    expect(own.status).toBe(403);
    expect(own.body.error.code).toBe('VERVAL_OWN_SUBMISSION');
    const approved = await act(kec, vervalId, 'approve', { baseVersion: 5 });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'APPROVED', version: 6, reviewedBy: { username: 'kec06' }, reviewComment: null });

    const hh = await s.ctx.db.selectFrom('household').selectAll().where('id', '=', ids.flow!).executeTakeFirstOrThrow();
    expect(hh).toMatchObject({
      head_name: 'Sumarni Wati',
      floor_type: 'Keramik',
      // MAMPU does not remove the household from the list: only a finalised Musyawarah Desa does.
      target_status: 'MISKIN',
      member_count: 2,
      version: 2,
    });
    expect(hh.indicators).toEqual({ mealsPerDay: 3 });
    const after = await s.ctx.db.selectFrom('member').select('name').where('household_id', '=', ids.flow!).orderBy('name').execute();
    expect(after.map((m) => m.name)).toEqual(['Bayi Sumarni', 'Sumarni']);
    const hist = await s.ctx.db.selectFrom('household_history').select('changes').where('household_id', '=', ids.flow!).execute();
    expect(hist).toHaveLength(1);
    expect(hist[0]!.changes).toMatchObject({ head_name: ['Sumarni', 'Sumarni Wati'], vervalId });
    expect(hist[0]!.changes).not.toHaveProperty('target_status');

    const revisions = await kec.get(`/api/v1/verval/${vervalId}/revisions`);
    expect(revisions.body.items.map((r: { action: string; version: number }) => `${r.version}:${r.action}`)).toEqual([
      '1:SAVE',
      '2:SUBMIT',
      '3:RETURN',
      '4:SAVE',
      '5:SUBMIT',
      '6:APPROVE',
    ]);
    const audit = await s.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'verval')
      .where('entity_id', '=', String(vervalId))
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'verval.save',
      'verval.submit',
      'verval.return',
      'verval.save',
      'verval.submit',
      'verval.approve',
    ]);
    expect((await put(opA, ids.flow!, { baseVersion: 6, found: true, outcome: 'MAMPU' })).status).toBe(409);
  });

  it('a move within the kabupaten stays in the origin desa when approved: the musdes moves it (ADR 0013)', async () => {
    const saved = await put(opA, ids.move!, { baseVersion: 0, found: false, outcome: 'PINDAH', destinationDesaCode: DESA_B });
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    expect(
      (await put(opA, ids.move!, { baseVersion: 1, found: false, outcome: 'PINDAH', destinationDesaCode: '35.13.06.9999' })).body.error
        .code,
    ).toBe('VERVAL_DESTINATION_UNKNOWN');
    await act(opA, saved.body.id, 'submit', { baseVersion: 1 });
    expect((await act(kec, saved.body.id, 'approve', { baseVersion: 2 })).status).toBe(200);
    const hh = await s.ctx.db
      .selectFrom('household')
      .select(['desa_code', 'kecamatan_code'])
      .where('id', '=', ids.move!)
      .executeTakeFirstOrThrow();
    expect(hh).toEqual({ desa_code: DESA_A, kecamatan_code: KEC });
  });

  it('an outcome against the criteria suggestion needs a reason', async () => {
    const shown = await opA.get(`/api/v1/verval/periods/${periodId}/households/${ids.poor}`);
    expect(shown.body.suggestedClass).toBe('MISKIN_EKSTREM');
    const refused = await put(opA, ids.poor!, { baseVersion: 0, found: true, outcome: 'MAMPU' });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'VERVAL_REASON_REQUIRED', details: { suggestedClass: 'MISKIN_EKSTREM' } });
    expect(await count('verval', [['household_id', ids.poor]])).toBe(0);
    const ok = await put(opA, ids.poor!, { baseVersion: 0, found: true, outcome: 'MAMPU', outcomeReason: 'Anak sudah bekerja di kota' });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ suggestedClass: 'MISKIN_EKSTREM', outcomeReason: 'Anak sudah bekerja di kota' });
    const tetap = await put(opA, ids.poor!, { baseVersion: 1, found: true, outcome: 'TETAP' });
    expect(tetap.status).toBe(200);
    expect(tetap.body.outcomeReason).toBeNull();
  });

  it('USULAN_BARU adds a MANUAL household in the operator desa', async () => {
    const r = await opA.post(`/api/v1/verval/periods/${periodId}/households`, {
      desaCode: DESA_A,
      headName: 'Hasan',
      reason: 'Belum terdata',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ outcome: 'USULAN_BARU', status: 'DRAFT', found: true, desaCode: DESA_A });
    const hh = await s.ctx.db
      .selectFrom('household')
      .select(['source', 'head_name'])
      .where('id', '=', r.body.householdId)
      .executeTakeFirstOrThrow();
    expect(hh).toEqual({ source: 'MANUAL', head_name: 'Hasan' });
    expect((await opA.post(`/api/v1/verval/periods/${periodId}/households`, { desaCode: DESA_B, headName: 'X', reason: 'y' })).status).toBe(
      404,
    );
    const notNew = await put(opA, ids.conflictHh!, { baseVersion: 0, found: true, outcome: 'USULAN_BARU' });
    expect(notNew.body.error.code).toBe('VERVAL_NOT_NEW');
  });
});

describe('concurrency and idempotency', () => {
  it('a save based on an old version is refused with the current values and who changed them', async () => {
    const a = await put(opA, ids.conflictHh!, { baseVersion: 0, found: true, outcome: 'MAMPU', note: 'versi operator' });
    expect(a.status).toBe(201);
    const b = await put(pendA, ids.conflictHh!, { baseVersion: 0, found: false, outcome: 'TIDAK_DITEMUKAN', note: 'versi pendamping' });
    expect(b.status).toBe(409);
    expect(b.body.error.code).toBe('VERSION_CONFLICT');
    expect(b.body.error.details).toMatchObject({
      baseVersion: 0,
      currentVersion: 1,
      current: { note: 'versi operator', outcome: 'MAMPU', version: 1 },
      changedBy: { username: 'op2005' },
    });
    expect(Date.parse(b.body.error.details.changedAt)).not.toBeNaN();
    const c = await put(pendA, ids.conflictHh!, { baseVersion: 1, found: false, outcome: 'TIDAK_DITEMUKAN', note: 'versi pendamping' });
    expect(c.status).toBe(200);
    expect(c.body.version).toBe(2);
    const stale = await act(opA, c.body.id, 'submit', { baseVersion: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details.changedBy.username).toBe('pend2005');
  });

  it('a retried save with the same Idempotency-Key returns the first result and writes nothing new', async () => {
    const body = { baseVersion: 0, found: true, outcome: 'MAMPU', note: 'sinyal lemah' };
    const first = await put(opA, ids.idem!, body, 'save-idem-0001');
    const second = await put(opA, ids.idem!, body, 'save-idem-0001');
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(await count('verval', [['household_id', ids.idem]])).toBe(1);
    expect(await count('verval_revision', [['verval_id', first.body.id]])).toBe(1);

    const sub1 = await act(opA, first.body.id, 'submit', { baseVersion: 1 }, 'submit-idem-0001');
    const sub2 = await act(opA, first.body.id, 'submit', { baseVersion: 1 }, 'submit-idem-0001');
    expect(sub1.status).toBe(200);
    expect(sub2.body).toEqual(sub1.body);
    expect(await count('verval_revision', [['verval_id', first.body.id]])).toBe(2);

    const reused = await put(opA, ids.idem!, { ...body, note: 'lain' }, 'save-idem-0001');
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    // Keys are per user: another user's identical key is a fresh request.
    const other = await act(kec, first.body.id, 'approve', { baseVersion: 2 }, 'save-idem-0001');
    expect(other.status).toBe(200);

    const households = await count('household');
    const p1 = await opA.post(
      `/api/v1/verval/periods/${periodId}/households`,
      { desaCode: DESA_A, headName: 'Indah', reason: 'baru' },
      { 'idempotency-key': 'new-hh-0001' },
    );
    const p2 = await opA.post(
      `/api/v1/verval/periods/${periodId}/households`,
      { desaCode: DESA_A, headName: 'Indah', reason: 'baru' },
      { 'idempotency-key': 'new-hh-0001' },
    );
    expect(p1.status).toBe(201);
    expect(p2.body).toEqual(p1.body);
    expect(await count('household')).toBe(households + 1);
    expect((await put(opA, ids.idem!, body, 'bad key!')).status).toBe(400);
  });
});

describe('region scope', () => {
  it('an operator of 35.13.06.2005 cannot see or touch a household of 35.13.06.2013', async () => {
    const hh = ids.outOfScope!;
    expect((await opA.get(`/api/v1/verval/periods/${periodId}/households/${hh}`)).status).toBe(404);
    expect((await put(opA, hh, { baseVersion: 0, found: true, outcome: 'MAMPU' })).status).toBe(404);
    expect((await opA.get(`/api/v1/verval/periods/${periodId}/worklist?desa=${DESA_B}`)).status).toBe(404);
    expect((await opA.get(`/api/v1/verval/periods/${periodId}/progress?region=${KEC}`)).status).toBe(404);
    const own = await put(opB, hh, { baseVersion: 0, found: true, outcome: 'MAMPU' });
    expect(own.status).toBe(201);
    expect((await act(opA, own.body.id, 'submit', { baseVersion: 1 })).status).toBe(404);
    expect((await opA.get(`/api/v1/verval/${own.body.id}/revisions`)).status).toBe(404);
    const form = new FormData();
    form.append('file', new Blob([await tinyPng()], { type: 'image/png' }), 'a.png');
    expect((await opA.request('POST', `/api/v1/verval/households/${hh}/photos`, form)).status).toBe(404);
    expect(await count('verval', [['household_id', hh]])).toBe(1);
  });
});

async function tinyPng(): Promise<Buffer> {
  return sharp({ create: { width: 2400, height: 1200, channels: 3, background: '#6a4' } })
    .png()
    .toBuffer();
}

describe('photos and GPS', () => {
  const upload = (bytes: Buffer, name: string, type: string) => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
    return opA.request('POST', `/api/v1/verval/households/${ids.photo}/photos`, form);
  };

  it('accepts a real image (scaled down to JPEG), refuses a disguised text file and an oversized one', async () => {
    const fake = await upload(Buffer.from('ini bukan foto, hanya teks biasa'), 'rumah.jpg', 'image/jpeg');
    expect(fake.status).toBe(415);
    expect(fake.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const huge = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(PHOTO_MAX_BYTES, 1)]);
    const big = await upload(huge, 'besar.jpg', 'image/jpeg');
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('PAYLOAD_TOO_LARGE');

    const ok = await upload(await tinyPng(), 'rumah.png', 'image/png');
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.mime).toBe('image/jpeg');
    const saved = await put(opA, ids.photo!, {
      baseVersion: 0,
      found: true,
      outcome: 'MAMPU',
      photos: [ok.body.sha256],
      gps: { lat: -7.8, lon: 113.2 },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    expect(saved.body.photos).toEqual([ok.body.sha256]);
    const img = await fetch(`${s.baseUrl}/api/v1/verval/${saved.body.id}/photos/${ok.body.sha256}`, { headers: { cookie: opA.cookie } });
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/jpeg');
    const meta = await sharp(Buffer.from(await img.arrayBuffer())).metadata();
    expect(meta.width).toBe(1600);
    expect((await opB.get(`/api/v1/verval/${saved.body.id}/photos/${ok.body.sha256}`)).status).toBe(404);

    const unknown = await put(opA, ids.photo!, { baseVersion: 1, found: true, outcome: 'MAMPU', photos: ['b'.repeat(64)] });
    expect(unknown.body.error.code).toBe('VERVAL_PHOTO_UNKNOWN');
  });

  it('refuses a GPS point outside Indonesia', async () => {
    const r = await put(opA, ids.photo!, { baseVersion: 1, found: true, outcome: 'MAMPU', gps: { lat: 48.85, lon: 2.35 } });
    expect(r.status).toBe(400);
    expect(
      await count('verval_revision', [
        [
          'verval_id',
          (await s.ctx.db.selectFrom('verval').select('id').where('household_id', '=', ids.photo!).executeTakeFirstOrThrow()).id,
        ],
      ]),
    ).toBe(1);
  });
});

describe('worklist and progress', () => {
  it('counts visited, outcomes, approved and remaining per desa, kecamatan and kabupaten', async () => {
    const p2 = await createPeriod('Verval progres', '2027-01-01', '2027-12-31');
    const kecamatan = await s.ctx.db
      .selectFrom('region')
      .select('code')
      .where('level', '=', 3)
      .where('code', '!=', KEC)
      .orderBy('code')
      .executeTakeFirstOrThrow();
    const desas = await s.ctx.db
      .selectFrom('region')
      .select('code')
      .where('parent_code', '=', kecamatan.code)
      .orderBy('code')
      .limit(2)
      .execute();
    const [d1, d2] = desas.map((d) => d.code) as [string, string];
    const op = await s.userClient('op-k2', [
      { role: 'operator_desa', regionCode: d1 },
      { role: 'operator_desa', regionCode: d2 },
    ]);
    const rev = await s.userClient('kec-k2', [{ role: 'operator_kecamatan', regionCode: kecamatan.code }]);
    const [h1, h2, h3, h4, h5, h6] = await insertHouseholds(s.ctx.db, [
      { desaCode: d1, headName: 'A1' },
      { desaCode: d1, headName: 'A2' },
      { desaCode: d1, headName: 'A3' },
      { desaCode: d1, headName: 'A4' },
      { desaCode: d2, headName: 'B1' },
      { desaCode: d2, headName: 'B2' },
    ]);
    const v1 = await put(op, h1!, { baseVersion: 0, found: true, outcome: 'TETAP', outcomeReason: 'Masih sangat miskin' }, undefined, p2);
    await act(op, v1.body.id, 'submit', { baseVersion: 1 });
    expect((await act(rev, v1.body.id, 'approve', { baseVersion: 2 })).status).toBe(200);
    const v2 = await put(op, h2!, { baseVersion: 0, found: true, outcome: 'MAMPU' }, undefined, p2);
    await act(op, v2.body.id, 'submit', { baseVersion: 1 });
    await put(op, h3!, { baseVersion: 0, found: false, outcome: 'TIDAK_DITEMUKAN' }, undefined, p2);
    await put(op, h5!, { baseVersion: 0, note: 'belum sempat' }, undefined, p2);
    expect((await put(op, h6!, { baseVersion: 0, found: false, outcome: 'MENINGGAL' }, undefined, p2)).status).toBe(201);

    const zero = { TETAP: 0, MAMPU: 0, MENINGGAL: 0, PINDAH: 0, TIDAK_DITEMUKAN: 0, GANDA: 0, USULAN_BARU: 0 };
    const byKec = await rev.get(`/api/v1/verval/periods/${p2}/progress?region=${kecamatan.code}`);
    expect(byKec.status).toBe(200);
    const expectedKec = {
      households: 6,
      visited: 4,
      approved: 1,
      remaining: 2,
      outcomes: { ...zero, TETAP: 1, MAMPU: 1, TIDAK_DITEMUKAN: 1, MENINGGAL: 1 },
    };
    expect(byKec.body.region).toMatchObject({ code: kecamatan.code, ...expectedKec });
    expect(byKec.body.children.find((c: { code: string }) => c.code === d1)).toMatchObject({
      households: 4,
      visited: 3,
      approved: 1,
      remaining: 1,
      outcomes: { ...zero, TETAP: 1, MAMPU: 1, TIDAK_DITEMUKAN: 1 },
    });
    expect(byKec.body.children.find((c: { code: string }) => c.code === d2)).toMatchObject({
      households: 2,
      visited: 1,
      approved: 0,
      remaining: 1,
      outcomes: { ...zero, MENINGGAL: 1 },
    });
    const third = byKec.body.children.find((c: { code: string }) => c.code !== d1 && c.code !== d2);
    if (third) expect(third).toMatchObject({ households: 0, visited: 0, remaining: 0 });

    const byKab = await admin.get(`/api/v1/verval/periods/${p2}/progress`);
    expect(byKab.body.region).toMatchObject({ code: '35.13', visited: 4, approved: 1, households: await count('household') });
    expect(byKab.body.children).toHaveLength(24);
    expect(byKab.body.children.find((c: { code: string }) => c.code === kecamatan.code)).toMatchObject(expectedKec);
    const byDesa = await op.get(`/api/v1/verval/periods/${p2}/progress?region=${d1}`);
    expect(byDesa.body.region).toMatchObject({ households: 4, visited: 3, remaining: 1 });
    expect(byDesa.body.children).toEqual([]);

    const list = await op.get(`/api/v1/verval/periods/${p2}/worklist?desa=${d1}`);
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ total: 4, visited: 3 });
    expect(list.body.items.map((i: { headName: string; visited: boolean }) => `${i.headName}:${i.visited}`)).toEqual([
      'A4:false',
      'A1:true',
      'A2:true',
      'A3:true',
    ]);
    expect(list.body.items[0]).toMatchObject({ householdId: h4, verval: null });
    expect(list.body.items[1].verval).toMatchObject({ status: 'APPROVED', outcome: 'TETAP' });
    const list2 = await op.get(`/api/v1/verval/periods/${p2}/worklist?desa=${d2}`);
    expect(list2.body.items.map((i: { headName: string }) => i.headName)).toEqual(['B1', 'B2']);
    expect((await op.get(`/api/v1/verval/periods/${p2}/worklist?desa=${kecamatan.code}`)).status).toBe(400);
    expect((await op.get(`/api/v1/verval/periods/999999/worklist?desa=${d1}`)).status).toBe(404);
  });
});
