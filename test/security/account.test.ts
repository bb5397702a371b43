import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADER, CSRF_VALUE } from '../../src/http/server.js';
import { type Client, startTestServer, TEST_PASSWORD, type TestServer } from '../helpers/server.js';

let s: TestServer;
let user: Client;

beforeAll(async () => {
  s = await startTestServer({ maxFailedLogins: 3 });
  user = await s.userClient('pemilik', [{ role: 'pimpinan', regionCode: '35.13' }]);
});
afterAll(async () => {
  await s?.close();
});

const login = (username: string, password: string) => s.anonymous().post('/api/v1/auth/login', { username, password });

describe('changing one’s own password (PATCH /api/v1/me)', () => {
  it('requires the current password', async () => {
    const r = await user.patch('/api/v1/me', { password: 'sandi-baru-2026' });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'CURRENT_PASSWORD_REQUIRED', message: 'Masukkan kata sandi saat ini untuk menggantinya' });
    expect((await login('pemilik', TEST_PASSWORD)).status).toBe(200);
    expect((await login('pemilik', 'sandi-baru-2026')).status).toBe(401);
    // The language alone still needs no password.
    expect((await user.patch('/api/v1/me', { language: 'en' })).status).toBe(200);
  });

  it('refuses a wrong current password, audits it and counts it as a failed attempt', async () => {
    const r = await user.patch('/api/v1/me', { password: 'sandi-baru-2026', currentPassword: 'bukan-sandinya' });
    expect(r.status).toBe(403);
    expect(r.body.error).toMatchObject({ code: 'WRONG_CURRENT_PASSWORD', message: 'Kata sandi saat ini salah' });
    const audit = await s.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'actor_name'])
      .where('action', '=', 'auth.password_check_failed')
      .execute();
    expect(audit).toEqual([{ action: 'auth.password_check_failed', actor_name: 'pemilik' }]);
    // maxFailedLogins is 3: the wrong login of the test above, this refusal and one more wrong
    // login lock the name, for the password check and for signing in alike.
    expect((await login('pemilik', 'sandi-baru-2026')).status).toBe(401);
    const locked = await user.patch('/api/v1/me', { password: 'sandi-baru-2026', currentPassword: TEST_PASSWORD });
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('ACCOUNT_LOCKED');
    expect((await login('pemilik', TEST_PASSWORD)).status).toBe(429);
  });

  it('changes it with the right current password', async () => {
    const other = await s.userClient('pemilik2', [{ role: 'pimpinan', regionCode: '35.13' }]);
    const r = await other.patch('/api/v1/me', { password: 'sandi-baru-2026', currentPassword: TEST_PASSWORD });
    expect(r.status, r.text).toBe(200);
    expect((await login('pemilik2', TEST_PASSWORD)).status).toBe(401);
    expect((await login('pemilik2', 'sandi-baru-2026')).status).toBe(200);
  });
});

describe('CSRF header', () => {
  it('is required however the path is spelled', async () => {
    for (const url of [
      '/api/v1/auth/login',
      '/%61pi/v1/auth/login',
      '/api/v1/auth/logi%6E',
      '/api/v1//auth/login',
      '/api/v1/auth/login/',
    ]) {
      const r = await fetch(s.baseUrl + url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'pemilik2', password: 'sandi-baru-2026' }),
      });
      expect(r.status, url).toBe(403);
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe('CSRF_REJECTED');
      expect(r.headers.get('set-cookie')).toBeNull();
    }
    // The encoded spelling with the header reaches the same route and signs in.
    const ok = await fetch(`${s.baseUrl}/%61pi/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CSRF_HEADER]: CSRF_VALUE },
      body: JSON.stringify({ username: 'pemilik2', password: 'sandi-baru-2026' }),
    });
    expect(ok.status).toBe(200);
  });
});
