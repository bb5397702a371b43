import { z } from 'zod';
import type { App, AppContext } from '../../http/context.js';
import { CHECKLIST_STEPS, checklist } from './service.js';

const checklistSchema = z
  .object({
    items: z.array(
      z.object({
        step: z.enum(CHECKLIST_STEPS),
        done: z.boolean(),
        count: z.number().describe('How far along (desa, households, assignments…)'),
        total: z.number().nullable().describe('Out of how many, where the step has a known end (desa for accounts)'),
        link: z.string().describe('The page of the web app where the step is done'),
      }),
    ),
    done: z.number(),
    total: z.number(),
  })
  .meta({ id: 'SetupChecklist' });

export async function onboardingRoutes(app: App, ctx: AppContext) {
  app.get('/onboarding/checklist', { schema: { tags: ['onboarding'], response: { 200: checklistSchema } } }, async () =>
    checklist(ctx.db, ctx.config.kabupatenCode),
  );
}
