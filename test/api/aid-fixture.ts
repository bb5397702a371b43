import { insertHouseholds } from '../helpers/registry-fixtures.js';
import type { TestServer } from '../helpers/server.js';

/**
 * A hand-computed aid world. Kecamatan Banyuanyar (35.13.06): desa A (Alassapi) and B; another
 * kecamatan (35.13.01) with desa C.
 *
 * | household | desa | status | aid |
 * |---|---|---|---|
 * | A1 | A | target | PKH flag on the household |
 * | A2 | A | target | none; a school-age child, earth floor |
 * | A3 | A | target | BPNT flag on a member → SEMBAKO |
 * | A4 | A | MISKIN | PKH flag → inclusion outside the target |
 * | A5 | A | TIDAK_MISKIN | none |
 * | B1 | B | target | none; lives alone, born 1950 |
 * | B2 | B | target | BLT DD receipt entered by hand for 2025 |
 * | C1 | C | target | none |
 */
export const A = '35.13.06.2005';
export const B = '35.13.06.2013';
export const C = '35.13.01.2001';
export const KEC = '35.13.06';
export const NIK_A2 = '3513064101900001';

export async function seedAidWorld(s: TestServer) {
  const [a1, a2, a3, a4, a5, b1, b2, c1] = await insertHouseholds(s.ctx.db, [
    {
      desaCode: A,
      headName: 'A1 PKH',
      targetStatus: 'MISKIN_EKSTREM',
      aid: { pkh: true },
      members: [{ name: 'A1 Ayah', birthDate: '1980-01-01' }],
    },
    {
      desaCode: A,
      headName: '=HYPERLINK("http://x")',
      headNik: NIK_A2,
      kkNumber: '3513060101200001',
      targetStatus: 'MISKIN_EKSTREM',
      columns: { floor_type: 'Tanah' },
      members: [
        { name: 'A2 Ibu', nik: NIK_A2, birthDate: '1985-01-01' },
        { name: 'A2 Anak', birthDate: '2014-03-01' },
      ],
    },
    {
      desaCode: A,
      headName: 'A3 Sembako',
      targetStatus: 'MISKIN_EKSTREM',
      members: [
        { name: 'A3 Ibu', birthDate: '1970-01-01', aid: { bpnt: true } },
        { name: 'A3 Ayah', birthDate: '1968-01-01' },
      ],
    },
    { desaCode: A, headName: 'A4 Miskin', targetStatus: 'MISKIN', aid: { pkh: true } },
    { desaCode: A, headName: 'A5 Mampu', targetStatus: 'TIDAK_MISKIN' },
    {
      desaCode: B,
      headName: 'B1 Lansia',
      targetStatus: 'MISKIN_EKSTREM',
      headBirthDate: '1950-05-05',
      members: [{ name: 'B1 Lansia', birthDate: '1950-05-05' }],
    },
    { desaCode: B, headName: 'B2 BLT', targetStatus: 'MISKIN_EKSTREM', members: [{ name: 'B2 Ayah' }, { name: 'B2 Ibu' }] },
    { desaCode: C, headName: 'C1 Lain', targetStatus: 'MISKIN_EKSTREM', members: [{ name: 'C1 Ayah' }, { name: 'C1 Ibu' }] },
  ]);
  return { a1, a2, a3, a4, a5, b1, b2, c1 } as Record<'a1' | 'a2' | 'a3' | 'a4' | 'a5' | 'b1' | 'b2' | 'c1', number>;
}
