import ExcelJS from 'exceljs';
import sharp from 'sharp';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nip } from '../api/organisation-fixture.js';
import { exampleCriteria } from '../helpers/criteria-fixtures.js';
import { waitJob } from '../helpers/jobs.js';
import { insertHouseholds } from '../helpers/registry-fixtures.js';
import { type Client, type Res, startTestServer, type TestServer } from '../helpers/server.js';

/**
 * Region scope, generated from the OpenAPI document (issue 20, "keep them closed"): every GET
 * route is called by each scoped role of kecamatan Banyuanyar with the ids of objects of
 * kecamatan Tiris and with region filters naming Tiris. No answer may carry Tiris' personal
 * data, an object of Tiris by id answers 403/404, and an out-of-scope filter answers 404 (or
 * 403 when the role may not use the route at all). Path parameters are filled from PARAMS by
 * name; a route with a parameter PARAMS does not know fails the first test, so a new route is
 * covered by itself or flagged.
 */

const HOME_DESA = '35.13.06.2005';
const HOME_KEC = '35.13.06';
const OTHER_DESA = '35.13.07.2006';
const OTHER_KEC = '35.13.07';

/** Personal data of the Tiris fixtures: none of it may reach a Banyuanyar reader. */
const SECRET = {
  head: 'Wiryo Rahasiadi',
  twin: 'Kembar Rahasiadi',
  member: 'Sulastri Rahasiani',
  nik: '3513075001700001',
  memberNik: '3513075501720002',
  twinNik: '3513070101650003',
  kk: '3513070101700001',
  address: 'Dusun Terlarang RT 09',
  kendala: 'Keluhan Rahasia Tiris',
  place: 'Balai Rahasia Tiris',
  cousin: 'Sepupu Rahasiadi',
  cousinNik: '3513070202660004',
};
/** The No KK a Banyuanyar household shares with a Tiris one: a real cross-kecamatan duplicate (not secret: both hold it). */
const SHARED_KK = '3513060101700009';
const SECRETS = Object.values(SECRET);

/** The scoped roles under test, all on Banyuanyar. (Dinsos and admin are kabupaten-wide: nothing is outside them.) */
const ROLES = [
  { role: 'operator_desa', regionCode: HOME_DESA },
  { role: 'operator_kecamatan', regionCode: HOME_KEC },
  { role: 'pendamping', regionCode: HOME_DESA },
  { role: 'opd_pendamping', regionCode: HOME_KEC },
  { role: 'pimpinan', regionCode: HOME_KEC },
] as const;

interface Fixtures {
  other: number;
  twin: number;
  memberId: number;
  userId: number;
  periodId: number;
  stageId: number;
  criteriaId: number;
  vervalId: number;
  photo: string;
  meetingId: number;
  documentId: number;
  attendeeId: number;
  kendalaId: number;
  jobId: number;
  internalRunId: number;
  listRunId: number;
  candidateId: number;
  crossCandidateId: number;
  proposalId: number;
  budgetId: number;
  receiptId: number;
  aidImportId: number;
  decreeId: number;
  visitId: number;
  visitPhoto: string;
  followupId: number;
}

/**
 * Path parameter → fixture, keyed "<first path segment>:<segment before the parameter>/{name}".
 * `regional`: the object belongs to Tiris, so by id it must answer 403/404 to every role here;
 * otherwise it is kabupaten-wide (a period, a criteria set, a decree…) and only its content is
 * checked for Tiris data.
 */
const PARAMS: Record<string, { value: (f: Fixtures) => string | number; regional: boolean }> = {
  'users:users/{id}': { value: (f) => f.userId, regional: true },
  'regions:regions/{code}': { value: () => OTHER_DESA, regional: false },
  'jobs:jobs/{id}': { value: (f) => f.jobId, regional: false },
  // Registry imports are admin-only (403 for every role here); no import is needed to prove it.
  'imports:imports/{id}': { value: () => 1, regional: true },
  // Column-mapping templates are the admin's too (issue 25).
  'imports:mapping-templates/{id}': { value: () => 1, regional: false },
  'households:households/{id}': { value: (f) => f.other, regional: true },
  'households:members/{id}': { value: (f) => f.memberId, regional: true },
  'organisation:periods/{periodId}': { value: (f) => f.periodId, regional: false },
  'organisation:periods/{id}': { value: (f) => f.periodId, regional: false },
  'organisation:stages/{id}': { value: (f) => f.stageId, regional: false },
  'criteria:criteria/{id}': { value: (f) => f.criteriaId, regional: false },
  'verval:periods/{periodId}': { value: (f) => f.periodId, regional: false },
  'verval:households/{householdId}': { value: (f) => f.other, regional: true },
  'verval:households/{id}': { value: (f) => f.other, regional: true },
  'verval:verval/{id}': { value: (f) => f.vervalId, regional: true },
  'verval:photos/{sha256}': { value: (f) => f.photo, regional: true },
  'kendala:kendala/{id}': { value: (f) => f.kendalaId, regional: true },
  'musdes:meetings/{id}': { value: (f) => f.meetingId, regional: true },
  'musdes:documents/{sub}': { value: (f) => f.documentId, regional: true },
  'musdes:attendees/{sub}': { value: (f) => f.attendeeId, regional: true },
  'musdes:decisions/{sub}': { value: (f) => f.other, regional: true },
  'matching:runs/{id}': { value: (f) => f.listRunId, regional: false },
  'matching:candidates/{id}': { value: (f) => f.candidateId, regional: true },
  'aid:imports/{id}': { value: (f) => f.aidImportId, regional: false },
  'aid:households/{id}': { value: (f) => f.other, regional: true },
  'aid:proposals/{id}': { value: (f) => f.proposalId, regional: true },
  'aid:budgets/{id}': { value: (f) => f.budgetId, regional: true },
  'aid:receipts/{id}': { value: (f) => f.receiptId, regional: true },
  'aid:lokus/{desaCode}': { value: () => OTHER_DESA, regional: true },
  'decrees:decrees/{id}': { value: (f) => f.decreeId, regional: false },
  // Kabupaten-wide objects written by the admin only (403 to every role here).
  'organisation:agencies/{id}': { value: () => 1, regional: false },
  'organisation:officials/{id}': { value: () => 1, regional: false },
  'organisation:agency-assignments/{id}': { value: () => 1, regional: false },
  'organisation:assignments/{id}': { value: () => 1, regional: false },
  'monitoring:indicators/{year}': { value: () => 2026, regional: false },
  'aid:programs/{id}': { value: () => 1, regional: false },
  'pendampingan:periods/{periodId}': { value: (f) => f.periodId, regional: false },
  'pendampingan:visits/{id}': { value: (f) => f.visitId, regional: true },
  'pendampingan:photos/{sha256}': { value: (f) => f.visitPhoto, regional: true },
  'pendampingan:households/{id}': { value: (f) => f.other, regional: true },
  'pendampingan:follow-ups/{id}': { value: (f) => f.followupId, regional: true },
};

/** Required query parameters that are not region filters: harmless values (a search asks for the Tiris family's name). */
const QUERY_DEFAULTS: Record<string, string> = {
  desa: HOME_DESA,
  year: '2026',
  quarter: '1',
  kind: 'PHOTO',
  q: 'Rahasiadi',
  // The pendampingan recap of the Tiris agency (the only agency of these fixtures).
  agencyId: '1',
  month: '2026-03',
};

/** Query parameters that name a region, and the Tiris codes each is tried with. */
const REGION_FILTERS: Record<string, string[]> = {
  kecamatan: [OTHER_KEC],
  desa: [OTHER_DESA],
  region: [OTHER_KEC, OTHER_DESA],
  regionCode: [OTHER_KEC, OTHER_DESA],
};

interface Route {
  method: string;
  path: string;
  pathParams: string[];
  query: { name: string; required: boolean }[];
}

const paramKey = (path: string, name: string) => {
  const segs = path.replace('/api/v1/', '').split('/');
  const i = segs.indexOf(`{${name}}`);
  return `${segs[0]}:${segs[i - 1]}/{${name}}`;
};

let s: TestServer;
let f: Fixtures;
let routes: Route[];
const clients: Array<{ label: string; c: Client }> = [];

function readRoutes(): Route[] {
  const doc = s.app.swagger() as {
    paths: Record<string, Record<string, { parameters?: { in: string; name: string; required?: boolean }[] }>>;
  };
  const out: Route[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const ps = op.parameters ?? [];
      out.push({
        method: method.toUpperCase(),
        path,
        pathParams: ps.filter((p) => p.in === 'path').map((p) => p.name),
        query: ps.filter((p) => p.in === 'query').map((p) => ({ name: p.name, required: p.required === true })),
      });
    }
  }
  return out;
}

function fill(r: Route): { url: string; regional: boolean } {
  let url = r.path;
  let regional = false;
  for (const name of r.pathParams) {
    const p = PARAMS[paramKey(r.path, name)];
    if (!p) throw new Error(`no fixture for ${name} in ${r.method} ${r.path}`);
    regional ||= p.regional;
    url = url.replace(`{${name}}`, encodeURIComponent(String(p.value(f))));
  }
  return { url, regional };
}

function withQuery(url: string, r: Route, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  for (const p of r.query) if (p.required && QUERY_DEFAULTS[p.name] !== undefined) q.set(p.name, QUERY_DEFAULTS[p.name] as string);
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  const text = q.toString();
  return text ? `${url}?${text}` : url;
}

/** The readable text of an answer: JSON, CSV and HTML as sent, XLSX cell by cell, PDF page text. */
async function bodyText(c: Client, url: string): Promise<{ status: number; text: string; type: string }> {
  const res = await fetch(c.baseUrl + url, { headers: { cookie: c.cookie } });
  const type = res.headers.get('content-type') ?? '';
  const buf = Buffer.from(await res.arrayBuffer());
  if (type.includes('spreadsheetml') && res.status === 200) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const cells: string[] = [];
    wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.text)))));
    return { status: res.status, text: cells.join('\n'), type };
  }
  if (type.includes('application/pdf') && res.status === 200) {
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(buf)), { mergePages: true });
    return { status: res.status, text, type };
  }
  return { status: res.status, text: buf.toString('utf8'), type };
}

const png = (r: number, g: number, b: number) =>
  sharp({ create: { width: 32, height: 24, channels: 3, background: { r, g, b } } })
    .png()
    .toBuffer();

function multipart(bytes: Buffer, name: string, fields: Record<string, string> = {}, type = 'image/png') {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
  return form;
}

function ok(res: Res, what: string, status = [200, 201, 202]) {
  expect(status, `${what}: ${res.status} ${res.text.slice(0, 300)}`).toContain(res.status);
  return res.body;
}

async function buildFixtures(): Promise<Fixtures> {
  const admin = await s.userClient('admin', [{ role: 'admin_kabupaten', regionCode: '35.13' }]);
  const dinsos = await s.userClient('dinsos', [{ role: 'dinsos', regionCode: '35.13' }]);
  const opOther = await s.userClient('op-tiris', [{ role: 'operator_desa', regionCode: OTHER_DESA }]);
  const [other, twin, cousin] = (await insertHouseholds(s.ctx.db, [
    {
      desaCode: OTHER_DESA,
      headName: SECRET.head,
      headNik: SECRET.nik,
      kkNumber: SECRET.kk,
      address: SECRET.address,
      targetStatus: 'MISKIN_EKSTREM',
      members: [
        { name: SECRET.head, nik: SECRET.nik, birthDate: '1970-10-10', sex: 'L' },
        { name: SECRET.member, nik: SECRET.memberNik, birthDate: '1972-01-15', sex: 'P' },
      ],
    },
    {
      desaCode: OTHER_DESA,
      headName: SECRET.twin,
      headNik: SECRET.twinNik,
      kkNumber: SECRET.kk,
      targetStatus: 'MISKIN_EKSTREM',
      members: [{ name: SECRET.twin, nik: SECRET.twinNik, birthDate: '1965-01-01' }],
    },
    {
      desaCode: OTHER_DESA,
      headName: SECRET.cousin,
      headNik: SECRET.cousinNik,
      kkNumber: SHARED_KK,
      members: [{ name: SECRET.cousin, nik: SECRET.cousinNik, birthDate: '1966-02-02' }],
    },
    {
      desaCode: HOME_DESA,
      headName: 'Keluarga Banyuanyar',
      kkNumber: SHARED_KK,
      targetStatus: 'MISKIN_EKSTREM',
      members: [{ name: 'Warga Banyuanyar' }],
    },
  ])) as [number, number, number, number];
  const member = await s.ctx.db.selectFrom('member').select('id').where('household_id', '=', other).orderBy('id').executeTakeFirstOrThrow();
  const user = await s.ctx.db.selectFrom('app_user').select('id').where('username', '=', 'op-tiris').executeTakeFirstOrThrow();

  const period = ok(
    await admin.post('/api/v1/organisation/periods', {
      program: 'Gesek',
      name: 'Gesek 2026',
      startDate: '2026-01-01',
      endDate: '2026-12-31',
    }),
    'period',
  );
  const stage = ok(
    await admin.post(`/api/v1/organisation/periods/${period.id}/stages`, {
      kind: 'verval',
      name: 'Verval Tiris',
      startDate: '2026-02-01',
      endDate: '2026-02-17',
      kecamatanCode: OTHER_KEC,
    }),
    'stage',
  );
  const criteria = ok(await admin.post('/api/v1/criteria', { definition: exampleCriteria() }), 'criteria');
  ok(await admin.post(`/api/v1/criteria/${criteria.id}/adopt`), 'adopt');

  const photo = ok(
    await opOther.request('POST', `/api/v1/verval/households/${other}/photos`, multipart(await png(90, 30, 30), 'rumah.png')),
    'photo',
  );
  const verval = ok(
    await opOther.put(`/api/v1/verval/periods/${period.id}/households/${other}`, {
      baseVersion: 0,
      found: true,
      outcome: 'TETAP',
      outcomeReason: 'Masih miskin menurut pengamatan',
      photos: [photo.sha256],
      note: SECRET.address,
    }),
    'verval',
  );
  // Submitted, so that a reviewer's bulk approval would have something of Tiris to take.
  ok(await opOther.post(`/api/v1/verval/${verval.id}/submit`, { baseVersion: 1 }), 'submit');

  const meeting = ok(
    await opOther.post('/api/v1/musdes/meetings', {
      periodId: period.id,
      desaCode: OTHER_DESA,
      type: 'MUSDES',
      heldOn: '2026-02-20',
      place: SECRET.place,
      chair: SECRET.head,
      agenda: 'Hasil verval',
    }),
    'meeting',
  );
  const meetingId = meeting.meeting.id;
  ok(
    await opOther.post(`/api/v1/musdes/meetings/${meetingId}/attendees`, {
      attendees: [{ name: SECRET.member, role: 'KEPALA_DESA', institution: 'Pemerintah Desa', signed: true }],
    }),
    'attendees',
  );
  const doc = ok(
    await opOther.post(`/api/v1/musdes/meetings/${meetingId}/documents?kind=PHOTO`, multipart(await png(30, 90, 30), 'musdes.png')),
    'document',
  );
  const attendee = await s.ctx.db.selectFrom('musdes_attendee').select('id').where('meeting_id', '=', meetingId).executeTakeFirstOrThrow();

  const kendala = ok(
    await opOther.post('/api/v1/kendala', { category: 'DATA', title: SECRET.kendala, description: `NIK ${SECRET.nik} ganda` }),
    'kendala',
  );
  ok(await opOther.request('PUT', `/api/v1/kendala/${kendala.id}/screenshot`, multipart(await png(30, 30, 90), 'layar.png')), 'screenshot');

  const run = ok(await admin.post('/api/v1/matching/runs', { kind: 'INTERNAL' }), 'internal run');
  expect((await waitJob(admin, run.jobId)).status).toBe('DONE');
  const cands = ok(await admin.get('/api/v1/matching/candidates?pageSize=100'), 'candidates');
  const candidate = cands.items.find((c: { a: { householdId: number }; b: { householdId: number } }) =>
    [c.a.householdId, c.b.householdId].includes(other),
  );
  const cross = cands.items.find((c: { a: { householdId: number }; b: { householdId: number } }) =>
    [c.a.householdId, c.b.householdId].includes(cousin),
  );
  const list = ok(
    await admin.post(
      '/api/v1/matching/lists',
      multipart(
        Buffer.from(`NIK;Nama\n${SECRET.nik};${SECRET.head}\n${SECRET.memberNik};${SECRET.member}\n`),
        'dtks.csv',
        {
          name: 'DTKS uji',
          listKind: 'DTKS',
        },
        'text/csv',
      ),
    ),
    'list run',
  );
  expect((await waitJob(admin, list.jobId)).status).toBe('DONE');

  const proposal = ok(await opOther.post('/api/v1/aid/proposals', { householdId: other, programCode: 'RTLH' }), 'proposal');
  const budget = ok(await opOther.post('/api/v1/aid/budgets', { desaCode: OTHER_DESA, year: 2026, allocation: 1000000 }), 'budget');
  ok(await dinsos.post('/api/v1/aid/receipts', { householdId: other, programCode: 'PKH', periodYear: 2026 }), 'receipt');
  const receipt = await s.ctx.db.selectFrom('aid_receipt').select('id').where('household_id', '=', other).executeTakeFirstOrThrow();
  const aidImport = ok(
    await dinsos.request(
      'POST',
      '/api/v1/aid/imports',
      multipart(
        Buffer.from(`NIK,No KK,Nama,Kode Desa\n${SECRET.memberNik},,${SECRET.member},${OTHER_DESA}\n`),
        'penerima.csv',
        {
          programCode: 'BAZNAS',
          periodYear: '2026',
        },
        'text/csv',
      ),
    ),
    'aid import',
  );
  expect((await waitJob(dinsos, aidImport.jobId)).status).toBe('DONE');

  const decree = ok(
    await admin.post('/api/v1/decrees', {
      number: '400/9/2026',
      decreeDate: '2026-03-10',
      title: 'Penetapan uji',
      signatoryName: 'Bupati',
      signatoryPosition: 'Bupati Probolinggo',
      override: { reason: 'Uji keamanan lingkup wilayah tanpa musdes final' },
    }),
    'decree',
  );
  // Pendampingan in Tiris: an official of the only agency, a visit with a photo, an accompaniment with a follow-up.
  const agency = ok(await admin.post('/api/v1/organisation/agencies', { code: '9.01.01', name: 'Dinas Uji Tiris' }), 'agency');
  const official = ok(
    await admin.post('/api/v1/organisation/officials', {
      agencyId: agency.id,
      name: 'Staf Tiris',
      nip: nip(30),
      position: 'Staf',
      echelon: 'JF',
    }),
    'official',
  );
  ok(
    await admin.post(`/api/v1/organisation/periods/${period.id}/assignments`, {
      officialId: official.id,
      role: 'staf_pendamping',
      regionCode: OTHER_DESA,
    }),
    'assignment',
  );
  const visitPhoto = ok(
    await opOther.request('POST', `/api/v1/pendampingan/photos?desa=${OTHER_DESA}`, multipart(await png(60, 30, 90), 'balai.png')),
    'visit photo',
  );
  const visit = ok(
    await opOther.post('/api/v1/pendampingan/visits', {
      desaCode: OTHER_DESA,
      visitDate: '2026-03-05',
      place: SECRET.place,
      photos: [visitPhoto.sha256],
      participants: [SECRET.head],
      officialId: official.id,
    }),
    'visit',
  );
  ok(
    await opOther.put(`/api/v1/pendampingan/periods/${period.id}/companions`, {
      desaCode: OTHER_DESA,
      householdIds: [other],
      officialId: official.id,
    }),
    'companion',
  );
  const activity = ok(
    await opOther.post('/api/v1/pendampingan/activities', {
      householdId: other,
      visitId: visit.id,
      activityDate: '2026-03-05',
      visited: true,
      problem: SECRET.address,
      aid: { action: 'ADVOCATED', proposalId: proposal.id },
      followUps: [{ title: SECRET.kendala, dueDate: '2026-03-20' }],
      officialId: official.id,
    }),
    'activity',
  );
  return {
    visitId: visit.id,
    visitPhoto: visitPhoto.sha256,
    followupId: activity.followUpIds[0],
    other,
    twin,
    memberId: Number(member.id),
    userId: Number(user.id),
    periodId: period.id,
    stageId: stage.id,
    criteriaId: criteria.id,
    vervalId: verval.id,
    photo: photo.sha256,
    meetingId,
    documentId: doc.id,
    attendeeId: Number(attendee.id),
    kendalaId: kendala.id,
    jobId: run.jobId,
    internalRunId: run.runId,
    listRunId: list.runId,
    candidateId: candidate.id,
    crossCandidateId: cross.id,
    proposalId: proposal.id,
    budgetId: budget.id,
    receiptId: Number(receipt.id),
    aidImportId: aidImport.importId,
    decreeId: decree.id,
  };
}

beforeAll(async () => {
  s = await startTestServer();
  f = await buildFixtures();
  routes = readRoutes();
  for (const g of ROLES) clients.push({ label: `${g.role}@${g.regionCode}`, c: await s.userClient(`u-${g.role}`, [g]) });
  // The admin sees the Tiris fixtures: proof that the secrets are where the checks look.
  const admin = await s.userClient('admin-check', [{ role: 'admin_kabupaten', regionCode: '35.13' }]);
  expect((await admin.get(`/api/v1/households/${f.other}`)).text).toContain(SECRET.member);
  expect((await admin.get(`/api/v1/matching/candidates/${f.candidateId}`)).text).toContain(SECRET.twin);
  expect((await admin.get(`/api/v1/matching/candidates/${f.crossCandidateId}`)).text).toContain(SECRET.cousinNik);
  expect((await bodyText(admin, `/api/v1/decrees/${f.decreeId}/lampiran.pdf`)).text).toContain(SECRET.head);
  expect((await bodyText(admin, `/api/v1/decrees/${f.decreeId}/lampiran.xlsx`)).text).toContain(SECRET.head);
}, 180_000);
afterAll(async () => {
  await s?.close();
});

const leaked = (text: string) => SECRETS.filter((x) => text.includes(x));

describe('every GET route, by each scoped role of another kecamatan', () => {
  it('knows a fixture for every path parameter (a new route with a new parameter fails here)', () => {
    const unknown = routes.flatMap((r) =>
      r.pathParams.filter((p) => !PARAMS[paramKey(r.path, p)]).map((p) => `${r.method} ${r.path}: ${p}`),
    );
    expect(unknown.join('\n')).toBe('');
    const unknownRequired = routes
      .filter((r) => r.method === 'GET')
      .flatMap((r) => r.query.filter((q) => q.required && QUERY_DEFAULTS[q.name] === undefined).map((q) => `${r.path}?${q.name}`));
    expect(unknownRequired).toEqual([]);
    expect(routes.filter((r) => r.method === 'GET').length).toBeGreaterThan(90);
  });

  it('leaks no personal data of another region, and answers 403/404 for its objects by id', async () => {
    const problems: string[] = [];
    for (const r of routes.filter((x) => x.method === 'GET')) {
      const { url, regional } = fill(r);
      const target = withQuery(url, r);
      for (const { label, c } of clients) {
        const res = await bodyText(c, target);
        if (res.status >= 500) problems.push(`${label} GET ${target}: ${res.status}`);
        if (regional && res.status < 400) problems.push(`${label} GET ${target}: ${res.status} for an object of another region`);
        if (res.status < 300) {
          const found = leaked(res.text);
          if (found.length) problems.push(`${label} GET ${target}: leaks ${found.join(', ')}`);
        }
      }
    }
    // A pair across the two kecamatan is visible from Banyuanyar, reduced on the Tiris side.
    for (const { label, c } of clients) {
      const res = await bodyText(c, `/api/v1/matching/candidates/${f.crossCandidateId}`);
      if (res.status < 300 && leaked(res.text).length)
        problems.push(`${label} cross-kecamatan candidate leaks ${leaked(res.text).join(', ')}`);
    }
    expect(problems.join('\n')).toBe('');
  });

  it('answers 404 to a region filter naming another region (403 where the role may not use the route)', async () => {
    const problems: string[] = [];
    const filtered = routes.filter((r) => r.method === 'GET' && r.query.some((q) => REGION_FILTERS[q.name]));
    expect(filtered.length).toBeGreaterThan(20);
    for (const r of filtered) {
      const { url, regional } = fill(r);
      if (regional) continue;
      for (const q of r.query.filter((x) => REGION_FILTERS[x.name])) {
        for (const code of REGION_FILTERS[q.name] as string[]) {
          const target = withQuery(url, r, { [q.name]: code });
          for (const { label, c } of clients) {
            const res = await bodyText(c, target);
            if (res.status !== 404 && res.status !== 403) problems.push(`${label} GET ${target}: ${res.status}`);
            else if (res.status === 404 && !res.text.includes('NOT_FOUND')) problems.push(`${label} GET ${target}: 404 without NOT_FOUND`);
          }
        }
      }
    }
    expect(problems.join('\n')).toBe('');
  });
});

describe('writes on another region', () => {
  it('never succeed on a route with an object of another region in its path', async () => {
    const problems: string[] = [];
    for (const r of routes.filter((x) => x.method !== 'GET')) {
      if (!r.pathParams.length) continue;
      const { url, regional } = fill(r);
      if (!regional) continue;
      for (const { label, c } of clients) {
        const res = await c.request(r.method, withQuery(url, r), {});
        if (res.status < 300 || res.status >= 500) problems.push(`${label} ${r.method} ${url}: ${res.status}`);
      }
    }
    expect(problems.join('\n')).toBe('');
  });

  it('answer 403/404 to well-formed writes on another region, and change nothing', async () => {
    const photo = await png(10, 10, 10);
    const sample: Array<[string, string, () => unknown]> = [
      ['PUT', `/api/v1/verval/periods/${f.periodId}/households/${f.other}`, () => ({ baseVersion: 1, found: true, outcome: 'MAMPU' })],
      ['POST', `/api/v1/verval/${f.vervalId}/approve`, () => ({ baseVersion: 2 })],
      ['POST', `/api/v1/verval/periods/${f.periodId}/review/approve`, () => ({ region: OTHER_DESA })],
      ['POST', `/api/v1/verval/households/${f.other}/photos`, () => multipart(photo, 'x.png')],
      ['POST', `/api/v1/verval/periods/${f.periodId}/households`, () => ({ desaCode: OTHER_DESA, headName: 'Baru', reason: 'Ditemukan' })],
      ['PUT', `/api/v1/households/members/${f.memberId}/conditions`, () => ({ disability: true, chronicIllness: false })],
      ['POST', '/api/v1/kendala', () => ({ category: 'DATA', title: 'Titipan', description: 'x', desaCode: OTHER_DESA })],
      ['POST', `/api/v1/kendala/${f.kendalaId}/comments`, () => ({ body: 'Komentar' })],
      ['PUT', `/api/v1/kendala/${f.kendalaId}/screenshot`, () => multipart(photo, 'x.png')],
      [
        'POST',
        '/api/v1/musdes/meetings',
        () => ({ periodId: f.periodId, desaCode: OTHER_DESA, type: 'MUSDES', heldOn: '2026-02-21', place: 'x', chair: 'x', agenda: 'x' }),
      ],
      ['PATCH', `/api/v1/musdes/meetings/${f.meetingId}`, () => ({ version: 1, place: 'Tempat lain' })],
      ['POST', `/api/v1/musdes/meetings/${f.meetingId}/attendees`, () => ({ attendees: [{ name: 'X', role: 'BPD', signed: true }] })],
      ['PUT', `/api/v1/musdes/meetings/${f.meetingId}/decisions`, () => ({ items: [{ householdId: f.other, decision: 'DEFER' }] })],
      ['DELETE', `/api/v1/musdes/meetings/${f.meetingId}/documents/${f.documentId}`, () => undefined],
      ['POST', `/api/v1/matching/candidates/${f.candidateId}/resolve`, () => ({ decision: 'DIFFERENT' })],
      ['POST', '/api/v1/aid/proposals', () => ({ householdId: f.other, programCode: 'PIP' })],
      ['POST', `/api/v1/aid/proposals/${f.proposalId}/transition`, () => ({ action: 'verify', version: 1 })],
      ['POST', '/api/v1/aid/receipts', () => ({ householdId: f.other, programCode: 'BPNT', periodYear: 2026 })],
      ['DELETE', `/api/v1/aid/receipts/${f.receiptId}`, () => undefined],
      ['POST', '/api/v1/aid/budgets', () => ({ desaCode: OTHER_DESA, year: 2027, allocation: 5 })],
      ['PUT', `/api/v1/aid/budgets/${f.budgetId}/households`, () => ({ householdIds: [f.other], version: 1 })],
      ['PUT', `/api/v1/aid/lokus/${OTHER_DESA}`, () => ({ pinned: true, reason: 'Prioritas' })],
      [
        'PUT',
        `/api/v1/pendampingan/periods/${f.periodId}/companions`,
        () => ({ desaCode: OTHER_DESA, householdIds: [f.other], officialId: null }),
      ],
      ['POST', `/api/v1/pendampingan/periods/${f.periodId}/companions/split`, () => ({ desaCode: OTHER_DESA })],
      ['POST', `/api/v1/pendampingan/photos?desa=${OTHER_DESA}`, () => multipart(photo, 'x.png')],
      ['POST', '/api/v1/pendampingan/visits', () => ({ desaCode: OTHER_DESA, visitDate: '2026-03-06', place: 'x' })],
      ['POST', '/api/v1/pendampingan/activities', () => ({ householdId: f.other, activityDate: '2026-03-06', visited: true })],
      ['POST', `/api/v1/pendampingan/follow-ups/${f.followupId}/status`, () => ({ status: 'DONE' })],
    ];
    const auditBefore = await s.ctx.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const problems: string[] = [];
    for (const [method, url, body] of sample) {
      for (const { label, c } of clients) {
        const res = await c.request(method, url, body());
        if (res.status !== 403 && res.status !== 404) problems.push(`${label} ${method} ${url}: ${res.status} ${res.text.slice(0, 120)}`);
      }
    }
    expect(problems.join('\n')).toBe('');
    const auditAfter = await s.ctx.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(auditAfter.n)).toBe(Number(auditBefore.n));
    const v = await s.ctx.db.selectFrom('verval').select(['status', 'version']).where('id', '=', f.vervalId).executeTakeFirstOrThrow();
    expect(v).toEqual({ status: 'SUBMITTED', version: 2 });
  });
});
