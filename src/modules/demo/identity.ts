/**
 * Identifiers of synthetic people: NIK and No KK with a valid structure, unique within one
 * generated kabupaten, and calendar helpers on UTC day numbers.
 */

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 (UTC) of a calendar date; month is 1–12. */
export function dayNumber(year: number, month: number, day: number): number {
  return Math.round(Date.UTC(year, month - 1, day) / DAY_MS);
}

export interface Ymd {
  year: number;
  month: number;
  day: number;
}

export function fromDayNumber(n: number): Ymd {
  const d = new Date(n * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));
const pad4 = (n: number) => String(n).padStart(4, '0');

export function isoDate(n: number): string {
  const { year, month, day } = fromDayNumber(n);
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

/** Completed years of age on a reference day. */
export function ageOn(birthDay: number, referenceDay: number): number {
  const b = fromDayNumber(birthDay);
  const r = fromDayNumber(referenceDay);
  let age = r.year - b.year;
  if (r.month < b.month || (r.month === b.month && r.day < b.day)) age -= 1;
  return age;
}

/** Kecamatan code "35.13.06" → the 6 digits a NIK or No KK starts with. */
export function regionDigits(kecamatanCode: string): string {
  return kecamatanCode.replaceAll('.', '');
}

const DATE_KEYS = 12 * 31 * 100; // month × day × two-digit year

/**
 * Hands out the 4-digit serials of NIK and No KK. A NIK is kecamatan(6) + day(+40 for
 * women) month year(2) + serial; two people share the first 12 digits when they were born on
 * the same day (or a century apart) in the same kecamatan, so the serial counts per prefix.
 */
export class SerialRegistry {
  private readonly nik: Uint16Array;
  private readonly kk: Uint16Array;
  private readonly kecIndex: Map<string, number>;

  constructor(kecamatanCodes: readonly string[]) {
    this.kecIndex = new Map(kecamatanCodes.map((c, i) => [c, i]));
    this.nik = new Uint16Array(kecamatanCodes.length * 2 * DATE_KEYS);
    this.kk = new Uint16Array(kecamatanCodes.length * DATE_KEYS);
  }

  private index(kecamatanCode: string): number {
    const i = this.kecIndex.get(kecamatanCode);
    if (i === undefined) throw new Error(`unknown kecamatan ${kecamatanCode}`);
    return i;
  }

  private static dateKey(d: Ymd): number {
    return ((d.month - 1) * 31 + (d.day - 1)) * 100 + (d.year % 100);
  }

  /** A NIK, or undefined when all 9,999 serials of that prefix are used. */
  nextNik(kecamatanCode: string, sex: 'L' | 'P', birthDay: number): string | undefined {
    const d = fromDayNumber(birthDay);
    const slot = (this.index(kecamatanCode) * 2 + (sex === 'P' ? 1 : 0)) * DATE_KEYS + SerialRegistry.dateKey(d);
    const serial = (this.nik[slot] ?? 0) + 1;
    if (serial > 9999) return undefined;
    this.nik[slot] = serial;
    const day = sex === 'P' ? d.day + 40 : d.day;
    return `${regionDigits(kecamatanCode)}${pad2(day)}${pad2(d.month)}${pad2(d.year % 100)}${pad4(serial)}`;
  }

  /** A No KK issued in a kecamatan on a day, or undefined when that day's serials are used up. */
  nextKk(kecamatanCode: string, issueDay: number): string | undefined {
    const d = fromDayNumber(issueDay);
    const slot = this.index(kecamatanCode) * DATE_KEYS + SerialRegistry.dateKey(d);
    const serial = (this.kk[slot] ?? 0) + 1;
    if (serial > 9999) return undefined;
    this.kk[slot] = serial;
    return `${regionDigits(kecamatanCode)}${pad2(d.day)}${pad2(d.month)}${pad2(d.year % 100)}${pad4(serial)}`;
  }
}
