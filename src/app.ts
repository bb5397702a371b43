import path from 'node:path';
import type { Config } from './config.js';
import { openDatabase } from './db/database.js';
import { migrateAsOwner } from './db/migrate.js';
import type { AppContext } from './http/context.js';
import { failInterruptedJobs } from './jobs/service.js';
import { getRegion, loadKabupaten } from './modules/regions/service.js';
import { generatePassword } from './modules/users/password.js';
import { createUser } from './modules/users/service.js';

export const SYSTEM_ACTOR = { userId: null, username: 'system' } as const;

/** Open the configured database (PostgreSQL when DATABASE_URL is set, else PGlite in dataDir) and migrate it. */
export async function openContext(config: Config): Promise<AppContext> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    pgliteDir: path.join(config.dataDir, 'pgdata'),
  });
  await migrateAsOwner(database, config.databaseOwnerUrl);
  await failInterruptedJobs(database);
  return { config, database, db: database.db };
}

export interface FirstRun {
  regionsLoaded: boolean;
  admin?: { username: string; password: string };
}

/**
 * Make a fresh database usable: load the configured kabupaten's region tree and create the
 * first admin with a generated password (returned once, never stored in clear).
 */
export async function ensureBootstrapped(ctx: AppContext): Promise<FirstRun> {
  const result: FirstRun = { regionsLoaded: false };
  if (!(await getRegion(ctx.db, ctx.config.kabupatenCode))) {
    await loadKabupaten(ctx.db, ctx.config.kabupatenCode, SYSTEM_ACTOR);
    result.regionsLoaded = true;
  }
  const anyUser = await ctx.db.selectFrom('app_user').select('id').limit(1).executeTakeFirst();
  if (!anyUser) {
    const password = generatePassword();
    await createUser(
      ctx.db,
      {
        username: 'admin',
        fullName: 'Admin Kabupaten',
        password,
        roles: [{ role: 'admin_kabupaten', regionCode: ctx.config.kabupatenCode }],
      },
      null,
      SYSTEM_ACTOR,
    );
    result.admin = { username: 'admin', password };
  }
  return result;
}
