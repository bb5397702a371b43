import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startTestServer, type TestServer } from '../helpers/server.js';
import { A, B, KEC, seedAidWorld } from './aid-fixture.js';

let s: TestServer;
let admin: Client;
let dinsos: Client;
let opA: Client;
let opB: Client;
let ids: Awaited<ReturnType<typeof seedAidWorld>>;
const year = new Date().getUTCFullYear();

beforeAll(async () => {
  s = await startTestServer();
  admin = await s.userClient('admin.aid', [{ role: 'admin_kabupaten', regionCode: '35.13' }]);
  dinsos = await s.userClient('dinsos.aid', [{ role: 'dinsos', regionCode: '35.13' }]);
  opA = await s.userClient('op.a.aid', [{ role: 'operator_desa', regionCode: A }]);
  opB = await s.userClient('op.b.aid', [{ role: 'operator_desa', regionCode: B }]);
  ids = await seedAidWorld(s);
});
afterAll(async () => {
  await s?.close();
});

describe('aid catalogue and receipts', () => {
  it('seeds the catalogue with the CSV programs and the historic BPUM and BST', async () => {
    const res = await opA.get('/api/v1/aid/programs');
    expect(res.status).toBe(200);
    const codes = res.body.map((p: { code: string }) => p.code);
    expect(codes).toEqual([
      'BLT_DD',
      'SEMBAKO',
      'PKH',
      'PBI_JKN',
      'PBI_DAERAH',
      'PIP',
      'RTLH',
      'BANSOS_APBD',
      'BAZNAS',
      'CSR',
      'BPUM',
      'BST',
    ]);
    expect(res.body.find((p: { code: string }) => p.code === 'PIP')).toMatchObject({ unit: 'MEMBER', fundingSource: 'APBN' });
    expect(
      (
        await opA.post('/api/v1/aid/programs', {
          code: 'ZAKAT_DESA',
          name: 'Zakat desa',
          unit: 'HOUSEHOLD',
          fundingSource: 'NON_GOV',
          agency: 'UPZ',
        })
      ).status,
    ).toBe(403);
    const local = await admin.post('/api/v1/aid/programs', {
      code: 'zakat_desa',
      name: 'Zakat desa',
      unit: 'HOUSEHOLD',
      fundingSource: 'NON_GOV',
      agency: 'UPZ',
    });
    expect(local.status).toBe(201);
    expect(local.body).toMatchObject({ code: 'ZAKAT_DESA', local: true, fundingLabel: 'Non-pemerintah (Baznas, CSR, filantropi)' });
    expect(
      (
        await admin.post('/api/v1/aid/programs', {
          code: 'PKH',
          name: 'PKH lagi',
          unit: 'HOUSEHOLD',
          fundingSource: 'APBN',
          agency: 'Kemensos',
        })
      ).status,
    ).toBe(409);
  });

  it('takes receipts from the registry aid flags once, however often it runs', async () => {
    expect((await opA.post('/api/v1/aid/receipts/from-registry')).status).toBe(403);
    const first = await dinsos.post('/api/v1/aid/receipts/from-registry');
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ households: 2, members: 1 });
    const again = await dinsos.post('/api/v1/aid/receipts/from-registry');
    expect(again.body).toEqual({ households: 0, members: 0 });
    const list = await dinsos.get('/api/v1/aid/receipts?source=REGISTRY_FLAG');
    expect(list.body.items.map((r: { headName: string; programCode: string }) => `${r.headName}:${r.programCode}`).sort()).toEqual([
      'A1 PKH:PKH',
      'A3 Sembako:SEMBAKO',
      'A4 Miskin:PKH',
    ]);
  });

  it('takes a receipt entered by a desa operator for their own desa only', async () => {
    const body = { householdId: ids.b2, programCode: 'BLT_DD', periodYear: 2025, periodMonth: 3, amount: 900000 };
    expect((await opA.post('/api/v1/aid/receipts', body)).status).toBe(404);
    const pip = await opB.post('/api/v1/aid/receipts', { ...body, programCode: 'PIP' });
    expect(pip.status).toBe(400);
    expect(pip.body.error.code).toBe('MEMBER_REQUIRED');
    const ok = await opB.post('/api/v1/aid/receipts', body);
    expect(ok.status).toBe(201);
    const mine = await opB.get('/api/v1/aid/receipts');
    expect(mine.body.items).toHaveLength(1);
    expect(mine.body.items[0]).toMatchObject({
      headName: 'B2 BLT',
      programCode: 'BLT_DD',
      amount: 900000,
      fundingSource: 'APBDES',
      source: 'MANUAL',
    });
    expect((await opA.get('/api/v1/aid/receipts')).body.items.map((r: { desaCode: string }) => r.desaCode)).toEqual([A, A, A]);
  });
});

describe('gap analysis', () => {
  it('computes exclusion, coverage per program and funding source, and inclusion per kecamatan', async () => {
    const res = await dinsos.get('/api/v1/aid/gaps?level=kecamatan');
    expect(res.status).toBe(200);
    const kec = res.body.areas.find((a: { code: string }) => a.code === KEC);
    expect(kec).toMatchObject({
      name: 'Banyuanyar',
      target: 5,
      withAid: 3,
      withoutAid: 2,
      coveragePct: 60,
      inclusionNonTarget: 1,
      inclusionOutsideRegistry: 0,
      byProgram: { PKH: 1, SEMBAKO: 1, BLT_DD: 1 },
      byFunding: { APBN: 2, APBDES: 1 },
    });
    expect(res.body.areas.find((a: { code: string }) => a.code === '35.13.01')).toMatchObject({
      target: 1,
      withAid: 0,
      withoutAid: 1,
      coveragePct: 0,
    });
    expect(res.body.total).toMatchObject({ target: 6, withAid: 3, withoutAid: 3, coveragePct: 50, inclusionNonTarget: 1 });
    expect(res.body.programs).toEqual(
      expect.arrayContaining([
        { code: 'PKH', households: 1, coveragePct: 16.67 },
        { code: 'BLT_DD', households: 1, coveragePct: 16.67 },
      ]),
    );
    expect(res.body.fundingSources).toEqual(expect.arrayContaining([{ source: 'APBN', households: 2, coveragePct: 33.33 }]));
  });

  it('breaks a kecamatan down per desa and filters receipts by year', async () => {
    const res = await dinsos.get(`/api/v1/aid/gaps?level=desa&kecamatan=${KEC}`);
    expect(res.body.areas.map((a: { code: string; target: number; withAid: number }) => [a.code, a.target, a.withAid])).toEqual([
      [A, 3, 2],
      [B, 2, 1],
    ]);
    const y2025 = await dinsos.get(`/api/v1/aid/gaps?level=desa&kecamatan=${KEC}&year=2025`);
    expect(y2025.body.areas.map((a: { code: string; withAid: number }) => [a.code, a.withAid])).toEqual([
      [A, year === 2025 ? 2 : 0],
      [B, 1],
    ]);
  });

  it('shows a desa operator only their desa, and another desa answers 404', async () => {
    const mine = await opA.get('/api/v1/aid/gaps?level=desa');
    expect(mine.body.areas.map((a: { code: string }) => a.code)).toEqual([A]);
    expect((await opA.get(`/api/v1/aid/gaps?level=desa&desa=${B}`)).status).toBe(404);
    expect((await opA.get(`/api/v1/aid/gaps/households?desa=${B}`)).status).toBe(404);
    expect((await opA.get(`/api/v1/aid/households/${ids.b1}`)).status).toBe(404);
  });

  it('lists target households without aid by priority, with filters and keyset pages', async () => {
    const res = await dinsos.get(`/api/v1/aid/gaps/households?kecamatan=${KEC}`);
    expect(res.body.items.map((h: { headName: string; score: number }) => [h.headName, h.score])).toEqual([
      ['B1 Lansia', 70],
      ['=HYPERLINK("http://x")', 30],
    ]);
    expect(res.body.items[0].priority).toEqual({ noAid: true, elderly: true, alone: true, disabled: false, sick: false });
    expect(res.body.total).toBe(2);
    const page1 = await dinsos.get(`/api/v1/aid/gaps/households?kecamatan=${KEC}&limit=1`);
    expect(page1.body.items).toHaveLength(1);
    const page2 = await dinsos.get(`/api/v1/aid/gaps/households?kecamatan=${KEC}&limit=1&after=${page1.body.next}`);
    expect(page2.body.items.map((h: { id: number }) => h.id)).toEqual([ids.a2]);
    expect(page2.body.next).toBeNull();
    const elderly = await dinsos.get(`/api/v1/aid/gaps/households?priority=elderly`);
    expect(elderly.body.items.map((h: { id: number }) => h.id)).toEqual([ids.b1]);
    const noPkh = await dinsos.get(`/api/v1/aid/gaps/households?desa=${A}&program=PKH`);
    expect(noPkh.body.items.map((h: { id: number }) => h.id).sort()).toEqual([ids.a2, ids.a3].sort());
    expect((await dinsos.get('/api/v1/aid/gaps/households?after=rusak')).status).toBe(400);
  });

  it('exports the list neutralising formulas and masking NIK for a reader who may not see it', async () => {
    const pimpinan = await s.userClient('pimpinan.aid', [{ role: 'pimpinan', regionCode: '35.13' }]);
    const csv = await pimpinan.get(`/api/v1/aid/gaps/households/export?desa=${A}&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.text).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(csv.text).toContain('3513**********01');
    expect(csv.text).not.toContain('3513064101900001');
    const full = await dinsos.get(`/api/v1/aid/gaps/households/export?desa=${A}&format=csv`);
    expect(full.text).toContain('3513064101900001');
  });

  it('ranks lokus desa by households without aid and lets the admin pin one with a reason', async () => {
    const res = await dinsos.get('/api/v1/aid/lokus?top=1');
    expect(res.body.map((d: { desaCode: string; withoutAid: number; lokus: boolean }) => [d.desaCode, d.withoutAid, d.lokus])).toEqual([
      ['35.13.01.2001', 1, true], // 1 of 1 without aid: score 1
      [B, 1, false], // 1 of 2: score 0,5
      [A, 1, false], // 1 of 3: score 0,33
    ]);
    expect((await dinsos.put(`/api/v1/aid/lokus/${B}`, { pinned: true, reason: 'Banyak lansia' })).status).toBe(403);
    expect((await admin.put(`/api/v1/aid/lokus/${B}`, { pinned: true })).status).toBe(400);
    expect((await admin.put(`/api/v1/aid/lokus/${B}`, { pinned: true, reason: 'Banyak lansia' })).status).toBe(200);
    const after = await opB.get('/api/v1/aid/lokus?top=1');
    expect(after.body).toHaveLength(1);
    expect(after.body[0]).toMatchObject({ desaCode: B, lokus: true, override: { pinned: true, reason: 'Banyak lansia' } });
  });

  it('takes a household ended by musdes out of the target and counts its aid as outside the registry', async () => {
    await sql`update household set ended_reason = 'MENINGGAL', ended_at = now() where id = ${ids.a1}`.execute(s.ctx.db);
    const res = await dinsos.get(`/api/v1/aid/gaps?level=desa&desa=${A}`);
    expect(res.body.areas).toEqual([
      expect.objectContaining({ code: A, target: 2, withAid: 1, withoutAid: 1, inclusionNonTarget: 1, inclusionOutsideRegistry: 1 }),
    ]);
    const list = await dinsos.get(`/api/v1/aid/gaps/households?desa=${A}&program=PKH`);
    expect(list.body.items.map((h: { id: number }) => h.id)).not.toContain(ids.a1);
  });
});
