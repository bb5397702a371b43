import type { Kysely } from 'kysely';
import { loadConfig } from '../../config.js';
import type { DB } from '../../db/schema.js';
import { AppError, badRequest } from '../../http/errors.js';
import type { ServiceContext } from '../../service-context.js';
import type { Actor } from '../access/scope.js';
import { recordAudit } from '../audit/service.js';
import { decodeUtf8, parseCsvText, UnreadableFileError } from '../registry/import/reader.js';
import type { CellValue } from '../registry/validate/types.js';
import { type SpreadsheetLimits, xlsxRowBatches } from '../spreadsheets/index.js';
import { nipProblem } from './officials.js';
import { ECHELONS, type Echelon } from './tables.js';

/**
 * Import of OPD and pejabat lists from CSV or XLSX, with Indonesian column names. The rule
 * is all-or-nothing per file: every row is checked first; when any row is wrong, nothing is
 * written and every problem is reported with its row number (the spreadsheet row, header =
 * row 1), column and reason. A clean file is written in one transaction; rows are matched on
 * kode_opd (agencies) or NIP (officials), so importing the same file again changes nothing.
 */

export type Cell = string | number | null;

export interface SheetRow {
  row: number;
  cells: Record<string, Cell>;
}

export interface RowError {
  row: number;
  column: string | null;
  value: string | null;
  reason: string;
  reasonEn: string;
}

export interface ImportResult {
  mode: 'all_or_nothing';
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
}

export const MAX_IMPORT_ROWS = 20_000;

const tooManyRows = () =>
  badRequest('TOO_MANY_ROWS', `Berkas berisi lebih dari ${MAX_IMPORT_ROWS} baris`, `The file holds more than ${MAX_IMPORT_ROWS} rows`);

const headerKey = (h: string) =>
  h
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s.-]+/g, '_');

/** A plain cell as an import cell: dates as yyyy-mm-dd, booleans as text. */
function importCell(value: CellValue): Cell {
  if (value === null || typeof value === 'number' || typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value);
}

/**
 * Read the first sheet of an XLSX or a CSV (comma or semicolon) into rows keyed by normalised
 * header. An XLSX goes through the spreadsheet guard (src/modules/spreadsheets/): checked as a
 * zip and read on its own thread within `limits`, refused with 413/422 otherwise.
 */
export async function readSheet(
  filename: string,
  data: Buffer,
  limits: SpreadsheetLimits = loadConfig().spreadsheet,
): Promise<{ headers: string[]; rows: SheetRow[] }> {
  const isXlsx = data.subarray(0, 2).toString('latin1') === 'PK';
  let table: Cell[][];
  if (isXlsx) {
    table = [];
    try {
      for await (const batch of xlsxRowBatches(data, limits)) {
        for (const row of batch) {
          // Row numbers past the import's maximum cannot hold an acceptable file; stop reading.
          if (row.n > MAX_IMPORT_ROWS + 1) throw tooManyRows();
          table[row.n - 1] = row.cells.map(importCell);
        }
      }
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw badRequest('UNREADABLE_FILE', `Berkas ${filename} tidak dapat dibaca sebagai XLSX`, `File ${filename} cannot be read as XLSX`);
    }
    for (let i = 0; i < table.length; i++) table[i] ??= [];
  } else {
    try {
      table = parseCsvText(decodeUtf8(data));
    } catch (e) {
      if (!(e instanceof UnreadableFileError)) throw e;
      throw badRequest(
        'UNREADABLE_FILE',
        `Berkas ${filename} bukan CSV yang valid: ${e.message}`,
        `File ${filename} is not valid CSV: ${e.messageEn}`,
      );
    }
  }
  const [head, ...body] = table;
  const headers = (head ?? []).map((h) => headerKey(String(h ?? '')));
  const rows: SheetRow[] = [];
  body.forEach((values, i) => {
    const cells: Record<string, Cell> = {};
    headers.forEach((h, j) => {
      const v = values[j] ?? null;
      cells[h] = typeof v === 'string' ? v.trim() : v;
    });
    if (Object.values(cells).every((v) => v === null || v === '')) return;
    rows.push({ row: i + 2, cells });
  });
  if (rows.length > MAX_IMPORT_ROWS) throw tooManyRows();
  return { headers, rows };
}

function requireHeaders(headers: string[], required: string[]): void {
  const missing = required.filter((h) => !headers.includes(h));
  if (missing.length) {
    const errors: RowError[] = missing.map((h) => ({
      row: 1,
      column: h,
      value: null,
      reason: `Kolom ${h} tidak ada pada baris judul`,
      reasonEn: `Column ${h} is missing from the header row`,
    }));
    throw importRejected(errors);
  }
}

export function importRejected(errors: RowError[]) {
  return badRequest(
    'IMPORT_INVALID',
    `Berkas ditolak: ${errors.length} kesalahan. Tidak ada data yang disimpan; perbaiki lalu unggah ulang seluruh berkas`,
    `File rejected: ${errors.length} problems. Nothing was stored; fix them and upload the whole file again`,
    { mode: 'all_or_nothing', errors },
  );
}

const text = (c: Cell | undefined) => (c === null || c === undefined ? '' : String(c).trim());

function required(r: SheetRow, column: string, errors: RowError[]): string {
  const v = text(r.cells[column]);
  if (!v) errors.push({ row: r.row, column, value: null, reason: `${column} wajib diisi`, reasonEn: `${column} is required` });
  return v;
}

export async function importAgencies(deps: ServiceContext, actor: Actor, filename: string, data: Buffer): Promise<ImportResult> {
  const { headers, rows } = await readSheet(filename, data, deps.config.spreadsheet);
  requireHeaders(headers, ['kode_opd', 'nama_opd']);
  const errors: RowError[] = [];
  const seen = new Map<string, number>();
  const parsed: Array<{ code: string; name: string; shortName: string | null }> = [];
  for (const r of rows) {
    const before = errors.length;
    const code = required(r, 'kode_opd', errors);
    const name = required(r, 'nama_opd', errors);
    const shortName = text(r.cells.singkatan) || null;
    if (code && seen.has(code.toLowerCase())) {
      errors.push({
        row: r.row,
        column: 'kode_opd',
        value: code,
        reason: `Kode OPD ${code} sudah ada pada baris ${seen.get(code.toLowerCase())}`,
        reasonEn: `Agency code ${code} already appears on row ${seen.get(code.toLowerCase())}`,
      });
    }
    if (code) seen.set(code.toLowerCase(), r.row);
    if (errors.length === before) parsed.push({ code, name, shortName });
  }
  if (errors.length) throw importRejected(errors);
  return deps.db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('agency').selectAll().where('kabupaten_code', '=', deps.kabupatenCode).execute();
    const byCode = new Map(existing.map((a) => [a.code.toLowerCase(), a]));
    const result: ImportResult = { mode: 'all_or_nothing', rows: parsed.length, created: 0, updated: 0, unchanged: 0 };
    const created: string[] = [];
    const updated: string[] = [];
    for (const p of parsed) {
      const old = byCode.get(p.code.toLowerCase());
      if (!old) {
        created.push(p.code);
        continue;
      }
      if (old.name === p.name && old.short_name === p.shortName && old.code === p.code) {
        result.unchanged++;
        continue;
      }
      await trx
        .updateTable('agency')
        .set({ code: p.code, name: p.name, short_name: p.shortName, updated_at: new Date() })
        .where('id', '=', old.id)
        .execute();
      updated.push(p.code);
    }
    const fresh = parsed.filter((p) => !byCode.has(p.code.toLowerCase()));
    if (fresh.length) {
      await trx
        .insertInto('agency')
        .values(fresh.map((p) => ({ kabupaten_code: deps.kabupatenCode, code: p.code, name: p.name, short_name: p.shortName })))
        .execute();
    }
    result.created = created.length;
    result.updated = updated.length;
    await recordAudit(trx, actor, { action: 'agency.import', entity: 'agency', after: { file: filename, created, updated } });
    return result;
  });
}

/** "III/a", "III.b", "Eselon III" → III; "Fungsional", "JFT" → JF; "Staf", "Pelaksana" → STAF. */
export function normaliseEchelon(value: string): Echelon | null {
  const v = value
    .toUpperCase()
    .replace(/^ESELON\s*/, '')
    .trim();
  const roman = /^(II|III|IV)(?:[\s./-]*[AB])?$/.exec(v);
  if (roman) return roman[1] as Echelon;
  if (/^(JF|JFT|JFU|FUNGSIONAL.*)$/.test(v)) return 'JF';
  if (/^(STAF|STAFF|PELAKSANA)$/.test(v)) return 'STAF';
  return (ECHELONS as readonly string[]).includes(v) ? (v as Echelon) : null;
}

function readNip(r: SheetRow, errors: RowError[]): string {
  const cell = r.cells.nip;
  if (typeof cell === 'number') {
    errors.push({
      row: r.row,
      column: 'nip',
      value: String(cell),
      reason: 'NIP tersimpan sebagai angka di spreadsheet sehingga digitnya rusak; format kolom NIP sebagai teks',
      reasonEn: 'The NIP is stored as a number in the spreadsheet, which damages its digits; format the NIP column as text',
    });
    return '';
  }
  const raw = text(cell).replace(/^'/, '');
  if (!raw) {
    errors.push({ row: r.row, column: 'nip', value: null, reason: 'nip wajib diisi', reasonEn: 'nip is required' });
    return '';
  }
  if (/^\d(?:[.,]\d+)?e\+?\d+$/i.test(raw)) {
    errors.push({
      row: r.row,
      column: 'nip',
      value: raw,
      reason: 'NIP berbentuk notasi ilmiah (mis. 1,97E+17): digitnya sudah hilang, ketik ulang sebagai teks',
      reasonEn: 'The NIP is in scientific notation (e.g. 1.97E+17): its digits are lost, enter it again as text',
    });
    return '';
  }
  const nip = raw.replace(/\s+/g, '');
  const problem = nipProblem(nip);
  if (problem) {
    errors.push({ row: r.row, column: 'nip', value: raw, reason: problem.id, reasonEn: problem.en });
    return '';
  }
  return nip;
}

interface OfficialRow {
  name: string;
  nip: string;
  position: string;
  echelon: Echelon;
  agencyId: number;
}

async function checkOfficialRows(trx: Kysely<DB>, kabupatenCode: string, rows: SheetRow[]) {
  const agencies = await trx.selectFrom('agency').select(['id', 'code']).where('kabupaten_code', '=', kabupatenCode).execute();
  const agencyByCode = new Map(agencies.map((a) => [a.code.toLowerCase(), a.id]));
  const errors: RowError[] = [];
  const parsed: OfficialRow[] = [];
  const seen = new Map<string, number>();
  for (const r of rows) {
    const before = errors.length;
    const name = required(r, 'nama', errors);
    const nip = readNip(r, errors);
    const position = required(r, 'jabatan', errors);
    const echelonText = required(r, 'eselon', errors);
    const echelon = echelonText ? normaliseEchelon(echelonText) : null;
    if (echelonText && !echelon) {
      errors.push({
        row: r.row,
        column: 'eselon',
        value: echelonText,
        reason: 'Eselon harus II, III, IV, JF atau STAF',
        reasonEn: 'Echelon must be II, III, IV, JF or STAF',
      });
    }
    const agencyCode = required(r, 'kode_opd', errors);
    const agencyId = agencyCode ? agencyByCode.get(agencyCode.toLowerCase()) : undefined;
    if (agencyCode && agencyId === undefined) {
      errors.push({
        row: r.row,
        column: 'kode_opd',
        value: agencyCode,
        reason: `OPD dengan kode ${agencyCode} belum terdaftar; impor daftar OPD terlebih dahulu`,
        reasonEn: `No agency with code ${agencyCode}; import the agency list first`,
      });
    }
    if (nip && seen.has(nip)) {
      errors.push({
        row: r.row,
        column: 'nip',
        value: nip,
        reason: `NIP ${nip} sudah ada pada baris ${seen.get(nip)}`,
        reasonEn: `NIP ${nip} already appears on row ${seen.get(nip)}`,
      });
    }
    if (nip) seen.set(nip, r.row);
    if (errors.length === before && echelon && agencyId !== undefined) parsed.push({ name, nip, position, echelon, agencyId });
  }
  return { errors, parsed };
}

export async function importOfficials(deps: ServiceContext, actor: Actor, filename: string, data: Buffer): Promise<ImportResult> {
  const { headers, rows } = await readSheet(filename, data, deps.config.spreadsheet);
  requireHeaders(headers, ['nama', 'nip', 'jabatan', 'eselon', 'kode_opd']);
  return deps.db.transaction().execute(async (trx) => {
    const { errors, parsed } = await checkOfficialRows(trx, deps.kabupatenCode, rows);
    if (errors.length) throw importRejected(errors);
    const existing = await trx.selectFrom('official').selectAll().where('kabupaten_code', '=', deps.kabupatenCode).execute();
    const byNip = new Map(existing.map((o) => [o.nip, o]));
    const result: ImportResult = { mode: 'all_or_nothing', rows: parsed.length, created: 0, updated: 0, unchanged: 0 };
    const updated: string[] = [];
    for (const p of parsed) {
      const old = byNip.get(p.nip);
      if (!old) continue;
      if (old.name === p.name && old.position === p.position && old.echelon === p.echelon && old.agency_id === p.agencyId) {
        result.unchanged++;
        continue;
      }
      await trx
        .updateTable('official')
        .set({ name: p.name, position: p.position, echelon: p.echelon, agency_id: p.agencyId, updated_at: new Date() })
        .where('id', '=', old.id)
        .execute();
      updated.push(p.nip);
    }
    const fresh = parsed.filter((p) => !byNip.has(p.nip));
    for (let i = 0; i < fresh.length; i += 1000) {
      await trx
        .insertInto('official')
        .values(
          fresh.slice(i, i + 1000).map((p) => ({
            kabupaten_code: deps.kabupatenCode,
            agency_id: p.agencyId,
            name: p.name,
            nip: p.nip,
            position: p.position,
            echelon: p.echelon,
          })),
        )
        .execute();
    }
    result.created = fresh.length;
    result.updated = updated.length;
    await recordAudit(trx, actor, {
      action: 'official.import',
      entity: 'official',
      after: { file: filename, created: fresh.map((p) => p.nip), updated },
    });
    return result;
  });
}
