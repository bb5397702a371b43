/**
 * The preview of a mapped import: the first rows of each file, the suggested mapping, and what
 * the importer itself (runParse, the same validation as the import) says about those rows under
 * the mapping chosen. Nothing is stored.
 */
import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { AppError, badRequest } from '../../../http/errors.js';
import type { RegionRow } from '../../regions/service.js';
import type { SpreadsheetLimits } from '../../spreadsheets/index.js';
import { cellText, isBlank } from '../validate/types.js';
import { COLUMNS, type FileRole, REQUIRED_COLUMNS } from './columns.js';
import { csvText } from './csv.js';
import { type ColumnMapping, type MappingKind, suggestMapping } from './mapping.js';
import { runParse } from './parse.js';
import { type FileType, readRows, UnreadableFileError } from './reader.js';

export const PREVIEW_ROWS = 10;

export interface PreviewFile {
  role: FileRole;
  name: string;
  /** The row of the file that holds the column headers. */
  headerRow: number;
  headers: string[];
  /** The first data rows as text, by header position. */
  rows: Array<{ row: number; cells: Array<string | null> }>;
  /** The mapping used for the check: the one given, else the suggestion. */
  columns: ColumnMapping;
  suggested: ColumnMapping;
  canonical: string[];
  required: string[];
}

export interface PreviewIssue {
  file: FileRole;
  row: number;
  column: string | null;
  value: string | null;
  severity: 'ERROR' | 'WARNING';
  code: string;
  message: string;
}

export interface Preview {
  files: PreviewFile[];
  /** Findings on the preview rows; empty with `problem` set when the mapping cannot be read at all. */
  issues: PreviewIssue[];
  /** Why the files cannot be imported with this mapping (a required column unmapped, ...). */
  problem: string | null;
}

/** The first rows; a file the reader cannot read is a 400 with the reader's reason. */
async function head(file: { path: string; name: string; type: FileType }, limits?: SpreadsheetLimits) {
  try {
    return await readHead(file, limits);
  } catch (err) {
    if (err instanceof AppError) throw err;
    const reason = err instanceof Error ? err.message : String(err);
    throw badRequest(
      'IMPORT_FILE_UNREADABLE',
      `Berkas ${file.name} rusak dan tidak bisa dibaca: ${reason}`,
      `The file ${file.name} cannot be read: ${err instanceof UnreadableFileError ? err.messageEn : reason}`,
    );
  }
}

async function readHead(file: { path: string; type: FileType }, limits?: SpreadsheetLimits) {
  let headers: string[] | null = null;
  let headerRow = 1;
  const rows: Array<{ row: number; cells: Array<string | null> }> = [];
  for await (const batch of readRows(file.path, file.type, undefined, limits)) {
    for (const { n, cells } of batch) {
      if (cells.every(isBlank)) continue;
      if (!headers) {
        headers = cells.map((c) => cellText(c) ?? '');
        headerRow = n;
      } else rows.push({ row: n, cells: cells.map(cellText) });
      if (rows.length >= PREVIEW_ROWS) return { headers, headerRow, rows };
    }
  }
  return { headers: headers ?? [], headerRow, rows };
}

/** Preview rows as a small CSV file (header first), read by the importer itself. */
function writeSample(dir: string, role: FileRole, headers: string[], rows: PreviewFile['rows']): string {
  const p = path.join(dir, `preview-${role}.csv`);
  const line = (cells: Array<string | null>) => cells.map((c) => csvText(c ?? '')).join(',');
  fs.writeFileSync(p, [line(headers), ...rows.map((r) => line(r.cells))].join('\n'));
  return p;
}

function originalRow(files: PreviewFile[], role: FileRole, sampleRow: number): number {
  const f = files.find((x) => x.role === role);
  if (!f || sampleRow < 2) return f?.headerRow ?? sampleRow;
  return f.rows[sampleRow - 2]?.row ?? sampleRow;
}

export async function previewImport(input: {
  kind: MappingKind;
  kabupatenCode: string;
  regions: RegionRow[];
  files: Array<{ role: FileRole; path: string; name: string; type: FileType; columns?: ColumnMapping }>;
  dir: string;
  limits?: SpreadsheetLimits;
}): Promise<Preview> {
  const files: PreviewFile[] = [];
  const samples: Array<{ role: FileRole; path: string; name: string; type: FileType; columns: ColumnMapping }> = [];
  for (const f of input.files) {
    const { headers, headerRow, rows } = await head(f, input.limits);
    const suggested = suggestMapping(f.role, headers);
    const columns = f.columns ?? suggested;
    files.push({
      role: f.role,
      name: f.name,
      headerRow,
      headers,
      rows,
      columns,
      suggested,
      canonical: [...COLUMNS[f.role]],
      required: [...REQUIRED_COLUMNS[f.role]],
    });
    samples.push({ role: f.role, path: writeSample(input.dir, f.role, headers, rows), name: f.name, type: 'csv', columns });
  }
  const lines: string[] = [];
  const decoder = new TextDecoder();
  try {
    await runParse(
      { kind: input.kind, importId: 0, kabupatenCode: input.kabupatenCode, regions: input.regions, files: samples },
      () => {},
      async (table, csv) => {
        if (table === 'issue') lines.push(decoder.decode(csv));
      },
    );
  } catch (err) {
    if (err instanceof AppError) return { files, issues: [], problem: err.messageId };
    throw err;
  }
  const parsed = Papa.parse<string[]>(lines.join(''), { skipEmptyLines: true }).data;
  const issues: PreviewIssue[] = parsed
    .map(([, file, row, column, value, severity, code, message]) => ({
      file: file as FileRole,
      // The sample's row k (header = 1) is the file's preview row k - 2, with its own number.
      row: originalRow(files, file as FileRole, Number(row)),
      column: column || null,
      value: value || null,
      severity: severity as 'ERROR' | 'WARNING',
      code: code ?? '',
      message: message ?? '',
    }))
    // A member whose household lies beyond the preview rows is not a finding of the file.
    .filter((i) => i.code !== 'FAMILY_MISSING')
    .sort((a, b) => a.file.localeCompare(b.file) || a.row - b.row);
  return { files, issues, problem: null };
}
