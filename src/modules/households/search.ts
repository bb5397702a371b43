import { type Kysely, type SqlBool, sql } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema.js';
import { maskNik } from '../access/privacy.js';
import { type Actor, scopeWhere } from '../access/scope.js';
import { isIdentifierQuery, namePrefixQuery } from './filters.js';

/**
 * Find a household by its head's name or a NIK / No KK, within the caller's scope: the
 * verval form's "data ganda" picker, so the operator chooses the other household by what
 * they know instead of an internal number. Identifiers in the answer are always masked — a
 * pick list needs only enough to recognise the family (the full record is one tap away).
 */

export const SEARCH_LIMIT = 20;

export const householdSearchQuery = z.object({
  q: z.string().trim().min(3, 'Ketik minimal 3 huruf / type at least 3 characters').max(100),
  exclude: z.coerce.number().int().positive().optional().describe('Leave this household out (the one being verified)'),
});

export const householdSearchView = z.object({
  items: z.array(
    z.object({
      id: z.number(),
      headName: z.string(),
      headNik: z.string().nullable().describe('Masked'),
      kkNumber: z.string().nullable().describe('Masked'),
      address: z.string().nullable(),
      desaCode: z.string(),
      desaName: z.string().nullable(),
      kecamatanName: z.string().nullable(),
      targetStatus: z.string(),
      endedReason: z.string().nullable(),
    }),
  ),
  /** True when more than SEARCH_LIMIT households matched: refine the query. */
  more: z.boolean(),
});

export async function searchHouseholds(db: Kysely<DB>, actor: Actor, query: z.infer<typeof householdSearchQuery>) {
  const text = query.q;
  let where: ReturnType<typeof sql<SqlBool>> | null;
  if (isIdentifierQuery(text)) {
    where = sql<SqlBool>`(h.head_nik = ${text} or h.kk_number = ${text}
      or h.id in (select m.household_id from member m where m.nik = ${text}))`;
  } else {
    const tsquery = namePrefixQuery(text);
    where = tsquery ? sql<SqlBool>`to_tsvector('simple', h.head_name) @@ to_tsquery('simple', ${tsquery})` : null;
  }
  if (!where) return { items: [], more: false };
  let q = db
    .selectFrom('household as h')
    .leftJoin('region as d', 'd.code', 'h.desa_code')
    .leftJoin('region as k', 'k.code', 'h.kecamatan_code')
    .select([
      'h.id',
      'h.head_name',
      'h.head_nik',
      'h.kk_number',
      'h.address',
      'h.desa_code',
      'd.name as desa_name',
      'k.name as kecamatan_name',
      'h.target_status',
      'h.ended_reason',
    ])
    .where(scopeWhere(actor, 'h'))
    .where(where);
  if (query.exclude) q = q.where('h.id', '<>', query.exclude);
  const rows = await q
    .orderBy('h.head_name')
    .orderBy('h.id')
    .limit(SEARCH_LIMIT + 1)
    .execute();
  return {
    items: rows.slice(0, SEARCH_LIMIT).map((r) => ({
      id: Number(r.id),
      headName: r.head_name,
      headNik: maskNik(r.head_nik),
      kkNumber: maskNik(r.kk_number),
      address: r.address,
      desaCode: r.desa_code,
      desaName: r.desa_name,
      kecamatanName: r.kecamatan_name,
      targetStatus: r.target_status,
      endedReason: r.ended_reason,
    })),
    more: rows.length > SEARCH_LIMIT,
  };
}
