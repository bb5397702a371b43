import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ loginPerIpPerMinute: 3, maxFailedLogins: 100 });
});
afterAll(async () => {
  await s?.close();
});

it('limits login attempts per IP, across different usernames', async () => {
  const statuses: number[] = [];
  for (const username of ['a1', 'a2', 'a3', 'a4']) {
    statuses.push((await s.anonymous().post('/api/v1/auth/login', { username, password: 'salah-sekali-1' })).status);
  }
  expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
  expect(statuses[3]).toBe(429);
  const r = await s.anonymous().post('/api/v1/auth/login', { username: 'a5', password: 'salah-sekali-1' });
  expect(r.body.error.code).toBe('RATE_LIMITED');
  expect(r.body.error.message).toContain('Terlalu banyak');
});
