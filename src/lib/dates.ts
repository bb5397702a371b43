import { type RawBuilder, sql } from 'kysely';

/**
 * Calendar dates as the kabupaten reads them: yyyy-mm-dd text, today in WIB, and the two SQL
 * pieces that compare and return `date` columns the same way on PGlite and PostgreSQL.
 */

/** A `date` column as yyyy-mm-dd text, the same on both engines whatever the time zone. */
export function dateText(ref: string): RawBuilder<string> {
  return sql<string>`to_char(${sql.ref(ref)}, 'YYYY-MM-DD')`;
}

/** A yyyy-mm-dd string as a `date` operand for comparisons with date columns. */
export function asDate(value: string): RawBuilder<Date> {
  return sql<Date>`${value}::date`;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written yyyy-mm-dd. */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** Today in the kabupaten's calendar (WIB, UTC+7), as yyyy-mm-dd. */
export function todayWib(now = new Date()): string {
  return new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
}
