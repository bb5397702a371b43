import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldLabel } from '../../src/http/validation.js';
import { type Client, startTestServer, type TestServer } from '../helpers/server.js';

/**
 * A request that fails its schema is answered in the user's language, naming the field as the
 * form labels it, never with zod's developer text.
 */
let s: TestServer;
let op: Client;
let admin: Client;

beforeAll(async () => {
  s = await startTestServer();
  op = await s.userClient('op.validasi', [{ role: 'operator_desa', regionCode: '35.13.06.2005' }]);
  admin = await s.userClient('admin.validasi', [{ role: 'admin_kabupaten', regionCode: '35.13' }]);
}, 60_000);
afterAll(async () => {
  await s?.close();
});

type Detail = { field: string; message: string; messageEn: string };

describe('validation errors', () => {
  it('name the field and say what is wrong, in Indonesian and English', async () => {
    const r = await op.post('/api/v1/kendala', { category: 'BUKAN', title: 'ab', description: '' });
    expect(r.status).toBe(400);
    const e = r.body.error;
    expect(e.code).toBe('VALIDATION_ERROR');
    const byField = new Map<string, Detail>(e.details.map((d: Detail) => [d.field, d]));
    expect(byField.get('title')).toMatchObject({
      message: 'Judul terlalu pendek: minimal 3 karakter',
      messageEn: 'Title is too short: at least 3 characters',
    });
    expect(byField.get('description')).toMatchObject({ message: 'Uraian wajib diisi', messageEn: 'Description is required' });
    expect(byField.get('category')?.message).toMatch(/^Kategori harus salah satu dari: .*DATA/);
    expect(e.message).toMatch(/^Data tidak valid: /);
    expect(e.message).toContain('Judul terlalu pendek');
    // No developer text anywhere in the answer.
    expect(JSON.stringify(e)).not.toMatch(/Too small|expected string|>=|Invalid input/);
  });

  it('reports a missing field as required, a wrong type, a too long text and a bad query', async () => {
    const missing = await op.post('/api/v1/kendala', { category: 'DATA', description: 'x' });
    expect(missing.body.error.details).toEqual([
      expect.objectContaining({ field: 'title', message: 'Judul wajib diisi', messageEn: 'Title is required' }),
    ]);
    const long = await op.post('/api/v1/kendala', { category: 'DATA', title: 'x'.repeat(201), description: 'x' });
    expect(long.body.error.details[0]).toMatchObject({ field: 'title', message: 'Judul terlalu panjang: maksimal 200 karakter' });
    const typed = await op.post('/api/v1/kendala', { category: 'DATA', title: 123, description: 'x' });
    expect(typed.body.error.details[0]).toMatchObject({ field: 'title', message: 'Judul harus berupa teks' });
    const page = await admin.get('/api/v1/kendala?pageSize=100000');
    expect(page.status).toBe(400);
    expect(page.body.error.details[0]).toMatchObject({ field: 'pageSize', message: expect.stringMatching(/^Jumlah per halaman maksimal/) });
  });

  it('names an unlabelled field humanely and keeps a pattern’s own hint', async () => {
    expect(fieldLabel(['attendees', 0, 'kecamatanBinaan'])).toEqual({
      id: 'Daftar hadir ke-1 kecamatan binaan',
      en: 'Attendance #1 kecamatan binaan',
    });
    const bad = await admin.post('/api/v1/kendala', { category: 'DATA', title: 'Judul', description: 'x', desaCode: '35-13' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0]).toMatchObject({ field: 'desaCode', message: expect.stringContaining('Format Desa tidak sesuai') });
    expect(bad.body.error.details[0].message).toContain('Kode wilayah Kemendagri');
  });
});
