import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { PGliteDialect } from './pglite-dialect.js';
import type { DB } from './schema.js';

// PGlite returns int8 as number; make node-postgres agree so both engines give the same rows.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export type CopyFn = (table: string, columns: string[], csv: string) => Promise<void>;

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
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string | undefined;
  /** Directory of the embedded database; ignored when databaseUrl is set. Omit for in-memory. */
  pgliteDir?: string | undefined;
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

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10 });
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
        // A Kysely bound to this one client, so the transaction and COPY share the session.
        const single = new Kysely<DB>({
          dialect: new PostgresDialect({
            pool: {
              connect: async () => Object.assign(Object.create(client) as pg.PoolClient, { release() {} }),
              end: async () => {},
              options: {},
            },
          }),
        });
        const copy: CopyFn = async (table, columns, csv) => {
          const stream = client.query(copyFrom(`copy ${table} (${columns.join(',')}) from stdin with (format csv)`));
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
      async close() {
        await db.destroy();
      },
    };
  }
  let pglite: PGlite;
  if (opts.pgliteDir) {
    fs.mkdirSync(path.dirname(opts.pgliteDir), { recursive: true });
    pglite = await PGlite.create(opts.pgliteDir);
  } else {
    pglite = await PGlite.create();
  }
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    kind: 'pglite',
    location: opts.pgliteDir ?? 'memory://',
    async bulkTransaction(fn) {
      // The transaction holds the single PGlite session, so a direct COPY runs inside it.
      const copy: CopyFn = async (table, columns, csv) => {
        await pglite.query(`copy ${table} (${columns.join(',')}) from '/dev/blob' with (format csv)`, [], {
          blob: new Blob([csv]),
        });
      };
      return db.transaction().execute((trx) => fn(trx, copy));
    },
    async close() {
      await db.destroy();
      await pglite.close();
    },
  };
}
