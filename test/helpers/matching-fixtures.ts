import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.js';
import { insertHouseholds } from './registry-fixtures.js';

/** Known pairs for matching tests: each household is named after the pair it belongs to. */
export const DESA_A = '35.13.06.2005';
export const DESA_B = '35.13.06.2013';
export const DESA_C = '35.13.07.2006';

export const NIK_SITI = '3513064507800001';
export const NIK_ROHMAN = '3513061203050002';
export const NIK_AHMAD = '3513060301700003';
export const KK_SITI = '3513060101230001';

export interface MatchingWorld {
  /** P3KE Siti and DTKS Siti: same No KK and head NIK, two sources. */
  sitiP3ke: number;
  sitiDtks: number;
  /** Rohman is a member of sitiP3ke (desa A) and of this household in desa C. */
  rohmanTiris: number;
  /** Ahmad's NIK in two households of desa B. */
  ahmad1: number;
  ahmad2: number;
  /** Sumiati without NIK (desa A) and Sumiyati with NIK (desa B), same birth date: fuzzy. */
  sumiatiNoNik: number;
  sumiyati: number;
  /** Not pairs: same birth date but another kecamatan, or a different name. */
  sumiatiTiris: number;
  paijo: number;
}

export async function insertMatchingWorld(db: Kysely<DB>): Promise<MatchingWorld> {
  const ids = await insertHouseholds(db, [
    {
      desaCode: DESA_A,
      headName: 'Siti Aminah',
      headNik: NIK_SITI,
      kkNumber: KK_SITI,
      source: 'P3KE',
      members: [
        { name: 'Siti Aminah', nik: NIK_SITI, birthDate: '1980-07-05', sex: 'P' },
        { name: 'Rohman', nik: NIK_ROHMAN, birthDate: '2005-03-12', sex: 'L' },
      ],
    },
    {
      desaCode: DESA_A,
      headName: 'SITI AMINAH',
      headNik: NIK_SITI,
      kkNumber: KK_SITI,
      source: 'DTKS',
      members: [{ name: 'SITI AMINAH', nik: NIK_SITI, birthDate: '1980-07-05', sex: 'P' }],
    },
    {
      desaCode: DESA_C,
      headName: 'Karto',
      kkNumber: '3513070101230009',
      members: [
        { name: 'Karto', nik: '3513070505600001', birthDate: '1960-05-05' },
        { name: 'Rohman', nik: NIK_ROHMAN, birthDate: '2005-03-12' },
      ],
    },
    {
      desaCode: DESA_B,
      headName: 'Ahmad',
      kkNumber: '3513060101230004',
      members: [{ name: 'Ahmad', nik: NIK_AHMAD, birthDate: '1970-01-03' }],
    },
    {
      desaCode: DESA_B,
      headName: 'Ahmad Sholeh',
      kkNumber: '3513060101230005',
      members: [{ name: 'Ahmad Sholeh', nik: NIK_AHMAD, birthDate: '1970-01-03' }],
    },
    { desaCode: DESA_A, headName: 'Sumiati', members: [{ name: 'Sumiati', nik: null, birthDate: '1975-05-05' }] },
    {
      desaCode: DESA_B,
      headName: 'Sumiyati',
      kkNumber: '3513060101230007',
      members: [{ name: 'Sumiyati', nik: '3513064505750001', birthDate: '1975-05-05' }],
    },
    {
      desaCode: DESA_C,
      headName: 'Sumiati',
      kkNumber: '3513070101230008',
      members: [{ name: 'Sumiati', nik: '3513074505750002', birthDate: '1975-05-05' }],
    },
    {
      desaCode: DESA_A,
      headName: 'Paijo',
      kkNumber: '3513060101230010',
      members: [{ name: 'Paijo', nik: '3513060505750003', birthDate: '1975-05-05' }],
    },
  ]);
  const [sitiP3ke, sitiDtks, rohmanTiris, ahmad1, ahmad2, sumiatiNoNik, sumiyati, sumiatiTiris, paijo] = ids as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return { sitiP3ke, sitiDtks, rohmanTiris, ahmad1, ahmad2, sumiatiNoNik, sumiyati, sumiatiTiris, paijo };
}
