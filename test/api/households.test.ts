import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/app.js';
import type { Actor } from '../../src/modules/access/scope.js';
import { recordAudit } from '../../src/modules/audit/service.js';
import type { HouseholdFilters } from '../../src/modules/households/filters.js';
import { listHouseholds } from '../../src/modules/households/service.js';
import {
  DESA_A,
  DESA_B,
  type HouseholdWorld,
  KK_SITI,
  list,
  NIK_BUHARI_CHILD,
  NIK_ROHMAN,
  NIK_SITI,
  names,
  startHouseholdWorld,
} from '../helpers/household-dataset.js';
import type { Client, TestServer } from '../helpers/server.js';

let w: HouseholdWorld;
let s: TestServer;
let admin: Client;
let pimpinan: Client;
let opd: Client;
let opDesa: Client;
let opKec: Client;
let id: Record<string, number>;

beforeAll(async () => {
  w = await startHouseholdWorld();
  ({ s, admin, pimpinan, opd, opDesa, opKec, id } = w);
});
afterAll(async () => {
  await w?.s.close();
});

describe('household list', () => {
  it('lists every household of the kabupaten for an admin, ordered by desa then name', async () => {
    const body = await list(admin);
    expect(body.total).toBe(7);
    expect(body.page).toBe(1);
    expect(body.pageSize).toBe(50);
    expect(names(body)).toEqual(['=1+2', 'AHMAD HASAN', 'SITI AMINAH', 'BUHARI', 'SITI FATIMAH', 'AMINAH SITI', 'MISTIN']);
    const siti = body.items.find((i: { id: number }) => i.id === id.siti);
    expect(siti).toEqual({
      id: id.siti,
      desaCode: DESA_A,
      desaName: 'Alassapi',
      kecamatanCode: '35.13.06',
      kecamatanName: 'Banyuanyar',
      headName: 'SITI AMINAH',
      headNik: NIK_SITI,
      kkNumber: KK_SITI,
      address: 'DUSUN KRAJAN RT 001 RW 002',
      desil: 1,
      targetStatus: 'MISKIN_EKSTREM',
      source: 'P3KE',
      memberCount: 2,
      aid: { bpnt: true, bpum: false, bst: false, pkh: true, sembako: false },
      updatedAt: '2024-03-01T08:00:00.000Z',
    });
  });

  it('filters by each filter', async () => {
    expect(names(await list(admin, 'kecamatan=35.13.07')).sort()).toEqual(['AMINAH SITI', 'MISTIN']);
    expect(names(await list(admin, `desa=${DESA_B}`)).sort()).toEqual(['BUHARI', 'SITI FATIMAH']);
    expect(names(await list(admin, 'desil=1,2')).sort()).toEqual(['AHMAD HASAN', 'BUHARI', 'MISTIN', 'SITI AMINAH']);
    expect(names(await list(admin, 'desil=4')).sort()).toEqual(['SITI FATIMAH']);
    expect(names(await list(admin, 'status=MISKIN_EKSTREM')).sort()).toEqual(['BUHARI', 'MISTIN', 'SITI AMINAH']);
    expect(names(await list(admin, 'status=TIDAK_MISKIN,MISKIN')).sort()).toEqual(['=1+2', 'AHMAD HASAN', 'AMINAH SITI', 'SITI FATIMAH']);
    expect(names(await list(admin, 'source=DTKS'))).toEqual(['AHMAD HASAN']);
    expect(names(await list(admin, 'source=MANUAL,DTKS')).sort()).toEqual(['=1+2', 'AHMAD HASAN']);
    expect(names(await list(admin, 'aid=pkh')).sort()).toEqual(['MISTIN', 'SITI AMINAH']);
    expect(names(await list(admin, 'aid=bst,bpum')).sort()).toEqual(['BUHARI', 'SITI FATIMAH']);
    expect(names(await list(admin, 'aid=sembako'))).toEqual(['=1+2']);
    expect(names(await list(admin, 'aid=bpnt'))).toEqual(['SITI AMINAH']);
    expect(names(await list(admin, 'noAid=true')).sort()).toEqual(['AHMAD HASAN', 'AMINAH SITI']);
    expect((await list(admin, 'noAid=false')).total).toBe(7);
    const combined = await list(admin, 'kecamatan=35.13.06&desil=1&aid=pkh,bst&status=MISKIN_EKSTREM&source=P3KE');
    expect(names(combined).sort()).toEqual(['BUHARI', 'SITI AMINAH']);
    expect(combined.total).toBe(2);
  });

  it('searches head names by word prefix, in any case and word order', async () => {
    expect(names(await list(admin, 'q=siti')).sort()).toEqual(['AMINAH SITI', 'SITI AMINAH', 'SITI FATIMAH']);
    expect(names(await list(admin, 'q=Amin')).sort()).toEqual(['AMINAH SITI', 'SITI AMINAH']);
    expect(names(await list(admin, `q=${encodeURIComponent('siti  amin')}`)).sort()).toEqual(['AMINAH SITI', 'SITI AMINAH']);
    expect(names(await list(admin, 'q=fatim'))).toEqual(['SITI FATIMAH']);
    expect((await list(admin, 'q=zzz')).total).toBe(0);
    expect((await list(admin, `q=${encodeURIComponent("siti'")}`)).total).toBe(3);
  });

  it('finds a household by the full NIK or No KK of its head or of any member', async () => {
    expect(names(await list(admin, `q=${NIK_SITI}`))).toEqual(['SITI AMINAH']);
    expect(names(await list(admin, `q=${KK_SITI}`))).toEqual(['SITI AMINAH']);
    expect(names(await list(admin, `q=${NIK_ROHMAN}`))).toEqual(['SITI AMINAH']);
    expect(names(await list(admin, `q=${NIK_BUHARI_CHILD}`))).toEqual(['BUHARI']);
    expect((await list(admin, 'q=3513069999999999')).total).toBe(0);
  });

  it('sorts by name, desil and update time in both directions', async () => {
    expect(names(await list(admin, 'sort=headName'))).toEqual([
      '=1+2',
      'AHMAD HASAN',
      'AMINAH SITI',
      'BUHARI',
      'MISTIN',
      'SITI AMINAH',
      'SITI FATIMAH',
    ]);
    expect(names(await list(admin, 'sort=headName&order=desc'))).toEqual([
      'SITI FATIMAH',
      'SITI AMINAH',
      'MISTIN',
      'BUHARI',
      'AMINAH SITI',
      'AHMAD HASAN',
      '=1+2',
    ]);
    // Households without a desil come last.
    expect(names(await list(admin, 'sort=desil'))).toEqual([
      'BUHARI',
      'MISTIN',
      'SITI AMINAH',
      'AHMAD HASAN',
      '=1+2',
      'SITI FATIMAH',
      'AMINAH SITI',
    ]);
    expect(names(await list(admin, 'sort=desil&order=desc'))[0]).toBe('AMINAH SITI');
    expect(names(await list(admin, 'sort=updatedAt&order=desc'))).toEqual([
      'AMINAH SITI',
      'MISTIN',
      'SITI FATIMAH',
      'BUHARI',
      '=1+2',
      'AHMAD HASAN',
      'SITI AMINAH',
    ]);
    expect(names(await list(admin, 'sort=desa&order=desc'))).toEqual([
      'MISTIN',
      'AMINAH SITI',
      'SITI FATIMAH',
      'BUHARI',
      'SITI AMINAH',
      'AHMAD HASAN',
      '=1+2',
    ]);
  });

  it('pages by page number and by cursor, with the same rows', async () => {
    const all = names(await list(admin, 'sort=headName'));
    const byPage: string[] = [];
    for (let page = 1; page <= 3; page++) {
      const body = await list(admin, `sort=headName&pageSize=3&page=${page}`);
      expect(body.total).toBe(7);
      expect(body.page).toBe(page);
      byPage.push(...names(body));
      expect(body.nextCursor === null).toBe(page === 3);
    }
    expect(byPage).toEqual(all);

    for (const sort of ['desa', 'headName', 'desil', 'updatedAt']) {
      for (const order of ['asc', 'desc']) {
        const expected = names(await list(admin, `sort=${sort}&order=${order}`));
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const body: { items: { headName: string }[]; nextCursor: string | null } = await list(
            admin,
            `sort=${sort}&order=${order}&pageSize=2${cursor ? `&cursor=${cursor}` : ''}`,
          );
          seen.push(...names(body));
          cursor = body.nextCursor;
        } while (cursor);
        expect(seen, `${sort} ${order}`).toEqual(expected);
      }
    }
  });

  it('gives a large region-wide list an estimated total, flagged, and counts searches and small lists exactly', async () => {
    const body = await list(admin);
    expect(body).toMatchObject({ total: 7, totalApproximate: false });
    const actor: Actor = { userId: 0, username: 'uji', fullName: 'Uji', grants: [{ role: 'admin_kabupaten', regionCode: '35.13' }] };
    const so = { sort: 'desa', order: 'asc' } as const;
    // The threshold is 50,000 households; lowered here so the seven of the fixture count as "large".
    const large = await listHouseholds(s.ctx.db, actor, {}, so, { page: 1, pageSize: 50, approximateFrom: 1 });
    expect(large.totalApproximate).toBe(true);
    expect(large.total % 100).toBe(0);
    expect(large.total).toBeGreaterThanOrEqual(100);
    expect(large.items).toHaveLength(7);
    const searched = await listHouseholds(s.ctx.db, actor, { q: 'siti' }, so, { page: 1, pageSize: 50, approximateFrom: 1 });
    expect(searched).toMatchObject({ total: 3, totalApproximate: false });
    const aided = await listHouseholds(s.ctx.db, actor, { aid: ['pkh'] }, so, { page: 1, pageSize: 50, approximateFrom: 1 });
    expect(aided.totalApproximate).toBe(false);
    expect(aided.total).toBe(aided.items.length);
  });

  it('pages a name search the same whether its matches are read through the name index first or the sort index is walked', async () => {
    const so = { sort: 'headName', order: 'desc' } as const;
    const admin: Actor = { userId: 0, username: 'uji', fullName: 'Uji', grants: [{ role: 'admin_kabupaten', regionCode: '35.13' }] };
    const desaOperator: Actor = { userId: 0, username: 'uji', fullName: 'Uji', grants: [{ role: 'operator_desa', regionCode: DESA_A }] };
    const cases: Array<[Actor, HouseholdFilters, string[]]> = [
      [admin, { q: 'siti' }, ['SITI FATIMAH', 'SITI AMINAH', 'AMINAH SITI']],
      [admin, { q: 'amin siti' }, ['SITI AMINAH', 'AMINAH SITI']],
      [admin, { q: 'siti', desa: DESA_A }, ['SITI AMINAH']],
      [desaOperator, { q: 'siti' }, ['SITI AMINAH']],
      [admin, { q: 'zzz' }, []],
    ];
    for (const [actor, f, expected] of cases) {
      // 5,000: the planner's estimate is below it, so the matches are read first; 0: never.
      for (const upTo of [5_000, 0]) {
        const opts = { pageSize: 2, searchMaterialisedUpTo: upTo };
        const byCursor: string[] = [];
        let cursor: string | undefined;
        do {
          const p = await listHouseholds(s.ctx.db, actor, f, so, { page: 1, ...opts, ...(cursor ? { cursor } : {}) });
          expect(p.total, `${f.q} ${upTo}`).toBe(expected.length);
          byCursor.push(...p.items.map((i) => i.headName));
          cursor = p.nextCursor ?? undefined;
        } while (cursor);
        expect(byCursor, `${f.q} ${upTo} by cursor`).toEqual(expected);
        const second = await listHouseholds(s.ctx.db, actor, f, so, { page: 2, ...opts });
        expect(
          second.items.map((i) => i.headName),
          `${f.q} ${upTo} page 2`,
        ).toEqual(expected.slice(2, 4));
        expect(second.total).toBe(expected.length);
        const pastTheEnd = await listHouseholds(s.ctx.db, actor, f, so, { page: 5, ...opts });
        expect(pastTheEnd).toMatchObject({ items: [], total: expected.length });
      }
    }
  });

  it('refuses a cursor made for another order or tampered with', async () => {
    const first = await list(admin, 'sort=headName&pageSize=2');
    const wrongSort = await admin.get(`/api/v1/households?sort=desil&pageSize=2&cursor=${first.nextCursor}`);
    expect(wrongSort.status).toBe(400);
    expect(wrongSort.body.error.code).toBe('INVALID_CURSOR');
    const forged = Buffer.from(JSON.stringify({ s: 'headName', o: 'asc', k: ['x', '1; drop table household'] })).toString('base64url');
    const bad = await admin.get(`/api/v1/households?sort=headName&cursor=${forged}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('INVALID_CURSOR');
    expect((await admin.get('/api/v1/households?cursor=%%%')).status).toBe(400);
  });

  it('rejects invalid parameters with VALIDATION_ERROR', async () => {
    for (const q of [
      'desil=0',
      'desil=11',
      'desil=abc',
      'desil=',
      'status=KAYA',
      'source=BPS',
      'aid=blt',
      'noAid=yes',
      'sort=nik',
      'order=up',
      'page=0',
      'pageSize=1000',
      'desa=35.13.06',
      'kecamatan=35.13.06.2005',
      `q=${'x'.repeat(101)}`,
    ]) {
      const r = await admin.get(`/api/v1/households?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.body.error.code, q).toBe('VALIDATION_ERROR');
    }
  });

  it('answers 404 for a region filter that does not exist', async () => {
    const r = await admin.get('/api/v1/households?desa=35.13.06.2999');
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('NOT_FOUND');
  });

  it('is documented in the OpenAPI document', async () => {
    const doc = await s.anonymous().get('/api/docs/json');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/households',
        '/api/v1/households/export.csv',
        '/api/v1/households/export.xlsx',
        '/api/v1/households/{id}',
      ]),
    );
    const params = doc.body.paths['/api/v1/households'].get.parameters.map((p: { name: string }) => p.name);
    expect(params).toEqual(
      expect.arrayContaining(['kecamatan', 'desa', 'desil', 'status', 'source', 'aid', 'noAid', 'q', 'sort', 'order']),
    );
  });

  it('requires sign-in', async () => {
    expect((await s.anonymous().get('/api/v1/households')).status).toBe(401);
    expect((await s.anonymous().get(`/api/v1/households/${id.siti}`)).status).toBe(401);
    expect((await s.anonymous().get('/api/v1/households/export.csv')).status).toBe(401);
  });
});

describe('NIK and No KK masking', () => {
  it('masks identifiers in the list for pimpinan and OPD pendamping, not for operators and admin', async () => {
    for (const c of [pimpinan, opd]) {
      const body = await list(c, `desa=${DESA_A}`);
      const siti = body.items.find((i: { id: number }) => i.id === id.siti);
      expect(siti.headNik).toBe('3513**********01');
      expect(siti.kkNumber).toBe('3513**********01');
    }
    for (const c of [admin, opKec, opDesa]) {
      const body = await list(c, `desa=${DESA_A}`);
      expect(body.items.find((i: { id: number }) => i.id === id.siti).headNik).toBe(NIK_SITI);
    }
  });

  it('still finds a household by full NIK for a masked role, without revealing it', async () => {
    const body = await list(pimpinan, `q=${NIK_ROHMAN}`);
    expect(names(body)).toEqual(['SITI AMINAH']);
    expect(JSON.stringify(body)).not.toContain(NIK_SITI);
  });
});

describe('household page', () => {
  beforeAll(async () => {
    await s.ctx.db
      .insertInto('household_history')
      .values({
        household_id: id.siti as number,
        changed_at: '2024-03-01T09:00:00.000Z',
        changes: JSON.stringify({ desil: [2, 1], head_nik: ['3513064507800099', NIK_SITI] }),
      })
      .execute();
    await s.ctx.db.transaction().execute((trx) =>
      recordAudit(trx, SYSTEM_ACTOR, {
        action: 'household.update',
        entity: 'household',
        entityId: id.siti,
        regionCode: DESA_A,
        before: { desil: 2, head_nik: '3513064507800099' },
        after: { desil: 1, head_nik: NIK_SITI },
      }),
    );
  });

  it('shows the household with members, housing, indicators, aid, history and audit', async () => {
    const r = await admin.get(`/api/v1/households/${id.siti}`);
    expect(r.status).toBe(200);
    const { household, members, history, audit } = r.body;
    expect(household).toMatchObject({
      id: id.siti,
      kabupatenCode: '35.13',
      kabupatenName: 'Kabupaten Probolinggo',
      kecamatanCode: '35.13.06',
      kecamatanName: 'Banyuanyar',
      desaCode: DESA_A,
      desaName: 'Alassapi',
      source: 'P3KE',
      sourceId: 'P3KE-0001',
      edition: 'P3KE 2023',
      dataYear: 2023,
      headName: 'SITI AMINAH',
      headNik: NIK_SITI,
      kkNumber: KK_SITI,
      headSex: 'P',
      headBirthDate: '1980-07-05',
      desil: 1,
      targetStatus: 'MISKIN_EKSTREM',
      roofType: 'GENTENG',
      floorType: 'TANAH',
      wallType: null,
      hasSavings: false,
      aid: { bpnt: true, bpum: false, bst: false, pkh: true, sembako: false },
      stuntingRisk: false,
      indicators: { disabilitas: true },
      memberCount: 2,
      version: 1,
    });
    expect(members.map((m: { name: string }) => m.name)).toEqual(['SITI AMINAH', 'ROHMAN']);
    const rohman = members[1];
    const born = new Date(2005, 2, 12);
    const now = new Date();
    const age = now.getFullYear() - 2005 - (now < new Date(now.getFullYear(), born.getMonth(), born.getDate()) ? 1 : 0);
    expect(rohman).toMatchObject({
      nik: NIK_ROHMAN,
      sex: 'L',
      relationship: 'ANAK',
      birthDate: '2005-03-12',
      age,
      aid: { bpnt: false, bpum: false, bst: false, pkh: true, sembako: false },
      stuntingRisk: false,
    });
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ importId: null, changedBy: null, changes: { desil: [2, 1] } });
    expect(audit[0]).toMatchObject({ action: 'household.update', entityId: String(id.siti), after: { desil: 1 } });
  });

  it('masks NIK and No KK everywhere on the page for pimpinan', async () => {
    const r = await pimpinan.get(`/api/v1/households/${id.siti}`);
    expect(r.status).toBe(200);
    expect(r.body.household.headNik).toBe('3513**********01');
    expect(r.body.household.kkNumber).toBe('3513**********01');
    expect(r.body.members[1].nik).toBe('3513**********02');
    expect(r.body.history[0].changes.head_nik).toEqual(['3513**********99', '3513**********01']);
    expect(r.body.audit[0].before.head_nik).toBe('3513**********99');
    expect(r.text).not.toContain(NIK_SITI);
    expect(r.text).not.toContain(NIK_ROHMAN);
  });

  it('answers 404 for a missing household', async () => {
    const r = await admin.get('/api/v1/households/999999');
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('NOT_FOUND');
    expect((await admin.get('/api/v1/households/abc')).status).toBe(400);
    expect((await admin.get('/api/v1/households/99999999999999999999')).status).toBe(400);
    expect((await admin.get('/api/v1/households/9007199254740991')).status).toBe(404);
  });
});
