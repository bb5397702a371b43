import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';

/**
 * docs/scaling.md says how the schema would be distributed on Citus by kabupaten_code: which
 * tables are distributed, reference or coordinator-local, and which distributed tables do not
 * comply yet (known exceptions). This test reads those lists from the document and the schema
 * of a migrated database, and checks:
 * - every table of the schema is in exactly one list, and every listed table exists;
 * - a distributed table has kabupaten_code NOT NULL, its primary key and every unique
 *   constraint or unique index include it, and every foreign key to another distributed table
 *   includes it on both sides;
 * - no reference or coordinator-local table has a foreign key to a distributed table;
 * - each known exception still breaks a rule (a table fixed must leave the list).
 */

const DOC = path.resolve(import.meta.dirname, '../../docs/scaling.md');
const DIST = 'kabupaten_code';
const LISTS = ['Distributed tables', 'Reference tables', 'Coordinator-local tables', 'Known exceptions'] as const;
type List = (typeof LISTS)[number];

/** The `- \`table\`` items under each "### <list>" heading of the document. */
function readLists(): Record<List, string[]> {
  const out = Object.fromEntries(LISTS.map((l) => [l, [] as string[]])) as Record<List, string[]>;
  let current: List | undefined;
  for (const line of fs.readFileSync(DOC, 'utf8').split('\n')) {
    const heading = /^#{2,4}\s+(.*)$/.exec(line);
    if (heading) {
      current = LISTS.find((l) => heading[1]?.trim().startsWith(l));
      continue;
    }
    const item = /^- `([a-z_.]+)`/.exec(line);
    if (current && item?.[1]) out[current].push(item[1].includes('.') ? item[1] : `public.${item[1]}`);
  }
  return out;
}

let database: Database;
let tables: string[];
const columns = new Map<string, Map<string, boolean>>(); // table → column → nullable
const uniques: Array<{ table: string; name: string; cols: string[] }> = [];
const foreignKeys: Array<{ table: string; name: string; cols: string[]; ref: string; refCols: string[] }> = [];

beforeAll(async () => {
  const template = inject('pgliteTemplate');
  database = await openDatabase({ pgliteTemplate: template ? new Blob([fs.readFileSync(template)]) : undefined });
  if (!template) await migrateToLatest(database);
  const db = database.db;
  // Base tables of the application's schemas; partitions (created per matching run) and the
  // migration bookkeeping are not part of the design; import_stage holds per-import scratch copies.
  const t = await sql<{ name: string }>`
    select t.table_schema || '.' || t.table_name as name
      from information_schema.tables t
      join pg_class c on c.relname = t.table_name join pg_namespace n on n.oid = c.relnamespace and n.nspname = t.table_schema
     where t.table_schema in ('public', 'monitoring') and t.table_type = 'BASE TABLE' and not c.relispartition
       and t.table_name not like 'kysely_migration%'
     order by 1`.execute(db);
  tables = t.rows.map((r) => r.name);
  const c = await sql<{ name: string; column_name: string; is_nullable: string }>`
    select table_schema || '.' || table_name as name, column_name, is_nullable
      from information_schema.columns where table_schema in ('public', 'monitoring')`.execute(db);
  for (const r of c.rows) {
    if (!columns.has(r.name)) columns.set(r.name, new Map());
    columns.get(r.name)?.set(r.column_name, r.is_nullable === 'YES');
  }
  // Primary keys, unique constraints and unique indexes (partial or on expressions too: Citus
  // enforces uniqueness per shard, so each must include the distribution column).
  const u = await sql<{ name: string; index: string; cols: string[] | null }>`
    select n.nspname || '.' || t.relname as name, i.relname as index,
           array(select a.attname::text from unnest(x.indkey) k join pg_attribute a on a.attrelid = t.oid and a.attnum = k) as cols
      from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
      join pg_namespace n on n.oid = t.relnamespace
     where x.indisunique and n.nspname in ('public', 'monitoring')`.execute(db);
  for (const r of u.rows) uniques.push({ table: r.name, name: r.index, cols: r.cols ?? [] });
  const f = await sql<{ name: string; constraint_name: string; cols: string[]; ref: string; ref_cols: string[] }>`
    select tc.table_schema || '.' || tc.table_name as name, tc.constraint_name,
           array(select k.column_name::text from information_schema.key_column_usage k
                  where k.constraint_schema = tc.constraint_schema and k.constraint_name = tc.constraint_name order by k.ordinal_position) as cols,
           (select distinct u.table_schema || '.' || u.table_name from information_schema.constraint_column_usage u
             where u.constraint_schema = tc.constraint_schema and u.constraint_name = tc.constraint_name) as ref,
           array(select u.column_name::text from information_schema.constraint_column_usage u
                  where u.constraint_schema = tc.constraint_schema and u.constraint_name = tc.constraint_name) as ref_cols
      from information_schema.table_constraints tc
     where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema in ('public', 'monitoring')`.execute(db);
  for (const r of f.rows) foreignKeys.push({ table: r.name, name: r.constraint_name, cols: r.cols, ref: r.ref, refCols: r.ref_cols });
});
afterAll(async () => {
  await database?.close();
});

/** What keeps a distributed table from being distributed by kabupaten_code as it is. */
function violations(table: string, distributed: Set<string>): string[] {
  const out: string[] = [];
  const cols = columns.get(table);
  if (!cols?.has(DIST)) out.push(`no ${DIST} column`);
  else if (cols.get(DIST)) out.push(`${DIST} may be null`);
  for (const u of uniques.filter((x) => x.table === table)) {
    if (!u.cols.includes(DIST)) out.push(`unique ${u.name} (${u.cols.join(', ') || 'expression'}) lacks ${DIST}`);
  }
  for (const fk of foreignKeys.filter((x) => x.table === table && distributed.has(x.ref))) {
    if (!fk.cols.includes(DIST) || !fk.refCols.includes(DIST)) out.push(`foreign key ${fk.name} → ${fk.ref} lacks ${DIST}`);
  }
  return out;
}

describe('the schema is ready to be distributed by kabupaten on Citus (docs/scaling.md)', () => {
  it('lists every table of the schema exactly once, and only tables that exist', () => {
    const lists = readLists();
    const listed = [...lists['Distributed tables'], ...lists['Reference tables'], ...lists['Coordinator-local tables']];
    expect(lists['Distributed tables'].length).toBeGreaterThan(20);
    expect(
      listed.filter((t, i) => listed.indexOf(t) !== i),
      'listed twice',
    ).toEqual([]);
    expect([...listed].sort()).toEqual(tables);
    for (const e of lists['Known exceptions']) expect(lists['Distributed tables'], `exception ${e}`).toContain(e);
  });

  it('keeps the distribution column in every key of a distributed table, except the known exceptions, which still need work', () => {
    const lists = readLists();
    const distributed = new Set(lists['Distributed tables']);
    const exceptions = new Set(lists['Known exceptions']);
    const broken: Record<string, string[]> = {};
    const fixed: string[] = [];
    for (const t of distributed) {
      const v = violations(t, distributed);
      if (exceptions.has(t)) {
        if (v.length === 0) fixed.push(t);
      } else if (v.length) broken[t] = v;
    }
    expect(broken, 'distributed tables breaking a rule (fix the schema, or list them as known exceptions)').toEqual({});
    expect(fixed, 'known exceptions that comply now: take them off the list in docs/scaling.md').toEqual([]);
  });

  it('has no foreign key from a reference or coordinator-local table to a distributed table', () => {
    const lists = readLists();
    const distributed = new Set(lists['Distributed tables']);
    const bad = foreignKeys
      .filter((fk) => !distributed.has(fk.table) && distributed.has(fk.ref))
      .map((fk) => `${fk.table}.${fk.name} → ${fk.ref}`);
    expect(bad).toEqual([]);
  });
});
