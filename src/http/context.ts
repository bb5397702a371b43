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
import { type Action, assertCan, type RouteAccess } from '../modules/access/policy.js';
import { type Actor, assertRegionFilter } from '../modules/access/scope.js';
import { unauthorized } from './errors.js';

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
  interface FastifyContextConfig {
    /** The route's action in access/policy.ts, set when the route is registered (http/server.ts). */
    access?: RouteAccess;
  }
}

/** The signed-in user, or 401. */
export function requireActor(req: FastifyRequest): Actor {
  if (!req.actor) throw unauthorized();
  return req.actor;
}

/**
 * The one access check (access/policy.ts): the signed-in user (401) who may take `action` (403);
 * with `regionCode`, on an object of that region (404 otherwise, so that its existence is not
 * revealed). Every route runs it with its own action before its input is validated
 * (http/server.ts); handlers call it again with the region of the object they opened.
 */
export function requireAccess(req: FastifyRequest, action: Action, regionCode?: string): Actor {
  const actor = requireActor(req);
  assertCan(actor, action, regionCode);
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
