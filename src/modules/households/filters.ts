import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { z } from 'zod';
import { type Actor, scopeWhere } from '../access/scope.js';

/**
 * The household list filters, shared by the list and both exports so that an export
 * holds exactly the rows the list shows. Query strings carry lists comma-separated
 * (`desil=1,2`, `aid=pkh,bpnt`).
 */

export const AID_PROGRAMS = ['bpnt', 'bpum', 'bst', 'pkh', 'sembako'] as const;
export type AidProgram = (typeof AID_PROGRAMS)[number];
export const TARGET_STATUSES = ['MISKIN_EKSTREM', 'MISKIN', 'TIDAK_MISKIN'] as const;
export const SOURCES = ['P3KE', 'DTKS', 'MANUAL'] as const;
export const SORTS = ['desa', 'headName', 'desil', 'updatedAt'] as const;
export type SortKey = (typeof SORTS)[number];

/** "a,b,c" → ['a','b','c'], each validated, duplicates dropped. */
function commaList<O>(item: z.ZodType<O, string>) {
  return z
    .string()
    .transform((s) => [...new Set(s.split(',').map((p) => p.trim()))].filter((p) => p !== ''))
    .pipe(z.array(item).min(1).max(20));
}

const kecamatanCode = z.string().regex(/^\d{2}\.\d{2}\.\d{2}$/, 'Kode kecamatan, mis. 35.13.06');
const desaCode = z.string().regex(/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/, 'Kode desa/kelurahan, mis. 35.13.06.2005');

export const householdFilterSchema = z.object({
  kecamatan: kecamatanCode.optional().describe('Kode kecamatan (35.13.06)'),
  desa: desaCode.optional().describe('Kode desa/kelurahan (35.13.06.2005)'),
  desil: commaList(
    z
      .string()
      .regex(/^\d{1,2}$/)
      .transform(Number)
      .pipe(z.number().int().min(1).max(10)),
  )
    .optional()
    .describe('Desil, dipisah koma: 1,2'),
  status: commaList(z.enum(TARGET_STATUSES)).optional().describe('Status sasaran, dipisah koma'),
  source: commaList(z.enum(SOURCES)).optional().describe('Sumber data: P3KE, DTKS, MANUAL'),
  aid: commaList(z.enum(AID_PROGRAMS)).optional().describe('Keluarga penerima salah satu bantuan ini (pkh,bpnt,bpum,bst,sembako)'),
  noAid: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('true: keluarga yang tidak menerima satu pun bantuan'),
  q: z
    .string()
    .trim()
    .max(100)
    .optional()
    .describe('Awal kata nama kepala keluarga (mis. "siti amin"), atau NIK/No KK lengkap kepala atau anggota keluarga'),
});

export type HouseholdFilters = z.infer<typeof householdFilterSchema>;

export const householdSortSchema = z.object({
  sort: z.enum(SORTS).default('desa'),
  order: z.enum(['asc', 'desc']).default('asc'),
});

/** A 16-digit query is an identifier (NIK or No KK); anything else searches names. */
export function isIdentifierQuery(q: string): boolean {
  return /^\d{16}$/.test(q);
}

/**
 * A name query as a full-text prefix query: every word must start a word of the head's name,
 * in any order ("siti amin" finds SITI AMINAH and AMINAH SITI). Words are letters and digits
 * only, so the query text needs no quoting. Null when nothing searchable is left.
 */
export function namePrefixQuery(q: string): string | null {
  const words = q
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '')
    .slice(0, 8);
  return words.length ? words.map((w) => `${w}:*`).join(' & ') : null;
}

/**
 * The SQL conditions on `household h` for the filters, always including the actor's region
 * scope. `identifierIds` are the households an identifier query resolved to (see service).
 */
export function filterConditions(actor: Actor, f: HouseholdFilters, identifierIds?: readonly number[]): RawBuilder<SqlBool>[] {
  const where: RawBuilder<SqlBool>[] = [scopeWhere(actor, 'h')];
  if (f.kecamatan) where.push(sql<SqlBool>`h.kecamatan_code = ${f.kecamatan}`);
  if (f.desa) where.push(sql<SqlBool>`h.desa_code = ${f.desa}`);
  if (f.desil) where.push(sql<SqlBool>`h.desil in (${sql.join(f.desil)})`);
  if (f.status) where.push(sql<SqlBool>`h.target_status in (${sql.join(f.status)})`);
  if (f.source) where.push(sql<SqlBool>`h.source in (${sql.join(f.source)})`);
  if (f.aid)
    where.push(
      sql<SqlBool>`(${sql.join(
        f.aid.map((a) => sql.ref(`h.aid_${a}`)),
        sql` or `,
      )})`,
    );
  if (f.noAid)
    where.push(
      sql<SqlBool>`not (${sql.join(
        AID_PROGRAMS.map((a) => sql.ref(`h.aid_${a}`)),
        sql` or `,
      )})`,
    );
  const q = f.q;
  if (q) {
    if (isIdentifierQuery(q)) {
      where.push(identifierIds?.length ? sql<SqlBool>`h.id in (${sql.join(identifierIds)})` : sql<SqlBool>`false`);
    } else {
      const tsquery = namePrefixQuery(q);
      // The same expression as household_name_fts_idx (GIN), so the search is an index lookup.
      if (tsquery) where.push(sql<SqlBool>`to_tsvector('simple', h.head_name) @@ to_tsquery('simple', ${tsquery})`);
    }
  }
  return where;
}

export function andAll(conditions: RawBuilder<SqlBool>[]): RawBuilder<SqlBool> {
  return sql<SqlBool>`${sql.join(conditions, sql` and `)}`;
}
