/**
 * The household fields a criteria set may use: one catalogue, read by the validator, the
 * JavaScript evaluator and the SQL compiler alike. A field is a column of the household
 * table or a key of its `indicators` jsonb. Categorical P3KE columns hold the file's raw
 * text ("Tanah", "Kayu bakar", "Air permukaan (sungai/danau/waduk/kolam/irigasi)"); they are
 * normalised to the codes below (upper-case, non-alphanumerics → underscore, then known
 * synonyms). A value that is missing or not recognised is "tidak diketahui" (unknown).
 */

export type FieldType = 'number' | 'boolean' | 'enum';

export type FieldSource = { column: string } | { indicator: string };

export interface FieldDef {
  type: FieldType;
  source: FieldSource;
  label: { id: string; en: string };
  /** Enum fields: the allowed codes. */
  codes?: readonly string[];
  /** Enum fields: normalised raw values (see `normaliseText`) that mean one of the codes. */
  synonyms?: Readonly<Record<string, string>>;
}

const FLOOR_CODES = [
  'MARMER_GRANIT',
  'KERAMIK',
  'PARKET_VINIL_KARPET',
  'UBIN_TEGEL_TERASO',
  'KAYU_BERKUALITAS',
  'SEMEN_BATA_MERAH',
  'BAMBU',
  'KAYU_MURAH',
  'KAYU_PAPAN',
  'TANAH',
  'LAINNYA',
] as const;

const WALL_CODES = [
  'TEMBOK',
  'TEMBOK_TANPA_PLESTER',
  'PLESTERAN_ANYAMAN_BAMBU',
  'KAYU_BERKUALITAS',
  'KAYU_PAPAN',
  'KAYU_MURAH',
  'BATANG_KAYU',
  'BAMBU',
  'RUMBIA',
  'SENG',
  'LAINNYA',
] as const;

const ROOF_CODES = ['BETON', 'GENTENG', 'ASBES', 'SENG', 'KAYU_SIRAP', 'BAMBU', 'RUMBIA', 'LAINNYA'] as const;

const TOILET_CODES = ['SENDIRI', 'BERSAMA', 'UMUM', 'ADA', 'TIDAK_ADA'] as const;

const LIGHTING_CODES = ['LISTRIK_PLN', 'LISTRIK_NON_PLN', 'BUKAN_LISTRIK'] as const;

const WATER_CODES = [
  'AIR_KEMASAN',
  'AIR_ISI_ULANG',
  'LEDING',
  'SUMUR_BOR_POMPA',
  'SUMUR_TERLINDUNG',
  'SUMUR_TAK_TERLINDUNG',
  'MATA_AIR_TERLINDUNG',
  'MATA_AIR_TAK_TERLINDUNG',
  'SUNGAI',
  'HUJAN',
  'LAINNYA',
] as const;

const FUEL_CODES = ['LISTRIK', 'GAS', 'BIOGAS', 'MINYAK_TANAH', 'BRIKET', 'ARANG', 'KAYU_BAKAR', 'TIDAK_MEMASAK', 'LAINNYA'] as const;

const EDUCATION_CODES = ['TIDAK_SEKOLAH', 'TIDAK_TAMAT_SD', 'SD', 'SMP', 'SMA', 'PERGURUAN_TINGGI'] as const;

const OWNERSHIP_CODES = ['MILIK_SENDIRI', 'KONTRAK_SEWA', 'BEBAS_SEWA', 'DINAS', 'LAINNYA'] as const;

/**
 * The catalogue. Keys are the names a criteria set uses (`"field": "floorType"`). Synonym keys
 * are raw P3KE/DTKS texts already normalised (e.g. "Kayu/papan kualitas rendah" →
 * KAYU_PAPAN_KUALITAS_RENDAH). "Kayu/papan" without a quality stays its own code KAYU_PAPAN:
 * whether it counts as cheap wood is the regulation's decision, not a guess made here.
 */
export const HOUSEHOLD_FIELDS = {
  desil: { type: 'number', source: { column: 'desil' }, label: { id: 'Desil kesejahteraan', en: 'Welfare decile' } },
  memberCount: { type: 'number', source: { column: 'member_count' }, label: { id: 'Jumlah anggota keluarga', en: 'Household size' } },
  floorType: {
    type: 'enum',
    source: { column: 'floor_type' },
    label: { id: 'Jenis lantai', en: 'Floor type' },
    codes: FLOOR_CODES,
    synonyms: {
      MARMER: 'MARMER_GRANIT',
      GRANIT: 'MARMER_GRANIT',
      PARKET_VINYL_KARPET: 'PARKET_VINIL_KARPET',
      UBIN: 'UBIN_TEGEL_TERASO',
      TEGEL: 'UBIN_TEGEL_TERASO',
      KAYU_PAPAN_KUALITAS_TINGGI: 'KAYU_BERKUALITAS',
      KAYU_KUALITAS_TINGGI: 'KAYU_BERKUALITAS',
      KAYU_PAPAN_KUALITAS_RENDAH: 'KAYU_MURAH',
      KAYU_KUALITAS_RENDAH: 'KAYU_MURAH',
      KAYU_MURAHAN: 'KAYU_MURAH',
      SEMEN_BATA_MERAH: 'SEMEN_BATA_MERAH',
      SEMENTARA_BATA_MERAH: 'SEMEN_BATA_MERAH',
      SEMEN: 'SEMEN_BATA_MERAH',
      PLESTERAN: 'SEMEN_BATA_MERAH',
      BATA_MERAH: 'SEMEN_BATA_MERAH',
      TANAH_LIAT: 'TANAH',
    },
  },
  wallType: {
    type: 'enum',
    source: { column: 'wall_type' },
    label: { id: 'Jenis dinding', en: 'Wall type' },
    codes: WALL_CODES,
    synonyms: {
      TEMBOK_DIPLESTER: 'TEMBOK',
      TEMBOK_BELUM_DIPLESTER: 'TEMBOK_TANPA_PLESTER',
      TEMBOK_TIDAK_DIPLESTER: 'TEMBOK_TANPA_PLESTER',
      PLESTERAN_ANYAMAN_BAMBU_KAWAT: 'PLESTERAN_ANYAMAN_BAMBU',
      ANYAMAN_BAMBU: 'BAMBU',
      KAYU_PAPAN_KUALITAS_TINGGI: 'KAYU_BERKUALITAS',
      KAYU_PAPAN_GYPSUM_GRC_CALCIBOARD: 'KAYU_BERKUALITAS',
      KAYU_PAPAN_KUALITAS_RENDAH: 'KAYU_MURAH',
      KAYU_KUALITAS_RENDAH: 'KAYU_MURAH',
      KAYU_MURAHAN: 'KAYU_MURAH',
      JERAMI_IJUK_DAUN_DAUNAN_RUMBIA: 'RUMBIA',
      JERAMI_IJUK_DAUN_RUMBIA: 'RUMBIA',
      SENG_ASBES: 'SENG',
    },
  },
  roofType: {
    type: 'enum',
    source: { column: 'roof_type' },
    label: { id: 'Jenis atap', en: 'Roof type' },
    codes: ROOF_CODES,
    synonyms: {
      BETON_GENTENG_BETON: 'BETON',
      GENTENG_KERAMIK_METAL_TANAH_LIAT: 'GENTENG',
      GENTENG_METAL: 'GENTENG',
      KAYU_SIRAP: 'KAYU_SIRAP',
      SIRAP: 'KAYU_SIRAP',
      JERAMI_IJUK_DAUN_DAUNAN_RUMBIA: 'RUMBIA',
      JERAMI_IJUK_DAUN_RUMBIA: 'RUMBIA',
    },
  },
  toilet: {
    type: 'enum',
    source: { column: 'toilet' },
    label: { id: 'Fasilitas buang air besar', en: 'Toilet facility' },
    codes: TOILET_CODES,
    synonyms: {
      ADA_DIGUNAKAN_HANYA_ANGGOTA_KELUARGA_SENDIRI: 'SENDIRI',
      MILIK_SENDIRI: 'SENDIRI',
      ADA_DIGUNAKAN_BERSAMA_ANGGOTA_KELUARGA_DARI_KELUARGA_TERTENTU: 'BERSAMA',
      ADA_DI_MCK_KOMUNAL: 'BERSAMA',
      MCK_KOMUNAL: 'BERSAMA',
      ADA_DI_MCK_UMUM_SIAPAPUN_MENGGUNAKAN: 'UMUM',
      MCK_UMUM: 'UMUM',
      TIDAK_ADA_FASILITAS: 'TIDAK_ADA',
      TIDAK: 'TIDAK_ADA',
      YA: 'ADA',
    },
  },
  lighting: {
    type: 'enum',
    source: { column: 'lighting' },
    label: { id: 'Sumber penerangan', en: 'Lighting source' },
    codes: LIGHTING_CODES,
    synonyms: {
      LISTRIK_PLN_DENGAN_METERAN: 'LISTRIK_PLN',
      LISTRIK_PLN_TANPA_METERAN: 'LISTRIK_PLN',
      LISTRIK_PLN_450_WATT: 'LISTRIK_PLN',
      LISTRIK_PLN_900_WATT: 'LISTRIK_PLN',
      LISTRIK_PLN_1300_WATT: 'LISTRIK_PLN',
      LISTRIK_PLN_2200_WATT: 'LISTRIK_PLN',
      LISTRIK_PLN_2200_WATT_KE_ATAS: 'LISTRIK_PLN',
      LISTRIK_NON_PLN: 'LISTRIK_NON_PLN',
      NON_PLN: 'LISTRIK_NON_PLN',
      BUKAN_LISTRIK: 'BUKAN_LISTRIK',
      MINYAK_TANAH: 'BUKAN_LISTRIK',
      PELITA_SENTIR_OBOR: 'BUKAN_LISTRIK',
      PETROMAK_ALADIN: 'BUKAN_LISTRIK',
    },
  },
  drinkingWater: {
    type: 'enum',
    source: { column: 'drinking_water' },
    label: { id: 'Sumber air minum', en: 'Drinking water source' },
    codes: WATER_CODES,
    synonyms: {
      AIR_KEMASAN_BERMERK: 'AIR_KEMASAN',
      LEDING_METERAN: 'LEDING',
      LEDING_ECERAN: 'LEDING',
      SUMUR_BOR: 'SUMUR_BOR_POMPA',
      SUMUR_TIDAK_TERLINDUNG: 'SUMUR_TAK_TERLINDUNG',
      MATA_AIR_TIDAK_TERLINDUNG: 'MATA_AIR_TAK_TERLINDUNG',
      AIR_PERMUKAAN_SUNGAI_DANAU_WADUK_KOLAM_IRIGASI: 'SUNGAI',
      AIR_SUNGAI_DANAU_WADUK: 'SUNGAI',
      AIR_PERMUKAAN: 'SUNGAI',
      AIR_HUJAN: 'HUJAN',
    },
  },
  cookingFuel: {
    type: 'enum',
    source: { column: 'cooking_fuel' },
    label: { id: 'Bahan bakar memasak', en: 'Cooking fuel' },
    codes: FUEL_CODES,
    synonyms: {
      GAS_ELPIJI_3_KG: 'GAS',
      GAS_ELPIJI_5_5_KG_BLUE_GAZ: 'GAS',
      GAS_ELPIJI_12_KG: 'GAS',
      GAS_KOTA: 'GAS',
      GAS_KOTA_BIOGAS: 'GAS',
      ELPIJI: 'GAS',
      LPG: 'GAS',
      TIDAK_MEMASAK_DI_RUMAH: 'TIDAK_MEMASAK',
    },
  },
  headEducation: {
    type: 'enum',
    source: { column: 'head_education' },
    label: { id: 'Pendidikan kepala keluarga', en: 'Education of the household head' },
    codes: EDUCATION_CODES,
    synonyms: {
      TIDAK_BELUM_SEKOLAH: 'TIDAK_SEKOLAH',
      BELUM_SEKOLAH: 'TIDAK_SEKOLAH',
      TIDAK_PERNAH_SEKOLAH: 'TIDAK_SEKOLAH',
      BELUM_TAMAT_SD_SEDERAJAT: 'TIDAK_TAMAT_SD',
      TIDAK_TAMAT_SD_SEDERAJAT: 'TIDAK_TAMAT_SD',
      SISWA_SD_SEDERAJAT: 'TIDAK_TAMAT_SD',
      TAMAT_SD_SEDERAJAT: 'SD',
      SD_SEDERAJAT: 'SD',
      SLTP_SEDERAJAT: 'SMP',
      SMP_SEDERAJAT: 'SMP',
      SLTP: 'SMP',
      SLTA_SEDERAJAT: 'SMA',
      SMA_SEDERAJAT: 'SMA',
      SLTA: 'SMA',
      DIPLOMA_I_II: 'PERGURUAN_TINGGI',
      AKADEMI_DIPLOMA_III_S_MUDA: 'PERGURUAN_TINGGI',
      DIPLOMA_IV_STRATA_I: 'PERGURUAN_TINGGI',
      STRATA_II: 'PERGURUAN_TINGGI',
      STRATA_III: 'PERGURUAN_TINGGI',
    },
  },
  houseOwnership: {
    type: 'enum',
    source: { column: 'house_ownership' },
    label: { id: 'Kepemilikan rumah', en: 'House ownership' },
    codes: OWNERSHIP_CODES,
    synonyms: { SEWA: 'KONTRAK_SEWA', KONTRAK: 'KONTRAK_SEWA', MENUMPANG: 'BEBAS_SEWA', RUMAH_DINAS: 'DINAS' },
  },
  hasSavingsOrAssets: {
    type: 'boolean',
    source: { column: 'has_savings' },
    label: { id: 'Memiliki simpanan uang/perhiasan/ternak/lainnya', en: 'Has savings, jewellery, livestock or other assets' },
  },
  stuntingRisk: {
    type: 'boolean',
    source: { column: 'stunting_risk' },
    label: { id: 'Risiko stunting', en: 'Stunting risk' },
  },
  floorAreaPerPerson: {
    type: 'number',
    source: { indicator: 'floorAreaPerPerson' },
    label: { id: 'Luas lantai per orang (m2)', en: 'Floor area per person (m2)' },
  },
  proteinPerWeek: {
    type: 'number',
    source: { indicator: 'proteinPerWeek' },
    label: { id: 'Konsumsi daging/susu/ayam per minggu', en: 'Meat/milk/chicken per week' },
  },
  clothesPerYear: {
    type: 'number',
    source: { indicator: 'clothesPerYear' },
    label: { id: 'Stel pakaian baru per tahun', en: 'New sets of clothes per year' },
  },
  mealsPerDay: { type: 'number', source: { indicator: 'mealsPerDay' }, label: { id: 'Makan per hari', en: 'Meals per day' } },
  canAffordClinic: {
    type: 'boolean',
    source: { indicator: 'canAffordClinic' },
    label: { id: 'Sanggup berobat ke puskesmas', en: 'Can afford the health centre' },
  },
  headIncomeMonthly: {
    type: 'number',
    source: { indicator: 'headIncomeMonthly' },
    label: { id: 'Penghasilan kepala keluarga per bulan (Rp)', en: 'Monthly income of the household head (Rp)' },
  },
  monthlyExpenditurePerCapita: {
    type: 'number',
    source: { indicator: 'monthlyExpenditurePerCapita' },
    label: { id: 'Pengeluaran per kapita per bulan (Rp)', en: 'Monthly expenditure per capita (Rp)' },
  },
} as const satisfies Record<string, FieldDef>;

export type FieldName = keyof typeof HOUSEHOLD_FIELDS;

export const FIELD_NAMES = Object.keys(HOUSEHOLD_FIELDS) as FieldName[];

export function fieldDef(name: string): FieldDef | undefined {
  return Object.hasOwn(HOUSEHOLD_FIELDS, name) ? (HOUSEHOLD_FIELDS as Record<string, FieldDef>)[name] : undefined;
}

/** The generic half of the normalisation: upper-case, runs of other characters → "_", trimmed of "_". */
export function normaliseText(raw: string): string {
  return raw
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** Every normalised text that maps to a code of `def`: the codes themselves and the synonyms. */
export function enumLookup(def: FieldDef): Array<[string, string]> {
  const pairs: Array<[string, string]> = (def.codes ?? []).map((c) => [c, c]);
  for (const [from, to] of Object.entries(def.synonyms ?? {})) if (!def.codes?.includes(from)) pairs.push([from, to]);
  return pairs;
}

/** Strings accepted as a number (the SQL side uses the same pattern). */
export const NUMERIC_TEXT = /^ *-?[0-9]+(\.[0-9]+)? *$/;
export const NUMERIC_TEXT_SQL = '^ *-?[0-9]+(\\.[0-9]+)? *$';
export const TRUE_TEXTS = ['YA', 'TRUE'] as const;
export const FALSE_TEXTS = ['TIDAK', 'FALSE'] as const;

export type FieldValue = number | boolean | string;

/** A field read from a household: its value in the catalogue's terms, or why it is unknown. */
export type FieldReading = { value: FieldValue; raw: unknown } | { value: null; raw: unknown; reason: 'missing' | 'unrecognised' };

/** Read one field value the way the SQL compiler does: normalise, or report it unknown. */
export function readField(def: FieldDef, raw: unknown): FieldReading {
  if (raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '')) {
    return { value: null, raw: raw ?? null, reason: 'missing' };
  }
  if (def.type === 'number') {
    if (typeof raw === 'number' && Number.isFinite(raw)) return { value: raw, raw };
    if (typeof raw === 'string' && NUMERIC_TEXT.test(raw)) return { value: Number(raw.trim()), raw };
    return { value: null, raw, reason: 'unrecognised' };
  }
  if (def.type === 'boolean') {
    if (typeof raw === 'boolean') return { value: raw, raw };
    if (typeof raw === 'string') {
      // ASCII letters only, like the SQL side (translate), whatever the database locale.
      const t = raw.replace(/[a-z]/g, (c) => c.toUpperCase());
      if ((TRUE_TEXTS as readonly string[]).includes(t)) return { value: true, raw };
      if ((FALSE_TEXTS as readonly string[]).includes(t)) return { value: false, raw };
    }
    return { value: null, raw, reason: 'unrecognised' };
  }
  if (typeof raw !== 'string') return { value: null, raw, reason: 'unrecognised' };
  const norm = normaliseText(raw);
  const hit = enumLookup(def).find(([from]) => from === norm);
  return hit ? { value: hit[1], raw } : { value: null, raw, reason: 'unrecognised' };
}

/** The raw field values of one household row (columns plus the `indicators` jsonb), keyed by field name. */
export function householdFieldValues(row: Record<string, unknown> & { indicators?: unknown }): Record<string, unknown> {
  const indicators = row.indicators && typeof row.indicators === 'object' ? (row.indicators as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const name of FIELD_NAMES) {
    const src: FieldSource = HOUSEHOLD_FIELDS[name].source;
    out[name] = 'column' in src ? row[src.column] : indicators[src.indicator];
  }
  return out;
}

/** The household columns the catalogue reads (plus `indicators`). */
export const HOUSEHOLD_FIELD_COLUMNS: string[] = [
  ...new Set(FIELD_NAMES.flatMap((n) => ('column' in HOUSEHOLD_FIELDS[n].source ? [HOUSEHOLD_FIELDS[n].source.column] : []))),
  'indicators',
];
