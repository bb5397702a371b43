import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { DB } from '../db/schema.js';
import type { Role } from '../modules/access/roles.js';
import { READ_ONLY_ROLES } from '../modules/access/roles.js';
import { type Actor, assertRegionFilter, hasRole } from '../modules/access/scope.js';
import { forbidden, unauthorized } from './errors.js';

/** What every route and service needs: settings and the database. */
export interface AppContext {
  config: Config;
  database: Database;
  db: Kysely<DB>;
}

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    sessionToken: string | null;
  }
}

/** The signed-in user, or 401. */
export function requireActor(req: FastifyRequest): Actor {
  if (!req.actor) throw unauthorized();
  return req.actor;
}

/** The signed-in user holding one of `roles`, or 403. */
export function requireRole(req: FastifyRequest, ...roles: Role[]): Actor {
  const actor = requireActor(req);
  if (!hasRole(actor, ...roles)) throw forbidden();
  return actor;
}

/**
 * The signed-in user, after checking the region filters of a list, summary or export
 * (`?kecamatan=`, `?desa=`, `?region=`): a region outside their scope answers 404 NOT_FOUND,
 * the same as that region's objects by id (access/scope.ts assertRegionFilter).
 */
export function scopedFilter(req: FastifyRequest, ...regionFilters: Array<string | null | undefined>): Actor {
  const actor = requireActor(req);
  for (const code of regionFilters) assertRegionFilter(actor, code);
  return actor;
}

/** The signed-in user with at least one role that may write (pimpinan only reads). */
export function requireWriter(req: FastifyRequest): Actor {
  const actor = requireActor(req);
  if (!actor.grants.some((g) => !READ_ONLY_ROLES.has(g.role))) throw forbidden();
  return actor;
}
