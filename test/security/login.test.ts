import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/app.js';
import { loadConfig, parseTrustProxy } from '../../src/config.js';
import { createUser } from '../../src/modules/users/service.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../helpers/server.js';

/**
 * Login throttling as an attacker meets it: parallel guesses, a rotated X-Forwarded-For, and
 * probing which user names exist. Runs on PGlite and, with DATABASE_URL, on PostgreSQL.
 */

const WRONG = 'salah-sekali-1';

async function authEvents(s: TestServer, username: string) {
  const rows = await s.ctx.db
    .selectFrom('audit_log')
    .select(['action', 'after', 'actor_name'])
    .where('action', 'like', 'auth.%')
    .where('actor_name', '=', username)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ action: r.action, ip: (r.after as { ip?: string } | null)?.ip ?? null }));
}

async function login(s: TestServer, username: string, password: string, headers: Record<string, string> = {}) {
  return s.anonymous().post('/api/v1/auth/login', { username, password }, headers);
}

describe('failed-login counter under parallel requests', () => {
  let s: TestServer;
  beforeAll(async () => {
    // The per-IP limit is out of the way here: the account lock alone is under test.
    s = await startTestServer({ loginPerIpPerMinute: 10_000, maxFailedLogins: 5, lockMinutes: 15 });
    await createUser(
      s.ctx.db,
      { username: 'korban', fullName: 'Korban', password: TEST_PASSWORD, roles: [{ role: 'pimpinan', regionCode: '35.13' }] },
      null,
      SYSTEM_ACTOR,
    );
  });
  afterAll(async () => {
    await s?.close();
  });

  it('evaluates exactly 5 of 40 parallel wrong passwords and refuses every later attempt, the right password included', async () => {
    const results = await Promise.all(Array.from({ length: 40 }, () => login(s, 'korban', WRONG)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((x) => x === 401)).toHaveLength(5);
    expect(statuses.filter((x) => x === 429)).toHaveLength(35);
    for (const r of results.filter((x) => x.status === 429)) expect(r.body.error.code).toBe('ACCOUNT_LOCKED');
    // Only the evaluated attempts were recorded: 4 failures and the one that locked (in any
    // order: the attempts' password checks finish in any order when they arrive together).
    expect((await authEvents(s, 'korban')).map((e) => e.action).sort()).toEqual([
      'auth.locked',
      'auth.login_failed',
      'auth.login_failed',
      'auth.login_failed',
      'auth.login_failed',
    ]);
    const right = await login(s, 'korban', TEST_PASSWORD);
    expect(right.status).toBe(429);
    expect(right.body.error.code).toBe('ACCOUNT_LOCKED');
  });

  it('a second parallel wave against a locked account evaluates nothing', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => login(s, 'korban', i === 7 ? TEST_PASSWORD : WRONG)));
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(429));
    expect(await authEvents(s, 'korban')).toHaveLength(5);
  });

  it('an unknown name is indistinguishable from an existing account: same answers, same lock, same timing class', async () => {
    await createUser(
      s.ctx.db,
      { username: 'ada', fullName: 'Ada', password: TEST_PASSWORD, roles: [{ role: 'pimpinan', regionCode: '35.13' }] },
      null,
      SYSTEM_ACTOR,
    );
    const shape = (r: Awaited<ReturnType<typeof login>>) => ({
      status: r.status,
      code: r.body.error?.code,
      message: r.body.error?.message,
      details: r.body.error?.details ? Object.keys(r.body.error.details) : null,
    });
    const timed = async (username: string) => {
      const t = performance.now();
      const r = await login(s, username, WRONG);
      return { r, ms: performance.now() - t };
    };
    const existing: Array<{ r: Awaited<ReturnType<typeof login>>; ms: number }> = [];
    const unknown: typeof existing = [];
    for (let i = 0; i < 7; i++) {
      existing.push(await timed('ada'));
      unknown.push(await timed('tidak-ada'));
    }
    expect(existing.map((x) => shape(x.r))).toEqual(unknown.map((x) => shape(x.r)));
    expect(existing.map((x) => x.r.status)).toEqual([401, 401, 401, 401, 401, 429, 429]);
    expect(unknown[6]?.r.body.error.code).toBe('ACCOUNT_LOCKED');
    // The unknown name's evaluated attempts verify a (dummy) hash like the existing one's.
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
    const evaluatedExisting = median(existing.slice(0, 5).map((x) => x.ms));
    const evaluatedUnknown = median(unknown.slice(0, 5).map((x) => x.ms));
    expect(evaluatedUnknown).toBeGreaterThan(evaluatedExisting * 0.3);
  });

  it('an admin password reset lifts the lock', async () => {
    const id = (await s.ctx.db.selectFrom('app_user').select('id').where('username', '=', 'korban').executeTakeFirstOrThrow()).id;
    const { setPassword } = await import('../../src/modules/users/service.js');
    await setPassword(s.ctx.db, id, 'sandi-baru-2026', SYSTEM_ACTOR);
    expect((await login(s, 'korban', 'sandi-baru-2026')).status).toBe(200);
  });
});

describe('X-Forwarded-For', () => {
  const rotate = (i: number) => ({ 'x-forwarded-for': `203.0.113.${i + 1}` });

  it('is ignored by default: rotating it neither escapes the per-IP limit nor lands in the audit log', async () => {
    const s = await startTestServer({ loginPerIpPerMinute: 3, maxFailedLogins: 100 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await login(s, 'penyusup', WRONG, rotate(i))).status);
      expect(statuses).toEqual([401, 401, 401, 429, 429, 429]);
      const events = await authEvents(s, 'penyusup');
      expect(events).toHaveLength(3);
      for (const e of events) expect(e.ip).toBe('127.0.0.1');
    } finally {
      await s.close();
    }
  });

  for (const setting of ['1', '127.0.0.1/32,10.0.0.0/8']) {
    it(`is honoured when SASMITA_TRUST_PROXY=${setting}`, async () => {
      const trustProxy = parseTrustProxy(setting);
      const s = await startTestServer({ loginPerIpPerMinute: 3, maxFailedLogins: 100, trustProxy });
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 5; i++) statuses.push((await login(s, 'lewat-proxy', WRONG, rotate(i))).status);
        expect(statuses).toEqual([401, 401, 401, 401, 401]);
        expect((await authEvents(s, 'lewat-proxy')).map((e) => e.ip)).toEqual([
          '203.0.113.1',
          '203.0.113.2',
          '203.0.113.3',
          '203.0.113.4',
          '203.0.113.5',
        ]);
        // One client behind the proxy is still limited: its 2nd and 3rd attempts pass, the 4th not.
        expect((await login(s, 'lewat-proxy', WRONG, rotate(0))).status).toBe(401);
        expect((await login(s, 'lewat-proxy', WRONG, rotate(0))).status).toBe(401);
        expect((await login(s, 'lewat-proxy', WRONG, rotate(0))).status).toBe(429);
      } finally {
        await s.close();
      }
    });
  }

  it('SASMITA_TRUST_PROXY: off by default; hop counts, address lists and true accepted; anything else refused', () => {
    expect(loadConfig({}, {}).trustProxy).toBe(false);
    expect(loadConfig({}, { SASMITA_TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(loadConfig({}, { SASMITA_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({}, { SASMITA_TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({}, { SASMITA_TRUST_PROXY: ' loopback, 10.0.0.0/8 ,::1' }).trustProxy).toEqual(['loopback', '10.0.0.0/8', '::1']);
    for (const bad of ['yes', '10.0.0.0/33', '300.1.1.1', 'example.com', '1.2.3.4/8/9']) {
      expect(() => loadConfig({}, { SASMITA_TRUST_PROXY: bad })).toThrow(/SASMITA_TRUST_PROXY/);
    }
  });
});
