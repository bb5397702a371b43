import { sql } from 'kysely';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestServer, type TestServer } from '../helpers/server.js';

const A = '35.13.06.2005';
const B = '35.13.06.2013';
const url = '/api/v1/kendala';
// A real 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

let s: TestServer;
let opA: Client;
let opB: Client;
let opKec: Client;
let dinsos: Client;
let admin: Client;
let pimpinan: Client;

beforeAll(async () => {
  s = await startTestServer();
  opA = await s.userClient('op.a', [{ role: 'operator_desa', regionCode: A }]);
  opB = await s.userClient('op.b', [{ role: 'operator_desa', regionCode: B }]);
  opKec = await s.userClient('op.kec', [{ role: 'operator_kecamatan', regionCode: '35.13.06' }]);
  dinsos = await s.userClient('dinsos.k', [{ role: 'dinsos', regionCode: '35.13' }]);
  admin = await s.userClient('admin.k', [{ role: 'admin_kabupaten', regionCode: '35.13' }]);
  pimpinan = await s.userClient('bupati', [{ role: 'pimpinan', regionCode: '35.13' }]);
});
afterAll(async () => {
  await s?.close();
});

const upload = (c: Client, id: number, data: Buffer | string, name = 'layar.png', type = 'image/png') => {
  const form = new FormData();
  form.append('file', new Blob([data], { type }), name);
  return c.request('PUT', `${url}/${id}/screenshot`, form);
};

describe('kendala', () => {
  let id: number;

  it('lets a desa operator report a problem for their desa', async () => {
    const res = await opA.post(url, {
      category: 'APLIKASI',
      title: 'Tidak bisa simpan verval',
      description: 'Tombol simpan tidak merespons.',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      category: 'APLIKASI',
      title: 'Tidak bisa simpan verval',
      status: 'BARU',
      desaCode: A,
      desaName: 'Alassapi',
      kecamatanName: 'Banyuanyar',
      reporter: { name: 'op.a' },
      screenshot: null,
      firstResponseAt: null,
      responseSeconds: null,
      resolutionSeconds: null,
      commentCount: 0,
    });
    id = res.body.id;
    expect((await opA.post(url, { category: 'DATA', title: 'Data ganda', description: 'x', desaCode: '35.13.01.2001' })).status).toBe(404);
    expect((await opA.post(url, { category: 'LAINNYA', title: 'Apa saja', description: 'x' })).status).toBe(400);
    const noDesa = await admin.post(url, { category: 'DATA', title: 'Tanpa desa', description: 'x' });
    expect(noDesa.status).toBe(400);
    expect(noDesa.body.error.code).toBe('DESA_REQUIRED');
  });

  it('takes a real PNG screenshot and refuses a text file named .png, or one over 5 MB', async () => {
    const fake = await upload(opA, id, 'ini bukan gambar, hanya teks');
    expect(fake.status).toBe(415);
    const big = Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024)]);
    expect((await upload(opA, id, big)).status).toBe(413);
    expect((await upload(opB, id, PNG)).status).toBe(404);
    const ok = await upload(opA, id, PNG, 'layar.jpg', 'image/jpeg');
    expect(ok.status).toBe(200);
    // Stored normalised like verval photos: re-encoded as JPEG.
    expect(ok.body.screenshot).toEqual({ mime: 'image/jpeg' });
    const shot = await fetch(`${s.baseUrl}${url}/${id}/screenshot`, { headers: { cookie: dinsos.cookie } });
    expect(shot.status).toBe(200);
    expect(shot.headers.get('content-type')).toBe('image/jpeg');
    const meta = await sharp(Buffer.from(await shot.arrayBuffer())).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 1, 1]);
    expect((await opB.get(`${url}/${id}/screenshot`)).status).toBe(404);
  });

  it('strips the EXIF (GPS of the reporter’s phone) from a JPEG screenshot and scales it down', async () => {
    const original = await sharp({ create: { width: 1080, height: 2400, channels: 3, background: '#dde3ea' } })
      .withExif({ IFD0: { Model: 'Redmi Note 12' }, IFD3: { GPSLatitudeRef: 'S', GPSLatitude: '7/1 48/1 0/1' } })
      .jpeg()
      .toBuffer();
    const before = await sharp(original).metadata();
    expect(before.exif?.includes(Buffer.from('Redmi'))).toBe(true);
    expect((await upload(opA, id, original, 'layar.jpg', 'image/jpeg')).status).toBe(200);
    const shot = await fetch(`${s.baseUrl}${url}/${id}/screenshot`, { headers: { cookie: opA.cookie } });
    expect(shot.status).toBe(200);
    const body = Buffer.from(await shot.arrayBuffer());
    const meta = await sharp(body).metadata();
    expect(meta.exif).toBeUndefined();
    expect(body.includes(Buffer.from('Exif'))).toBe(false);
    expect(body.includes(Buffer.from('Redmi'))).toBe(false);
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 720, 1600]);
  });

  it('shows tickets by area: the desa, its kecamatan and Dinsos, not another desa', async () => {
    const other = await opB.post(url, { category: 'INPUT', title: 'Salah ketik NIK', description: 'NIK tertukar.' });
    expect(other.status).toBe(201);
    const titles = async (c: Client, q = '') => (await c.get(`${url}${q}`)).body.items.map((k: { title: string }) => k.title);
    expect(await titles(opA)).toEqual(['Tidak bisa simpan verval']);
    expect(await titles(opB)).toEqual(['Salah ketik NIK']);
    expect(await titles(opKec)).toEqual(['Salah ketik NIK', 'Tidak bisa simpan verval']);
    expect(await titles(dinsos)).toEqual(['Salah ketik NIK', 'Tidak bisa simpan verval']);
    expect(await titles(dinsos, `?desa=${A}`)).toEqual(['Tidak bisa simpan verval']);
    expect(await titles(dinsos, '?kecamatan=35.13.01')).toEqual([]);
    expect(await titles(dinsos, '?status=SELESAI,DITOLAK')).toEqual([]);
    expect((await dinsos.get(`${url}?status=HILANG`)).status).toBe(400);
    expect((await opB.get(`${url}/${id}`)).status).toBe(404);
  });

  it('lets pimpinan read but not report or comment (403), and the server says so to the web app', async () => {
    const list = await pimpinan.get(url);
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(2);
    expect(list.body.canReport).toBe(false);
    expect((await opA.get(url)).body.canReport).toBe(true);
    const report = await pimpinan.post(url, { category: 'DATA', title: 'Dari pimpinan', description: 'x', desaCode: A });
    expect(report.status).toBe(403);
    expect(report.body.error.code).toBe('FORBIDDEN');
    const detail = await pimpinan.get(`${url}/${id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.canComment).toBe(false);
    expect((await opA.get(`${url}/${id}`)).body.canComment).toBe(true);
    expect((await pimpinan.post(`${url}/${id}/comments`, { body: 'Mohon segera' })).status).toBe(403);
    expect((await pimpinan.get(`${url}/${id}`)).body.commentCount).toBe(0);
  });

  it('answers 404 to a region filter outside the reader’s area', async () => {
    for (const q of [`?desa=${B}`, '?kecamatan=35.13.07']) {
      const res = await opA.get(`${url}${q}`);
      expect(res.status, q).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    }
    expect((await opA.get(`${url}?kecamatan=35.13.06`)).body.items).toHaveLength(1);
  });

  it('records the first answer by Dinsos as the response time and moves it to DIPROSES', async () => {
    await sql`update kendala set created_at = now() - interval '2 hours' where id = ${id}`.execute(s.ctx.db);
    const mine = await opA.post(`${url}/${id}/comments`, { body: 'Sudah dicoba ulang, tetap gagal.' });
    expect(mine.status).toBe(201);
    expect(mine.body).toMatchObject({ status: 'BARU', responseSeconds: null, commentCount: 1 });
    const answer = await dinsos.post(`${url}/${id}/comments`, { body: 'Mohon kirim jam kejadian.' });
    expect(answer.status).toBe(201);
    expect(answer.body.status).toBe('DIPROSES');
    expect(answer.body.responseSeconds).toBeGreaterThanOrEqual(7200);
    expect(answer.body.responseSeconds).toBeLessThan(7300);
    const detail = await opKec.get(`${url}/${id}`);
    expect(detail.body.comments.map((c: { author: { name: string }; body: string }) => [c.author.name, c.body])).toEqual([
      ['op.a', 'Sudah dicoba ulang, tetap gagal.'],
      ['dinsos.k', 'Mohon kirim jam kejadian.'],
    ]);
  });

  it('lets only Dinsos/admin change the status, along the allowed path, with a reason to reject', async () => {
    expect((await opA.post(`${url}/${id}/status`, { status: 'SELESAI' })).status).toBe(403);
    expect((await opKec.post(`${url}/${id}/status`, { status: 'SELESAI' })).status).toBe(403);
    const noReason = await dinsos.post(`${url}/${id}/status`, { status: 'DITOLAK' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.code).toBe('REASON_REQUIRED');
    const done = await dinsos.post(`${url}/${id}/status`, { status: 'SELESAI' });
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('SELESAI');
    expect(done.body.resolutionSeconds).toBeGreaterThanOrEqual(7200);
    const again = await admin.post(`${url}/${id}/status`, { status: 'DIPROSES' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('INVALID_TRANSITION');
    expect((await upload(opA, id, PNG)).status).toBe(409);

    const other = (await opB.get(url)).body.items[0];
    const rejected = await admin.post(`${url}/${other.id}/status`, {
      status: 'DITOLAK',
      reason: 'Bukan kendala aplikasi; hubungi Dukcapil.',
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'DITOLAK', rejectionReason: 'Bukan kendala aplikasi; hubungi Dukcapil.' });
    expect(rejected.body.responseSeconds).toBe(rejected.body.resolutionSeconds);
    expect((await dinsos.get(`${url}?status=SELESAI,DITOLAK`)).body.total).toBe(2);
  });

  it('audits every write', async () => {
    const rows = await s.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'actor_name'])
      .where('entity', '=', 'kendala')
      .orderBy('id')
      .execute();
    expect(rows.map((r) => `${r.action}:${r.actor_name}`)).toEqual([
      'kendala.create:op.a',
      'kendala.screenshot:op.a',
      'kendala.screenshot:op.a',
      'kendala.create:op.b',
      'kendala.comment:op.a',
      'kendala.comment:dinsos.k',
      'kendala.status:dinsos.k',
      'kendala.status:admin.k',
    ]);
  });
});
