import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { migrateToLatest } from '../../db/migrate.js';
import { migrationProvider } from '../../db/migrations/index.js';
import { STATEMENT_CHECKED_REFERENCES } from '../../db/references.js';
import type { DB } from '../../db/schema.js';
import { ArchiveWriter, readArchive } from './archive.js';

export const BACKUP_FORMAT = 'sasmita-backup/1';
const SKIP_TABLES = new Set(['kysely_migration', 'kysely_migration_lock']);

/** A partition (e.g. one matching run's rows): created on restore from its parent and bound. */
export interface Partition {
  parent: string;
  /** `FOR VALUES IN (12)`, as pg_get_expr gives it. */
  bound: string;
}

/**
 * Tables of the public schema that hold rows, parents before children (foreign-key order, and
 * the references that triggers check instead of keys: STATEMENT_CHECKED_REFERENCES).
 * A partitioned table holds no rows itself: its partitions are listed instead, with their
 * parent and bound in `partitions`, so a restore can create them before loading them.
 */
export async function tablesInDependencyOrder(db: Kysely<DB>, partitions: Map<string, Partition> = new Map()): Promise<string[]> {
  const tables = await sql<{ name: string; parent: string | null; bound: string | null }>`
    select c.relname as name, p.relname as parent, pg_get_expr(c.relpartbound, c.oid) as bound
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    left join pg_inherits i on c.relispartition and i.inhrelid = c.oid
    left join pg_class p on p.oid = i.inhparent
    where n.nspname = 'public' and c.relkind = 'r'
    order by c.relname`.execute(db);
  for (const t of tables.rows) if (t.parent && t.bound) partitions.set(t.name, { parent: t.parent, bound: t.bound });
  const deps = await sql<{ child: string; parent: string }>`
    select c.relname as child, p.relname as parent
    from pg_constraint k
    join pg_class c on c.oid = k.conrelid
    join pg_class p on p.oid = k.confrelid
    join pg_namespace n on n.oid = c.relnamespace
    where k.contype = 'f' and n.nspname = 'public'`.execute(db);
  const names = tables.rows.map((r) => r.name).filter((n) => !SKIP_TABLES.has(n));
  const parents = new Map(names.map((n) => [n, new Set<string>()]));
  for (const d of deps.rows) if (d.child !== d.parent) parents.get(d.child)?.add(d.parent);
  // References checked by triggers, not keys: their parents must be loaded first as well.
  for (const [child, parent] of STATEMENT_CHECKED_REFERENCES) if (parents.has(parent)) parents.get(child)?.add(parent);
  const ordered: string[] = [];
  const seen = new Set<string>();
  const visit = (n: string) => {
    if (seen.has(n)) return;
    seen.add(n);
    for (const p of parents.get(n) ?? []) visit(p);
    ordered.push(n);
  };
  for (const n of names) visit(n);
  return ordered;
}

/** Partitioned tables of the public schema (their partitions come from the backup). */
async function partitionedTables(db: Kysely<DB>): Promise<string[]> {
  const r = await sql<{ name: string }>`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind = 'p'`.execute(db);
  return r.rows.map((t) => t.name);
}

const PARTITION_BOUND = /^FOR VALUES IN \('?(\d+)'?\)$/;

/** Create a list partition named in a backup; only `FOR VALUES IN ('<integer>')` bounds are accepted. */
async function createPartition(db: Kysely<DB>, name: string, parent: string, bound: string): Promise<void> {
  const value = PARTITION_BOUND.exec(bound)?.[1];
  if (!value || !/^[a-z0-9_]+$/.test(name)) throw new Error(`backup holds an unexpected partition ${name} (${bound})`);
  await sql`create table ${sql.table(name)} partition of ${sql.table(parent)} for values in (${sql.lit(Number(value))})`.execute(db);
}

function* walkFiles(dir: string, base = dir): Generator<string> {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walkFiles(full, base);
    else if (entry.isFile()) yield path.relative(base, full);
  }
}

export interface BackupSummary {
  file: string;
  tables: Record<string, number>;
  blobs: number;
  bytes: number;
}

/**
 * Write a consistent dump: every table's rows from one snapshot transaction, plus the blob
 * files, into one gzip file that restores on PGlite or PostgreSQL.
 */
export async function backup(
  database: Database,
  blobDir: string,
  outFile: string,
  onProgress?: (step: string) => void,
): Promise<BackupSummary> {
  const migrations = Object.keys(await migrationProvider.getMigrations()).sort();
  const tmp = `${outFile}.part`;
  const gzip = createGzip();
  const sink = fs.createWriteStream(tmp);
  const done = pipeline(gzip, sink);
  const writer = new ArchiveWriter(gzip);
  const summary: BackupSummary = { file: outFile, tables: {}, blobs: 0, bytes: 0 };
  try {
    await writer.record({ type: 'header', format: BACKUP_FORMAT, createdAt: new Date().toISOString(), engine: database.kind, migrations });
    await database.snapshot(async (trx, copyOut) => {
      const partitions = new Map<string, Partition>();
      for (const table of await tablesInDependencyOrder(trx, partitions)) {
        onProgress?.(`tabel ${table}`);
        const count = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(trx);
        summary.tables[table] = count.rows[0]?.n ?? 0;
        const partition = partitions.get(table);
        summary.bytes += await writer.record(
          {
            type: 'table',
            name: table,
            rows: summary.tables[table],
            ...(partition ? { partitionOf: partition.parent, bound: partition.bound } : {}),
          },
          await copyOut(table),
        );
      }
    });
    for (const rel of walkFiles(blobDir)) {
      onProgress?.(`berkas ${rel}`);
      const content = fs.readFileSync(path.join(blobDir, rel));
      summary.bytes += await writer.record(
        { type: 'blob', path: rel.split(path.sep).join('/'), sha256: createHash('sha256').update(content).digest('hex') },
        content,
      );
      summary.blobs++;
    }
    await writer.record({ type: 'end' });
    gzip.end();
    await done;
    fs.renameSync(tmp, outFile);
  } catch (err) {
    gzip.destroy();
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  return summary;
}

/**
 * Restore a dump into an EMPTY database (fresh data directory or new PostgreSQL database)
 * and blob directory. All rows load in one transaction; identity counters continue after it.
 */
export async function restore(
  database: Database,
  blobDir: string,
  inFile: string,
  onProgress?: (step: string) => void,
): Promise<BackupSummary> {
  if (!fs.existsSync(inFile)) throw new Error(`backup file not found: ${inFile}`);
  await migrateToLatest(database);
  const known = Object.keys(await migrationProvider.getMigrations()).sort();
  const nonEmpty = await sql<{ n: number }>`select (select count(*) from app_user) + (select count(*) from region) as n`.execute(
    database.db,
  );
  if ((nonEmpty.rows[0]?.n ?? 0) > 0) {
    throw new Error('the target database is not empty; restore into a fresh data directory or a new PostgreSQL database');
  }
  const summary: BackupSummary = { file: inFile, tables: {}, blobs: 0, bytes: 0 };
  const records = readArchive(fs.createReadStream(inFile).pipe(createGunzip()));
  const first = await records.next();
  const header = first.value?.meta;
  if (header?.type !== 'header' || header.format !== BACKUP_FORMAT) throw new Error('not a Sasmita backup file');
  const theirs = (header.migrations as string[] | undefined) ?? [];
  const unknown = theirs.filter((m) => !known.includes(m));
  if (unknown.length) throw new Error(`backup is from a newer Sasmita (unknown migrations: ${unknown.join(', ')}); upgrade first`);
  const blobs: Array<{ path: string; content: Buffer; sha256: string }> = [];
  let ended = false;
  await database.bulkTransaction(async (trx, copy) => {
    const ordered = await tablesInDependencyOrder(trx);
    const tables = new Set(ordered);
    for (const parent of await partitionedTables(trx)) tables.add(`${parent}:partitioned`);
    // Rows a migration seeded (e.g. the aid catalogue) are replaced by the backup's own rows:
    // the backup is the whole truth, including what the admin changed in seeded tables.
    for (const table of [...ordered].reverse()) {
      const seeded = await sql<{ has_rows: boolean }>`select exists (select 1 from ${sql.table(table)}) as has_rows`.execute(trx);
      if (seeded.rows[0]?.has_rows) await sql`delete from ${sql.table(table)}`.execute(trx);
    }
    for await (const rec of records) {
      const { meta, content } = rec;
      if (meta.type === 'table') {
        const name = String(meta.name);
        if (!tables.has(name) && typeof meta.partitionOf === 'string' && tables.has(`${meta.partitionOf}:partitioned`)) {
          await createPartition(trx, name, meta.partitionOf, String(meta.bound));
          tables.add(name);
        }
        if (!tables.has(name)) throw new Error(`backup holds unknown table ${name}`);
        onProgress?.(`tabel ${name}`);
        const nl = content.indexOf(10);
        const headerLine = content.subarray(0, nl < 0 ? content.length : nl).toString('utf8');
        const body = nl < 0 ? '' : content.subarray(nl + 1).toString('utf8');
        const columns = headerLine.split(',').map((c) => `"${c.replace(/^"|"$/g, '').replace(/"/g, '""')}"`);
        if (body.length) await copy(`"${name}"`, columns, body);
        summary.tables[name] = Number(meta.rows ?? 0);
        summary.bytes += content.length;
        // Identity columns continue after the restored ids.
        const idents = await sql<{ column_name: string }>`
          select column_name from information_schema.columns
          where table_schema = 'public' and table_name = ${name} and is_identity = 'YES'`.execute(trx);
        for (const { column_name } of idents.rows) {
          await sql`select setval(pg_get_serial_sequence(${name}, ${column_name}), coalesce((select max(${sql.ref(column_name)}) from ${sql.table(name)}), 0) + 1, false)`.execute(
            trx,
          );
        }
      } else if (meta.type === 'blob') {
        const rel = String(meta.path);
        if (rel.includes('..') || path.isAbsolute(rel)) throw new Error(`unsafe blob path in backup: ${rel}`);
        const sha = createHash('sha256').update(content).digest('hex');
        if (sha !== meta.sha256) throw new Error(`blob ${rel} is corrupt in the backup`);
        blobs.push({ path: rel, content, sha256: sha });
      } else if (meta.type === 'end') {
        ended = true;
      }
    }
    if (!ended) throw new Error('backup file is incomplete (no end record); nothing was restored');
  });
  for (const b of blobs) {
    const target = path.join(blobDir, b.path);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, b.content);
    summary.blobs++;
  }
  return summary;
}
