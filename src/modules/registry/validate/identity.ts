import type { CellValue, Reporter } from './types.js';

/**
 * NIK and No KK: 16 digits. Spreadsheets damage them in known ways (a number with only 15
 * significant digits, scientific notation, a decimal tail, a text-marker apostrophe); the
 * damage is reported precisely and never repaired by guessing digits.
 */
export type IdentifierKind = 'NIK' | 'No KK';

const SCIENTIFIC = /^\d(?:[.,]\d+)?[eE][+]?\d+$/;
const DECIMAL = /^(\d+)[.,](\d+)$/;
const DIGITS = /^\d+$/;
const TRAILING_ZEROS = /0{5,}$/;

/**
 * Read a 16-digit identifier from a cell. Returns the digits, or null after reporting an
 * ERROR. The caller checks blank cells first.
 */
export function readIdentifier(raw: CellValue, kind: IdentifierKind, report: Reporter): string | null {
  if (typeof raw === 'number') return readNumericIdentifier(raw, kind, report);
  if (typeof raw !== 'string') {
    report('ERROR', 'ID_NOT_DIGITS', `${kind} harus 16 digit angka, bukan ${raw instanceof Date ? 'tanggal' : 'nilai ya/tidak'}`);
    return null;
  }
  let s = raw.trim();
  if (s.startsWith("'")) {
    s = s.slice(1).trim();
    report(
      'WARNING',
      'ID_LEADING_APOSTROPHE',
      `Tanda petik (') di depan ${kind} adalah penanda teks dari spreadsheet dan telah dihapus; isi selebihnya tidak diubah`,
    );
  }
  if (DIGITS.test(s)) {
    if (s.length === 16) return s;
    if (s.length === 15) {
      report(
        'ERROR',
        'ID_DIGIT_LOST',
        `${kind} hanya 15 digit (harus 16): satu digit hilang, kemungkinan karena spreadsheet; ambil ulang dari sumbernya`,
      );
    } else {
      report('ERROR', 'ID_LENGTH', `${kind} harus 16 digit, tertulis ${s.length} digit`);
    }
    return null;
  }
  if (SCIENTIFIC.test(s)) {
    report(
      'ERROR',
      'ID_SCIENTIFIC_NOTATION',
      `${kind} rusak oleh spreadsheet: tertulis "${s}" (notasi ilmiah), digit aslinya sudah hilang dan tidak bisa ditebak. Format kolom sebagai Teks lalu ambil ulang dari sumbernya`,
    );
    return null;
  }
  const dec = DECIMAL.exec(s);
  if (dec && dec[1] !== undefined && dec[1].length >= 15) {
    report(
      'ERROR',
      'ID_DECIMAL_NUMBER',
      `${kind} tertulis sebagai angka desimal "${s}": spreadsheet menyimpannya sebagai angka sehingga digit ke-16 tidak bisa dipercaya. Format kolom sebagai Teks lalu ambil ulang dari sumbernya`,
    );
    return null;
  }
  report('ERROR', 'ID_NOT_DIGITS', `${kind} harus 16 digit angka tanpa spasi atau tanda lain, tertulis "${s}"`);
  return null;
}

function readNumericIdentifier(n: number, kind: IdentifierKind, report: Reporter): string | null {
  if (Number.isSafeInteger(n) && n >= 1e15 && n < 1e16) {
    const s = String(n);
    if (s.endsWith('0')) {
      report(
        'ERROR',
        'ID_NUMBER_PRECISION_LOST',
        `${kind} tersimpan sebagai angka di spreadsheet dan berakhir dengan 0: Excel hanya menyimpan 15 digit, jadi digit ke-16 kemungkinan hilang. Format kolom sebagai Teks lalu ambil ulang dari sumbernya`,
      );
      return null;
    }
    report(
      'WARNING',
      'ID_STORED_AS_NUMBER',
      `${kind} tersimpan sebagai angka di spreadsheet (bukan teks); digitnya masih utuh, tetapi format kolom sebagai Teks agar tidak rusak`,
    );
    return s;
  }
  if (Number.isInteger(n) && n >= 1e14 && n < 1e15) {
    report(
      'ERROR',
      'ID_DIGIT_LOST',
      `${kind} tersimpan sebagai angka dengan 15 digit (harus 16): satu digit hilang; ambil ulang dari sumbernya`,
    );
    return null;
  }
  report(
    'ERROR',
    'ID_NUMBER_DAMAGED',
    `${kind} tersimpan sebagai angka (${n.toExponential()}) dan digitnya sudah rusak oleh spreadsheet; tidak bisa diperbaiki dengan menebak. Format kolom sebagai Teks lalu ambil ulang dari sumbernya`,
  );
  return null;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Province 11–94, kabupaten and kecamatan not 00: the shape of a Kemendagri region prefix. */
function regionPrefixValid(digits: string): boolean {
  const prov = Number(digits.slice(0, 2));
  return prov >= 11 && prov <= 94 && digits.slice(2, 4) !== '00' && digits.slice(4, 6) !== '00';
}

/** `351306` → `35.13.06` */
export function dottedPrefix(digits: string): string {
  return `${digits.slice(0, 2)}.${digits.slice(2, 4)}.${digits.slice(4, 6)}`;
}

/**
 * Check the structure of a 16-digit NIK: region(6) + birth day (+40 for women) + month +
 * 2-digit year + serial (not 0000). Reports an ERROR and returns false when it is invalid.
 */
export function checkNikStructure(nik: string, report: Reporter): boolean {
  let ok = true;
  if (!regionPrefixValid(nik)) {
    report('ERROR', 'NIK_REGION_INVALID', `Kode wilayah di NIK (6 digit pertama "${nik.slice(0, 6)}") tidak valid`);
    ok = false;
  }
  const day = Number(nik.slice(6, 8));
  const month = Number(nik.slice(8, 10));
  const realDay = day > 40 ? day - 40 : day;
  if (!((day >= 1 && day <= 31) || (day >= 41 && day <= 71))) {
    report(
      'ERROR',
      'NIK_BIRTH_DAY_INVALID',
      `Tanggal lahir di NIK (digit 7–8 = "${nik.slice(6, 8)}") harus 01–31, atau 41–71 untuk perempuan`,
    );
    ok = false;
  } else if (month >= 1 && month <= 12 && realDay > (DAYS_IN_MONTH[month - 1] ?? 31)) {
    report('ERROR', 'NIK_BIRTH_DAY_INVALID', `Tanggal lahir di NIK (${realDay}-${nik.slice(8, 10)}) tidak ada di kalender`);
    ok = false;
  }
  if (month < 1 || month > 12) {
    report('ERROR', 'NIK_BIRTH_MONTH_INVALID', `Bulan lahir di NIK (digit 9–10 = "${nik.slice(8, 10)}") harus 01–12`);
    ok = false;
  }
  if (TRAILING_ZEROS.test(nik)) {
    const zeros = nik.length - nik.replace(/0+$/, '').length;
    report(
      'ERROR',
      'NIK_TRAILING_ZEROS',
      `NIK diakhiri ${zeros} angka nol: digitnya kemungkinan hilang karena pembulatan spreadsheet; ambil ulang dari sumbernya`,
    );
    ok = false;
  } else if (nik.endsWith('0000')) {
    report('ERROR', 'NIK_SERIAL_INVALID', 'Nomor urut di NIK (4 digit terakhir) tidak boleh 0000');
    ok = false;
  }
  return ok;
}

/** Check a 16-digit No KK: it starts with the issuing region's 6 digits. */
export function checkKkStructure(kk: string, report: Reporter): boolean {
  if (!regionPrefixValid(kk)) {
    report('ERROR', 'KK_REGION_INVALID', `Kode wilayah di No KK (6 digit pertama "${kk.slice(0, 6)}") tidak valid`);
    return false;
  }
  if (TRAILING_ZEROS.test(kk)) {
    report(
      'ERROR',
      'KK_TRAILING_ZEROS',
      'No KK diakhiri lima angka nol atau lebih: digitnya kemungkinan hilang karena pembulatan spreadsheet; ambil ulang dari sumbernya',
    );
    return false;
  }
  return true;
}

export interface NikRecord {
  /** Kecamatan code of the record's domicile, dotted (35.13.06). */
  kecamatanCode: string;
  sex: 'L' | 'P' | null;
  /** yyyy-mm-dd */
  birthDate: string | null;
}

/**
 * Compare a structurally valid NIK with the record it belongs to. The region in a NIK is
 * where it was issued, so disagreement is a WARNING (the row is stored), never an error.
 */
export function compareNikWithRecord(nik: string, rec: NikRecord, report: Reporter): void {
  // Compared digit by digit: this runs for every member of a million-row file.
  const kec = rec.kecamatanCode;
  const at = (s: string, i: number) => s.charCodeAt(i);
  const regionDiffers = kec.includes('.')
    ? at(nik, 0) !== at(kec, 0) ||
      at(nik, 1) !== at(kec, 1) ||
      at(nik, 2) !== at(kec, 3) ||
      at(nik, 3) !== at(kec, 4) ||
      at(nik, 4) !== at(kec, 6) ||
      at(nik, 5) !== at(kec, 7) ||
      kec.length !== 8
    : nik.slice(0, 6) !== kec;
  if (regionDiffers) {
    report(
      'WARNING',
      'NIK_REGION_MISMATCH',
      `NIK diterbitkan di wilayah ${dottedPrefix(nik)} (6 digit pertama), berbeda dengan kecamatan domisili ${rec.kecamatanCode}`,
    );
  }
  const day = (at(nik, 6) - 48) * 10 + (at(nik, 7) - 48);
  const nikFemale = day > 40;
  if (rec.sex && (rec.sex === 'P') !== nikFemale) {
    report(
      'WARNING',
      'NIK_SEX_MISMATCH',
      nikFemale
        ? 'NIK menunjukkan perempuan (tanggal lahir ditambah 40), tetapi jenis kelamin tertulis laki-laki'
        : 'NIK menunjukkan laki-laki, tetapi jenis kelamin tertulis perempuan (untuk perempuan tanggal di NIK ditambah 40)',
    );
  }
  const b = rec.birthDate;
  if (b) {
    const realDay = nikFemale ? day - 40 : day;
    // yyyy-mm-dd against the NIK's ddmmyy.
    const same =
      b.length === 10 &&
      (at(b, 8) - 48) * 10 + (at(b, 9) - 48) === realDay &&
      at(b, 5) === at(nik, 8) &&
      at(b, 6) === at(nik, 9) &&
      at(b, 2) === at(nik, 10) &&
      at(b, 3) === at(nik, 11);
    if (!same) {
      const [y, m, d] = b.split('-');
      report(
        'WARNING',
        'NIK_BIRTH_DATE_MISMATCH',
        `Tanggal lahir di NIK (${String(realDay).padStart(2, '0')}-${nik.slice(8, 10)}-${nik.slice(10, 12)}) berbeda dengan tanggal lahir tertulis (${d}-${m}-${y})`,
      );
    }
  }
}
