import { Migrator } from 'kysely/migration';
import { type Database, openDatabase } from './database.js';
import { migrationProvider } from './migrations/index.js';

/** Apply every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(database: Database): Promise<string[]> {
  const migrator = new Migrator({ db: database.db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${reason}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * Migrate as the owner role when one is configured (DATABASE_OWNER_URL, PostgreSQL only): the
 * app's own runtime role then never needs to create or alter its tables. Without one, the
 * migrations run over `database` itself, as before.
 */
export async function migrateAsOwner(database: Database, ownerUrl: string | undefined): Promise<string[]> {
  if (!ownerUrl || database.kind !== 'postgres') return migrateToLatest(database);
  const owner = await openDatabase({ databaseUrl: ownerUrl });
  try {
    return await migrateToLatest(owner);
  } finally {
    await owner.close();
  }
}
