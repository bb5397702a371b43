import type { Kysely } from 'kysely';
import type { Config } from './config.js';
import type { DB } from './db/schema.js';

/**
 * What a service entry point is given besides the caller and the input: the database, the
 * kabupaten this deployment serves, and the settings (data directory, upload and spreadsheet
 * limits). One shape for every module; the http layer builds it once from its AppContext
 * (`serviceContext`). A service that only reads a few parts and is called from other modules'
 * queries declares `Pick<ServiceContext, …>` of what it reads. See docs/adr/0021-service-context.md.
 */
export interface ServiceContext {
  db: Kysely<DB>;
  /** config.kabupatenCode, named because nearly every service filters by it. */
  kabupatenCode: string;
  config: Config;
}

/** The service context of a database and a configuration. */
export function serviceContext({ db, config }: { db: Kysely<DB>; config: Config }): ServiceContext {
  return { db, kabupatenCode: config.kabupatenCode, config };
}
