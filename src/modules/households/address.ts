import { type RawBuilder, sql } from 'kysely';

/**
 * The dusun and RT a household's address names, read from the registry's own text
 * ("DUSUN KRAJAN RT 001 RW 002", "Dsn. Sumber Rejo, RT/RW 010/003"): the dusun's name in
 * capitals, the RT as three digits; null when the address does not say. The same expressions
 * are indexed per desa by migration 0032 — keep them identical there, or the index goes unused.
 */

export const DUSUN_PATTERN = String.raw`\m(?:DUSUN|DSN)\M\.?\s*(.*)$`;
export const DUSUN_TAIL = String.raw`\s*(\mRT\M|\mRW\M|,).*$`;
export const RT_PATTERN = String.raw`\mRT(?:\s*/\s*RW)?\.?\s*0*([0-9]{1,3})\M`;

/** SQL for the dusun of `alias.address`. */
export function dusunOf(alias: string): RawBuilder<string | null> {
  const address = sql.ref(`${alias}.address`);
  return sql<
    string | null
  >`nullif(btrim(regexp_replace(substring(upper(${address}) from ${sql.lit(DUSUN_PATTERN)}), ${sql.lit(DUSUN_TAIL)}, '')), '')`;
}

/** SQL for the RT of `alias.address` (three digits). */
export function rtOf(alias: string): RawBuilder<string | null> {
  const address = sql.ref(`${alias}.address`);
  return sql<string | null>`lpad(substring(upper(${address}) from ${sql.lit(RT_PATTERN)}), 3, '0')`;
}
