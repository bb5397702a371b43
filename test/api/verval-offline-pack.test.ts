import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleCriteria } from '../helpers/criteria-fixtures.js';
import { insertHouseholds } from '../helpers/registry-fixtures.js';
import { type Client, startTestServer, type TestServer } from '../helpers/server.js';

/**
 * The verval offline pack (issue 21): a desa's whole work in one compressed answer, the same
 * data the worklist and the household page give, scoped and masked like them.
 */

const DESA = '35.13.06.2005';
const OTHER = '35.13.06.2013';

let s: TestServer;
let admin: Client;
let op: Client;
let kec: Client;
let periodId: number;
let ids: number[];

/** The raw answer (bytes on the wire) for an Accept-Encoding, through node:http (fetch would decompress). */
function raw(c: Client, path: string, encoding: string): Promise<{ status: number; encoding: string | undefined; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = http.get(s.baseUrl + path, { headers: { cookie: c.cookie, 'accept-encoding': encoding } }, (res) => {
      let bytes = 0;
      res.on('data', (b: Buffer) => {
        bytes += b.length;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, encoding: res.headers['content-encoding'], bytes }));
    });
    req.on('error', reject);
  });
}

beforeAll(async () => {
  s = await startTestServer();
  admin = await s.userClient('admin', [{ role: 'admin_kabupaten', regionCode: '35.13' }]);
  op = await s.userClient('op2005', [{ role: 'operator_desa', regionCode: DESA }]);
  kec = await s.userClient('kec06', [{ role: 'operator_kecamatan', regionCode: '35.13.06' }]);
  const p = await admin.post('/api/v1/organisation/periods', {
    program: 'Verval',
    name: 'Verval 2026',
    startDate: '2026-01-01',
    endDate: '2026-12-31',
  });
  expect(p.status, JSON.stringify(p.body)).toBe(201);
  periodId = p.body.id;
  const saved = await admin.post('/api/v1/criteria', { definition: exampleCriteria() });
  expect((await admin.post(`/api/v1/criteria/${saved.body.id}/adopt`)).status).toBe(200);
  ids = await insertHouseholds(s.ctx.db, [
    {
      desaCode: DESA,
      headName: 'Sumarni',
      headNik: '3513064107800001',
      desil: 1,
      members: [
        { name: 'Sumarni', nik: '3513064107800001', relationship: 'Kepala keluarga', birthDate: '1980-07-01' },
        { name: 'Pak Darmo', relationship: 'Orang tua' },
      ],
    },
    { desaCode: DESA, headName: 'Bambang', members: [{ name: 'Bambang' }] },
    ...Array.from({ length: 60 }, (_, i) => ({
      desaCode: DESA,
      headName: `Warga ${String(i).padStart(2, '0')}`,
      address: `Dusun Krajan RT ${i % 7} RW 2`,
      members: [{ name: `Warga ${i}` }, { name: `Anak ${i}` }, { name: `Istri ${i}` }],
    })),
    { desaCode: OTHER, headName: 'Fajar' },
  ]);
  const r = await op.request(
    'PUT',
    `/api/v1/verval/periods/${periodId}/households/${ids[0]}`,
    { baseVersion: 0, found: true, outcome: 'TETAP', outcomeReason: 'Masih sama' },
    { 'idempotency-key': 'pack-test-0001' },
  );
  expect(r.status, JSON.stringify(r.body)).toBe(201);
}, 120_000);
afterAll(async () => {
  await s?.close();
});

describe('verval offline pack', () => {
  const path = () => `/api/v1/verval/periods/${periodId}/offline-pack?desa=${DESA}`;

  it('holds every household of the desa as the household page shows it, with the record and its version', async () => {
    const r = await op.get(path());
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.desaCode).toBe(DESA);
    expect(r.body.households).toHaveLength(62);
    expect(r.body.households.map((h: { headName: string }) => h.headName)).not.toContain('Fajar');
    // Dusun and RT as the worklist reads them, so its filters work the same on the device.
    const list = await op.get(`/api/v1/verval/periods/${periodId}/worklist?desa=${DESA}&pageSize=200`);
    expect(list.status).toBe(200);
    type Listed = { householdId: number; dusun: string | null; rt: string | null };
    const listed = new Map<number, Listed>(list.body.items.map((i: Listed) => [i.householdId, i]));
    for (const h of r.body.households) {
      expect({ dusun: h.dusun, rt: h.rt }).toEqual({ dusun: listed.get(h.householdId)?.dusun, rt: listed.get(h.householdId)?.rt });
    }
    for (const id of [ids[0]!, ids[1]!, ids[5]!]) {
      const h = r.body.households.find((x: { householdId: number }) => x.householdId === id);
      const page = await op.get(`/api/v1/verval/periods/${periodId}/households/${id}`);
      expect(page.status).toBe(200);
      const { memberCount, desil, possibleDuplicate, address, dusun: _dusun, rt: _rt, ...same } = h;
      expect(same).toEqual(page.body);
      expect(memberCount).toBeGreaterThan(0);
      expect(address === null || typeof address === 'string').toBe(true);
      expect(possibleDuplicate).toBeNull();
      if (id === ids[0]) expect(desil).toBe(1);
    }
    const sumarni = r.body.households.find((x: { householdId: number }) => x.householdId === ids[0]);
    expect(sumarni.verval).toMatchObject({ outcome: 'TETAP', version: 1, status: 'DRAFT' });
    expect(sumarni.members.map((m: { name: string }) => m.name)).toEqual(['Sumarni', 'Pak Darmo']);
    expect(sumarni.fields.headNik).toBe('3513064107800001');
    expect(sumarni.suggestedClass).not.toBeNull();
  });

  it('masks identifiers for a reader who may not see them, like the household page', async () => {
    const viewer = await s.userClient('pimpinan', [{ role: 'pimpinan', regionCode: '35.13' }]);
    const r = await viewer.get(path());
    if (r.status !== 200) {
      // A role that may not open the worklist may not download it either.
      expect((await viewer.get(`/api/v1/verval/periods/${periodId}/worklist?desa=${DESA}`)).status).toBe(r.status);
      return;
    }
    const sumarni = r.body.households.find((x: { householdId: number }) => x.householdId === ids[0]);
    const page = await viewer.get(`/api/v1/verval/periods/${periodId}/households/${ids[0]}`);
    expect(sumarni.fields.headNik).toBe(page.body.fields.headNik);
    expect(sumarni.members[0].nik).toBe(page.body.members[0].nik);
  });

  it('travels compressed, brotli or gzip as the phone accepts', async () => {
    const plain = await raw(op, path(), 'identity');
    const gz = await raw(op, path(), 'gzip');
    const br = await raw(op, path(), 'br, gzip');
    expect([plain.status, gz.status, br.status]).toEqual([200, 200, 200]);
    expect(plain.encoding).toBeUndefined();
    expect(gz.encoding).toBe('gzip');
    expect(br.encoding).toBe('br');
    expect(gz.bytes).toBeLessThan(plain.bytes / 4);
    expect(br.bytes).toBeLessThan(plain.bytes / 4);
  });

  it('is scoped: another desa is not found, a kecamatan is not a desa, an unknown period is not found', async () => {
    expect((await op.get(`/api/v1/verval/periods/${periodId}/offline-pack?desa=${OTHER}`)).status).toBe(404);
    expect((await kec.get(`/api/v1/verval/periods/${periodId}/offline-pack?desa=35.13.06`)).status).toBe(400);
    expect((await kec.get(`/api/v1/verval/periods/${periodId}/offline-pack?desa=${DESA}`)).status).toBe(200);
    expect((await op.get(`/api/v1/verval/periods/999999/offline-pack?desa=${DESA}`)).status).toBe(404);
    expect((await op.get(`/api/v1/verval/periods/${periodId}/offline-pack?desa=x`)).status).toBe(400);
  });
});
