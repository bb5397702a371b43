import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { SYSTEM_ACTOR } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createScratchDatabase } from '../src/db/scratch.js';
import type { AppContext } from '../src/http/context.js';
import { loadKabupaten } from '../src/modules/regions/service.js';

export type Engine = 'pglite' | 'postgres';

export const KABUPATEN = '35.13';

/**
 * A fresh, migrated database of one engine with the kabupaten's region tree: PGlite in a new
 * temporary data directory (on disk, as `npm start` runs it), or a new PostgreSQL database on
 * DATABASE_URL. `close` removes it again.
 */
export async function freshBenchContext(engine: Engine): Promise<{ ctx: AppContext; version: string; close: () => Promise<void> }> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sasmita-bench-'));
  const pgdb = engine === 'postgres' ? await createScratchDatabase(process.env.DATABASE_URL ?? '', 'sasmita_bench') : undefined;
  const database = await openDatabase(pgdb ? { databaseUrl: pgdb.url } : { pgliteDir: path.join(tmp, 'pgdata') });
  const close = async () => {
    await database.close();
    await pgdb?.drop();
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  try {
    await migrateToLatest(database);
    const config = loadConfig({ dataDir: tmp, databaseUrl: pgdb?.url, kabupatenCode: KABUPATEN, logLevel: 'silent' }, {});
    const ctx: AppContext = { config, database, db: database.db };
    await loadKabupaten(ctx.db, KABUPATEN, SYSTEM_ACTOR);
    // "PostgreSQL 18.6 (PGlite 0.5.16) on wasm32-…" → the part before " on ".
    const fullVersion = (await sql<{ v: string }>`select version() as v`.execute(ctx.db)).rows[0]?.v ?? '';
    return { ctx, version: fullVersion.split(' on ')[0] ?? fullVersion, close };
  } catch (err) {
    await close();
    throw err;
  }
}
