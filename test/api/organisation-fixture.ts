import { expect } from 'vitest';
import type { Client, TestServer } from '../helpers/server.js';

/** Kecamatan Banyuanyar, Kabupaten Probolinggo: 14 desa. */
export const BANYUANYAR = '35.13.06';
export const BANYUANYAR_DESA = Array.from({ length: 14 }, (_, i) => `${BANYUANYAR}.${String(2001 + i)}`);

/** A well-formed NIP: birth date, appointment month, sex, serial. */
export function nip(i: number): string {
  const birth = `${1968 + (i % 20)}0${1 + (i % 9)}1${i % 10}`;
  return `${birth}200503` + `1${String(i + 1).padStart(3, '0')}`;
}

export async function createAgency(admin: Client, code: string, name: string, shortName?: string): Promise<number> {
  const r = await admin.post('/api/v1/organisation/agencies', { code, name, shortName });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id;
}

export async function createOfficial(
  admin: Client,
  input: { agencyId: number; name: string; nip: string; position: string; echelon: string; userId?: number },
): Promise<number> {
  const r = await admin.post('/api/v1/organisation/officials', input);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id;
}

export async function createPeriod(admin: Client, name: string, startDate: string, endDate: string): Promise<number> {
  const r = await admin.post('/api/v1/organisation/periods', { program: 'Gesek Ekstrem', name, startDate, endDate });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id;
}

export async function assign(admin: Client, periodId: number, officialId: number, role: string, regionCode: string) {
  const r = await admin.post(`/api/v1/organisation/periods/${periodId}/assignments`, { officialId, role, regionCode });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { assignment: { id: number }; warnings: Array<{ code: string }> };
}

export interface Fixture {
  agencyA: number;
  agencyB: number;
  /** The six echelon-III officials of agency A, in creation order. */
  eselon3: number[];
  /** The echelon-III official of agency B. */
  second: number;
  names: string[];
}

/**
 * The real case of the issue: one agency (Dinas PUPR) with six echelon-III officials, and a
 * second agency (Dinas Sosial) whose official takes the two remaining desa.
 */
export async function createFixtureOfficials(admin: Client): Promise<Fixture> {
  const agencyA = await createAgency(admin, '1.03.01', 'Dinas Pekerjaan Umum dan Penataan Ruang', 'DPUPR');
  const agencyB = await createAgency(admin, '1.06.01', 'Dinas Sosial', 'Dinsos');
  const names = [
    'Ir. Bambang Sutrisno, M.T.',
    'Hj. Siti Aminah, S.T.',
    'Agus Prasetyo, S.T., M.M.',
    'Dewi Lestari, S.T.',
    'Rudi Hartono, S.T.',
    'Nur Hidayati, S.E.',
  ];
  const eselon3: number[] = [];
  for (const [i, name] of names.entries()) {
    eselon3.push(await createOfficial(admin, { agencyId: agencyA, name, nip: nip(i), position: `Kepala Bidang ${i + 1}`, echelon: 'III' }));
  }
  const second = await createOfficial(admin, {
    agencyId: agencyB,
    name: 'Drs. Moch. Yasin',
    nip: nip(10),
    position: 'Kepala Bidang Pemberdayaan Sosial',
    echelon: 'III',
  });
  return { agencyA, agencyB, eselon3, second, names: [...names, 'Drs. Moch. Yasin'] };
}

/** Kecamatan binaan for agency A and the complete split: six officials two desa each, the second agency the last two. */
export async function assignBanyuanyar(admin: Client, periodId: number, fx: Fixture): Promise<void> {
  const r = await admin.post(`/api/v1/organisation/periods/${periodId}/agency-assignments`, {
    agencyId: fx.agencyA,
    kecamatanCode: BANYUANYAR,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  for (const [i, id] of fx.eselon3.entries()) {
    for (const desa of BANYUANYAR_DESA.slice(i * 2, i * 2 + 2)) await assign(admin, periodId, id, 'pendamping_desa', desa);
  }
  await assign(admin, periodId, fx.second, 'pendamping_desa', '35.13.06.2013');
  await assign(admin, periodId, fx.second, 'pendamping_desa', '35.13.06.2014');
}

const WATCHED = ['official_assignment', 'agency_assignment', 'official', 'agency', 'audit_log', 'program_period', 'user_role'] as const;

/** Runs `fn`, whose requests must all fail, and checks that no table they could touch changed. */
export async function expectUnchanged(s: TestServer, fn: () => Promise<void>): Promise<void> {
  const count = async (table: (typeof WATCHED)[number]) =>
    Number(
      (
        await s.ctx.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const before = await Promise.all(WATCHED.map(count));
  await fn();
  expect(await Promise.all(WATCHED.map(count))).toEqual(before);
}
