import type { Migration, MigrationProvider } from 'kysely/migration';
import * as m0001 from './0001_foundation.js';

/**
 * Migrations are listed here (not discovered on disk) so the compiled build and the
 * tests run exactly the same set, in this order, on PGlite and PostgreSQL alike.
 */
const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
