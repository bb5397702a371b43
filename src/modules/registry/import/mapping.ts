/**
 * Column mappings (docs/adr/0026-import-column-mapping.md): a file with other column names (a
 * DTSEN extract, a Regsosek table, a kabupaten's own list) is read through the SAME importer as
 * a P3KE or DTKS file. A mapping says, per canonical column of a layout (columns.ts), which
 * header of the source file holds it; the reader then finds each canonical column by that
 * header instead of by its own name. Nothing else changes: validation, staging, the atomic
 * merge and idempotence are the fixed layouts' own.
 */
import { COLUMNS, type FileRole, type HeaderMatch, normaliseHeader, REQUIRED_COLUMNS } from './columns.js';

/** Canonical column → the source file's header that holds it. */
export type ColumnMapping = Record<string, string>;

/** The layout a mapping reads into: P3KE (households file + members file) or DTKS (one row per person). */
export type MappingKind = 'P3KE' | 'DTKS';

export const ROLES_OF: Record<MappingKind, readonly FileRole[]> = { P3KE: ['keluarga', 'anggota'], DTKS: ['dtks'] };

/** One mapping per file of the layout. */
export type TemplateColumns = Partial<Record<FileRole, ColumnMapping>>;

/**
 * Other names a source may give a canonical column (normalised as normaliseHeader does).
 * Used only to SUGGEST a mapping; the admin confirms it before importing.
 */
const SYNONYMS: Record<string, readonly string[]> = {
  id_keluarga_p3ke: ['idkeluarga', 'idkel', 'idrumahtangga', 'idrt', 'idruta', 'idkeluargadtsen', 'kodekeluarga'],
  kode_kemdagri: ['kodewilayah', 'kodedesa', 'kddesa', 'kodekemendagri', 'kodedesakelurahan', 'kdwilayah'],
  desil_kesejahteraan: ['desil', 'desilnasional', 'desilkesejahteraan', 'desildtsen', 'peringkatdesil'],
  kepala_keluarga: ['namakepalakeluarga', 'namakk', 'namakrt', 'kepalarumahtangga', 'namakepalart'],
  nik: ['nik', 'nikart', 'nikkepalakeluarga', 'nikkk', 'noinduk', 'nomorindukkependudukan'],
  no_kk: ['nokk', 'nomorkk', 'nomorkartukeluarga', 'kk'],
  id_individu: ['idindividu', 'idart', 'idanggota', 'idartbdt', 'idperson'],
  nama: ['nama', 'namaart', 'namaanggota', 'namalengkap'],
  jenis_kelamin: ['jeniskelamin', 'jk', 'jnskel', 'kelamin', 'sex'],
  tanggal_lahir: ['tanggallahir', 'tgllahir', 'tgllhr', 'lahir'],
  hubungan_dengan_kepala_keluarga: ['hubungan', 'hubkk', 'hubkrt', 'hubungankk', 'hubungandengankrt', 'statushubungan'],
  alamat: ['alamat', 'alamatlengkap', 'alamatrumah'],
  pekerjaan: ['pekerjaan', 'pekerjaanutama'],
  pendidikan: ['pendidikan', 'pendidikanterakhir', 'ijazahtertinggi'],
  status_kawin: ['statuskawin', 'stskawin', 'statusperkawinan'],
  IDBDT: ['idkeluarga', 'idrumahtangga', 'idruta', 'idkeluargadtsen', 'idrt', 'idbdt', 'kodekeluarga'],
  IDARTBDT: ['idart', 'idindividu', 'idanggota', 'idartbdt', 'idperson'],
  KDPROP: ['kodeprovinsi', 'kdprov', 'kdprop', 'provinsi'],
  KDKAB: ['kodekabupaten', 'kdkab', 'kabupaten', 'kodekab'],
  KDKEC: ['kodekecamatan', 'kdkec', 'kecamatan', 'kodekec'],
  KDDESA: ['kodedesa', 'kddesa', 'kodewilayah', 'kodekemdagri', 'kodekemendagri', 'desa'],
  Nama: ['nama', 'namaart', 'namaanggota', 'namalengkap'],
  JnsKel: ['jeniskelamin', 'jk', 'jnskel', 'kelamin'],
  TglLahir: ['tanggallahir', 'tgllahir', 'tgllhr'],
  Hub_KRT: ['hubungan', 'hubkk', 'hubkrt', 'hubungankk', 'hubungandengankrt', 'hubungandengankepalakeluarga', 'statushubungan'],
  NIK: ['nik', 'nikart', 'nomorindukkependudukan'],
  NoKK: ['nokk', 'nomorkk', 'nomorkartukeluarga', 'kk'],
  Sta_kawin: ['statuskawin', 'stskawin', 'statusperkawinan'],
  Desil: ['desil', 'desilnasional', 'desilkesejahteraan', 'desildtsen', 'peringkatdesil'],
};

/** The identity mapping of a fixed layout: each canonical column under its own name. */
export function identityColumns(kind: MappingKind): TemplateColumns {
  const out: TemplateColumns = {};
  for (const role of ROLES_OF[kind]) out[role] = Object.fromEntries(COLUMNS[role].map((c) => [c, c]));
  return out;
}

/**
 * A suggested mapping for a file's headers: a header equal to the canonical name first, then
 * one of its synonyms; each source header is used once, so two canonical columns are never
 * suggested from the same header (the admin may still map one header to two columns, e.g. a
 * full 10-digit region code into both KDDESA and KDPROP).
 */
export function suggestMapping(role: FileRole, headers: readonly string[]): ColumnMapping {
  const norm = headers.map((h) => normaliseHeader(h));
  const used = new Set<number>();
  const out: ColumnMapping = {};
  const take = (c: string, i: number) => {
    const header = headers[i];
    if (i < 0 || used.has(i) || header === undefined) return false;
    used.add(i);
    out[c] = header;
    return true;
  };
  for (const c of COLUMNS[role]) take(c, norm.indexOf(normaliseHeader(c)));
  for (const c of COLUMNS[role]) {
    if (out[c]) continue;
    for (const s of SYNONYMS[c] ?? [])
      if (
        take(
          c,
          norm.findIndex((n, i) => n === s && !used.has(i)),
        )
      )
        break;
  }
  // A file with one region column (the 10-digit Kemendagri code, as DTSEN extracts have it):
  // DTKS reads the whole code from KDDESA, and KDPROP/KDKAB/KDKEC must only be filled.
  if (role === 'dtks' && out.KDDESA) for (const c of ['KDPROP', 'KDKAB', 'KDKEC']) out[c] ??= out.KDDESA;
  return out;
}

/**
 * The header match of a mapped file: each canonical column's position is the position of the
 * source header the mapping names for it (compared as normaliseHeader does). Required columns
 * whose header is unmapped or absent are missing; source headers no column uses are unknown.
 */
export function matchMapped(role: FileRole, header: readonly unknown[], mapping: ColumnMapping): HeaderMatch {
  const positions = new Map<string, number[]>();
  header.forEach((cell, i) => {
    const n = normaliseHeader(cell);
    if (n === '') return;
    positions.set(n, [...(positions.get(n) ?? []), i]);
  });
  const index = new Map<string, number>(COLUMNS[role].map((c) => [c, -1]));
  const used = new Set<number>();
  const duplicated: string[] = [];
  for (const c of COLUMNS[role]) {
    const source = mapping[c];
    if (!source?.trim()) continue;
    const at = positions.get(normaliseHeader(source));
    if (!at) continue;
    if (at.length > 1) duplicated.push(source);
    index.set(c, at[0] as number);
    used.add(at[0] as number);
  }
  const unknown: Array<[number, string]> = [];
  header.forEach((cell, i) => {
    const text = String(cell ?? '').trim();
    if (text !== '' && !used.has(i)) unknown.push([i, text]);
  });
  const missing = REQUIRED_COLUMNS[role].filter((c) => index.get(c) === -1);
  return { index, missing, unknown, duplicated: [...new Set(duplicated)] };
}

/** Problems of a mapping itself (names outside the layout, over-long headers); empty when usable. */
export function mappingProblems(kind: MappingKind, columns: TemplateColumns): string[] {
  const problems: string[] = [];
  for (const [role, mapping] of Object.entries(columns) as Array<[FileRole, ColumnMapping]>) {
    if (!ROLES_OF[kind].includes(role)) {
      problems.push(`berkas "${role}" bukan bagian dari tata letak ${kind}`);
      continue;
    }
    const known = new Set(COLUMNS[role]);
    for (const [c, source] of Object.entries(mapping)) {
      if (!known.has(c)) problems.push(`kolom "${c}" tidak ada di berkas ${role}`);
      if (typeof source !== 'string' || source.length > 200) problems.push(`judul sumber kolom "${c}" tidak sah`);
    }
  }
  return problems;
}
