import type { FamilyColumn, MemberColumn } from './columns.js';
import { FAMILY_COLUMNS, MEMBER_COLUMNS } from './columns.js';
import type { DemoHousehold, DemoKabupaten } from './generator.js';
import { ageOn, isoDate } from './identity.js';

/** The spellings of a real P3KE file: upper-case names, YA/TIDAK flags, 10-digit region codes. */
const flag = (b: boolean) => (b ? 'YA' : 'TIDAK');
const sexLabel = (s: 'L' | 'P') => (s === 'L' ? 'LAKI-LAKI' : 'PEREMPUAN');

/** Age bands of the anggota file, as [column, lowest age, highest age]. */
export const AGE_BANDS: ReadonlyArray<readonly [MemberColumn, number, number]> = [
  ['usia_dibawah_7_tahun', 0, 6],
  ['usia_7_sd_12', 7, 12],
  ['usia_13_sd_15', 13, 15],
  ['usia_16_sd_18', 16, 18],
  ['usia_19_sd_21', 19, 21],
  ['usia_22_sd_59', 22, 59],
  ['usia_60_tahun_keatas', 60, 200],
];

function ordered<C extends string>(columns: readonly C[], values: Record<C, string>): string[] {
  return columns.map((c) => values[c]);
}

function placeColumns(h: DemoHousehold, kab: DemoKabupaten) {
  return {
    id_keluarga_p3ke: h.id,
    provinsi: kab.provinceName.toUpperCase(),
    kabupaten_kota: kab.kabupatenName.toUpperCase(),
    kecamatan: h.desa.kecamatanName.toUpperCase(),
    desa_kelurahan: h.desa.name.toUpperCase(),
    kode_kemdagri: h.desa.code.replaceAll('.', ''),
    desil_kesejahteraan: String(h.desil),
    alamat: h.address,
  };
}

function aidColumns(h: DemoHousehold) {
  return {
    penerima_bpnt: flag(h.aid.bpnt),
    penerima_bpum: flag(h.aid.bpum),
    penerima_bst: flag(h.aid.bst),
    penerima_pkh: flag(h.aid.pkh),
    penerima_sembako: flag(h.aid.sembako),
  };
}

/** One row of the keluarga file, in FAMILY_COLUMNS order. */
export function familyRow(h: DemoHousehold, kab: DemoKabupaten, year: number): string[] {
  const head = h.members[0];
  if (!head) throw new Error(`household ${h.id} has no members`);
  const values: Record<FamilyColumn, string> = {
    ...placeColumns(h, kab),
    kepala_keluarga: head.name,
    nik: head.nik,
    no_kk: h.kkNumber,
    padan_dukcapil: flag(head.padanDukcapil),
    jenis_kelamin: sexLabel(head.sex),
    tanggal_lahir: isoDate(head.birthDay),
    pekerjaan: head.occupation,
    pendidikan: head.education,
    kepemilikan_rumah: h.ownership,
    memiliki_simpanan_uang_perhiasan_ternak_lainnya: flag(h.hasSavings),
    jenis_atap: h.roof,
    jenis_dinding: h.wall,
    jenis_lantai: h.floor,
    sumber_penerangan: h.lighting,
    bahan_bakar_memasak: h.cookingFuel,
    sumber_air_minum: h.drinkingWater,
    memiliki_fasilitas_buang_air_besar: h.toilet,
    ...aidColumns(h),
    resiko_stunting: flag(h.stuntingRisk),
    tahun: String(year),
  };
  return ordered(FAMILY_COLUMNS, values);
}

/** The rows of the anggota file for one household, in MEMBER_COLUMNS order. */
export function memberRows(h: DemoHousehold, kab: DemoKabupaten, referenceDay: number): string[][] {
  const place = placeColumns(h, kab);
  const aid = aidColumns(h);
  return h.members.map((m) => {
    const age = ageOn(m.birthDay, referenceDay);
    const bands = Object.fromEntries(AGE_BANDS.map(([col, lo, hi]) => [col, flag(age >= lo && age <= hi)]));
    const values = {
      ...place,
      id_individu: m.id,
      nama: m.name,
      nik: m.nik,
      padan_dukcapil: flag(m.padanDukcapil),
      jenis_kelamin: sexLabel(m.sex),
      hubungan_dengan_kepala_keluarga: m.relationship,
      tanggal_lahir: isoDate(m.birthDay),
      status_kawin: m.maritalStatus,
      pekerjaan: m.occupation,
      pendidikan: m.education,
      ...bands,
      ...aid,
      resiko_stunting: flag(m.stuntingRisk),
    } as Record<MemberColumn, string>;
    return ordered(MEMBER_COLUMNS, values);
  });
}
