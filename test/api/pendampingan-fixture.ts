import { expect } from 'vitest';
import { todayWib } from '../../src/lib/dates.js';
import { insertHouseholds } from '../helpers/registry-fixtures.js';
import type { Client, TestServer } from '../helpers/server.js';
import { assign, createAgency, createOfficial, createPeriod, nip } from './organisation-fixture.js';

/** Desa of Kecamatan Banyuanyar used by the pendampingan tests. */
export const D1 = '35.13.06.2001';
export const D2 = '35.13.06.2002';
export const D3 = '35.13.06.2013';

export const userId = async (c: Client): Promise<number> => (await c.get('/api/v1/auth/me')).body.user.id;

export function shiftDays(days: number): string {
  return new Date(Date.parse(`${todayWib()}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * A running period; agency A (DPUPR) with an echelon-III official on D1 and D2 and two JF staff
 * on D1, agency B (Dinsos) with an official on D3; six target households in D1 over two dusun,
 * one not a target, one target household in D3.
 */
export async function seedPendampingan(s: TestServer, admin: Client) {
  const year = todayWib().slice(0, 4);
  const periodId = await createPeriod(admin, `Gesek Ekstrem ${year}`, `${year}-01-01`, `${year}-12-31`);
  const agencyA = await createAgency(admin, '1.03.01', 'Dinas Pekerjaan Umum dan Penataan Ruang', 'DPUPR');
  const agencyB = await createAgency(admin, '1.06.01', 'Dinas Sosial', 'Dinsos');
  const pejabat = await s.userClient('pejabat.bambang', []);
  const staf = await s.userClient('staf.rina', []);
  const pejabatB = await s.userClient('pejabat.yasin', []);
  const eselon3 = await createOfficial(admin, {
    agencyId: agencyA,
    name: 'Ir. Bambang Sutrisno, M.T.',
    nip: nip(1),
    position: 'Kepala Bidang Bina Marga',
    echelon: 'III',
    userId: await userId(pejabat),
  });
  const staf1 = await createOfficial(admin, {
    agencyId: agencyA,
    name: 'Rina Wulandari, S.T.',
    nip: nip(2),
    position: 'Teknik Pengairan Ahli Pertama',
    echelon: 'JF',
    userId: await userId(staf),
  });
  const staf2 = await createOfficial(admin, {
    agencyId: agencyA,
    name: '=HYPERLINK("http://x")',
    nip: nip(3),
    position: 'Pengadministrasi Umum',
    echelon: 'STAF',
  });
  const officialB = await createOfficial(admin, {
    agencyId: agencyB,
    name: 'Drs. Moch. Yasin',
    nip: nip(4),
    position: 'Kepala Bidang Pemberdayaan Sosial',
    echelon: 'III',
    userId: await userId(pejabatB),
  });
  const asg = {
    eselon3D1: (await assign(admin, periodId, eselon3, 'pendamping_desa', D1)).assignment.id,
    eselon3D2: (await assign(admin, periodId, eselon3, 'pendamping_desa', D2)).assignment.id,
    staf1: (await assign(admin, periodId, staf1, 'staf_pendamping', D1)).assignment.id,
    staf2: (await assign(admin, periodId, staf2, 'staf_pendamping', D1)).assignment.id,
    officialB: (await assign(admin, periodId, officialB, 'pendamping_desa', D3)).assignment.id,
  };
  const addresses = [
    'DUSUN KRAJAN RT 001 RW 001',
    'DUSUN KRAJAN RT 002 RW 001',
    'DUSUN KRAJAN RT 001 RW 001',
    'DUSUN SUMBERAN RT 004 RW 002',
    'DUSUN SUMBERAN RT 003 RW 002',
    'DUSUN SUMBERAN RT 004 RW 002',
  ];
  const names = ['Sanemo', 'Misnadi', 'Ponidah', 'Sutrisno', 'Hatijah', 'Buamah'];
  const target = await insertHouseholds(
    s.ctx.db,
    names.map((headName, i) => ({ desaCode: D1, headName, address: addresses[i], targetStatus: 'MISKIN_EKSTREM' })),
  );
  const [notTarget, inD3] = await insertHouseholds(s.ctx.db, [
    { desaCode: D1, headName: 'Sugeng', address: 'DUSUN KRAJAN RT 001', targetStatus: 'MISKIN' },
    { desaCode: D3, headName: 'Satuman', address: 'DUSUN TENGAH RT 001', targetStatus: 'MISKIN_EKSTREM' },
  ]);
  expect(target).toHaveLength(6);
  return {
    periodId,
    agencyA,
    agencyB,
    officials: { eselon3, staf1, staf2, officialB },
    clients: { pejabat, staf, pejabatB },
    asg,
    households: { target, notTarget: notTarget as number, inD3: inD3 as number },
  };
}
