import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitJob } from '../helpers/jobs.js';
import { DESA_A, DESA_B } from '../helpers/matching-fixtures.js';
import { insertHouseholds } from '../helpers/registry-fixtures.js';
import { type Client, startTestServer, type TestServer } from '../helpers/server.js';

/** P3KE files carry no No KK: two families with the same head NIK must still be paired. */

let s: TestServer;
let admin: Client;

const HEAD = '3513064507800071';

async function run() {
  const res = await admin.post('/api/v1/matching/runs', { kind: 'INTERNAL' });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  const job = await waitJob(admin, res.body.jobId);
  expect(job.status, job.error).toBe('DONE');
  return (await admin.get(`/api/v1/matching/runs/${res.body.runId}`)).body;
}

type Cand = { id: number; kind: string; status: string; a: { householdId: number }; b: { householdId: number } };
const pairOf = (c: Cand) => [c.a.householdId, c.b.householdId].sort((x, y) => x - y).join(':');
const key = (a: number, b: number) => [a, b].sort((x, y) => x - y).join(':');

async function candidates(): Promise<Cand[]> {
  const res = await admin.get('/api/v1/matching/candidates?pageSize=100');
  expect(res.status).toBe(200);
  return res.body.items;
}

const family = (desaCode: string, name: string) => ({
  desaCode,
  headName: name,
  headNik: HEAD,
  kkNumber: null,
  source: 'P3KE' as const,
  members: [{ name, nik: HEAD, birthDate: '1980-07-05', sex: 'P' as const }],
});

beforeAll(async () => {
  s = await startTestServer();
  admin = await s.userClient('admin', [{ role: 'admin_kabupaten', regionCode: '35.13' }]);
}, 60_000);
afterAll(async () => {
  await s?.close();
});

describe('internal run without No KK', () => {
  it('pairs households sharing a head NIK, once per pair, and never brings back a decided pair', async () => {
    const [h1, h2] = (await insertHouseholds(s.ctx.db, [family(DESA_A, 'Siti Aminah'), family(DESA_B, 'SITI AMINAH')])) as [number, number];
    const first = await run();
    expect(first.counts).toEqual({ found: 1, added: 1 });
    const [c] = await candidates();
    expect(c && pairOf(c)).toBe(key(h1, h2));
    expect(c?.kind).toBe('HOUSEHOLD_DUPLICATE');
    const detail = await admin.get(`/api/v1/matching/candidates/${c?.id}`);
    expect(detail.body.reasons).toEqual(['NIK kepala keluarga sama']);

    const resolved = await admin.post(`/api/v1/matching/candidates/${c?.id}/resolve`, { decision: 'DIFFERENT' });
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);

    // A third listing of the same head: only the two new pairs are added; the decided one stays decided.
    const [h3] = (await insertHouseholds(s.ctx.db, [family(DESA_A, 'Siti')])) as [number];
    const again = await run();
    expect(again.counts).toEqual({ found: 3, added: 2 });
    const list = await candidates();
    expect(list).toHaveLength(3);
    const byPair = new Map(list.map((x) => [pairOf(x), x]));
    expect(byPair.get(key(h1, h2))?.status).toBe('DIFFERENT');
    expect(byPair.get(key(h1, h3))?.status).toBe('OPEN');
    expect(byPair.get(key(h2, h3))?.status).toBe('OPEN');
    expect((await run()).counts).toEqual({ found: 3, added: 0 });
  });
});
