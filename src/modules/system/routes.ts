import { sql } from 'kysely';
import { z } from 'zod';
import type { App, AppContext } from '../../http/context.js';
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
          200: z.object({ kabupaten: z.object({ code: z.string(), name: z.string() }), version: z.string() }).meta({ id: 'SystemMeta' }),
        },
      },
    },
    async () => {
      const kab = await getRegion(ctx.db, ctx.config.kabupatenCode);
      return { kabupaten: { code: ctx.config.kabupatenCode, name: kab?.name ?? ctx.config.kabupatenCode }, version: '0.1.0' };
    },
  );
}
