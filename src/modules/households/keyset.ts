import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { isKeyText, isKeyTimestamp } from '../../http/cursor-keys.js';
import { badRequest } from '../../http/errors.js';
import type { SortKey } from './filters.js';

/**
 * Sort orders of the household list, each ending in the id so the order is total, and each
 * matching an index of 0005_households_indexes: a page is an ordered index scan that stops
 * after pageSize rows. Keys are non-null expressions, so keyset comparisons need no NULL cases.
 */

type KeyType = 'text' | 'int' | 'bigint' | 'timestamptz';

interface SortColumn {
  expr: RawBuilder<unknown>;
  type: KeyType;
}

const nameKey: SortColumn = { expr: sql`lower(h.head_name) collate "C"`, type: 'text' };
const idKey: SortColumn = { expr: sql`h.id`, type: 'bigint' };

export const SORT_COLUMNS: Record<SortKey, SortColumn[]> = {
  desa: [{ expr: sql`h.desa_code`, type: 'text' }, nameKey, idKey],
  headName: [nameKey, idKey],
  // Households without a desil sort after desil 10.
  desil: [{ expr: sql`coalesce(h.desil, 11)`, type: 'int' }, nameKey, idKey],
  updatedAt: [{ expr: sql`h.updated_at`, type: 'timestamptz' }, idKey],
};

export interface SortOrder {
  sort: SortKey;
  order: 'asc' | 'desc';
}

/** `order by` for the sort, every key in the same direction so one index serves it. */
export function orderBy({ sort, order }: SortOrder): RawBuilder<unknown> {
  const dir = order === 'asc' ? sql`asc` : sql`desc`;
  return sql.join(
    SORT_COLUMNS[sort].map((c) => sql`${c.expr} ${dir}`),
    sql`, `,
  );
}

/** The sort keys of a row as text (`k0`, `k1`, …), selected so the last row can become a cursor. */
export function keySelections({ sort }: SortOrder): RawBuilder<unknown>[] {
  return SORT_COLUMNS[sort].map((c, i) => sql`(${c.expr})::text as ${sql.ref(`k${i}`)}`);
}

function castParam(value: string, type: KeyType): RawBuilder<unknown> {
  switch (type) {
    case 'text':
      return sql`${value}`;
    case 'int':
      return sql`${value}::int`;
    case 'bigint':
      return sql`${value}::bigint`;
    case 'timestamptz':
      return sql`${value}::timestamptz`;
  }
}

/** Rows strictly after the cursor's keys in the sort's direction (a row-value comparison). */
export function afterKeys(so: SortOrder, keys: readonly string[]): RawBuilder<SqlBool> {
  const cols = SORT_COLUMNS[so.sort];
  const left = sql.join(cols.map((c) => c.expr));
  const right = sql.join(cols.map((c, i) => castParam(keys[i] ?? '', c.type)));
  return so.order === 'asc' ? sql<SqlBool>`(${left}) > (${right})` : sql<SqlBool>`(${left}) < (${right})`;
}

export function keysOf(row: { [key: `k${number}`]: string }, so: SortOrder): string[] {
  return SORT_COLUMNS[so.sort].map((_c, i) => String(row[`k${i}`]));
}

interface CursorBody {
  s: SortKey;
  o: 'asc' | 'desc';
  k: string[];
}

export function encodeCursor(so: SortOrder, keys: string[]): string {
  const body: CursorBody = { s: so.sort, o: so.order, k: keys };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

const invalidCursor = () =>
  badRequest(
    'INVALID_CURSOR',
    'Penanda halaman tidak valid atau tidak cocok dengan urutan',
    'The page cursor is invalid or does not match the sort order',
  );

const KEY_VALID: Record<KeyType, (k: string) => boolean> = {
  text: (k) => isKeyText(k),
  int: (k) => /^-?\d{1,6}$/.test(k),
  bigint: (k) => /^\d{1,18}$/.test(k),
  // The shape PostgreSQL prints, and a date and time that exist (not 2024-13-45 99:00:00).
  timestamptz: (k) => /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2}){0,2}$/.test(k) && isKeyTimestamp(k),
};

/** Decode a cursor from the client, refusing anything that is not what encodeCursor made for this sort. */
export function decodeCursor(so: SortOrder, cursor: string): string[] {
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const c = body as Partial<CursorBody> | null;
  const cols = SORT_COLUMNS[so.sort];
  if (!c || c.s !== so.sort || c.o !== so.order || !Array.isArray(c.k) || c.k.length !== cols.length) throw invalidCursor();
  const keys = c.k;
  cols.forEach((col, i) => {
    const k = keys[i];
    if (typeof k !== 'string' || !KEY_VALID[col.type](k)) throw invalidCursor();
  });
  return keys as string[];
}
