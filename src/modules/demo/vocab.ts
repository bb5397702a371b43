/**
 * The values of the categorical P3KE columns, with how often each occurs per desil
 * (weights for desil 1, 2, 3, 4). Poorer households more often have an earthen floor, bamboo
 * walls, firewood, an unprotected well and no toilet, and more often receive aid.
 */
export type DesilWeights = readonly [number, number, number, number];
export type ValueTable = ReadonlyArray<readonly [string, DesilWeights]>;

export const FLOOR: ValueTable = [
  ['Tanah', [38, 22, 11, 5]],
  ['Bambu', [4, 3, 2, 1]],
  ['Kayu/papan', [4, 4, 3, 2]],
  ['Semen/bata merah', [36, 40, 38, 32]],
  ['Ubin/tegel/teraso', [8, 14, 18, 20]],
  ['Keramik', [10, 17, 28, 40]],
];

export const WALL: ValueTable = [
  ['Anyaman bambu', [30, 18, 9, 4]],
  ['Bambu', [8, 5, 3, 1]],
  ['Kayu/papan', [12, 10, 8, 5]],
  ['Plesteran anyaman bambu/kawat', [8, 8, 6, 4]],
  ['Tembok', [42, 59, 74, 86]],
];

export const ROOF: ValueTable = [
  ['Genteng', [70, 78, 82, 85]],
  ['Seng', [10, 8, 6, 4]],
  ['Asbes', [8, 8, 8, 8]],
  ['Jerami/ijuk/daun-daunan/rumbia', [6, 2, 1, 0.3]],
  ['Bambu', [4, 2, 1, 0.2]],
  ['Beton', [2, 2, 2, 3]],
];

export const LIGHTING: ValueTable = [
  ['Listrik PLN dengan meteran', [62, 74, 84, 92]],
  ['Listrik PLN tanpa meteran', [28, 20, 13, 7]],
  ['Listrik non-PLN', [6, 4, 2, 1]],
  ['Bukan listrik', [4, 2, 1, 0]],
];

export const COOKING_FUEL: ValueTable = [
  ['Kayu bakar', [52, 34, 20, 10]],
  ['Gas elpiji 3 kg', [44, 62, 76, 84]],
  ['Gas elpiji 5,5 kg/blue gaz', [0, 1, 2, 3]],
  ['Minyak tanah', [2, 1, 1, 0.5]],
  ['Arang', [1, 1, 0.5, 0.2]],
  ['Tidak memasak di rumah', [1, 1, 0.5, 2.3]],
];

export const DRINKING_WATER: ValueTable = [
  ['Sumur tak terlindung', [20, 12, 7, 3]],
  ['Mata air tak terlindung', [8, 5, 3, 1]],
  ['Air permukaan (sungai/danau/waduk/kolam/irigasi)', [4, 2, 1, 0.5]],
  ['Sumur terlindung', [30, 32, 30, 25]],
  ['Mata air terlindung', [10, 10, 9, 7]],
  ['Sumur bor/pompa', [14, 20, 24, 26]],
  ['Leding', [6, 8, 10, 12]],
  ['Air isi ulang', [8, 11, 15, 22]],
  ['Air kemasan bermerk', [0, 0, 1, 3.5]],
];

export const TOILET: ValueTable = [
  ['Tidak ada fasilitas', [34, 18, 8, 3]],
  ['Ada, di MCK umum/siapapun menggunakan', [10, 8, 5, 2]],
  ['Ada, di MCK komunal', [6, 6, 4, 2]],
  ['Ada, digunakan bersama anggota keluarga dari keluarga tertentu', [12, 12, 10, 7]],
  ['Ada, digunakan hanya anggota keluarga sendiri', [38, 56, 73, 86]],
];

export const OWNERSHIP: ValueTable = [
  ['Milik sendiri', [78, 82, 84, 85]],
  ['Bebas sewa', [16, 12, 9, 6]],
  ['Kontrak/sewa', [3, 4, 5, 7]],
  ['Dinas', [0, 0, 0.3, 1]],
  ['Lainnya', [3, 2, 1.7, 1]],
];

/** Probability per desil (1–4). */
export const SAVINGS: DesilWeights = [0.12, 0.24, 0.38, 0.52];
export const AID_BPNT: DesilWeights = [0.62, 0.45, 0.26, 0.12];
export const AID_SEMBAKO: DesilWeights = [0.58, 0.42, 0.24, 0.1];
export const AID_PKH_WITH_COMPONENT: DesilWeights = [0.48, 0.32, 0.16, 0.06];
export const AID_BST: DesilWeights = [0.22, 0.15, 0.08, 0.03];
export const AID_BPUM: DesilWeights = [0.05, 0.06, 0.07, 0.08];
/** Stunting risk when a child under five lives in the household. */
export const STUNTING_WITH_TODDLER: DesilWeights = [0.35, 0.24, 0.15, 0.08];

/** Occupation of working-age adults; poorer households work more often as labourers. */
export const OCCUPATION_ADULT: ValueTable = [
  ['PETANI/PEKEBUN', [22, 24, 25, 24]],
  ['BURUH TANI/PERKEBUNAN', [30, 24, 17, 10]],
  ['BURUH HARIAN LEPAS', [20, 18, 15, 11]],
  ['NELAYAN/PERIKANAN', [3, 3, 3, 2]],
  ['PETERNAK', [2, 3, 3, 3]],
  ['PEDAGANG', [4, 6, 9, 12]],
  ['WIRASWASTA', [5, 8, 12, 16]],
  ['KARYAWAN SWASTA', [2, 4, 7, 11]],
  ['TUKANG BATU', [4, 4, 4, 3]],
  ['SOPIR', [1, 2, 3, 3]],
  ['BELUM/TIDAK BEKERJA', [7, 4, 2, 1]],
];

export const OCCUPATION_WIFE: ValueTable = [
  ['MENGURUS RUMAH TANGGA', [56, 58, 60, 62]],
  ['BURUH TANI/PERKEBUNAN', [22, 17, 12, 8]],
  ['PETANI/PEKEBUN', [10, 11, 11, 10]],
  ['PEDAGANG', [4, 6, 8, 10]],
  ['BURUH HARIAN LEPAS', [6, 5, 4, 3]],
  ['WIRASWASTA', [2, 3, 5, 7]],
];

export const OCCUPATION_ELDERLY: ValueTable = [
  ['BELUM/TIDAK BEKERJA', [46, 42, 38, 34]],
  ['PETANI/PEKEBUN', [20, 24, 28, 30]],
  ['BURUH TANI/PERKEBUNAN', [24, 20, 16, 12]],
  ['MENGURUS RUMAH TANGGA', [8, 10, 12, 14]],
  ['PENSIUNAN', [0, 0.5, 2, 4]],
  ['PEDAGANG', [2, 3.5, 4, 6]],
];

/** Highest education of adults, by whether they were born before 1975. */
export const EDUCATION_OLD: ValueTable = [
  ['TIDAK/BELUM SEKOLAH', [42, 34, 26, 18]],
  ['BELUM TAMAT SD/SEDERAJAT', [24, 24, 22, 20]],
  ['TAMAT SD/SEDERAJAT', [30, 35, 40, 44]],
  ['SLTP/SEDERAJAT', [3, 5, 8, 11]],
  ['SLTA/SEDERAJAT', [1, 2, 4, 7]],
];

export const EDUCATION_YOUNG: ValueTable = [
  ['TIDAK/BELUM SEKOLAH', [8, 5, 3, 1]],
  ['BELUM TAMAT SD/SEDERAJAT', [12, 9, 6, 4]],
  ['TAMAT SD/SEDERAJAT', [44, 38, 31, 24]],
  ['SLTP/SEDERAJAT', [22, 26, 29, 29]],
  ['SLTA/SEDERAJAT', [13, 20, 27, 34]],
  ['AKADEMI/DIPLOMA III/S. MUDA', [0.3, 0.7, 1.5, 3]],
  ['DIPLOMA IV/STRATA I', [0.7, 1.3, 2.5, 5]],
];

/** A value table split into one weighted table per desil (index 0 = desil 1). */
export function perDesil(table: ValueTable): Array<Array<readonly [string, number]>> {
  return [0, 1, 2, 3].map((i) => table.map(([value, w]) => [value, w[i] ?? 0] as const));
}
