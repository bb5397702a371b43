/**
 * The columns of the real P3KE and DTKS files (docs/domain/p3ke-columns.md). Headers are
 * matched case-insensitively, ignoring spaces and underscores.
 */
export type FileRole = 'keluarga' | 'anggota' | 'dtks';

export const FILE_LABELS: Record<FileRole, string> = {
  keluarga: 'berkas keluarga',
  anggota: 'berkas anggota',
  dtks: 'berkas DTKS',
};

export const KELUARGA_COLUMNS = [
  'id_keluarga_p3ke',
  'provinsi',
  'kabupaten_kota',
  'kecamatan',
  'desa_kelurahan',
  'kode_kemdagri',
  'desil_kesejahteraan',
  'alamat',
  'kepala_keluarga',
  'nik',
  'no_kk',
  'padan_dukcapil',
  'jenis_kelamin',
  'tanggal_lahir',
  'pekerjaan',
  'pendidikan',
  'kepemilikan_rumah',
  'memiliki_simpanan_uang_perhiasan_ternak_lainnya',
  'jenis_atap',
  'jenis_dinding',
  'jenis_lantai',
  'sumber_penerangan',
  'bahan_bakar_memasak',
  'sumber_air_minum',
  'memiliki_fasilitas_buang_air_besar',
  'penerima_bpnt',
  'penerima_bpum',
  'penerima_bst',
  'penerima_pkh',
  'penerima_sembako',
  'resiko_stunting',
  'tahun',
] as const;

export const ANGGOTA_COLUMNS = [
  'id_keluarga_p3ke',
  'provinsi',
  'kabupaten_kota',
  'kecamatan',
  'desa_kelurahan',
  'kode_kemdagri',
  'desil_kesejahteraan',
  'alamat',
  'id_individu',
  'nama',
  'nik',
  'padan_dukcapil',
  'jenis_kelamin',
  'hubungan_dengan_kepala_keluarga',
  'tanggal_lahir',
  'status_kawin',
  'pekerjaan',
  'pendidikan',
  'usia_dibawah_7_tahun',
  'usia_7_sd_12',
  'usia_13_sd_15',
  'usia_16_sd_18',
  'usia_19_sd_21',
  'usia_22_sd_59',
  'usia_60_tahun_keatas',
  'penerima_bpnt',
  'penerima_bpum',
  'penerima_bst',
  'penerima_pkh',
  'penerima_sembako',
  'resiko_stunting',
] as const;

export const DTKS_COLUMNS = [
  'IDBDT',
  'IDARTBDT',
  'KDPROP',
  'KDKAB',
  'KDKEC',
  'KDDESA',
  'NoPesertaPKH',
  'Nama',
  'JnsKel',
  'TglLahir',
  'Hub_KRT',
  'NIK',
  'NoKK',
  'Sta_kawin',
  'Sta_keberadaan_art',
  'Ada_kks',
  'Ada_pbi',
  'Ada_kip',
  'Ada_pkh',
  'Ada_BPNT',
  /** Not in the BDT export: the desil of a DTSEN release mapped into this layout (mapping.ts). */
  'Desil',
] as const;

export const COLUMNS: Record<FileRole, readonly string[]> = {
  keluarga: KELUARGA_COLUMNS,
  anggota: ANGGOTA_COLUMNS,
  dtks: DTKS_COLUMNS,
};

/** Columns a file cannot be imported without. */
export const REQUIRED_COLUMNS: Record<FileRole, readonly string[]> = {
  keluarga: ['id_keluarga_p3ke', 'kode_kemdagri', 'desil_kesejahteraan', 'kepala_keluarga', 'nik'],
  anggota: ['id_keluarga_p3ke', 'id_individu', 'nama', 'nik'],
  dtks: ['IDBDT', 'IDARTBDT', 'KDPROP', 'KDKAB', 'KDKEC', 'KDDESA', 'Nama', 'NIK', 'Hub_KRT'],
};

/** How a header cell is compared: lower case, without BOM, spaces and underscores. */
export function normaliseHeader(h: unknown): string {
  return String(h ?? '')
    .replace(/^\uFEFF/, '')
    .toLowerCase()
    .replace(/[\s_]+/g, '');
}

export interface HeaderMatch {
  /** Column index per known column name; -1 when the file lacks it. */
  index: Map<string, number>;
  missing: string[];
  /** Header cells that are no known column: [position (0-based), text]. */
  unknown: Array<[number, string]>;
  /** Known columns present more than once. */
  duplicated: string[];
}

export function matchHeaders(role: FileRole, header: readonly unknown[]): HeaderMatch {
  const known = new Map(COLUMNS[role].map((c) => [normaliseHeader(c), c]));
  const index = new Map<string, number>(COLUMNS[role].map((c) => [c, -1]));
  const unknown: Array<[number, string]> = [];
  const duplicated: string[] = [];
  header.forEach((cell, i) => {
    const text = String(cell ?? '').trim();
    if (text === '') return;
    const name = known.get(normaliseHeader(text));
    if (!name) unknown.push([i, text]);
    else if (index.get(name) !== -1) duplicated.push(name);
    else index.set(name, i);
  });
  const missing = REQUIRED_COLUMNS[role].filter((c) => index.get(c) === -1);
  return { index, missing, unknown, duplicated };
}
