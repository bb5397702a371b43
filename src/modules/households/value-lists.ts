/**
 * The registry's own value lists for the household's housing, asset and education fields: the
 * texts P3KE/DTKS exports use (and registry import stores as they come). The verval form offers
 * them as pick lists, so a correction is stored in the registry's terms and the criteria engine
 * reads it like an imported value (every text here normalises to a code of
 * criteria/fields.ts — checked by value-lists.test.ts).
 */

export const VALUE_LISTS = {
  houseOwnership: ['Milik sendiri', 'Kontrak/sewa', 'Bebas sewa', 'Dinas', 'Lainnya'],
  roofType: ['Beton', 'Genteng', 'Asbes', 'Seng', 'Kayu/sirap', 'Bambu', 'Jerami/ijuk/daun-daunan/rumbia', 'Lainnya'],
  wallType: [
    'Tembok',
    'Tembok tanpa plester',
    'Plesteran anyaman bambu/kawat',
    'Kayu/papan kualitas tinggi',
    'Kayu/papan',
    'Kayu/papan kualitas rendah',
    'Batang kayu',
    'Anyaman bambu',
    'Jerami/ijuk/daun-daunan/rumbia',
    'Seng',
    'Lainnya',
  ],
  floorType: [
    'Marmer/granit',
    'Keramik',
    'Parket/vinil/karpet',
    'Ubin/tegel/teraso',
    'Kayu/papan kualitas tinggi',
    'Semen/bata merah',
    'Bambu',
    'Kayu/papan kualitas rendah',
    'Kayu/papan',
    'Tanah',
    'Lainnya',
  ],
  lighting: ['Listrik PLN dengan meteran', 'Listrik PLN tanpa meteran', 'Listrik non-PLN', 'Bukan listrik'],
  cookingFuel: [
    'Listrik',
    'Gas elpiji 3 kg',
    'Gas elpiji 5,5 kg/blue gaz',
    'Gas elpiji 12 kg',
    'Gas kota',
    'Biogas',
    'Minyak tanah',
    'Briket',
    'Arang',
    'Kayu bakar',
    'Tidak memasak di rumah',
    'Lainnya',
  ],
  drinkingWater: [
    'Air kemasan bermerk',
    'Air isi ulang',
    'Leding meteran',
    'Leding eceran',
    'Sumur bor/pompa',
    'Sumur terlindung',
    'Sumur tak terlindung',
    'Mata air terlindung',
    'Mata air tak terlindung',
    'Air permukaan (sungai/danau/waduk/kolam/irigasi)',
    'Air hujan',
    'Lainnya',
  ],
  toilet: [
    'Ada, digunakan hanya anggota keluarga sendiri',
    'Ada, digunakan bersama anggota keluarga dari keluarga tertentu',
    'Ada, di MCK komunal',
    'Ada, di MCK umum/siapapun menggunakan',
    'Tidak ada fasilitas',
  ],
  headEducation: [
    'Tidak/belum sekolah',
    'Tidak tamat SD/sederajat',
    'Tamat SD/sederajat',
    'SLTP/sederajat',
    'SLTA/sederajat',
    'Diploma I/II',
    'Akademi/Diploma III/S. Muda',
    'Diploma IV/Strata I',
    'Strata II',
    'Strata III',
  ],
} as const satisfies Record<string, readonly string[]>;

export type ValueListField = keyof typeof VALUE_LISTS;
