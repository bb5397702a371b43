import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/app.js';
import { type DemoLoadResult, ensureDemoLoaded, loadDemo } from '../../src/modules/demo/service.js';
import { Client, startTestServer, type TestServer } from '../helpers/server.js';

const HOUSEHOLDS = 1500;
let s: TestServer;
let demo: DemoLoadResult;

async function signIn(username: string, password: string | undefined): Promise<Client> {
  const c = new Client(s.baseUrl);
  const res = await c.post('/api/v1/auth/login', { username, password });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return c;
}

async function countWhere(column: 'desa_code' | 'kecamatan_code', code: string): Promise<number> {
  const r = await s.ctx.db
    .selectFrom('household')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(column, '=', code)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

beforeAll(async () => {
  s = await startTestServer();
  demo = await loadDemo(s.ctx, { households: HOUSEHOLDS, seed: 11 }, SYSTEM_ACTOR);
});
afterAll(async () => {
  await s?.close();
});

describe('demo data loaded through the P3KE import', () => {
  it('adopts the example criteria set of the domain notes, so households are evaluated against it', async () => {
    const adopted = await s.ctx.db.selectFrom('criteria_set').select(['id', 'code', 'status']).where('status', '=', 'ADOPTED').execute();
    expect(adopted).toEqual([{ id: demo.criteriaId, code: 'contoh-14-kriteria-bps', status: 'ADOPTED' }]);
    // Loading again adopts nothing more.
    const { adoptExampleCriteria } = await import('../../src/modules/criteria/example.js');
    expect(await adoptExampleCriteria(s.ctx.db, SYSTEM_ACTOR)).toBeNull();
  });

  it('stores every generated household and member, none rejected', async () => {
    expect(demo.files.households).toBe(HOUSEHOLDS);
    expect(demo.counts.rejected).toBe(0);
    expect(demo.counts.stored).toBe(HOUSEHOLDS + demo.files.members);
    expect(demo.counts.households.inserted).toBe(HOUSEHOLDS);
    // The only findings are NIKs issued in another kecamatan than the one the family lives in.
    expect(demo.counts.warnings).toBeGreaterThan(0);
    const codes = await s.ctx.db.selectFrom('import_issue').select('code').distinct().where('import_id', '=', demo.importId).execute();
    expect(codes.map((c) => c.code)).toEqual(['NIK_REGION_MISMATCH']);
    const households = await s.ctx.db
      .selectFrom('household')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const members = await s.ctx.db
      .selectFrom('member')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(households.n)).toBe(HOUSEHOLDS);
    expect(Number(members.n)).toBe(demo.files.members);
  });

  it('keeps desil, housing and the data edition of the synthetic files', async () => {
    const byDesil = await s.ctx.db
      .selectFrom('household')
      .select(['desil', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('desil')
      .orderBy('desil')
      .execute();
    expect(byDesil.map((r) => r.desil)).toEqual([1, 2, 3, 4]);
    const sample = await s.ctx.db.selectFrom('household').selectAll().limit(1).executeTakeFirstOrThrow();
    expect(sample.edition).toBe('P3KE 2024 (demo)');
    expect(sample.data_year).toBe(2024);
    expect(sample.floor_type).toBeTruthy();
    expect(sample.head_nik).toMatch(/^\d{16}$/);
  });

  it('creates demo accounts that each see only their own region', async () => {
    expect(demo.accounts.map((a) => [a.role, a.regionCode])).toEqual([
      ['operator_desa', '35.13.06.2005'],
      ['operator_kecamatan', '35.13.06'],
      ['pimpinan', '35.13'],
    ]);
    for (const a of demo.accounts) expect(a.password).toMatch(/^\S{19}$/);
    const [desa, kecamatan, pimpinan] = demo.accounts;

    const d = await signIn(desa!.username, desa!.password);
    const dl = await d.get('/api/v1/households?pageSize=100');
    expect(dl.status).toBe(200);
    expect(dl.body.total).toBe(await countWhere('desa_code', '35.13.06.2005'));
    expect(dl.body.total).toBeGreaterThan(0);
    for (const item of dl.body.items) expect(item.desaCode).toBe('35.13.06.2005');
    // Another desa of the same kecamatan is out of this operator's scope.
    const other = await s.ctx.db.selectFrom('household').select('id').where('desa_code', '=', '35.13.06.2013').executeTakeFirstOrThrow();
    expect((await d.get(`/api/v1/households/${other.id}`)).status).toBe(404);

    const k = await signIn(kecamatan!.username, kecamatan!.password);
    const kl = await k.get('/api/v1/households');
    expect(kl.body.total).toBe(await countWhere('kecamatan_code', '35.13.06'));
    expect((await k.get(`/api/v1/households/${other.id}`)).status).toBe(200);

    const p = await signIn(pimpinan!.username, pimpinan!.password);
    const pl = await p.get('/api/v1/households');
    expect(pl.body.total).toBe(HOUSEHOLDS);
    // Pimpinan is read-only and does not see full NIK.
    expect(pl.body.items[0].headNik).not.toMatch(/^\d{16}$/);
  });

  it('turns the aid flags of the data into receipts, so Bantuan and the dashboard agree with the registry', async () => {
    const flagged = await s.ctx.db
      .selectFrom('household')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('target_status', '=', 'MISKIN_EKSTREM')
      .where((eb) =>
        eb.or([
          eb('aid_bpnt', '=', true),
          eb('aid_pkh', '=', true),
          eb('aid_sembako', '=', true),
          eb('aid_bst', '=', true),
          eb('aid_bpum', '=', true),
        ]),
      )
      .executeTakeFirstOrThrow();
    expect(Number(flagged.n)).toBeGreaterThan(0);
    const admin = await s.userClient('admin-demo', [{ role: 'admin_kabupaten', regionCode: '35.13' }]);
    const gaps = await admin.get('/api/v1/aid/gaps');
    expect(gaps.status, JSON.stringify(gaps.body)).toBe(200);
    const withAid = gaps.body.areas.reduce((a: number, r: { withAid: number }) => a + r.withAid, 0);
    // Target households with a household-level flag have a receipt; member-level flags may add more.
    expect(withAid).toBeGreaterThanOrEqual(Number(flagged.n));
    // Running "Ambil dari data P3KE" again adds nothing.
    const again = await admin.post('/api/v1/aid/receipts/from-registry', {});
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ households: 0, members: 0 });
  });

  it('loads nothing on startup when the registry already holds data', async () => {
    expect(await ensureDemoLoaded(s.ctx, { households: 50 })).toBeUndefined();
    const households = await s.ctx.db
      .selectFrom('household')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(households.n)).toBe(HOUSEHOLDS);
  });

  it('changes nothing when the same demo is loaded again, and keeps the accounts', async () => {
    const again = await loadDemo(s.ctx, { households: HOUSEHOLDS, seed: 11 }, SYSTEM_ACTOR);
    expect(again.counts.inserted).toBe(0);
    expect(again.counts.updated).toBe(0);
    expect(again.counts.unchanged).toBe(HOUSEHOLDS + demo.files.members);
    expect(again.accounts.map((a) => a.username)).toEqual(demo.accounts.map((a) => a.username));
    for (const a of again.accounts) expect(a.password).toBeUndefined();
  });
});
