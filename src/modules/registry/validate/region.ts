import type { RegionRow } from '../../regions/service.js';
import { RepeatMap } from './repeat-map.js';
import { type CellValue, ownCopy, type Reporter } from './types.js';

const DOTTED = /^(\d{2})\.(\d{2})\.(\d{2})\.(\d{4})$/;
const PLAIN = /^(\d{2})(\d{2})(\d{2})(\d{4})$/;

/** `3513062005` or `35.13.06.2005` (also an XLSX number) → `35.13.06.2005`; null when malformed. */
export function normaliseDesaCode(raw: CellValue): string | null {
  let s: string;
  if (typeof raw === 'number') {
    if (!Number.isSafeInteger(raw)) return null;
    s = String(raw);
  } else if (typeof raw === 'string') {
    s = raw.trim();
    if (s.startsWith("'")) s = s.slice(1);
  } else return null;
  const m = DOTTED.exec(s) ?? PLAIN.exec(s);
  return m ? `${m[1]}.${m[2]}.${m[3]}.${m[4]}` : null;
}

const PREFIXES = /^(?:PROVINSI|PROV\.?|KABUPATEN|KAB\.?|KOTA|KECAMATAN|KEC\.?|DESA|DS\.?|KELURAHAN|KEL\.?)(?:\s+|(?<=\.))/;

/** Names compared loosely: case, spaces, punctuation and the level word (KAB., KEC., DESA…) ignored. */
export function looseName(name: string): string {
  return name
    .trim()
    .toUpperCase()
    .replace(PREFIXES, '')
    .replace(/[^A-Z0-9]/g, '');
}

export interface DesaRef {
  desa: string;
  kecamatan: string;
  kabupaten: string;
  provinsi: string;
}

export interface NamesOnRecord {
  provinsi?: string | null;
  kabupaten?: string | null;
  kecamatan?: string | null;
  desa?: string | null;
}

/**
 * Validates region codes and names against the loaded region tree of one kabupaten.
 * Results are memoised: a file has a few hundred distinct desa and name spellings.
 */
export class RegionChecker {
  private readonly nameChecks = new Map<string, Array<[string, string]>>();
  /** Codes as written → the desa found for them (only codes that passed every check). */
  private readonly found = new RepeatMap<DesaRef>();
  /** The names of the last checkNames call, with its answer. */
  private lastNames: { desa: string; names: NamesOnRecord; found: Array<[string, string]> } | null = null;

  constructor(
    private readonly regions: Map<string, RegionRow>,
    readonly kabupatenCode: string,
  ) {}

  /** The dotted desa code, or null after reporting an ERROR (malformed, outside the kabupaten, unknown). */
  desa(raw: CellValue, report: Reporter, label = 'kode_kemdagri'): DesaRef | null {
    // A file repeats a few hundred codes a million times: a code seen valid is not checked again
    // (and the rows of one desa follow each other: RepeatMap).
    const known = typeof raw === 'string' ? this.found.get(raw) : undefined;
    if (known) return known;
    const code = normaliseDesaCode(raw);
    if (!code) {
      report(
        'ERROR',
        'REGION_CODE_INVALID',
        `${label} harus kode desa Kemendagri 10 digit (3513062005 atau 35.13.06.2005), tertulis "${String(raw)}"`,
      );
      return null;
    }
    if (!code.startsWith(`${this.kabupatenCode}.`)) {
      report('ERROR', 'REGION_OUTSIDE', `Kode wilayah ${code} berada di luar kabupaten ${this.kabupatenCode} yang dikelola aplikasi ini`);
      return null;
    }
    const row = this.regions.get(code);
    if (row?.level !== 4) {
      report(
        'ERROR',
        'REGION_UNKNOWN',
        `Kode desa/kelurahan ${code} tidak ada dalam data wilayah Kemendagri kabupaten ${this.kabupatenCode}`,
      );
      return null;
    }
    const ref = { desa: code, kecamatan: code.slice(0, 8), kabupaten: code.slice(0, 5), provinsi: code.slice(0, 2) };
    if (typeof raw === 'string' && this.found.size < 100_000) this.found.set(ownCopy(raw), ref);
    return ref;
  }

  /** The region tree name of a code, for messages. */
  name(code: string): string {
    return this.regions.get(code)?.name ?? code;
  }

  /**
   * Compare the names written on the record with the region tree; a mismatch is a WARNING
   * naming the column. Returns the mismatching columns as [column, message] pairs.
   */
  checkNames(ref: DesaRef, names: NamesOnRecord): Array<[string, string]> {
    // Rows of one desa follow each other in the files: the same names as the row before need
    // no key built and looked up.
    const last = this.lastNames;
    if (
      last &&
      last.desa === ref.desa &&
      last.names.provinsi === names.provinsi &&
      last.names.kabupaten === names.kabupaten &&
      last.names.kecamatan === names.kecamatan &&
      last.names.desa === names.desa
    ) {
      return last.found;
    }
    const found = this.checkNamesOnce(ref, names);
    this.lastNames = { desa: ref.desa, names, found };
    return found;
  }

  private checkNamesOnce(ref: DesaRef, names: NamesOnRecord): Array<[string, string]> {
    const key = `${ref.desa}|${names.provinsi ?? ''}|${names.kabupaten ?? ''}|${names.kecamatan ?? ''}|${names.desa ?? ''}`;
    const hit = this.nameChecks.get(key);
    if (hit) return hit;
    const out: Array<[string, string]> = [];
    const check = (column: string, written: string | null | undefined, code: string, level: string) => {
      if (!written) return;
      const expected = this.regions.get(code)?.name;
      if (expected && looseName(written) !== looseName(expected)) {
        out.push([column, `Nama ${level} "${written}" tidak sesuai dengan kode ${code} (${expected})`]);
      }
    };
    check('provinsi', names.provinsi, ref.provinsi, 'provinsi');
    check('kabupaten_kota', names.kabupaten, ref.kabupaten, 'kabupaten/kota');
    check('kecamatan', names.kecamatan, ref.kecamatan, 'kecamatan');
    check('desa_kelurahan', names.desa, ref.desa, 'desa/kelurahan');
    this.nameChecks.set(key, out);
    return out;
  }
}

/** Report name mismatches found by `checkNames` through a per-column reporter. */
export function reportNameMismatches(found: Array<[string, string]>, report: (column: string) => Reporter): void {
  for (const [column, message] of found) report(column)('WARNING', 'REGION_NAME_MISMATCH', message);
}
