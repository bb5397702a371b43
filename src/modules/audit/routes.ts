import { z } from 'zod';
import type { App, AppContext } from '../../http/context.js';
import { anchorDeps, anchorLine, latestAnchor, startAuditAnchoring, takeAnchor } from './anchor.js';
import { listAudit } from './service.js';
import { verifyAudit } from './verify.js';
import { auditPage, latestAnchorView, takenAnchorView, verifyView } from './views.js';

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
        response: { 200: auditPage },
      },
    },
    async (req) => {
      const items = await listAudit(ctx.db, req.query);
      return { items, nextBeforeId: items.length === req.query.limit ? (items.at(-1)?.id ?? null) : null };
    },
  );

  app.get(
    '/audit/verify',
    {
      schema: {
        tags: ['audit'],
        description: 'Check the hash chain and every audit anchor (table and anchor file).',
        response: { 200: verifyView },
      },
    },
    async () => {
      return verifyAudit(ctx.db, ctx.config);
    },
  );

  app.get(
    '/audit/anchors/latest',
    {
      schema: {
        tags: ['audit'],
        description: 'The latest anchor of the audit chain and the line printed on reports.',
        response: { 200: latestAnchorView },
      },
    },
    async () => {
      const anchor = await latestAnchor(ctx.db);
      return { anchor, line: anchorLine(anchor) };
    },
  );

  app.post(
    '/audit/anchors',
    {
      schema: {
        tags: ['audit'],
        description: 'Anchor the current head of the audit chain now (table and anchor file).',
        response: { 201: takenAnchorView },
      },
    },
    async (_req, reply) => {
      const anchor = await takeAnchor(ctx.db, anchorDeps(ctx.config), 'manual', true);
      return reply.status(201).send({ anchor, line: anchorLine(anchor) });
    },
  );

  let stopAnchoring: (() => Promise<void>) | null = null;
  app.addHook('onReady', async () => {
    stopAnchoring = startAuditAnchoring(ctx.db, anchorDeps(ctx.config), app.log);
  });
  app.addHook('onClose', async () => {
    await stopAnchoring?.();
  });
}
