import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertHouseholds } from '../helpers/registry-fixtures.js';
import { type Client, startTestServer, type TestServer } from '../helpers/server.js';

/**
 * Issue 20 item 4: a record may reference only the files uploaded for it. A verval record
 * naming the sha256 of another desa's photo, of a kendala screenshot or of a hash never
 * stored is refused with one and the same answer, and nothing of the other file is served.
 */

const DESA_A = '35.13.06.2005';
const DESA_B = '35.13.06.2013';

let s: TestServer;
let admin: Client;
let opA: Client;
let opB: Client;
let period: number;
let hA: number;
let hA2: number;
let hB: number;
let photoA: string;
let photoB: string;
let screenshotB: string;

const png = (r: number, g: number, b: number) =>
  sharp({ create: { width: 40, height: 30, channels: 3, background: { r, g, b } } })
    .png()
    .toBuffer();

function form(bytes: Buffer, name = 'foto.png') {
  const f = new FormData();
  f.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/png' }), name);
  return f;
}

async function uploadPhoto(c: Client, householdId: number, bytes: Buffer): Promise<string> {
  const r = await c.request('POST', `/api/v1/verval/households/${householdId}/photos`, form(bytes));
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.sha256;
}

const save = (c: Client, householdId: number, photos: string[], baseVersion = 0) =>
  c.request('PUT', `/api/v1/verval/periods/${period}/households/${householdId}`, { baseVersion, found: true, outcome: 'TETAP', photos });

beforeAll(async () => {
  s = await startTestServer();
  admin = await s.userClient('admin', [{ role: 'admin_kabupaten', regionCode: '35.13' }]);
  opA = await s.userClient('op-a', [{ role: 'operator_desa', regionCode: DESA_A }]);
  opB = await s.userClient('op-b', [{ role: 'operator_desa', regionCode: DESA_B }]);
  [hA, hA2, hB] = (await insertHouseholds(s.ctx.db, [
    { desaCode: DESA_A, headName: 'Keluarga A' },
    { desaCode: DESA_A, headName: 'Keluarga A2' },
    { desaCode: DESA_B, headName: 'Keluarga B' },
  ])) as [number, number, number];
  const p = await admin.post('/api/v1/organisation/periods', {
    program: 'Verval',
    name: 'Verval',
    startDate: '2026-01-01',
    endDate: '2026-12-31',
  });
  expect(p.status, JSON.stringify(p.body)).toBe(201);
  period = p.body.id;
  photoA = await uploadPhoto(opA, hA, await png(200, 10, 10));
  photoB = await uploadPhoto(opB, hB, await png(10, 200, 10));
  const k = await opB.post('/api/v1/kendala', { category: 'APLIKASI', title: 'Layar galat', description: 'Tangkapan layar terlampir' });
  expect(k.status, JSON.stringify(k.body)).toBe(201);
  const shot = await opB.request('PUT', `/api/v1/kendala/${k.body.id}/screenshot`, form(await png(10, 10, 200), 'layar.png'));
  expect(shot.status, JSON.stringify(shot.body)).toBe(200);
  const row = await s.ctx.db.selectFrom('kendala').select('screenshot_sha256').where('id', '=', k.body.id).executeTakeFirstOrThrow();
  screenshotB = row.screenshot_sha256 as string;
}, 120_000);
afterAll(async () => {
  await s?.close();
});

describe('verval photo references', () => {
  it('refuses another desa photo, a kendala screenshot and an unknown hash with the same answer', async () => {
    const answers = [];
    for (const sha of [photoB, screenshotB, 'c'.repeat(64)]) {
      const r = await save(opA, hA, [sha]);
      expect(r.status, sha).toBe(400);
      answers.push({ ...r.body.error, details: { ...r.body.error.details, sha256: '<sha>' } });
    }
    expect(answers[0].code).toBe('VERVAL_PHOTO_UNKNOWN');
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    expect(await s.ctx.db.selectFrom('verval').select('id').where('household_id', '=', hA).execute()).toEqual([]);
  });

  it('refuses a photo uploaded for another household of the same desa', async () => {
    const r = await save(opA, hA2, [photoA]);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VERVAL_PHOTO_UNKNOWN');
  });

  it('accepts the photo uploaded for the household, serves it, and never serves a foreign hash through it', async () => {
    const r = await save(opA, hA, [photoA]);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const id = r.body.id;
    expect((await opA.get(`/api/v1/verval/${id}/photos/${photoA}`)).status).toBe(200);
    for (const sha of [photoB, screenshotB]) {
      expect((await opA.get(`/api/v1/verval/${id}/photos/${sha}`)).status).toBe(404);
      expect((await opA.get(`/api/v1/verval/households/${hA}/photos/${sha}`)).status).toBe(404);
    }
    // Saving again keeps the photo already on the record.
    expect((await save(opA, hA, [photoA], 1)).status).toBe(200);
  });

  it('the other desa cannot read the photo by household or record', async () => {
    expect((await opB.get(`/api/v1/verval/households/${hA}/photos/${photoA}`)).status).toBe(404);
    const v = await s.ctx.db.selectFrom('verval').select('id').where('household_id', '=', hA).executeTakeFirstOrThrow();
    expect((await opB.get(`/api/v1/verval/${v.id}/photos/${photoA}`)).status).toBe(404);
  });
});
