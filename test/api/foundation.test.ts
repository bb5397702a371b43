import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../src/modules/access/roles.js';
import { verifyAuditChain } from '../../src/modules/audit/service.js';
import { asTableOwner } from '../helpers/audit-tamper.js';
import { type Client, startTestServer, TEST_PASSWORD, type TestServer } from '../helpers/server.js';

let s: TestServer;
let admin: Client;

beforeAll(async () => {
  s = await startTestServer({ maxFailedLogins: 3, loginPerIpPerMinute: 1000 });
  admin = await s.userClient('admin1', [{ role: 'admin_kabupaten', regionCode: '35.13' }]);
});
afterAll(async () => {
  await s?.close();
});

describe('system', () => {
  it('reports health and the configured kabupaten', async () => {
    const h = await s.anonymous().get('/api/v1/health');
    expect(h.status).toBe(200);
    expect(h.body.status).toBe('ok');
    const m = await s.anonymous().get('/api/v1/meta');
    expect(m.body.kabupaten).toEqual({ code: '35.13', name: 'Kabupaten Probolinggo' });
  });

  it('lists every role with the region levels it may be granted on, which the grant form reads', async () => {
    const m = await s.anonymous().get('/api/v1/meta');
    const roles = m.body.roles as { role: string; minLevel: number; maxLevel: number }[];
    expect(roles.map((r) => r.role)).toEqual([...ROLES]);
    expect(roles.find((r) => r.role === 'operator_desa')).toEqual({ role: 'operator_desa', minLevel: 4, maxLevel: 4 });
    expect(roles.find((r) => r.role === 'pendamping')).toEqual({ role: 'pendamping', minLevel: 3, maxLevel: 4 });
  });

  it('serves the OpenAPI document', async () => {
    const r = await s.anonymous().get('/api/docs/json');
    expect(r.status).toBe(200);
    expect(r.body.openapi).toMatch(/^3\./);
    expect(Object.keys(r.body.paths)).toContain('/api/v1/users');
  });

  it('answers unknown API routes with a JSON error, no stack trace', async () => {
    const r = await s.anonymous().get('/api/v1/nope');
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('NOT_FOUND');
    expect(r.text).not.toMatch(/at .*\.js/);
  });

  it('sends security headers', async () => {
    const r = await s.anonymous().get('/api/v1/health');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });
});

describe('authentication', () => {
  it('signs in, reports the user and signs out', async () => {
    const me = await admin.get('/api/v1/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user.username).toBe('admin1');
    expect(me.body.user.roles[0]).toMatchObject({ role: 'admin_kabupaten', regionCode: '35.13', regionName: 'Kabupaten Probolinggo' });

    const other = await s.userClient('keluar', [{ role: 'pimpinan', regionCode: '35.13' }]);
    expect((await other.post('/api/v1/auth/logout')).status).toBe(204);
    expect((await other.get('/api/v1/auth/me')).status).toBe(401);
  });

  it('sets an httpOnly SameSite=Strict session cookie', async () => {
    const c = s.anonymous();
    const res = await c.post('/api/v1/auth/login', { username: 'admin1', password: TEST_PASSWORD });
    const cookie = res.headers.getSetCookie().join(';');
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Expires=/i);
  });

  it('rejects a wrong password and an unknown user with the same error', async () => {
    const a = await s.anonymous().post('/api/v1/auth/login', { username: 'admin1', password: 'salah-sekali-1' });
    const b = await s.anonymous().post('/api/v1/auth/login', { username: 'tidakada', password: 'salah-sekali-1' });
    expect(a.status).toBe(401);
    expect(b.status).toBe(401);
    expect(a.body.error.code).toBe('INVALID_CREDENTIALS');
    expect(b.body.error).toEqual(a.body.error);
    expect(a.body.error.message).toBe('Nama pengguna atau kata sandi salah');
  });

  it('locks an account after repeated failures, even with the right password', async () => {
    await s.userClient('korban', [{ role: 'pimpinan', regionCode: '35.13' }]);
    for (let i = 0; i < 3; i++) {
      expect((await s.anonymous().post('/api/v1/auth/login', { username: 'korban', password: 'salah-sekali-1' })).status).toBe(401);
    }
    const locked = await s.anonymous().post('/api/v1/auth/login', { username: 'korban', password: TEST_PASSWORD });
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('ACCOUNT_LOCKED');
  });

  it('refuses state-changing requests without the CSRF header', async () => {
    const r = await admin.request('POST', '/api/v1/users', { username: 'x' }, { 'x-requested-with': '' });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('CSRF_REJECTED');
  });

  it('requires sign-in for protected routes', async () => {
    const r = await s.anonymous().get('/api/v1/users');
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('refuses oversized request bodies', async () => {
    const r = await admin.post('/api/v1/users', { username: 'big', fullName: 'x'.repeat(2 * 1024 * 1024), password: 'a', roles: [] });
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });
});

describe('user management', () => {
  it('lets an admin create a desa operator who can then sign in', async () => {
    const r = await admin.post('/api/v1/users', {
      username: 'op.2005',
      fullName: 'Operator Desa 2005',
      password: 'sandi-awal-2005',
      roles: [{ role: 'operator_desa', regionCode: '35.13.06.2005' }],
    });
    expect(r.status).toBe(201);
    expect(r.body.roles).toEqual([
      { role: 'operator_desa', regionCode: '35.13.06.2005', regionName: expect.any(String), source: 'manual' },
    ]);
    const login = await s.anonymous().post('/api/v1/auth/login', { username: 'OP.2005', password: 'sandi-awal-2005' });
    expect(login.status).toBe(200);
  });

  it('validates input with clear errors and changes nothing', async () => {
    const dup = await admin.post('/api/v1/users', { username: 'admin1', fullName: 'X', password: 'sandi-panjang-1', roles: [] });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('USERNAME_TAKEN');
    const weak = await admin.post('/api/v1/users', { username: 'lemah', fullName: 'X', password: 'pendek', roles: [] });
    expect(weak.body.error.code).toBe('WEAK_PASSWORD');
    const level = await admin.post('/api/v1/users', {
      username: 'salahtingkat',
      fullName: 'X',
      password: 'sandi-panjang-1',
      roles: [{ role: 'operator_desa', regionCode: '35.13.06' }],
    });
    expect(level.body.error.code).toBe('ROLE_REGION_LEVEL');
    const outside = await admin.post('/api/v1/users', {
      username: 'luar',
      fullName: 'X',
      password: 'sandi-panjang-1',
      roles: [{ role: 'operator_kecamatan', regionCode: '33.04.01' }],
    });
    expect(outside.body.error.code).toBe('UNKNOWN_REGION');
    const bad = await admin.post('/api/v1/users', {
      username: 'a b',
      fullName: '',
      password: 'x',
      roles: [{ role: 'raja', regionCode: '35' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_ERROR');
    const list = await admin.get('/api/v1/users?q=salah');
    expect(list.body.total).toBe(0);
  });

  it('forbids non-admins from managing users', async () => {
    const op = await s.userClient('op.lain', [{ role: 'operator_desa', regionCode: '35.13.06.2013' }]);
    expect((await op.get('/api/v1/users')).status).toBe(403);
    const r = await op.post('/api/v1/users', { username: 'hacker', fullName: 'H', password: 'sandi-panjang-1', roles: [] });
    expect(r.status).toBe(403);
  });

  it('deactivating a user ends their sessions', async () => {
    const c = await s.userClient('akan.nonaktif', [{ role: 'pendamping', regionCode: '35.13.06' }]);
    const me = await c.get('/api/v1/auth/me');
    const id = me.body.user.id;
    const r = await admin.patch(`/api/v1/users/${id}`, { active: false });
    expect(r.status).toBe(200);
    expect(r.body.active).toBe(false);
    expect((await c.get('/api/v1/auth/me')).status).toBe(401);
  });

  it('resets a password and the old one stops working', async () => {
    const c = await s.userClient('lupa', [{ role: 'dinsos', regionCode: '35.13' }]);
    const id = (await c.get('/api/v1/auth/me')).body.user.id;
    expect((await admin.post(`/api/v1/users/${id}/password`, { password: 'sandi-baru-99' })).status).toBe(204);
    expect((await s.anonymous().post('/api/v1/auth/login', { username: 'lupa', password: TEST_PASSWORD })).status).toBe(401);
    expect((await s.anonymous().post('/api/v1/auth/login', { username: 'lupa', password: 'sandi-baru-99' })).status).toBe(200);
  });
});

describe('regions', () => {
  it('shows a desa operator only the path to their desa', async () => {
    const op = await s.userClient('op.wil', [{ role: 'operator_desa', regionCode: '35.13.06.2005' }]);
    const top = await op.get('/api/v1/regions');
    expect(top.body.items.map((r: { code: string }) => r.code)).toEqual(['35.13.06.2005']);
    const kec = await op.get('/api/v1/regions?parent=35.13.06');
    expect(kec.body.items.map((r: { code: string }) => r.code)).toEqual(['35.13.06.2005']);
    expect((await op.get('/api/v1/regions/35.13.06.2013')).status).toBe(404);
    const all = await admin.get('/api/v1/regions?parent=35.13');
    expect(all.body.items).toHaveLength(24);
  });
});

describe('audit', () => {
  it('records writes with actor, before and after, and the chain verifies', async () => {
    const list = await admin.get('/api/v1/audit?entity=user');
    const create = list.body.items.find(
      (e: { action: string; after: { username?: string } }) => e.action === 'user.create' && e.after?.username === 'op.2005',
    );
    expect(create).toMatchObject({ actorName: 'admin1', entity: 'user' });
    const update = list.body.items.find((e: { action: string }) => e.action === 'user.update');
    expect(update.before).toMatchObject({ active: true });
    expect(update.after).toMatchObject({ active: false });
    const v = await admin.get('/api/v1/audit/verify');
    expect(v.body.ok).toBe(true);
    expect(v.body.checked).toBeGreaterThan(5);
  });

  it('detects a tampered entry and names it', async () => {
    const target = await s.ctx.db.selectFrom('audit_log').select('id').where('action', '=', 'user.update').executeTakeFirstOrThrow();
    await asTableOwner(s.ctx.db, (trx) =>
      trx.updateTable('audit_log').set({ actor_name: 'someone-else' }).where('id', '=', target.id).execute(),
    );
    const res = await verifyAuditChain(s.ctx.db);
    expect(res.ok).toBe(false);
    expect(res.firstBadId).toBe(target.id);
  });
});
