import os from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * `npm test` (scripts/test.mjs) runs the embedded-database pass and the PostgreSQL pass in ONE
 * vitest run (ADR 0028): projects that share the workers, so the PostgreSQL files fill the time
 * a core would otherwise wait (and the reverse) instead of running after all the others. It
 * passes the PostgreSQL URL as SASMITA_TEST_POSTGRES_URL and removes DATABASE_URL, so the
 * "pglite*" projects never see it and the "postgres*" projects get it as DATABASE_URL.
 * A plain `npx vitest run FILE` (with or without DATABASE_URL) is one project, as always.
 */
const postgresUrl = process.env.SASMITA_TEST_POSTGRES_URL;
const ALL = ['src/**/*.test.ts', 'web/src/**/*.test.ts', 'test/**/*.test.ts'];
/**
 * Files that may share a worker's loaded modules with the files run before them
 * (`isolate: false`): each starts its own server over its own database and touches no global
 * state (no mocks, no process.env, no stdout capture). Loading the server's modules and a
 * fresh process per file was about a third of the CPU these files took (docs/development.md).
 */
const SHARED = ['src/**/*.test.ts', 'test/api/**/*.test.ts', 'test/security/**/*.test.ts'];
const exclude = [...configDefaults.exclude];

export default defineConfig({
  test: {
    // Projects extending this config would ADD their include to this one: set only without them.
    ...(postgresUrl ? {} : { include: ALL }),
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
          // What runs again on PostgreSQL: test/api, test/cli and test/security.
          projects: [
            { extends: true, test: { name: 'pglite', include: ALL, exclude: [...exclude, ...SHARED] } },
            { extends: true, test: { name: 'pglite-shared', include: SHARED, isolate: false } },
            { extends: true, test: { name: 'postgres', include: ['test/cli/**/*.test.ts'], env: { DATABASE_URL: postgresUrl } } },
            {
              extends: true,
              test: {
                name: 'postgres-shared',
                include: ['test/api/**/*.test.ts', 'test/security/**/*.test.ts'],
                isolate: false,
                env: { DATABASE_URL: postgresUrl },
              },
            },
          ],
        }
      : {}),
  },
});
