import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { SYSTEM_ACTOR } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { type Database, dumpEmbedded, openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createScratchDatabase } from '../src/db/scratch.js';
import { loadKabupaten } from '../src/modules/regions/service.js';
import { BROWSER_ARGS, CHROMIUM } from './e2e/browser.js';

/**
 * One chromium for the whole run, when browser tests may run: each test file connects to it
 * (its own contexts, so its own cookies and storage) instead of launching one of its own.
 * A run given only paths outside test/e2e starts none.
 */
async function sharedBrowser(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (project.name !== '' && project.name !== 'pglite') {
    // Of the projects of `npm test`, only "pglite" holds the browser tests (vitest.config.ts).
    project.provide('browserEndpoint', '');
    return undefined;
  }
  const filters = process.argv.slice(process.argv.indexOf('run') + 1).filter((a) => !a.startsWith('-') && !a.includes('='));
  const wanted = filters.length === 0 || filters.some((f) => f.includes('e2e'));
  if (!wanted || !fs.existsSync(CHROMIUM)) {
    project.provide('browserEndpoint', '');
    return undefined;
  }
  const server = await chromium.launchServer({ executablePath: CHROMIUM, args: BROWSER_ARGS });
  project.provide('browserEndpoint', server.wsEndpoint());
  return () => server.close();
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** File holding a migrated embedded database with the kabupaten's regions; '' on PostgreSQL. */
    pgliteTemplate: string;
    /** On PostgreSQL: a migrated database with the regions that test databases are created from. */
    postgresTemplate: string;
    /** A chromium shared by every browser test file of the run (test/e2e/harness.ts connects); '' when none was started. */
    browserEndpoint: string;
  }
}

interface Shared {
  value: Promise<string>;
  users: number;
  cleanup: () => Promise<void>;
}
/**
 * What the projects of one run share (the main process runs every project's global setup, each
 * with its own copy of this module, but one `globalThis`): the compiled server and a template
 * per engine are built once, and removed when the last project using them is done.
 */
const holder = globalThis as { __sasmitaTestShared?: Map<string, Shared> };
holder.__sasmitaTestShared ??= new Map();
const shared = holder.__sasmitaTestShared;

function once(
  key: string,
  make: () => Promise<{ value: string; cleanup?: () => Promise<void> }>,
): { value: Promise<string>; release: () => Promise<void> } {
  let entry = shared.get(key);
  if (!entry) {
    let cleanup = async () => {};
    const value = make().then((made) => {
      if (made.cleanup) cleanup = made.cleanup;
      return made.value;
    });
    entry = { value, users: 0, cleanup: () => cleanup() };
    shared.set(key, entry);
  }
  const e = entry;
  e.users++;
  return {
    value: e.value,
    async release() {
      if (--e.users > 0) return;
      shared.delete(key);
      await e.cleanup();
    },
  };
}

/**
 * Once per run (per project when `npm test` runs the PGlite and PostgreSQL projects together):
 * compile the server (CLI and process tests run the compiled `sasmita`) unless `npm test` has
 * just built it, and build one migrated database with the region tree that every test server
 * starts from instead of migrating its own (tens of servers per run): a dump of the embedded
 * database, or on PostgreSQL a template database.
 */
export default async function setup(project: TestProject) {
  const root = path.resolve(import.meta.dirname, '..');
  const build = once('dist', async () => {
    // Incremental (tsconfig.build.json): a few seconds when dist is current.
    if (!process.env.SASMITA_TEST_DIST_READY) {
      execFileSync(path.join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
    }
    return { value: 'dist' };
  });
  await build.value;
  const kabupaten = loadConfig({}, {}).kabupatenCode;
  const prepare = async (database: Database) => {
    await migrateToLatest(database);
    await loadKabupaten(database.db, kabupaten, SYSTEM_ACTOR);
  };
  const closeBrowser = await sharedBrowser(project);
  // Which engines this run uses. `npm test` (one vitest run, both engines: ADR 0028) passes the
  // PostgreSQL URL as SASMITA_TEST_POSTGRES_URL; a plain run has DATABASE_URL (PostgreSQL only)
  // or nothing (PGlite only). Both templates are provided to every project: vitest runs this
  // setup for the run, not for each project, so a project's own env cannot choose here, and
  // test/helpers/server.ts picks the one its worker's DATABASE_URL calls for.
  const pgUrl = process.env.SASMITA_TEST_POSTGRES_URL || process.env.DATABASE_URL;
  const withPglite = !process.env.DATABASE_URL;
  const pgTemplate = pgUrl
    ? once(`postgres ${pgUrl}`, async () => {
        const scratch = await createScratchDatabase(pgUrl, 'sasmita_tpl');
        const database = await openDatabase({ databaseUrl: scratch.url });
        try {
          await prepare(database);
        } finally {
          await database.close();
        }
        return { value: scratch.name, cleanup: scratch.drop };
      })
    : undefined;
  const liteTemplate = withPglite
    ? once('pglite', async () => {
        const dump = await dumpEmbedded(prepare);
        const dir = fs.mkdtempSync(path.join(root, '.tmp-test-template-'));
        const file = path.join(dir, 'pglite.tar');
        fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
        return { value: file, cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) };
      })
    : undefined;
  project.provide('postgresTemplate', pgTemplate ? await pgTemplate.value : '');
  project.provide('pgliteTemplate', liteTemplate ? await liteTemplate.value : '');
  return async () => {
    await closeBrowser?.();
    await pgTemplate?.release();
    await liteTemplate?.release();
    await build.release();
  };
}
