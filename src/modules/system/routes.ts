import { sql } from 'kysely';
import { z } from 'zod';
import type { App, AppContext } from '../../http/context.js';
import { ROLE_LEVELS, ROLES, roleSchema } from '../access/roles.js';
import { getRegion } from '../regions/service.js';

export async function systemRoutes(app: App, ctx: AppContext) {
  app.get(
    '/health',
    { schema: { tags: ['system'], response: { 200: z.object({ status: z.literal('ok'), database: z.string() }) } } },
    async () => {
      await sql`select 1`.execute(ctx.db);
      return { status: 'ok' as const, database: ctx.database.kind };
    },
  );

  app.get(
    '/meta',
    {
      schema: {
        tags: ['system'],
        response: {
          200: z
            .object({
              kabupaten: z.object({ code: z.string(), name: z.string() }),
              version: z.string(),
              roles: z
                .array(z.object({ role: roleSchema, minLevel: z.number().int(), maxLevel: z.number().int() }))
                .describe('Every role with the region levels (2 kabupaten, 3 kecamatan, 4 desa) it may be granted on'),
            })
            .meta({ id: 'SystemMeta' }),
        },
      },
    },
    async () => {
      const kab = await getRegion(ctx.db, ctx.config.kabupatenCode);
      const roles = ROLES.map((role) => ({ role, minLevel: ROLE_LEVELS[role].min, maxLevel: ROLE_LEVELS[role].max }));
      return { kabupaten: { code: ctx.config.kabupatenCode, name: kab?.name ?? ctx.config.kabupatenCode }, version: '0.1.0', roles };
    },
  );
}
