import { z } from 'zod';
import { type App, requireActor, scopedFilter } from '../../http/context.js';
import { noContent } from '../../http/openapi.js';
import { idParam, isoDate, regionCode } from '../../http/schemas.js';
import { todayWib } from '../../lib/dates.js';
import type { ServiceContext } from '../../service-context.js';
import { getPeriod, getSettings, updateSettings } from './periods.js';
import {
  createStage,
  currentSchedule,
  currentStages,
  deleteStage,
  homeKecamatan,
  listStages,
  type StageCompletion,
  stageOverdue,
  updateStage,
} from './schedule.js';
import { periodParam, periodView, settingsBody, stageBody, stageView } from './schemas.js';

const tags = ['organisation'];

/** Stage schedule (jadwal) per period, the current stage, overdue desa, and the module's settings. */
export async function scheduleRoutes(app: App, deps: ServiceContext, stageCompletedDesa: StageCompletion) {
  const p = '/organisation';

  app.get(`${p}/settings`, { schema: { tags, response: { 200: settingsBody } } }, async () => {
    return getSettings(deps.db, deps.kabupatenCode);
  });

  app.put(`${p}/settings`, { schema: { tags, body: settingsBody, response: { 200: settingsBody } } }, async (req) =>
    updateSettings(deps, requireActor(req), req.body),
  );

  app.get(
    `${p}/periods/:periodId/schedule`,
    {
      schema: {
        tags,
        description:
          'All stages of the period the reader may see, and the stages under way on `date` (default today, WIB) for `kecamatan` (default: the reader’s own kecamatan, else kabupaten-wide).',
        params: periodParam,
        querystring: z.object({ date: isoDate.optional(), kecamatan: regionCode.optional() }),
        response: {
          200: z.object({
            period: periodView,
            date: z.string(),
            kecamatanCode: z.string().nullable(),
            stages: z.array(stageView),
            current: z.array(stageView),
          }),
        },
      },
    },
    async (req) => {
      const actor = scopedFilter(req, req.query.kecamatan);
      const period = await getPeriod(deps.db, deps.kabupatenCode, req.params.periodId);
      const stages = await listStages(deps, actor, period.id);
      const date = req.query.date ?? todayWib();
      const kecamatanCode = req.query.kecamatan ?? homeKecamatan(actor);
      return { period, date, kecamatanCode, stages, current: currentStages(stages, date, kecamatanCode) };
    },
  );

  app.post(
    `${p}/periods/:periodId/stages`,
    { schema: { tags, params: periodParam, body: stageBody, response: { 201: stageView } } },
    async (req, reply) => {
      const actor = requireActor(req);
      return reply.status(201).send(await createStage(deps, actor, req.params.periodId, req.body));
    },
  );

  app.patch(
    `${p}/stages/:id`,
    { schema: { tags, params: idParam, body: stageBody.partial(), response: { 200: stageView } } },
    async (req) => updateStage(deps, requireActor(req), req.params.id, req.body),
  );

  app.delete(`${p}/stages/:id`, { schema: { tags, params: idParam, response: { 204: noContent } } }, async (req, reply) => {
    await deleteStage(deps, requireActor(req), req.params.id);
    return reply.status(204).send();
  });

  app.get(
    `${p}/schedule/current`,
    {
      schema: {
        tags,
        description:
          'For every program period running on `date` (default today, WIB): the stages under way for the reader’s area, and the next one.',
        querystring: z.object({ date: isoDate.optional() }),
        response: {
          200: z.object({
            date: z.string(),
            items: z.array(
              z.object({
                period: periodView,
                kecamatanCode: z.string().nullable(),
                current: z.array(stageView),
                next: stageView.nullable(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => currentSchedule(deps, requireActor(req), req.query.date ?? todayWib()),
  );

  app.get(
    `${p}/stages/:id/overdue`,
    {
      schema: {
        tags,
        description:
          'Desa of the stage’s area (within the reader’s scope) whose work is not done when the stage has ended. Verval stages use verval records (a desa is done when every household has an approved verval for the period); musdes stages use finalised musdes/muskel meetings of the period; penetapan stages use decrees (a desa is done when a decree dated from the stage start was finalised after its last finalised musdes of the period); other stage kinds have no recorded completion yet, so `completionTracked` is false and every desa of the area counts as not done once the stage has ended.',
        params: idParam,
        querystring: z.object({ date: isoDate.optional() }),
        response: {
          200: z.object({
            stage: stageView,
            asOf: z.string(),
            ended: z.boolean(),
            completionTracked: z.boolean(),
            areaDesa: z.number(),
            overdue: z.array(z.object({ code: z.string(), name: z.string(), kecamatanCode: z.string(), kecamatanName: z.string() })),
          }),
        },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return stageOverdue(deps, actor, req.params.id, req.query.date ?? todayWib(), stageCompletedDesa);
    },
  );
}
