import { z } from 'zod';
import { type App, type AppContext, requireActor } from '../http/context.js';
import { notFound } from '../http/errors.js';
import { idParam } from '../http/schemas.js';
import { can } from '../modules/access/policy.js';
import { getJob } from './service.js';

export const jobViewSchema = z.object({
  id: z.number(),
  kind: z.string(),
  status: z.enum(['RUNNING', 'DONE', 'FAILED']),
  phase: z.string().nullable(),
  done: z.number(),
  total: z.number(),
  message: z.string().nullable(),
  result: z.unknown(),
  error: z.string().nullable(),
  createdBy: z.number().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  finishedAt: z.date().nullable(),
});

export async function jobRoutes(app: App, ctx: AppContext) {
  app.get('/jobs/:id', { schema: { tags: ['jobs'], params: idParam, response: { 200: jobViewSchema } } }, async (req) => {
    const actor = requireActor(req);
    const job = await getJob(ctx.db, req.params.id);
    // Someone else's job does not exist for you (404, not 403), unless you administer the kabupaten.
    if (!job || (job.createdBy !== actor.userId && !can(actor, 'jobs.read.any'))) throw notFound('Pekerjaan');
    return job;
  });
}
