import { badRequest } from '../../http/errors.js';
import { normaliseHeader } from '../registry/import/columns.js';
import { type FileType, readRows } from '../registry/import/reader.js';
import type { CellValue } from '../registry/validate/types.js';
import { readDate, readText } from '../registry/validate/values.js';
import type { SpreadsheetLimits } from '../spreadsheets/index.js';
import type { ExternalRow } from './exact.js';

/**
 * External lists come from many offices with their own headers. A column is recognised by
 * any of these names (compared without case, spaces and underscores); NIK or No KK must be
 * present, the rest is optional.
 */
export const LIST_COLUMNS = {
  nik: ['NIK', 'NIK Anggota', 'NIK Penerima', 'NIK KRT', 'No NIK', 'Nomor NIK', 'Nomor Induk Kependudukan'],
  kkNumber: ['No KK', 'Nomor KK', 'NKK', 'KK', 'No Kartu Keluarga', 'Nomor Kartu Keluarga'],
  name: ['Nama', 'Nama Lengkap', 'Nama Penerima', 'Nama Anggota', 'Nama KRT', 'Nama Kepala Keluarga'],
  birthDate: ['Tanggal Lahir', 'Tgl Lahir', 'Tgl_Lhr', 'Tanggal_Lahir'],
  regionCode: ['Kode Wilayah', 'Kode Desa', 'Kode Kelurahan', 'Kode Kecamatan', 'Kode Wilayah Desa', 'Kode Kemendagri'],
} as const;

export type ListField = keyof typeof LIST_COLUMNS;

export type ListHeader = Partial<Record<ListField, number>>;

export function matchListHeader(cells: readonly unknown[]): ListHeader {
  const out: ListHeader = {};
  cells.forEach((cell, i) => {
    const h = normaliseHeader(cell);
    if (h === '') return;
    for (const [field, names] of Object.entries(LIST_COLUMNS) as Array<[ListField, readonly string[]]>) {
      if (out[field] === undefined && names.some((n) => normaliseHeader(n) === h)) out[field] = i;
    }
  });
  if (out.nik === undefined && out.kkNumber === undefined) {
    throw badRequest(
      'LIST_NO_IDENTIFIER',
      `Daftar harus punya kolom NIK atau No KK (judul kolom yang dikenali: ${LIST_COLUMNS.nik.join(', ')}; ${LIST_COLUMNS.kkNumber.join(', ')})`,
      'The list needs a NIK or No KK column',
    );
  }
  return out;
}

/**
 * An identifier cell as text. A number that still holds all 16 digits is written out; a
 * damaged one is written as the spreadsheet shows it (scientific notation) so the NIK
 * validator reports the damage instead of matching guessed digits.
 */
function identifierText(v: CellValue): string | null {
  if (typeof v === 'number') {
    const s = Number.isSafeInteger(v) ? String(v) : '';
    return s.length === 16 && !s.endsWith('0') ? s : v.toExponential();
  }
  return readText(v);
}

const ignore = () => {};

export function toExternalRow(n: number, cells: readonly CellValue[], h: ListHeader): ExternalRow {
  const at = (i: number | undefined): CellValue => (i === undefined ? null : (cells[i] ?? null));
  const birth = at(h.birthDate);
  return {
    rowNumber: n,
    nik: identifierText(at(h.nik)),
    kkNumber: identifierText(at(h.kkNumber)),
    name: readText(at(h.name)),
    birthDate: birth === null ? null : readDate(birth, ignore),
    regionCode: readText(at(h.regionCode)),
  };
}

/** The rows of an uploaded list (CSV or XLSX) as ExternalRow batches; the first row is the header. */
export async function* readListFile(
  path: string,
  type: FileType,
  onChunk?: (chunk: Buffer, total: number) => void,
  limits?: SpreadsheetLimits,
): AsyncGenerator<ExternalRow[]> {
  let header: ListHeader | null = null;
  for await (const batch of readRows(path, type, onChunk, limits)) {
    const out: ExternalRow[] = [];
    for (const r of batch) {
      if (header === null) {
        header = matchListHeader(r.cells);
        continue;
      }
      if (r.cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''))) continue;
      out.push(toExternalRow(r.n, r.cells, header));
    }
    if (out.length) yield out;
  }
  if (header === null) throw badRequest('LIST_EMPTY', 'Berkas daftar kosong', 'The list file is empty');
}
