import type { CellValue, Reporter } from './types.js';

/** Text of a cell, trimmed; null when blank. Numbers from XLSX are written out in full. */
export function readText(raw: CellValue): string | null {
  if (raw === null) return null;
  if (typeof raw === 'string') {
    const s = raw.trim();
    return s === '' ? null : s;
  }
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? null : raw.toISOString().slice(0, 10);
  if (typeof raw === 'boolean') return raw ? 'YA' : 'TIDAK';
  return Number.isInteger(raw) ? raw.toFixed(0) : String(raw);
}

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const DMY = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?(?: ?[AP]M)?)?$/i;
const SERIAL = /^\d{1,6}(?:\.0+)?$/;

/** Excel's day 0 is 1899-12-30 for every serial after its fictitious 1900-02-29 (serial 60). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

function ymd(y: number, m: number, d: number): string | null {
  if (m < 1 || m > 12 || d < 1 || d > 31) return null;
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function fromSerial(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 61 || serial >= 2958466) return null;
  const t = new Date(EXCEL_EPOCH_MS + Math.floor(serial) * DAY_MS);
  return ymd(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

export interface DateRange {
  /** Earliest acceptable year (default 1900). */
  minYear?: number;
  /** Reject dates after today (default true: birth dates). */
  notInFuture?: boolean;
}

/**
 * A date as yyyy-mm-dd from: yyyy-mm-dd, dd/mm/yyyy, dd-mm-yyyy, "dd/mm/yyyy 0:00:00", an
 * Excel serial (number or digits) or an XLSX date cell. Day/month order is Indonesian
 * (day first); an impossible date is an ERROR, never guessed.
 */
/** Today as yyyy-mm-dd (UTC), recomputed each minute and at midnight: readDate runs once per row. */
let today = '';
let todayUntil = 0;
function todayIso(): string {
  const now = Date.now();
  if (now >= todayUntil) {
    today = new Date(now).toISOString().slice(0, 10);
    todayUntil = Math.min(now + 60_000, (Math.floor(now / DAY_MS) + 1) * DAY_MS);
  }
  return today;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Digits at [from, to) of `s` as a number; -1 when any is not a digit. */
function digitsAt(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** The common case, exactly yyyy-mm-dd and a real day, checked without a regex or a Date; null otherwise. */
export function plainIsoDate(s: string): string | null {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return null;
  const y = digitsAt(s, 0, 4);
  const m = digitsAt(s, 5, 7);
  const d = digitsAt(s, 8, 10);
  if (y < 0 || m < 1 || m > 12 || d < 1 || d > (DAYS_IN_MONTH[m - 1] ?? 0)) return null;
  if (m === 2 && d === 29 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) return null;
  return s;
}

export function readDate(raw: CellValue, report: Reporter, label = 'Tanggal', range: DateRange = {}): string | null {
  let out: string | null = null;
  let shown = '';
  const plain = typeof raw === 'string' ? plainIsoDate(raw) : null;
  if (plain !== null) {
    out = plain;
    shown = plain;
  } else if (raw instanceof Date) {
    shown = Number.isNaN(raw.getTime()) ? 'tanggal tidak valid' : raw.toISOString().slice(0, 10);
    out = Number.isNaN(raw.getTime()) ? null : ymd(raw.getUTCFullYear(), raw.getUTCMonth() + 1, raw.getUTCDate());
  } else if (typeof raw === 'number') {
    shown = String(raw);
    out = fromSerial(raw);
  } else if (typeof raw === 'string') {
    const s = raw.trim();
    shown = s;
    const iso = ISO.exec(s);
    const dmy = iso ? null : DMY.exec(s);
    if (iso) out = ymd(Number(iso[1]), Number(iso[2]), Number(iso[3]));
    else if (dmy) out = ymd(Number(dmy[3]), Number(dmy[2]), Number(dmy[1]));
    else if (SERIAL.test(s)) out = fromSerial(Number(s));
  }
  if (!out) {
    report(
      'ERROR',
      'DATE_INVALID',
      `${label} "${shown}" tidak dikenali atau tidak ada di kalender; gunakan yyyy-mm-dd, dd/mm/yyyy, atau tanggal Excel`,
    );
    return null;
  }
  const year = Number(out.slice(0, 4));
  if (year < (range.minYear ?? 1900)) {
    report('ERROR', 'DATE_OUT_OF_RANGE', `${label} ${out} terlalu lampau (sebelum ${range.minYear ?? 1900})`);
    return null;
  }
  if ((range.notInFuture ?? true) && out > todayIso()) {
    report('ERROR', 'DATE_OUT_OF_RANGE', `${label} ${out} ada di masa depan`);
    return null;
  }
  return out;
}

const YES = new Set(['YA', 'Y', '1', 'TRUE', 'BENAR', 'ADA']);
const NO = new Set(['TIDAK', 'T', '0', 'FALSE', 'SALAH', 'TIDAK ADA', 'TDK']);

/**
 * A YA/TIDAK flag in any case (also Y/T, 1/0, TRUE/FALSE, XLSX booleans). `extraNo` adds
 * source-specific codes for "no" (DTKS uses 2). Anything else is an ERROR.
 */
export function readFlag(raw: CellValue, report: Reporter, label: string, extraNo?: ReadonlySet<string>): boolean | null {
  if (typeof raw === 'boolean') return raw;
  // Files mostly hold the canonical spelling: no trimming or upper-casing needed.
  if (raw === 'YA') return true;
  if (raw === 'TIDAK') return false;
  const s = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim().toUpperCase() : '';
  if (YES.has(s)) return true;
  if (NO.has(s) || extraNo?.has(s)) return false;
  report(
    'ERROR',
    'FLAG_INVALID',
    `${label} harus YA atau TIDAK, tertulis "${raw instanceof Date ? raw.toISOString().slice(0, 10) : String(raw)}"`,
  );
  return null;
}

const DESIL = /^(?:desil\s*)?([1-4])(?:[.,]0+)?$/i;
const DESIL_DTSEN = /^(?:desil\s*)?([1-9]|10)(?:[.,]0+)?$/i;

/** DTSEN national decile 1–10 (1 = poorest), as a DTSEN release mapped into the DTKS layout gives it. */
export function readDtsenDesil(raw: CellValue, report: Reporter): number | null {
  const s = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
  const m = DESIL_DTSEN.exec(s);
  if (m) return Number(m[1]);
  report('ERROR', 'DESIL_INVALID', `Desil DTSEN harus 1 sampai 10, tertulis "${String(raw)}"`);
  return null;
}

/** P3KE welfare decile 1–4 (1 = extreme poor). */
export function readDesil(raw: CellValue, report: Reporter): number | null {
  const s = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
  const m = DESIL.exec(s);
  if (m) return Number(m[1]);
  report('ERROR', 'DESIL_INVALID', `Desil kesejahteraan harus 1, 2, 3 atau 4 (P3KE), tertulis "${String(raw)}"`);
  return null;
}

const MALE = new Set(['L', 'LAKI-LAKI', 'LAKI LAKI', 'LAKILAKI', 'LAKI', 'PRIA', '1']);
const FEMALE = new Set(['P', 'PEREMPUAN', 'WANITA', '2']);

/** Sex as L/P from LAKI-LAKI/PEREMPUAN, L/P, PRIA/WANITA or the codes 1/2. */
export function readSex(raw: CellValue, report: Reporter): 'L' | 'P' | null {
  if (raw === 'LAKI-LAKI') return 'L';
  if (raw === 'PEREMPUAN') return 'P';
  const s = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim().toUpperCase() : '';
  if (MALE.has(s)) return 'L';
  if (FEMALE.has(s)) return 'P';
  report('ERROR', 'SEX_INVALID', `Jenis kelamin harus LAKI-LAKI atau PEREMPUAN (L/P, 1/2), tertulis "${String(raw)}"`);
  return null;
}

/** A 4-digit data year. */
export function readYear(raw: CellValue, report: Reporter): number | null {
  const s = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
  const n = /^\d{4}$/.test(s) ? Number(s) : Number.NaN;
  if (n >= 2000 && n <= new Date().getUTCFullYear() + 1) return n;
  report('ERROR', 'YEAR_INVALID', `Tahun data harus 4 digit (mis. 2023), tertulis "${String(raw)}"`);
  return null;
}
