import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESA_A, exampleCriteria, insertWhatIfFixture } from '../helpers/criteria-fixtures.js';
import { type Client, startTestServer, type TestServer } from '../helpers/server.js';

/** Criteria sets over HTTP: validation, versions and adoption, the evaluation of one household. */

let s: TestServer;
let admin: Client;
let opDesaA: Client;
let opKec: Client;
let pimpinan: Client;
let ids: Record<string, number>;

const EXAMPLE = exampleCriteria();

beforeAll(async () => {
  s = await startTestServer();
  admin = await s.userClient('admin.kriteria', [{ role: 'admin_kabupaten', regionCode: '35.13' }]);
  opDesaA = await s.userClient('op.desa.a', [{ role: 'operator_desa', regionCode: DESA_A }]);
  opKec = await s.userClient('op.kec', [{ role: 'operator_kecamatan', regionCode: '35.13.06' }]);
  pimpinan = await s.userClient('bupati', [{ role: 'pimpinan', regionCode: '35.13' }]);
  ids = await insertWhatIfFixture(s.ctx.db);
});
afterAll(async () => {
  await s?.close();
});

const criteriaCount = async () =>
  Number(
    (
      await s.ctx.db
        .selectFrom('criteria_set')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('validation', () => {
  const cases: Array<[string, (d: Record<string, any>) => void, string, RegExp]> = [
    ['repeated indicator id', (d) => (d.indicators[1].id = 'luas_lantai'), 'indicators[1].id', /sudah dipakai oleh indicators\[0\]/],
    ['unknown field', (d) => (d.indicators[0].field = 'luasLantai'), 'indicators[0].field', /Kolom 'luasLantai' tidak dikenal/],
    [
      'operator not fitting the type',
      (d) => (d.indicators[1] = { id: 'lantai', label: 'L', field: 'floorType', lt: 2 }),
      'indicators[1].lt',
      /hanya untuk kolom angka/,
    ],
    [
      'unknown code',
      (d) => (d.indicators[1].in = ['TANAH', 'LUMPUR']),
      'indicators[1].in[1]',
      /Kode "LUMPUR" tidak dikenal untuk 'floorType'/,
    ],
    ['value of the wrong type', (d) => (d.indicators[10].eq = 'tidak'), 'indicators[10].eq', /harus true atau false/],
    [
      'threshold above the indicator count',
      (d) => (d.classify[1].when.indicatorsMetAtLeast = 15),
      'classify[1].when.indicatorsMetAtLeast',
      /Ambang 15 melebihi jumlah indikator \(14\)/,
    ],
    ['last rule not always', (d) => d.classify.pop(), 'classify[1].when', /Aturan terakhir harus \{"always": true\}/],
    [
      'label outside the allowed set',
      (d) => (d.classify[0].label = 'SANGAT_MISKIN'),
      'classify[0].label',
      /Harus salah satu dari: MISKIN_EKSTREM, MISKIN, TIDAK_MISKIN/,
    ],
  ];

  for (const [name, mutate, path, message] of cases) {
    it(`refuses a set with ${name}, naming the path, and saves nothing`, async () => {
      const d = structuredClone(EXAMPLE) as Record<string, any>;
      mutate(d);
      const before = await criteriaCount();
      const r = await admin.post('/api/v1/criteria', { definition: d });
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('CRITERIA_INVALID');
      expect(r.body.error.message).toBe('Kriteria tidak valid; tidak ada yang disimpan');
      const problem = r.body.error.details.find((p: { path: string }) => p.path === path);
      expect(problem, JSON.stringify(r.body.error.details)).toBeDefined();
      expect(problem.message).toMatch(message);
      expect(problem.messageEn).toEqual(expect.any(String));
      expect(await criteriaCount()).toBe(before);
      const v = await admin.post('/api/v1/criteria/validate', { definition: d });
      expect(v.status).toBe(200);
      expect(v.body.valid).toBe(false);
      expect(v.body.problems).toContainEqual(problem);
    });
  }

  it('refuses a body without a definition and a definition that is not an object', async () => {
    const r = await admin.post('/api/v1/criteria', { note: 'kosong' });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_ERROR');
    expect(r.body.error.details[0].path).toBe('/definition');
    const t = await admin.post('/api/v1/criteria', { definition: 'kriteria' });
    expect(t.body.error.details[0].message).toBe('Harus berupa objek {...}');
    expect(await criteriaCount()).toBe(0);
  });

  it('validates without saving', async () => {
    const v = await admin.post('/api/v1/criteria/validate', { definition: EXAMPLE });
    expect(v.body).toEqual({ valid: true, problems: [] });
    expect(await criteriaCount()).toBe(0);
  });

  it('lets only the regency admin save, validate and adopt', async () => {
    for (const c of [opDesaA, opKec, pimpinan]) {
      expect((await c.post('/api/v1/criteria', { definition: EXAMPLE })).status).toBe(403);
      expect((await c.post('/api/v1/criteria/validate', { definition: EXAMPLE })).status).toBe(403);
    }
    expect((await s.anonymous().get('/api/v1/criteria')).status).toBe(401);
    expect(await criteriaCount()).toBe(0);
  });
});

describe('first use, versions and adoption', () => {
  it('has no adopted set on first use: evaluation and what-if say so', async () => {
    const v1 = await admin.post('/api/v1/criteria', { definition: EXAMPLE, note: 'contoh' });
    expect(v1.status).toBe(201);
    expect(v1.body).toMatchObject({
      code: 'contoh-14-kriteria-bps',
      version: 1,
      status: 'DRAFT',
      indicatorCount: 14,
      note: 'contoh',
      createdBy: 'admin.kriteria',
    });
    ids.v1 = v1.body.id;
    const e = await admin.get(`/api/v1/households/${ids.a1}/evaluation`);
    expect(e.status).toBe(409);
    expect(e.body.error.code).toBe('NO_ADOPTED_CRITERIA');
    expect(e.body.error.message).toBe('Belum ada kriteria yang ditetapkan; tetapkan satu versi terlebih dahulu');
    expect((await admin.get(`/api/v1/criteria/${ids.v1}/what-if`)).status).toBe(409);
    // A household out of scope stays hidden, adopted set or not.
    expect((await opDesaA.get(`/api/v1/households/${ids.b1}/evaluation`)).status).toBe(404);
  });

  it('numbers every save as a new version and adopts one version per code', async () => {
    const doc = { ...structuredClone(EXAMPLE), id: 'uji-versi', title: 'Uji versi' };
    const a = await admin.post('/api/v1/criteria', { definition: doc });
    const b = await admin.post('/api/v1/criteria', { definition: { ...doc, title: 'Uji versi 2' } });
    expect([a.body.version, b.body.version]).toEqual([1, 2]);
    expect((await admin.post(`/api/v1/criteria/${a.body.id}/adopt`)).body).toMatchObject({
      status: 'ADOPTED',
      adoptedBy: 'admin.kriteria',
    });
    const adoptB = await admin.post(`/api/v1/criteria/${b.body.id}/adopt`);
    expect(adoptB.status).toBe(200);
    expect(adoptB.body.status).toBe('ADOPTED');
    const list = await pimpinan.get('/api/v1/criteria?code=uji-versi');
    expect(list.body.items.map((c: { version: number; status: string }) => [c.version, c.status])).toEqual([
      [2, 'ADOPTED'],
      [1, 'ARCHIVED'],
    ]);
    // An archived or adopted version cannot be adopted again, and nothing edits a version in place.
    const again = await admin.post(`/api/v1/criteria/${a.body.id}/adopt`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CRITERIA_NOT_DRAFT');
    expect((await admin.post(`/api/v1/criteria/${b.body.id}/adopt`)).status).toBe(409);
    expect((await admin.put(`/api/v1/criteria/${b.body.id}`, { definition: doc })).status).toBe(404);
    expect((await admin.patch(`/api/v1/criteria/${b.body.id}`, { title: 'x' })).status).toBe(404);
    const stored = await admin.get(`/api/v1/criteria/${a.body.id}`);
    expect(stored.body.definition).toEqual(doc);
    expect(stored.body.title).toBe('Uji versi');
    // Even a direct write is refused by the database.
    await expect(sql`update criteria_set set definition = '{}'::jsonb where id = ${b.body.id}`.execute(s.ctx.db)).rejects.toThrow(
      /immutable/,
    );
    await expect(sql`update criteria_set set status = 'DRAFT' where id = ${a.body.id}`.execute(s.ctx.db)).rejects.toThrow(
      /cannot change from ARCHIVED/,
    );
    await expect(sql`delete from criteria_set where id = ${b.body.id}`.execute(s.ctx.db)).rejects.toThrow(/cannot be deleted/);
    // Audited: each save, each adoption, the archive.
    const audit = await s.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id'])
      .where('entity', '=', 'criteria_set')
      .where('entity_id', 'in', [String(a.body.id), String(b.body.id)])
      .orderBy('id')
      .execute();
    expect(audit.map((r) => `${r.action}:${r.entity_id === String(a.body.id) ? 'v1' : 'v2'}`)).toEqual([
      'criteria.create:v1',
      'criteria.create:v2',
      'criteria.adopt:v1',
      'criteria.archive:v1',
      'criteria.adopt:v2',
    ]);
  });

  it('answers 404 for an unknown criteria set', async () => {
    expect((await admin.get('/api/v1/criteria/999999')).status).toBe(404);
    expect((await admin.post('/api/v1/criteria/999999/adopt')).status).toBe(404);
  });
});

describe('evaluation of a household', () => {
  beforeAll(async () => {
    const r = await admin.post(`/api/v1/criteria/${ids.v1}/adopt`);
    expect(r.status).toBe(200);
  });

  it('explains the class with every indicator and its value', async () => {
    const r = await opDesaA.get(`/api/v1/households/${ids.a2}/evaluation`);
    expect(r.status).toBe(200);
    expect(r.body.criteria).toMatchObject({ id: ids.v1, code: 'contoh-14-kriteria-bps', version: 1, status: 'ADOPTED' });
    const e = r.body.evaluation;
    expect(e).toMatchObject({ label: 'MISKIN', metCount: 11, unknownCount: 0, indicatorCount: 14 });
    expect(e.matchedRule.index).toBe(1);
    expect(e.rules[0].explanation).toBe(
      'Aturan 1 (miskin ekstrem): (11 dari 14 indikator terpenuhi (syarat ≥ 12: tidak) dan Desil kesejahteraan = 1 (syarat ≤ 1: ya)) → tidak berlaku',
    );
    const floor = e.indicators.find((i: { id: string }) => i.id === 'lantai');
    expect(floor).toMatchObject({ value: 'KERAMIK', rawValue: 'Keramik', met: false, unknown: false });
    expect(floor.explanation).toBe('Tidak terpenuhi: Jenis lantai = KERAMIK (syarat ∈ {TANAH, BAMBU, KAYU_MURAH}: tidak)');
    const area = e.indicators.find((i: { id: string }) => i.id === 'luas_lantai');
    expect(area).toMatchObject({ value: 12, met: false });
  });

  it('says which indicators are unknown for a household without data', async () => {
    const r = await admin.get(`/api/v1/households/${ids.b5}/evaluation`);
    expect(r.body.evaluation).toMatchObject({ label: 'TIDAK_MISKIN', metCount: 0, unknownCount: 14 });
    expect(r.body.evaluation.indicators[0].explanation).toBe(
      'Tidak diketahui: Luas lantai per orang (m2) tidak diketahui (data kosong); dihitung tidak terpenuhi (syarat < 8)',
    );
  });

  it("hides another desa's household (404) and unknown ids", async () => {
    expect((await opDesaA.get(`/api/v1/households/${ids.b1}/evaluation`)).status).toBe(404);
    expect((await opDesaA.get(`/api/v1/households/${ids.c1}/evaluation`)).status).toBe(404);
    expect((await opKec.get(`/api/v1/households/${ids.c1}/evaluation`)).status).toBe(404);
    expect((await opKec.get(`/api/v1/households/${ids.b1}/evaluation`)).status).toBe(200);
    expect((await admin.get('/api/v1/households/99999999/evaluation')).status).toBe(404);
  });
});
