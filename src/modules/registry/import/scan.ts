import { createHash } from 'node:crypto';
import { AppError, badRequest } from '../../../http/errors.js';
import type { SpreadsheetLimits } from '../../spreadsheets/index.js';
import { type CellValue, isBlank } from '../validate/types.js';
import { COLUMNS, FILE_LABELS, type FileRole, matchHeaders } from './columns.js';
import type { IssueLog, RowCheck } from './issues.js';
import { type ColumnMapping, matchMapped } from './mapping.js';
import { type FileType, readRows, UnreadableFileError } from './reader.js';

/** Column positions by name; -1 when the file lacks the column. */
export type ColumnIndex = Record<string, number>;

export interface ScannedFile {
  role: FileRole;
  name: string;
  type: FileType;
  bytes: number;
  sha256: string;
  /** Data rows (blank rows are not records and are not counted). */
  rows: number;
}

export interface RowHandler {
  /** Called once with the header's column positions before the first data row. */
  start(col: ColumnIndex): void;
  /** Validate one data row; findings go to `rc`. */
  row(cells: readonly CellValue[], rc: RowCheck): void;
}

function rowIsBlank(cells: readonly CellValue[]): boolean {
  for (const c of cells) if (!isBlank(c)) return false;
  return true;
}

/**
 * Stream one file: find its header, check the columns, then hand every data row to
 * `handler`. A file without the required columns fails the whole import with a message
 * that names them; unknown columns are listed as warnings on the header row.
 */
export async function scanFile(opts: {
  path: string;
  name: string;
  type: FileType;
  role: FileRole;
  log: IssueLog;
  rc: RowCheck;
  handler: RowHandler;
  /** Limits of an XLSX file (Config.spreadsheet). */
  limits?: SpreadsheetLimits;
  /**
   * Progress in data rows: rows read so far, and the rows the file is expected to hold —
   * `expectedRows` when known (a first load's precount of the member file), else estimated
   * from the bytes read so far; the file's exact count once it is read.
   */
  onRows?: (done: number, total: number) => void;
  expectedRows?: number;
  /** Awaited after every batch of rows (passes the validated rows on). */
  afterBatch?: () => Promise<void>;
  /** The file's column mapping (mapping.ts); its columns are found by their canonical names when absent. */
  columns?: ColumnMapping;
}): Promise<ScannedFile> {
  const { role, rc, handler } = opts;
  const sha = createHash('sha256');
  let bytes = 0;
  let headerLength = -1;
  let rows = 0;
  const label = `${FILE_LABELS[role]} (${opts.name})`;
  let totalBytes = 0;
  const rows$ = readRows(
    opts.path,
    opts.type,
    (chunk, total) => {
      sha.update(chunk);
      bytes += chunk.length;
      totalBytes = total;
    },
    opts.limits,
  );
  const estimate = () => {
    if (opts.expectedRows !== undefined) return Math.max(rows, opts.expectedRows);
    return bytes > 0 && totalBytes > bytes ? Math.max(rows, Math.round((rows * totalBytes) / bytes)) : rows;
  };
  for await (const batch of unreadableAsAppError(rows$, label, opts.name, role)) {
    for (const { n, cells } of batch) {
      if (rowIsBlank(cells)) continue;
      if (headerLength < 0) {
        const match = opts.columns ? matchMapped(role, cells, opts.columns) : matchHeaders(role, cells);
        if (match.missing.length > 0) {
          throw badRequest(
            'IMPORT_COLUMNS_MISSING',
            `Kolom wajib tidak ditemukan di ${label}: ${match.missing.join(', ')}. ${opts.columns ? 'Periksa pemetaan kolom: setiap kolom wajib harus dipetakan ke judul kolom yang ada di berkas' : `Baris judul harus memuat kolom: ${COLUMNS[role].join(', ')}`}`,
            `Required columns missing in ${role} file (${opts.name}): ${match.missing.join(', ')}`,
          );
        }
        if (match.duplicated.length > 0) {
          throw badRequest(
            'IMPORT_COLUMNS_DUPLICATED',
            `Kolom ganda di ${label}: ${match.duplicated.join(', ')}`,
            `Duplicated columns in ${role} file (${opts.name}): ${match.duplicated.join(', ')}`,
          );
        }
        rc.begin(n);
        for (const [, text] of match.unknown) {
          rc.at(text, text)('WARNING', 'COLUMN_UNKNOWN', `Kolom "${text}" tidak dikenal dan diabaikan`);
        }
        headerLength = cells.length;
        handler.start(Object.fromEntries(match.index));
        continue;
      }
      rows++;
      rc.begin(n);
      if (opts.type === 'csv' && cells.length > headerLength) {
        rc.at(null, null)(
          'ERROR',
          'COLUMN_COUNT',
          `Baris berisi ${cells.length} kolom, sedangkan judul ${headerLength} kolom: kemungkinan ada pemisah (koma/titik koma) di dalam isian tanpa tanda kutip`,
        );
        continue;
      }
      handler.row(cells, rc);
    }
    opts.onRows?.(rows, estimate());
    await opts.afterBatch?.();
  }
  if (headerLength < 0) {
    throw badRequest('IMPORT_FILE_EMPTY', `${label} kosong: tidak ada baris judul kolom`, `The ${role} file (${opts.name}) is empty`);
  }
  opts.onRows?.(rows, rows);
  return { role, name: opts.name, type: opts.type, bytes, sha256: sha.digest('hex'), rows };
}

/** A file the reader cannot make sense of (unclosed quote, broken zip) fails the import with its reason. */
async function* unreadableAsAppError<T>(rows: AsyncGenerator<T>, label: string, name: string, role: FileRole): AsyncGenerator<T> {
  try {
    yield* rows;
  } catch (err) {
    if (err instanceof AppError) throw err;
    const reason = err instanceof Error ? err.message : String(err);
    const reasonEn = err instanceof UnreadableFileError ? err.messageEn : reason;
    throw badRequest(
      'IMPORT_FILE_UNREADABLE',
      `${label} rusak dan tidak bisa dibaca: ${reason}`,
      `The ${role} file (${name}) cannot be read: ${reasonEn}`,
    );
  }
}

/** The cell at a column position, null when the column is absent or the row is short. */
export function cellAt(cells: readonly CellValue[], i: number | undefined): CellValue {
  if (i === undefined || i < 0) return null;
  return cells[i] ?? null;
}
