import os from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * `npm test` (scripts/test.mjs) runs the embedded-database pass and the PostgreSQL pass in ONE
 * vitest run: two projects that share the workers, so the PostgreSQL files fill the time a
 * core would otherwise wait (and the reverse) instead of running after all the others. It
 * passes the PostgreSQL URL as SASMITA_TEST_POSTGRES_URL and removes DATABASE_URL, so the
 * "pglite" project never sees it and the "postgres" project gets it as DATABASE_URL.
 * A plain `npx vitest run FILE` (with or without DATABASE_URL) is one project, as always.
 */
const postgresUrl = process.env.SASMITA_TEST_POSTGRES_URL;
const ALL = ['src/**/*.test.ts', 'web/src/**/*.test.ts', 'test/**/*.test.ts'];
/** What runs again on PostgreSQL: everything that talks to the database through the server or the CLI. */
const ON_POSTGRES = ['test/api/**/*.test.ts', 'test/cli/**/*.test.ts', 'test/security/**/*.test.ts'];

export default defineConfig({
  test: {
    include: ALL,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // vitest's default is one worker fewer than the cores: ONE worker on a 2-core machine,
    // leaving a core idle while a file runs its server, database and client in one process.
    maxWorkers: Math.max(2, os.availableParallelism()),
    globalSetup: ['test/global-setup.ts'],
    reporters: ['default'],
    ...(postgresUrl
      ? {
          projects: [
            { extends: true, test: { name: 'pglite', include: ALL } },
            { extends: true, test: { name: 'postgres', include: ON_POSTGRES, env: { DATABASE_URL: postgresUrl } } },
          ],
        }
      : {}),
  },
});
