import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestServer, type TestServer } from '../helpers/server.js';
import { A, seedAidWorld } from './aid-fixture.js';

/** Member conditions recorded in the field feed the aid priority (issue 8). */

let s: TestServer;
let opA: Client;
let opB: Client;
let pendamping: Client;
let pimpinan: Client;
let ids: Awaited<ReturnType<typeof seedAidWorld>>;

beforeAll(async () => {
  s = await startTestServer();
  ids = await seedAidWorld(s);
  opA = await s.userClient('op.a.cond', [{ role: 'operator_desa', regionCode: A }]);
  opB = await s.userClient('op.b.cond', [{ role: 'operator_desa', regionCode: '35.13.06.2013' }]);
  pendamping = await s.userClient('pendamping.cond', [{ role: 'pendamping', regionCode: A }]);
  pimpinan = await s.userClient('pimpinan.cond', [{ role: 'pimpinan', regionCode: '35.13' }]);
});
afterAll(async () => {
  await s?.close();
});

interface AidView {
  score: number;
  priority: { disabled: boolean; sick: boolean };
  members: { id: number; name: string; disability: boolean; chronicIllness: boolean }[];
}
const gapIds = async (c: Client, priority: string) =>
  (await c.get(`/api/v1/aid/gaps/households?desa=${A}&priority=${priority}`)).body.items.map((h: { id: number }) => h.id);

describe('member conditions', () => {
  it('raises the priority score and the gap filter, with history, audit and a new household version', async () => {
    const before = (await opA.get(`/api/v1/aid/households/${ids.a2}`)).body as AidView;
    expect(before.priority).toMatchObject({ disabled: false, sick: false });
    const child = before.members.find((m) => m.name === 'A2 Anak');
    const mother = before.members.find((m) => m.name === 'A2 Ibu');
    if (!child || !mother) throw new Error('fixture members missing');
    expect(child).toMatchObject({ disability: false, chronicIllness: false });
    expect(await gapIds(opA, 'disabled')).toEqual([]);
    const v0 = (await opA.get(`/api/v1/households/${ids.a2}`)).body.household.version;

    const res = await opA.put(`/api/v1/households/members/${child.id}/conditions`, { disability: true, chronicIllness: false });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ memberId: child.id, householdId: ids.a2, disability: true, chronicIllness: false, changed: true });
    const sick = await pendamping.put(`/api/v1/households/members/${mother.id}/conditions`, { disability: false, chronicIllness: true });
    expect(sick.status).toBe(200);

    const after = (await opA.get(`/api/v1/aid/households/${ids.a2}`)).body as AidView;
    expect(after.priority).toMatchObject({ disabled: true, sick: true });
    expect(after.score).toBe(before.score + 40);
    expect(after.members.find((m) => m.id === child.id)).toMatchObject({ disability: true, chronicIllness: false });
    expect(await gapIds(opA, 'disabled')).toEqual([ids.a2]);
    expect(await gapIds(opA, 'disabled,sick')).toEqual([ids.a2]);
    const list = (await opA.get(`/api/v1/aid/gaps/households?desa=${A}`)).body.items;
    expect(list[0]).toMatchObject({ id: ids.a2, score: after.score });

    const detail = (await opA.get(`/api/v1/households/${ids.a2}`)).body;
    expect(detail.household.version).toBe(v0 + 2);
    const changes = detail.history.map((h: { changes: Record<string, unknown> }) => h.changes);
    // Not recorded before (null): P3KE files carry no conditions.
    expect(changes).toContainEqual({ 'disabilitas (A2 Anak)': [null, 'YA'], memberId: child.id });
    const audit = await s.ctx.db
      .selectFrom('audit_log')
      .select(['before', 'after'])
      .where('action', '=', 'member.conditions')
      .where('entity_id', '=', String(child.id))
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.before).toMatchObject({ disability: false });
    expect(audit[0]?.after).toMatchObject({ disability: true });

    // Unticking takes the factor away again; an unchanged write writes nothing.
    await opA.put(`/api/v1/households/members/${mother.id}/conditions`, { disability: false, chronicIllness: false });
    expect(await gapIds(opA, 'sick')).toEqual([]);
    const same = await opA.put(`/api/v1/households/members/${child.id}/conditions`, { disability: true, chronicIllness: false });
    expect(same.body).toMatchObject({ changed: false, householdVersion: v0 + 3 });
  });

  it('refuses pimpinan (403) and members outside the scope (404)', async () => {
    const aid = (await opA.get(`/api/v1/aid/households/${ids.a2}`)).body as AidView;
    const id = aid.members[0]?.id;
    const body = { disability: true, chronicIllness: true };
    expect((await pimpinan.put(`/api/v1/households/members/${id}/conditions`, body)).status).toBe(403);
    expect((await opB.put(`/api/v1/households/members/${id}/conditions`, body)).status).toBe(404);
    expect((await opA.put('/api/v1/households/members/99999999/conditions', body)).status).toBe(404);
    expect((await opA.put(`/api/v1/households/members/${id}/conditions`, { disability: 'YA' })).status).toBe(400);
    const unchanged = (await opA.get(`/api/v1/aid/households/${ids.a2}`)).body as AidView;
    expect(unchanged.members[0]).toMatchObject({ disability: aid.members[0]?.disability, chronicIllness: aid.members[0]?.chronicIllness });
  });
});
