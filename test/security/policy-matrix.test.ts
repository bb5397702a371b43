import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS, can, POLICY, PUBLIC_ROUTES, rolesFor, routeAccess } from '../../src/modules/access/policy.js';
import type { Role } from '../../src/modules/access/roles.js';
import type { Actor, Grant } from '../../src/modules/access/scope.js';
import { type Client, startTestServer, type TestServer } from '../helpers/server.js';

/**
 * The access policy, walked route by route (issue 24): every operation of the OpenAPI document
 * must perform an action of access/policy.ts (a route under none fails here, and the server
 * refuses to register it), and each role, held alone on a region of this kabupaten, gets exactly
 * what the matrix says: a role the action allows is never refused (403) by the route, any other
 * role always is, whatever it sends. Objects are ids that do not exist, so an allowed call ends
 * in 400/404 or an empty answer and changes nothing; object-level scope is route-scope.test.ts's.
 */

const KAB = '35.13';
const KEC = '35.13.06';
const DESA = '35.13.06.2005';

/** One user per role, on the region level that role is held on. */
const USERS: Array<{ label: string; grants: Grant[] }> = [
  { label: 'admin_kabupaten', grants: [{ role: 'admin_kabupaten', regionCode: KAB }] },
  { label: 'dinsos', grants: [{ role: 'dinsos', regionCode: KAB }] },
  { label: 'pimpinan', grants: [{ role: 'pimpinan', regionCode: KAB }] },
  { label: 'opd_pendamping', grants: [{ role: 'opd_pendamping', regionCode: KEC }] },
  { label: 'operator_kecamatan', grants: [{ role: 'operator_kecamatan', regionCode: KEC }] },
  { label: 'operator_desa', grants: [{ role: 'operator_desa', regionCode: DESA }] },
  { label: 'pendamping', grants: [{ role: 'pendamping', regionCode: DESA }] },
  { label: 'no role', grants: [] },
];

/** Path parameters by name: values that name no object (or a region of this kabupaten). */
const PARAM_VALUES: Record<string, string> = {
  id: '987654',
  periodId: '987654',
  householdId: '987654',
  sub: '987654',
  year: '2026',
  code: DESA,
  desaCode: DESA,
  sha256: 'a'.repeat(64),
};

interface Route {
  method: string;
  /** As in the OpenAPI document: /api/v1/users/{id}. */
  path: string;
  /** As registered, without the prefix: /users/:id. */
  registered: string;
}

let s: TestServer;
let routes: Route[];
const clients: Array<{ label: string; grants: Grant[]; c: Client }> = [];

beforeAll(async () => {
  s = await startTestServer();
  const doc = s.app.swagger() as { paths: Record<string, Record<string, unknown>> };
  routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.keys(ops).map((m) => ({
      method: m.toUpperCase(),
      path,
      registered: path.replace('/api/v1', '').replace(/\{(\w+)\}/g, ':$1'),
    })),
  );
  for (const u of USERS) clients.push({ ...u, c: await s.userClient(`matrix-${u.label.replace(' ', '-')}`, u.grants) });
}, 120_000);

afterAll(async () => {
  await s?.close();
});

const actorOf = (grants: Grant[]): Actor => ({ userId: 0, username: 'x', fullName: 'x', grants });

function urlOf(r: Route): string {
  return r.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const v = PARAM_VALUES[name];
    if (v === undefined) throw new Error(`policy-matrix: no value for path parameter ${name} of ${r.method} ${r.path}`);
    return encodeURIComponent(v);
  });
}

describe('access policy matrix', () => {
  it('maps every route of the OpenAPI document to an action (or public)', () => {
    expect(routes.length).toBeGreaterThan(150);
    const unmapped = routes.filter((r) => routeAccess(r.method, r.registered) === undefined).map((r) => `${r.method} ${r.path}`);
    expect(unmapped).toEqual([]);
  });

  it('lists no route in the policy that the server does not have', () => {
    // A renamed or removed route would otherwise leave a stale line behind.
    const served = new Set(routes.map((r) => `${r.method} ${r.registered}`));
    const listed = [...PUBLIC_ROUTES, ...Object.values(POLICY).flatMap((rule) => [...rule.routes])];
    expect(listed.filter((r) => !served.has(r))).toEqual([]);
  });

  it('answers each role exactly as the matrix says, on every route', async () => {
    const wrong: string[] = [];
    // Signing out last, so that each client keeps its session for the other routes.
    const ordered = [...routes].sort((a, b) => Number(a.registered === '/auth/logout') - Number(b.registered === '/auth/logout'));
    for (const r of ordered) {
      const access = routeAccess(r.method, r.registered);
      if (access === undefined) continue;
      const url = urlOf(r);
      await Promise.all(
        clients.map(async ({ label, grants, c }) => {
          const res = await c.request(r.method, url, r.method === 'GET' || r.method === 'DELETE' ? undefined : {});
          if (access === 'public') {
            if (res.status === 401 || res.status === 403) wrong.push(`${label} ${r.method} ${r.path}: public route answered ${res.status}`);
            return;
          }
          const allowed = can(actorOf(grants), access);
          if (allowed && (res.status === 403 || res.status === 401)) {
            wrong.push(`${label} ${r.method} ${r.path} (${access}): allowed, answered ${res.status} ${res.text.slice(0, 120)}`);
          }
          if (!allowed && res.status !== 403) wrong.push(`${label} ${r.method} ${r.path} (${access}): denied, answered ${res.status}`);
        }),
      );
    }
    expect(wrong).toEqual([]);
  }, 300_000);

  it('refuses every non-public route to a signed-out caller (401)', async () => {
    const anon = s.anonymous();
    const wrong: string[] = [];
    for (const r of routes) {
      if (routeAccess(r.method, r.registered) === 'public') continue;
      const res = await anon.request(r.method, urlOf(r), r.method === 'GET' || r.method === 'DELETE' ? undefined : {});
      if (res.status !== 401) wrong.push(`${r.method} ${r.path}: ${res.status}`);
    }
    expect(wrong).toEqual([]);
  }, 120_000);
});

describe('abilities', () => {
  it('sends each user the actions the matrix gives their roles, with their regions where scoped', async () => {
    const both = await s.userClient('matrix-abilities', [
      { role: 'operator_desa', regionCode: DESA },
      { role: 'pimpinan', regionCode: KEC },
    ]);
    const res = await both.get<{ abilities: Array<{ action: string; regions: string[] | null }> }>('/api/v1/auth/me');
    expect(res.status).toBe(200);
    const byAction = new Map(res.body.abilities.map((a) => [a.action, a.regions]));
    // Recording verval: the operator's desa only; reading households: the whole kecamatan (as pimpinan).
    expect(byAction.get('verval.record.submit')).toEqual([DESA]);
    expect(byAction.get('households.read')).toEqual([KEC]);
    expect(byAction.get('account.self')).toBeNull();
    // Nothing an operator desa or a pimpinan may not do.
    for (const action of ['matching.run', 'users.manage', 'decree.issue', 'verval.record.review', 'musdes.finalise']) {
      expect(byAction.has(action), action).toBe(false);
    }
    const expected = ACTIONS.filter((a) =>
      can(
        actorOf([
          { role: 'operator_desa', regionCode: DESA },
          { role: 'pimpinan', regionCode: KEC },
        ]),
        a,
      ),
    );
    expect([...byAction.keys()].sort()).toEqual([...expected].sort());
  });

  it('names only roles that exist, for every action', () => {
    const known: Role[] = ['admin_kabupaten', 'pimpinan', 'opd_pendamping', 'operator_kecamatan', 'operator_desa', 'pendamping', 'dinsos'];
    for (const a of ACTIONS) for (const r of rolesFor(a)) expect(known).toContain(r);
  });
});
