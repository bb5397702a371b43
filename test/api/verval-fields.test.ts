import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertHouseholds } from '../helpers/registry-fixtures.js';
import { type Client, startTestServer, type TestServer } from '../helpers/server.js';

/** The field form's pick lists, the scoped household search (GANDA) and the worklist filters, over HTTP. Both engines. */

const DESA_A = '35.13.06.2005';
const DESA_B = '35.13.06.2013';
const KEC = '35.13.06';
const NIK_A = '3513064101900003';
const KK_A = '3513060101900004';

let s: TestServer;
let admin: Client;
let opA: Client;
let kec: Client;
let periodId: number;
const ids: Record<string, number> = {};

beforeAll(async () => {
  s = await startTestServer();
  admin = await s.userClient('admin', [{ role: 'admin_kabupaten', regionCode: '35.13' }]);
  opA = await s.userClient('op2005', [{ role: 'operator_desa', regionCode: DESA_A }]);
  kec = await s.userClient('kec06', [{ role: 'operator_kecamatan', regionCode: KEC }]);
  const period = await admin.post('/api/v1/organisation/periods', {
    program: 'Verval 2026',
    name: 'Verval 2026',
    startDate: '2026-01-01',
    endDate: '2026-12-31',
  });
  expect(period.status, JSON.stringify(period.body)).toBe(201);
  periodId = period.body.id;
  const [sumarni, sumarno, bambang, citra, dewi, lain] = await insertHouseholds(s.ctx.db, [
    {
      desaCode: DESA_A,
      headName: 'Sumarni Wati',
      headNik: NIK_A,
      kkNumber: KK_A,
      desil: 1,
      targetStatus: 'MISKIN_EKSTREM',
      address: 'DUSUN KRAJAN RT 001 RW 002',
    },
    { desaCode: DESA_A, headName: 'Sumarno', desil: 2, targetStatus: 'MISKIN', address: 'Dsn. Sumber Rejo, RT/RW 003/001' },
    { desaCode: DESA_A, headName: 'Bambang', desil: 1, targetStatus: 'MISKIN_EKSTREM', address: 'DUSUN KRAJAN RT 003 RW 002' },
    { desaCode: DESA_A, headName: 'Citra', desil: null, targetStatus: 'MISKIN', address: 'Jl. Raya 5' },
    { desaCode: DESA_A, headName: 'Dewi', desil: 3, targetStatus: 'MISKIN', address: 'DUSUN KRAJAN RT 001 RW 002' },
    { desaCode: DESA_B, headName: 'Sumarti Lain', headNik: '3513064101900099', targetStatus: 'MISKIN_EKSTREM' },
  ]);
  Object.assign(ids, { sumarni, sumarno, bambang, citra, dewi, lain });
});

afterAll(async () => {
  await s?.close();
});

describe('pick lists', () => {
  it("names every desa of the kabupaten with its kecamatan, marks the caller's own, and carries the registry value lists", async () => {
    const r = await opA.get('/api/v1/verval/pick-lists');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const byCode = new Map<string, { name: string; kecamatanCode: string; kecamatanName: string; inScope: boolean }>(
      r.body.desa.map((d: { code: string }) => [d.code, d]),
    );
    expect(byCode.get(DESA_A)).toMatchObject({ kecamatanCode: KEC, inScope: true });
    expect(byCode.get(DESA_B)).toMatchObject({ kecamatanCode: KEC, inScope: false });
    expect(byCode.get(DESA_B)!.name).not.toBe(DESA_B);
    expect(byCode.get(DESA_B)!.kecamatanName).not.toBe(KEC);
    expect([...byCode.values()].filter((d) => d.inScope)).toHaveLength(1);
    // Another kecamatan's desa is offered too (a move within the kabupaten), out of scope.
    expect([...byCode.keys()].some((c) => !c.startsWith(`${KEC}.`))).toBe(true);
    expect(r.body.values.floorType).toContain('Tanah');
    expect(r.body.values.cookingFuel).toContain('Kayu bakar');
    expect(Object.keys(r.body.values)).toEqual(
      expect.arrayContaining(['roofType', 'wallType', 'floorType', 'lighting', 'drinkingWater', 'toilet', 'houseOwnership', 'cookingFuel']),
    );
    const forKec = await kec.get('/api/v1/verval/pick-lists');
    expect(forKec.body.desa.filter((d: { inScope: boolean }) => d.inScope).length).toBeGreaterThan(1);
  });
});

describe('household search', () => {
  const search = (c: Client, q: string, extra = '') => c.get(`/api/v1/households/search?q=${encodeURIComponent(q)}${extra}`);

  it('finds by name words within the scope only, with NIK and No KK masked', async () => {
    const r = await search(opA, 'suma');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.items.map((i: { id: number }) => i.id).sort()).toEqual([ids.sumarni, ids.sumarno].sort());
    const hit = r.body.items.find((i: { id: number }) => i.id === ids.sumarni);
    expect(hit).toMatchObject({ headName: 'Sumarni Wati', desaCode: DESA_A, headNik: '3513**********03', kkNumber: '3513**********04' });
    expect(hit.desaName).toBeTruthy();
    expect(JSON.stringify(r.body)).not.toContain(NIK_A);
    // Another desa's household is never found by a desa operator; the kecamatan sees both desa.
    expect(JSON.stringify(r.body)).not.toContain('Sumarti');
    expect((await search(opA, 'sumarti')).body.items).toEqual([]);
    expect((await search(kec, 'suma')).body.items.map((i: { headName: string }) => i.headName)).toContain('Sumarti Lain');
  });

  it('finds by a full NIK or No KK, and can leave out the household being verified', async () => {
    expect((await search(opA, NIK_A)).body.items.map((i: { id: number }) => i.id)).toEqual([ids.sumarni]);
    expect((await search(opA, KK_A)).body.items.map((i: { id: number }) => i.id)).toEqual([ids.sumarni]);
    expect((await search(opA, '3513064101900099')).body.items).toEqual([]);
    expect((await search(opA, 'suma', `&exclude=${ids.sumarni}`)).body.items.map((i: { id: number }) => i.id)).toEqual([ids.sumarno]);
  });

  it('answers 400 for a query shorter than 3 characters', async () => {
    const r = await search(opA, ' ab ');
    expect(r.status).toBe(400);
    expect((await opA.get('/api/v1/households/search')).status).toBe(400);
  });
});

describe('worklist filters', () => {
  const list = (c: Client, filter: string) => c.get(`/api/v1/verval/periods/${periodId}/worklist?desa=${DESA_A}${filter}`);
  const names = (r: { body: { items: { headName: string }[] } }) => r.body.items.map((i) => i.headName).sort();

  it('carries target status, desil, dusun and RT in each item and the dusun/RT present in the desa', async () => {
    const r = await list(opA, '');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.dusuns).toEqual(['KRAJAN', 'SUMBER REJO']);
    expect(r.body.rts).toEqual(['001', '003']);
    const sumarni = r.body.items.find((i: { householdId: number }) => i.householdId === ids.sumarni);
    expect(sumarni).toMatchObject({ targetStatus: 'MISKIN_EKSTREM', desil: 1, dusun: 'KRAJAN', rt: '001' });
    const citra = r.body.items.find((i: { householdId: number }) => i.householdId === ids.citra);
    expect(citra).toMatchObject({ desil: null, dusun: null, rt: null });
  });

  it('filters extreme poor, not visited, returned, dusun and RT, combined, counting the matches', async () => {
    expect(names(await list(opA, '&extreme=true'))).toEqual(['Bambang', 'Sumarni Wati']);
    const saved = await opA.request(
      'PUT',
      `/api/v1/verval/periods/${periodId}/households/${ids.bambang}`,
      { baseVersion: 0, found: true, outcome: 'TETAP' },
      { 'idempotency-key': 'fields-bambang' },
    );
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    const dewi = await opA.request(
      'PUT',
      `/api/v1/verval/periods/${periodId}/households/${ids.dewi}`,
      { baseVersion: 0, found: true, outcome: 'MAMPU' },
      { 'idempotency-key': 'fields-dewi' },
    );
    const sub = await opA.request(
      'POST',
      `/api/v1/verval/${dewi.body.id}/submit`,
      { baseVersion: 1 },
      { 'idempotency-key': 'fields-dewi-s' },
    );
    expect(sub.status, JSON.stringify(sub.body)).toBe(200);
    const ret = await kec.request(
      'POST',
      `/api/v1/verval/${dewi.body.id}/return`,
      { baseVersion: 2, comment: 'Foto kurang' },
      {
        'idempotency-key': 'fields-dewi-r',
      },
    );
    expect(ret.status, JSON.stringify(ret.body)).toBe(200);

    const unvisited = await list(opA, '&visit=UNVISITED');
    expect(names(unvisited)).toEqual(['Citra', 'Sumarni Wati', 'Sumarno']);
    expect(unvisited.body).toMatchObject({ total: 5, visited: 2, matching: 3 });
    expect(names(await list(opA, '&visit=RETURNED'))).toEqual(['Dewi']);
    expect(names(await list(opA, '&dusun=krajan'))).toEqual(['Bambang', 'Dewi', 'Sumarni Wati']);
    expect(names(await list(opA, '&rt=1'))).toEqual(['Dewi', 'Sumarni Wati']);
    expect(names(await list(opA, '&rt=003&dusun=Sumber%20Rejo'))).toEqual(['Sumarno']);
    expect(names(await list(opA, '&extreme=true&visit=UNVISITED&dusun=KRAJAN'))).toEqual(['Sumarni Wati']);
    expect((await list(opA, '&extreme=true&q=bamb')).body).toMatchObject({ matching: 1 });
  });

  it('rejects malformed filters with 400 and another desa with 404', async () => {
    expect((await list(opA, '&visit=SOMETIMES')).status).toBe(400);
    expect((await list(opA, '&rt=abc')).status).toBe(400);
    expect((await list(opA, '&extreme=yes')).status).toBe(400);
    const other = await opA.get(`/api/v1/verval/periods/${periodId}/worklist?desa=${DESA_B}&extreme=true`);
    expect([403, 404]).toContain(other.status);
  });
});
