import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { lockDataDir } from './lock.js';
import { PGliteDialect } from './pglite-dialect.js';
import type { DB } from './schema.js';

// PGlite returns int8 as number; make node-postgres agree so both engines give the same rows.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export interface CopyOptions {
  /**
   * Write the rows frozen (COPY … FREEZE): visible to everyone once committed, nothing for
   * VACUUM to do on them. Only into a table created or truncated in the same transaction.
   */
  freeze?: boolean;
}

/** COPY CSV lines (no header), given as text or as UTF-8 bytes. */
export type CopyFn = (table: string, columns: string[], csv: string | Uint8Array, options?: CopyOptions) => Promise<void>;

/** The WITH (…) of a COPY FROM of CSV without a header. */
function copyFromOptions(options: CopyOptions | undefined): string {
  return options?.freeze ? 'format csv, freeze' : 'format csv';
}

export type CopyOutFn = (table: string) => Promise<Readable>;

export type DbKind = 'pglite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  kind: DbKind;
  /** Human-readable location (directory or URL without password). */
  location: string;
  /**
   * Run `fn` in one transaction on one connection, with a `copy` function that bulk-loads
   * CSV (no header) with COPY ... FROM STDIN inside that same transaction. Everything is
   * committed together or not at all.
   */
  bulkTransaction<T>(fn: (trx: Kysely<DB>, copy: CopyFn) => Promise<T>): Promise<T>;
  /**
   * Run `fn` in one read-only, repeatable-read transaction (a consistent snapshot), with a
   * `copyOut` that streams a table as CSV with a header line (COPY ... TO STDOUT).
   */
  snapshot<T>(fn: (trx: Kysely<DB>, copyOut: CopyOutFn) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string | undefined;
  /** Directory of the embedded database; ignored when databaseUrl is set. Omit for in-memory. */
  pgliteDir?: string | undefined;
  /** In-memory only: start from this data-directory dump (see `dumpEmbedded`) instead of an empty cluster. */
  pgliteTemplate?: Blob | undefined;
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres';
  }
}

/** A Kysely bound to one checked-out client, so a transaction and COPY share the session. */
function singleClientKysely(client: pg.PoolClient): Kysely<DB> {
  return new Kysely<DB>({
    dialect: new PostgresDialect({
      pool: {
        // Kysely needs only query() and release(); release is a no-op, the owner releases.
        connect: async () => ({ query: client.query.bind(client), release() {} }) as unknown as pg.PoolClient,
        end: async () => {},
        options: {},
      },
    }),
  });
}

/**
 * The embedded database starts with PGlite's own parameters plus wal_level=minimal: it has no
 * replica or WAL archive to feed, and at that level PostgreSQL writes no WAL for a table or
 * index whose file was created in the transaction that fills it (an index rebuilt, a table
 * truncated, then copied into); such files are written out at the commit instead. Measured on
 * the benchmark's first load of 1.3M rows: 1.45 GB of WAL → 0.98 GB, 25 s → 22.5 s, before the
 * first load also truncated its empty tables (ADR 0008). An existing data directory simply
 * starts at the new level.
 */
const PGLITE_START = [...PGlite.defaultStartParams, '-c', 'wal_level=minimal', '-c', 'max_wal_senders=0'];

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10 });
    // An idle connection can be cut by the server (restart, admin shutdown). The pool drops
    // it and opens a new one on demand; without a listener the process would crash instead.
    pool.on('error', (err) => {
      process.emitWarning(`PostgreSQL connection lost: ${err.message}`);
    });
    // Fail fast with a clear message when the server is unreachable.
    const client = await pool.connect().catch((err: Error) => {
      throw new Error(`Cannot connect to PostgreSQL at ${redactUrl(opts.databaseUrl ?? '')}: ${err.message}`);
    });
    client.release();
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      kind: 'postgres',
      location: redactUrl(opts.databaseUrl),
      async bulkTransaction(fn) {
        const client = await pool.connect();
        const single = singleClientKysely(client);
        const copy: CopyFn = async (table, columns, csv, options) => {
          const stream = client.query(copyFrom(`copy ${table} (${columns.join(',')}) from stdin with (${copyFromOptions(options)})`));
          await new Promise<void>((resolve, reject) => {
            stream.on('finish', resolve);
            stream.on('error', reject);
            stream.end(csv);
          });
        };
        try {
          return await single.transaction().execute((trx) => fn(trx, copy));
        } finally {
          await single.destroy();
          client.release();
        }
      },
      async snapshot(fn) {
        const client = await pool.connect();
        const single = singleClientKysely(client);
        const copyOut: CopyOutFn = async (table) => client.query(copyTo(`copy ${table} to stdout with (format csv, header)`));
        try {
          return await single
            .transaction()
            .setIsolationLevel('repeatable read')
            .setAccessMode('read only')
            .execute((trx) => fn(trx, copyOut));
        } finally {
          await single.destroy();
          client.release();
        }
      },
      async close() {
        await db.destroy();
      },
    };
  }
  if (opts.pgliteDir) {
    fs.mkdirSync(path.dirname(opts.pgliteDir), { recursive: true });
    // One process per embedded directory: a second one fails here, before it can write.
    const release = await lockDataDir(opts.pgliteDir);
    try {
      const pglite = await PGlite.create(opts.pgliteDir, { startParams: PGLITE_START });
      return embeddedDatabase(pglite, opts.pgliteDir, release);
    } catch (err) {
      release();
      throw err;
    }
  }
  const pglite = await PGlite.create({ startParams: PGLITE_START, ...(opts.pgliteTemplate ? { loadDataDir: opts.pgliteTemplate } : {}) });
  return embeddedDatabase(pglite, 'memory://');
}

/** The Database interface over one PGlite instance; `release` frees its directory's lock on close. */
function embeddedDatabase(pglite: PGlite, location: string, release?: () => void): Database {
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    kind: 'pglite',
    location,
    async bulkTransaction(fn) {
      // The transaction holds the single PGlite session, so a direct COPY runs inside it.
      const copy: CopyFn = async (table, columns, csv, options) => {
        await pglite.query(`copy ${table} (${columns.join(',')}) from '/dev/blob' with (${copyFromOptions(options)})`, [], {
          blob: new Blob([csv]),
        });
      };
      return db.transaction().execute((trx) => fn(trx, copy));
    },
    async snapshot(fn) {
      // One PGlite session: the transaction alone makes every COPY see the same state.
      const copyOut: CopyOutFn = async (table) => {
        const res = await pglite.query(`copy ${table} to '/dev/blob' with (format csv, header)`);
        const bytes = res.blob ? Buffer.from(await res.blob.arrayBuffer()) : Buffer.alloc(0);
        return Readable.from([bytes]);
      };
      return db
        .transaction()
        .setIsolationLevel('repeatable read')
        .execute((trx) => fn(trx, copyOut));
    },
    async close() {
      try {
        await db.destroy();
        await pglite.close();
      } finally {
        release?.();
      }
    },
  };
}

/**
 * A dump of a fresh in-memory embedded database after `prepare` ran on it (e.g. migrations and
 * the region tree), for `openDatabase({ pgliteTemplate })`: the test suite starts each of its
 * many servers from one dump instead of migrating each from scratch.
 */
export async function dumpEmbedded(prepare: (database: Database) => Promise<void>): Promise<Blob> {
  const pglite = await PGlite.create();
  const database = embeddedDatabase(pglite, 'memory://');
  try {
    await prepare(database);
    return await pglite.dumpDataDir('none');
  } finally {
    await database.close();
  }
}
