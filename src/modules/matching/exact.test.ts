import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertHouseholds } from '../../../test/helpers/registry-fixtures.js';
import { SYSTEM_ACTOR } from '../../app.js';
import { type Database, openDatabase } from '../../db/database.js';
import { migrateToLatest } from '../../db/migrate.js';
import { loadKabupaten } from '../regions/service.js';
import { type ExternalRow, matchRowsExact } from './exact.js';

let database: Database;
let hh: number[];
const KAB = '35.13';
const row = (rowNumber: number, r: Partial<ExternalRow>): ExternalRow => ({
  rowNumber,
  nik: null,
  kkNumber: null,
  name: null,
  birthDate: null,
  regionCode: null,
  ...r,
});

beforeAll(async () => {
  database = await openDatabase({});
  await migrateToLatest(database);
  await loadKabupaten(database.db, KAB, SYSTEM_ACTOR);
  hh = await insertHouseholds(database.db, [
    {
      desaCode: '35.13.06.2005',
      headName: 'Siti Aminah',
      headNik: '3513064507800001',
      kkNumber: '3513060101230001',
      members: [
        { name: 'Siti Aminah', nik: '3513064507800001', birthDate: '1980-07-05' },
        { name: 'Rohman', nik: '3513061203050002', birthDate: '2005-03-12' },
      ],
    },
    { desaCode: '35.13.07.2006', headName: 'Buhari', headNik: '3513071111700003', kkNumber: '3513070101230002' },
  ]);
});
afterAll(async () => {
  await database?.close();
});

describe('matchRowsExact', () => {
  it('matches on NIK, head NIK and No KK, reports differences, not found and damaged NIK', async () => {
    const res = await matchRowsExact(database.db, KAB, [
      row(1, { nik: '3513064507800001', name: 'HJ. SITI  AMINAH', birthDate: '1980-07-05', regionCode: '35.13.06' }),
      row(2, { nik: '3513061203050002', name: 'Rohmat', birthDate: '2005-03-12' }),
      row(3, { nik: '3513061203050002', name: 'Abdul Karim', birthDate: '2004-03-12', regionCode: '3513072006' }),
      row(4, { nik: '3513071111700003', name: 'Buhari' }),
      row(5, { kkNumber: '3513070101230002' }),
      row(6, { nik: '3513069999990009' }),
      row(7, { nik: '3513060101990001', name: 'Tidak Ada' }),
      row(8, { nik: '3.51306E+15' }),
      row(9, { name: 'Tanpa NIK' }),
    ]);
    expect(res.map((r) => r.rowNumber)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(res[0]).toMatchObject({ result: 'MATCHED', householdId: hh[0], desaCode: '35.13.06.2005', differences: [] });
    expect(res[0]?.memberId).toBeTypeOf('number');
    expect(res[1]).toMatchObject({ result: 'MATCHED', differences: [] });
    expect(res[2]).toMatchObject({ result: 'MATCHED_DIFF', differences: ['name', 'birthDate', 'region'] });
    expect(res[3]).toMatchObject({ result: 'MATCHED', householdId: hh[1], memberId: null });
    expect(res[4]).toMatchObject({ result: 'MATCHED', householdId: hh[1], reason: 'Cocok lewat No KK' });
    expect(res[5]).toMatchObject({ result: 'INVALID' });
    expect(res[6]).toMatchObject({ result: 'NOT_FOUND', householdId: null, memberId: null });
    expect(res[7]?.result).toBe('INVALID');
    expect(res[7]?.reason).toContain('notasi ilmiah');
    expect(res[8]).toMatchObject({ result: 'INVALID', reason: 'NIK dan No KK kosong' });
  });

  it('only matches inside the given kabupaten', async () => {
    const [r] = await matchRowsExact(database.db, '35.14', [row(1, { nik: '3513064507800001' })]);
    expect(r?.result).toBe('NOT_FOUND');
  });
});
