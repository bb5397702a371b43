import { ANGGOTA_COLUMNS, KELUARGA_COLUMNS } from '../../src/modules/registry/import/columns.js';

/**
 * A small, deliberately damaged P3KE pair (keluarga + anggota CSV) with the real column names:
 * four good families, a NIK turned into scientific notation, an unknown desa code, a member
 * whose family is missing, and a NIK issued in another kecamatan (a warning, still stored).
 */
/** The real files' column names, as the importer reads them (columns.ts). */
const FAMILY: readonly string[] = KELUARGA_COLUMNS;
const MEMBER: readonly string[] = ANGGOTA_COLUMNS;

interface Person {
  id: string;
  name: string;
  nik: string;
  sex: 'LAKI-LAKI' | 'PEREMPUAN';
  born: string;
  relation: string;
}
interface Family {
  id: string;
  code: string;
  kk: string;
  desil: number;
  head: Person;
  others: Person[];
  pkh?: boolean;
}

function csv(header: readonly string[], rows: Record<string, string>[]): string {
  return `${[header.join(','), ...rows.map((r) => header.map((h) => r[h] ?? '').join(','))].join('\n')}\n`;
}

function place(f: Family, desaName: string) {
  return {
    id_keluarga_p3ke: f.id,
    provinsi: 'JAWA TIMUR',
    kabupaten_kota: 'KAB. PROBOLINGGO',
    kecamatan: 'BANYUANYAR',
    desa_kelurahan: desaName.toUpperCase(),
    kode_kemdagri: f.code,
    desil_kesejahteraan: String(f.desil),
    alamat: 'DUSUN KRAJAN',
  };
}

const aid = (f: Family) => ({
  penerima_bpnt: 'TIDAK',
  penerima_bpum: 'TIDAK',
  penerima_bst: 'TIDAK',
  penerima_pkh: f.pkh ? 'YA' : 'TIDAK',
  penerima_sembako: 'TIDAK',
  resiko_stunting: 'TIDAK',
});

/** A P3KE pair: four good families, two damaged family rows, an orphan member and a NIK from another kecamatan. */
export function p3kePair(desaName: string): { keluarga: string; anggota: string } {
  const person = (id: string, name: string, nik: string, sex: Person['sex'], born: string, relation: string): Person => ({
    id,
    name,
    nik,
    sex,
    born,
    relation,
  });
  const families: Family[] = [
    {
      id: 'P3KE-E2E-1',
      code: '3513062005',
      kk: '3513060101200001',
      desil: 1,
      pkh: true,
      head: person('I-1-1', 'SUPARMAN', '3513061205750001', 'LAKI-LAKI', '1975-05-12', 'KEPALA KELUARGA'),
      // The wife's NIK was issued in another kecamatan (35.13.01): stored, with a warning.
      others: [person('I-1-2', 'SUPARMI', '3513015803800002', 'PEREMPUAN', '1980-03-18', 'ISTRI')],
    },
    {
      id: 'P3KE-E2E-2',
      code: '35.13.06.2005',
      kk: '3513060101200002',
      desil: 2,
      head: person('I-2-1', 'MISNADI', '3513060101700003', 'LAKI-LAKI', '1970-01-01', 'KEPALA KELUARGA'),
      others: [],
    },
    {
      id: 'P3KE-E2E-3',
      code: '3513062005',
      kk: '3513060101200003',
      desil: 1,
      head: person('I-3-1', 'SANIYAH', '3513064707650004', 'PEREMPUAN', '1965-07-07', 'KEPALA KELUARGA'),
      others: [],
    },
    {
      id: 'P3KE-E2E-4',
      code: '3513062005',
      kk: '3513060101200004',
      desil: 3,
      head: person('I-4-1', 'HOLIK', '3513061010880005', 'LAKI-LAKI', '1988-10-10', 'KEPALA KELUARGA'),
      others: [],
    },
  ];
  const familyRow = (f: Family, override: Record<string, string> = {}) => ({
    ...place(f, desaName),
    kepala_keluarga: f.head.name,
    nik: f.head.nik,
    no_kk: f.kk,
    padan_dukcapil: 'YA',
    jenis_kelamin: f.head.sex,
    tanggal_lahir: f.head.born,
    pekerjaan: 'PETANI',
    pendidikan: 'SD',
    kepemilikan_rumah: 'MILIK SENDIRI',
    memiliki_simpanan_uang_perhiasan_ternak_lainnya: 'TIDAK',
    jenis_atap: 'GENTENG',
    jenis_dinding: 'BAMBU',
    jenis_lantai: 'TANAH',
    sumber_penerangan: 'LISTRIK PLN',
    bahan_bakar_memasak: 'KAYU BAKAR',
    sumber_air_minum: 'SUMUR',
    memiliki_fasilitas_buang_air_besar: 'TIDAK ADA',
    ...aid(f),
    tahun: '2024',
    ...override,
  });
  const damagedNik: Family = {
    ...families[1]!,
    id: 'P3KE-E2E-5',
    kk: '3513060101200005',
    head: { ...families[1]!.head, name: 'RUSAK NIK' },
  };
  const unknownRegion: Family = {
    ...families[1]!,
    id: 'P3KE-E2E-6',
    kk: '3513060101200006',
    head: { ...families[1]!.head, name: 'SALAH WILAYAH' },
  };
  const keluarga = csv(FAMILY, [
    familyRow(families[0]!),
    familyRow(families[1]!),
    // Spreadsheet damage: the NIK became a number in scientific notation.
    familyRow(damagedNik, { nik: '3.51306E+15' }),
    familyRow(families[2]!),
    // A desa code that is not in the region tree.
    familyRow(unknownRegion, { kode_kemdagri: '3513069999', nik: '3513060202700006', tanggal_lahir: '1970-02-02' }),
    familyRow(families[3]!),
  ]);
  const memberRow = (f: Family, p: Person) => ({
    ...place(f, desaName),
    id_individu: p.id,
    nama: p.name,
    nik: p.nik,
    padan_dukcapil: 'YA',
    jenis_kelamin: p.sex,
    hubungan_dengan_kepala_keluarga: p.relation,
    tanggal_lahir: p.born,
    status_kawin: 'KAWIN',
    pekerjaan: 'PETANI',
    pendidikan: 'SD',
    usia_dibawah_7_tahun: 'TIDAK',
    usia_7_sd_12: 'TIDAK',
    usia_13_sd_15: 'TIDAK',
    usia_16_sd_18: 'TIDAK',
    usia_19_sd_21: 'TIDAK',
    usia_22_sd_59: 'YA',
    usia_60_tahun_keatas: 'TIDAK',
    ...aid(f),
  });
  const orphan: Family = { ...families[3]!, id: 'P3KE-E2E-404' };
  const anggota = csv(MEMBER, [
    ...families.flatMap((f) => [f.head, ...f.others].map((p) => memberRow(f, p))),
    // A member whose family is not in the keluarga file.
    memberRow(orphan, person('I-404-1', 'YATIM', '3513061111900007', 'LAKI-LAKI', '1990-11-11', 'KEPALA KELUARGA')),
  ]);
  return { keluarga, anggota };
}
