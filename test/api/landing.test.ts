import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayWib } from '../../src/lib/dates.js';
import { insertHouseholds } from '../helpers/registry-fixtures.js';
import { type Client, startTestServer, type TestServer } from '../helpers/server.js';
import { insertVerval } from './musdes-fixture.js';
import { createPeriod } from './organisation-fixture.js';

/**
 * The landing page's figures and to-dos per role, counted in each user's scope (issue 23).
 * Desa A (35.13.06.2005): 8 households, 6 extreme-poor; verval of the running period: 2
 * submitted, 1 returned, 1 approved (4 visited); one open kendala; no musdes.
 * Desa B (35.13.06.2013, same kecamatan): 4 households, 2 extreme-poor, a musdes scheduled.
 * Desa C (35.13.01.2001, another kecamatan): 5 households, 5 extreme-poor, 1 verval submitted.
 */

const A = '35.13.06.2005';
const B = '35.13.06.2013';
const C = '35.13.01.2001';

let s: TestServer;
const users: Record<string, Client> = {};

const shiftDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  s = await startTestServer();
  const grants = {
    admin: [{ role: 'admin_kabupaten', regionCode: '35.13' }],
    pimpinan: [{ role: 'pimpinan', regionCode: '35.13' }],
    dinsos: [{ role: 'dinsos', regionCode: '35.13' }],
    opKec: [{ role: 'operator_kecamatan', regionCode: '35.13.06' }],
    pendamping: [{ role: 'pendamping', regionCode: A }],
    opDesa: [{ role: 'operator_desa', regionCode: A }],
    opDesaC: [{ role: 'operator_desa', regionCode: C }],
    nobody: [],
  } as const;
  for (const [name, g] of Object.entries(grants)) users[name] = await s.userClient(`landing.${name}`, [...g]);
  const db = s.ctx.db;
  const hh = (desa: string, n: number, extreme: number) =>
    Array.from({ length: n }, (_, i) => ({
      desaCode: desa,
      headName: `${desa}-${i}`,
      targetStatus: i < extreme ? ('MISKIN_EKSTREM' as const) : ('MISKIN' as const),
    }));
  const a = await insertHouseholds(db, hh(A, 8, 6));
  await insertHouseholds(db, hh(B, 4, 2));
  const c = await insertHouseholds(db, hh(C, 5, 5));
  const today = todayWib();
  const period = await createPeriod(users.admin as Client, 'Periode berjalan', shiftDays(today, -10), shiftDays(today, 30));
  await insertVerval(db, period, [
    { householdId: a[0] as number, desaCode: A, outcome: 'TETAP', status: 'SUBMITTED' },
    { householdId: a[1] as number, desaCode: A, outcome: 'TETAP', status: 'SUBMITTED' },
    { householdId: a[2] as number, desaCode: A, outcome: 'MAMPU', status: 'RETURNED' },
    { householdId: a[3] as number, desaCode: A, outcome: 'TETAP', status: 'APPROVED' },
    { householdId: c[0] as number, desaCode: C, outcome: 'TETAP', status: 'SUBMITTED' },
  ]);
  await db
    .insertInto('musdes_meeting')
    .values({
      period_id: period,
      kabupaten_code: '35.13',
      kecamatan_code: '35.13.06',
      desa_code: B,
      type: 'MUSDES',
      held_on: shiftDays(today, 5),
      place: 'Balai desa',
    })
    .execute();
  const ticket = await (users.opDesa as Client).post('/api/v1/kendala', {
    category: 'DATA',
    title: 'Data ganda',
    description: 'Dua KK sama.',
  });
  expect(ticket.status).toBe(201);
}, 300_000);
afterAll(async () => {
  await s?.close();
});

const landing = async (name: string) => {
  const r = await (users[name] as Client).get('/api/v1/landing');
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
};
const todos = (body: { todos: { key: string; count: number; link: string }[] }) =>
  Object.fromEntries(body.todos.map((t) => [t.key, t.count]));

describe('landing per role', () => {
  it('gives an operator desa the to-dos of their desa, each with the page of the work', async () => {
    const l = await landing('opDesa');
    expect(l.role).toBe('operator_desa');
    expect(l.region).toMatchObject({ code: A, level: 4 });
    expect(todos(l)).toEqual({ notVisited: 4, returned: 1, musdesNotScheduled: 1, musdesNotFinalised: 0, kendalaOpen: 1 });
    expect(l.todos.find((t: { key: string }) => t.key === 'notVisited').link).toBe('/verval');
    expect(l.figures).toMatchObject({ households: 8, extremeHouseholds: 6, extremeWithoutAid: null });
    expect(l.verval).toMatchObject({ households: 8, visited: 4, notVisited: 4, submitted: 2, returned: 1, approved: 1, visitedPct: 50 });
  });

  it('counts nothing of another desa: the operator of desa C sees C alone', async () => {
    const l = await landing('opDesaC');
    expect(l.region.code).toBe(C);
    expect(todos(l)).toMatchObject({ notVisited: 4, returned: 0, kendalaOpen: 0 });
    expect(l.figures).toMatchObject({ households: 5, extremeHouseholds: 5 });
  });

  it('gives a pendamping and an operator kecamatan the review queue of their area', async () => {
    expect(todos(await landing('pendamping'))).toMatchObject({ reviewQueue: 2, notVisited: 4, returned: 1 });
    const kec = await landing('opKec');
    expect(kec.role).toBe('operator_kecamatan');
    expect(kec.region.code).toBe('35.13.06');
    // A and B: 12 households, 4 visited; C's submitted verval is another kecamatan's.
    expect(todos(kec)).toMatchObject({ reviewQueue: 2, notVisited: 8, overdueDesa: 0, kendalaOpen: 1 });
    expect(kec.todos.find((t: { key: string }) => t.key === 'reviewQueue').link).toBe('/verval/review');
  });

  it('gives Dinsos the extreme-poor households without aid and the open kendala of the kabupaten', async () => {
    const l = await landing('dinsos');
    expect(l.role).toBe('dinsos');
    expect(todos(l)).toEqual({ extremeWithoutAid: 13, kendalaOpen: 1 });
  });

  it('lands pimpinan and the admin on the kabupaten’s figures', async () => {
    for (const name of ['pimpinan', 'admin']) {
      const l = await landing(name);
      expect(l.region).toMatchObject({ code: '35.13', level: 2 });
      expect(l.figures).toMatchObject({ households: 17, extremeHouseholds: 13, extremeWithoutAid: 13 });
    }
    expect((await landing('admin')).role).toBe('admin_kabupaten');
    expect((await landing('pimpinan')).role).toBe('pimpinan');
    expect(Object.keys(todos(await landing('admin')))).toEqual(['overdueDesa', 'extremeWithoutAid', 'kendalaOpen']);
  });

  it('gives a user without a role nothing to count, and refuses an anonymous caller', async () => {
    const l = await landing('nobody');
    expect(l).toMatchObject({ role: null, region: null, figures: null, todos: [] });
    expect((await s.anonymous().get('/api/v1/landing')).status).toBe(401);
  });
});
