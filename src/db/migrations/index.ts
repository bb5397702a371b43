import type { Migration, MigrationProvider } from 'kysely/migration';
import * as m0001 from './0001_foundation.js';
import * as m0002 from './0002_registry.js';

/**
 * Migrations are listed here (not discovered on disk) so the compiled build and the
 * tests run exactly the same set, in this order, on PGlite and PostgreSQL alike.
 */
const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_registry': m0002,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
