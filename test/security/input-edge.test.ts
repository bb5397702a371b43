import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADER, CSRF_VALUE } from '../../src/http/server.js';
import { DESA_A, type HouseholdWorld, startHouseholdWorld } from '../helpers/household-dataset.js';
import type { Client, Res, TestServer } from '../helpers/server.js';

/**
 * Malformed input answers 400 with a JSON error at the edge, never a 500 from deep inside a
 * query (PostgreSQL text cannot hold NUL) nor a streamed export cut off mid-file.
 */

let w: HouseholdWorld;
let s: TestServer;
let admin: Client;
let opDesa: Client;

beforeAll(async () => {
  w = await startHouseholdWorld();
  ({ s, admin, opDesa } = w);
}, 120_000);
afterAll(async () => {
  await w?.s.close();
});

function expectInvalidInput(r: Res) {
  expect(r.status, r.text).toBe(400);
  expect(r.headers.get('content-type')).toContain('application/json');
  expect(r.body.error).toMatchObject({ code: 'INVALID_INPUT', message: 'Masukan mengandung karakter yang tidak diizinkan' });
}

const cursor = (body: unknown) => Buffer.from(JSON.stringify(body)).toString('base64url');

describe('NUL characters', () => {
  it('in query filters: users q, audit entity, household search', async () => {
    expectInvalidInput(await admin.get('/api/v1/users?q=a%00b'));
    expectInvalidInput(await admin.get('/api/v1/audit?entity=user%00'));
    expectInvalidInput(await admin.get('/api/v1/households?q=%00'));
    // A query array value too.
    expectInvalidInput(await admin.get('/api/v1/users?q=a&q=%00'));
  });

  it('in the musdes tabled filters', async () => {
    const periodId = (
      await admin.post('/api/v1/organisation/periods', {
        program: 'Gesek',
        name: 'Gesek 2026',
        startDate: '2026-01-01',
        endDate: '2026-12-31',
      })
    ).body.id;
    const m = await admin.post('/api/v1/musdes/meetings', {
      periodId,
      desaCode: DESA_A,
      type: 'MUSDES',
      heldOn: '2026-02-20',
      place: 'Balai Desa',
      chair: 'H. Sulaiman',
      agenda: 'Hasil verval',
    });
    expect(m.status, m.text).toBe(201);
    const url = `/api/v1/musdes/meetings/${m.body.meeting.id}/tabled`;
    expect((await admin.get(`${url}?q=siti`)).status).toBe(200);
    expectInvalidInput(await admin.get(`${url}?q=siti%00`));
    expectInvalidInput(await admin.get(`${url}?outcome=TETAP%00`));
  });

  it('in JSON bodies at any depth: kendala title and comment', async () => {
    expectInvalidInput(await opDesa.post('/api/v1/kendala', { category: 'DATA', title: 'Data\u0000salah', description: 'x' }));
    const k = await opDesa.post('/api/v1/kendala', { category: 'DATA', title: 'Data salah', description: 'NIK tertukar' });
    expect(k.status, k.text).toBe(201);
    expectInvalidInput(await opDesa.post(`/api/v1/kendala/${k.body.id}/comments`, { body: 'halo\u0000' }));
    // Nested strings and object keys are checked too (the schema would otherwise strip or miss them).
    expectInvalidInput(
      await admin.post('/api/v1/users', {
        username: 'baru1',
        fullName: 'X',
        password: 'sandi-panjang-1',
        roles: [{ role: 'pimpinan', regionCode: '35.13\u0000' }],
      }),
    );
    expectInvalidInput(await admin.post('/api/v1/users', { 'user\u0000name': 'baru2' }));
    // A lone surrogate is no text either: the audit log's jsonb refused it, so every write failed.
    expectInvalidInput(
      await admin.patch(`/api/v1/users/${(await admin.get('/api/v1/auth/me')).body.user.id}`, { fullName: 'Admin \ud800' }),
    );
    expect((await admin.patch(`/api/v1/users/${(await admin.get('/api/v1/auth/me')).body.user.id}`, { fullName: 'Admin 😀' })).status).toBe(
      200,
    );
    // Nothing was written.
    const comments = await opDesa.get(`/api/v1/kendala/${k.body.id}`);
    expect(comments.body.comments).toEqual([]);
  });

  it('in the path', async () => {
    expectInvalidInput(await admin.get('/api/v1/regions/35.13%00'));
    expectInvalidInput(await admin.get('/api/%00v1/users'));
  });

  it('in multipart field values and file names', async () => {
    const form = new FormData();
    form.append('kind', 'P3KE\u0000');
    form.append('keluarga', new Blob(['a,b\n1,2\n']), 'keluarga.csv');
    expectInvalidInput(await admin.post('/api/v1/imports', form));
    const named = new FormData();
    named.append('kind', 'DTKS');
    named.append('dtks', new Blob(['a,b\n1,2\n']), 'dtks\u0000.csv');
    expectInvalidInput(await admin.post('/api/v1/imports', named));
  });

  it('the CSV export refuses q=%00 with a JSON error instead of cutting the stream', async () => {
    const r = await admin.get('/api/v1/households/export.csv?q=%00');
    expectInvalidInput(r);
    const ok = await admin.get('/api/v1/households/export.csv?q=siti');
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('SITI AMINAH');
  });
});

describe('household cursors', () => {
  it('refuse a NUL key and an impossible timestamp with 400 INVALID_CURSOR', async () => {
    const first = await admin.get('/api/v1/households?sort=updatedAt&pageSize=1');
    expect(first.status).toBe(200);
    expect(first.body.nextCursor).toBeTruthy();
    expect((await admin.get(`/api/v1/households?sort=updatedAt&pageSize=1&cursor=${first.body.nextCursor}`)).status).toBe(200);
    for (const c of [
      cursor({ s: 'headName', o: 'asc', k: ['siti\u0000', '1'] }),
      cursor({ s: 'updatedAt', o: 'asc', k: ['2024-13-45 99:99:99+00', '1'] }),
      cursor({ s: 'updatedAt', o: 'asc', k: ['2023-02-29 10:00:00+00', '1'] }),
      cursor({ s: 'updatedAt', o: 'asc', k: ['2024-01-01 10:00:00+99', '1'] }),
    ]) {
      const sort = c === cursor({ s: 'headName', o: 'asc', k: ['siti\u0000', '1'] }) ? 'headName' : 'updatedAt';
      const r = await admin.get(`/api/v1/households?sort=${sort}&order=asc&cursor=${c}`);
      expect(r.status, r.text).toBe(400);
      expect(r.body.error.code).toBe('INVALID_CURSOR');
    }
  });
});

describe('multipart bodies', () => {
  it('a truncated or boundary-less body answers 400, not 500', async () => {
    const post = (contentType: string, body: string) =>
      fetch(`${s.baseUrl}/api/v1/imports`, {
        method: 'POST',
        headers: { cookie: admin.cookie, [CSRF_HEADER]: CSRF_VALUE, 'content-type': contentType },
        body,
      });
    const truncated = await post(
      'multipart/form-data; boundary=XyZ',
      '--XyZ\r\nContent-Disposition: form-data; name="kind"\r\n\r\nP3KE\r\n--XyZ\r\nContent-Disposition: form-data; name="keluarga"; filename="k.csv"\r\n\r\na,b\n1,2',
    );
    expect(truncated.status).toBe(400);
    expect(((await truncated.json()) as { error: { code: string } }).error.code).toBe('INVALID_MULTIPART');
    const noBoundary = await post('multipart/form-data', '--XyZ\r\n\r\n');
    expect(noBoundary.status).toBe(400);
    const badHeader = await post('multipart/form-data; boundary=XyZ', '--XyZ\r\nnot a header\r\n\r\nx\r\n--XyZ--\r\n');
    expect(badHeader.status).toBeLessThan(500);
  });
});
