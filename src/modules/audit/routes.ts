import { z } from 'zod';
import { type App, type AppContext, requireRole } from '../../http/context.js';
import { listAudit, verifyAuditChain } from './service.js';

export async function auditRoutes(app: App, ctx: AppContext) {
  app.get(
    '/audit',
    {
      schema: {
        tags: ['audit'],
        querystring: z.object({
          entity: z.string().max(50).optional(),
          entityId: z.string().max(100).optional(),
          actorId: z.coerce.number().int().positive().optional(),
          beforeId: z.coerce.number().int().positive().optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
      },
    },
    async (req) => {
      requireRole(req, 'admin_kabupaten');
      const items = await listAudit(ctx.db, req.query);
      return { items, nextBeforeId: items.length === req.query.limit ? items.at(-1)?.id : null };
    },
  );

  app.get('/audit/verify', { schema: { tags: ['audit'] } }, async (req) => {
    requireRole(req, 'admin_kabupaten');
    return verifyAuditChain(ctx.db);
  });
}
