import { z } from 'zod';
import { type App, type AppContext, requireActor } from '../../http/context.js';
import { notFound } from '../../http/errors.js';
import { regionCode } from '../../http/schemas.js';
import { regionFilterInScope, scopeCodes } from '../access/scope.js';
import { getRegion, listChildren } from './service.js';

const regionSchema = z
  .object({
    code: z.string(),
    name: z.string(),
    level: z.number(),
    parentCode: z.string().nullable(),
    isKelurahan: z.boolean(),
  })
  .meta({ id: 'Region' });

const view = (r: { code: string; name: string; level: number; parent_code: string | null; is_kelurahan: boolean }) => ({
  code: r.code,
  name: r.name,
  level: r.level,
  parentCode: r.parent_code,
  isKelurahan: r.is_kelurahan,
});

export async function regionRoutes(app: App, ctx: AppContext) {
  /**
   * Children of a region, limited to what the user may see: a desa operator listing their
   * kecamatan sees only their own desa. Without `parent`, the user's top regions.
   */
  app.get(
    '/regions',
    {
      schema: {
        tags: ['regions'],
        querystring: z.object({ parent: regionCode.optional() }),
        response: { 200: z.object({ items: z.array(regionSchema) }) },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const scopes = scopeCodes(actor);
      if (!req.query.parent) {
        const rows = await Promise.all(scopes.map((c) => getRegion(ctx.db, c)));
        return { items: rows.filter((r) => r !== undefined).map(view) };
      }
      const parent = req.query.parent;
      const rows = await listChildren(ctx.db, parent);
      // Visible: children inside the scope, or children containing a scoped region (the path down to it).
      const visible = rows.filter((r) => regionFilterInScope(actor, r.code));
      return { items: visible.map(view) };
    },
  );

  app.get(
    '/regions/:code',
    { schema: { tags: ['regions'], params: z.object({ code: regionCode }), response: { 200: regionSchema } } },
    async (req) => {
      const actor = requireActor(req);
      const code = req.params.code;
      if (!regionFilterInScope(actor, code)) throw notFound('Wilayah');
      const r = await getRegion(ctx.db, code);
      if (!r) throw notFound('Wilayah');
      return view(r);
    },
  );
}
