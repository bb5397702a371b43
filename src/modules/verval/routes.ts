import { z } from 'zod';
import { type App, type AppContext, requireActor } from '../../http/context.js';
import { badRequest, notFound } from '../../http/errors.js';
import { fileField, fileResponse, multipartBody } from '../../http/openapi.js';
import { idParam, regionCode } from '../../http/schemas.js';
import { serviceContext } from '../../service-context.js';
import { assertRegionInScope } from '../access/scope.js';
import { saveBlob } from '../blobs/service.js';
import { bulkApprove } from './bulk-review.js';
import { scopedHousehold } from './household.js';
import { idempotentWrite, readIdempotencyKey } from './idempotency.js';
import { offlinePack, offlinePackOf } from './offline-pack.js';
import { photoOfHousehold, photoParams, photoQuery, recordUpload, sendPhoto } from './photos.js';
import { pickLists, pickListsView } from './pick-lists.js';
import { reviewQueue } from './queue.js';
import { proposeNewHousehold, type ReviewAction, reviewVerval } from './review.js';
import {
  newHouseholdBody,
  outcomeSchema,
  periodHouseholdParams,
  periodParams,
  reviewBody,
  reviewQueueView,
  revisionList,
  saveBody,
  storedPhoto,
  vervalHouseholdView,
  vervalView,
  worklistView,
} from './schemas.js';
import { forReader, getVerval, saveVerval } from './service.js';
import { startVervalSweep } from './sweep.js';
import type { VervalView } from './views.js';
import { progress, WORKLIST_VISITS, worklist } from './worklist.js';

const tags = ['verval'];
/** Largest photo accepted (before it is scaled down to at most 1600 px). */
export const PHOTO_MAX_BYTES = 10 * 1024 * 1024;

const progressRow = z.object({
  code: z.string(),
  name: z.string(),
  households: z.number(),
  visited: z.number(),
  approved: z.number(),
  remaining: z.number(),
  outcomes: z.record(z.string(), z.number()),
});

const photoFile = fileResponse('The photo, or its thumbnail (JPEG) with size=thumb', 'image/jpeg', 'image/png', 'image/webp');

/** Verval under /api/v1/verval: worklist, progress, record, submit, approve/return, photos. */
export async function vervalRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;
  const deps = serviceContext(ctx);
  const kab = deps.kabupatenCode;
  const p = '/verval';

  app.get(
    `${p}/periods/:periodId/worklist`,
    {
      schema: {
        tags,
        params: periodParams,
        querystring: z.object({
          desa: regionCode,
          q: z.string().trim().max(100).optional(),
          after: z.string().max(500).optional(),
          pageSize: z.coerce.number().int().min(1).max(500).default(100),
          extreme: z
            .enum(['true', 'false'])
            .transform((v) => v === 'true')
            .optional()
            .describe('true: sasaran miskin ekstrem only'),
          visit: z.enum(WORKLIST_VISITS).optional().describe('UNVISITED: belum dikunjungi; RETURNED: dikembalikan'),
          dusun: z.string().trim().min(1).max(100).optional(),
          rt: z
            .string()
            .regex(/^\d{1,3}$/, 'RT 1–3 digit')
            .optional(),
        }),
        response: { 200: worklistView },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const { desa, ...rest } = req.query;
      return worklist(deps, actor, req.params.periodId, { desaCode: desa, ...rest });
    },
  );

  app.get(
    `${p}/pick-lists`,
    {
      schema: {
        tags,
        description: "The field form's pick lists: the kabupaten's desa by name and the registry's value lists for housing fields",
        response: { 200: pickListsView },
      },
    },
    async (req) => pickLists(deps, requireActor(req)),
  );

  app.get(
    `${p}/periods/:periodId/offline-pack`,
    {
      compress: {},
      schema: {
        tags,
        description:
          "The desa's whole verval work in one answer for the field app to keep on the phone: households with their correctable fields, members, the period's verval record (version included) and the criteria suggestion. Sent brotli/gzip-compressed by Accept-Encoding.",
        params: periodParams,
        querystring: z.object({ desa: regionCode }),
        response: { 200: offlinePack },
      },
    },
    async (req) => offlinePackOf(deps, requireActor(req), req.params.periodId, req.query.desa),
  );

  app.get(
    `${p}/periods/:periodId/review`,
    {
      schema: {
        tags,
        params: periodParams,
        querystring: z.object({
          region: regionCode.optional(),
          outcome: outcomeSchema.optional(),
          after: z.string().max(500).optional(),
          afterId: z.coerce.number().int().positive().optional().describe('Start after this verval record (the "next" record)'),
          pageSize: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: reviewQueueView },
      },
    },
    async (req) => reviewQueue(deps, requireActor(req), req.params.periodId, req.query),
  );

  const failure = z.object({
    id: z.number(),
    householdId: z.number(),
    headName: z.string(),
    code: z.string(),
    message: z.string(),
    messageEn: z.string(),
  });
  app.post(
    `${p}/periods/:periodId/review/approve`,
    {
      schema: {
        tags,
        description:
          'Reviewer: approve the review queue filtered by region and outcome, except some records; each record through the single approval (audited per record). Conflicts are reported per record.',
        params: periodParams,
        body: z.object({
          region: regionCode.optional(),
          outcome: outcomeSchema.optional(),
          exceptIds: z.array(z.number().int().positive()).max(5000).default([]),
          seen: z
            .array(z.object({ id: z.number().int().positive(), version: z.number().int().positive() }))
            .max(5000)
            .optional(),
        }),
        response: {
          200: z.object({
            matched: z.number(),
            approved: z.number(),
            skipped: z.number(),
            failed: z.number(),
            remaining: z.number(),
            failures: z.array(failure),
          }),
        },
      },
    },
    async (req) => bulkApprove(deps, requireActor(req), req.params.periodId, req.body),
  );

  app.get(
    `${p}/periods/:periodId/progress`,
    {
      schema: {
        tags,
        params: periodParams,
        querystring: z.object({ region: regionCode.optional() }),
        response: { 200: z.object({ periodId: z.number(), region: progressRow, children: z.array(progressRow) }) },
      },
    },
    async (req) => progress(deps, requireActor(req), req.params.periodId, req.query.region ?? kab),
  );

  app.get(
    `${p}/periods/:periodId/households/:householdId`,
    { schema: { tags, params: periodHouseholdParams, response: { 200: vervalHouseholdView } } },
    async (req) => getVerval(deps, requireActor(req), req.params.periodId, req.params.householdId),
  );

  app.put(
    `${p}/periods/:periodId/households/:householdId`,
    { schema: { tags, params: periodHouseholdParams, body: saveBody, response: { 200: vervalView, 201: vervalView } } },
    async (req, reply) => {
      const actor = requireActor(req);
      const key = readIdempotencyKey(req.headers);
      const { periodId, householdId } = req.params;
      const r = await idempotentWrite<VervalView>(db, actor, key, { op: 'save', periodId, householdId, body: req.body }, (trx) =>
        saveVerval(trx, deps, actor, periodId, householdId, req.body),
      );
      return reply.status(r.status === 201 ? 201 : 200).send(r.body);
    },
  );

  app.post(
    `${p}/periods/:periodId/households`,
    { schema: { tags, params: periodParams, body: newHouseholdBody, response: { 201: vervalView } } },
    async (req, reply) => {
      const actor = requireActor(req);
      const key = readIdempotencyKey(req.headers);
      const r = await idempotentWrite<VervalView>(db, actor, key, { op: 'propose', periodId: req.params.periodId, body: req.body }, (trx) =>
        proposeNewHousehold(trx, deps, actor, req.params.periodId, req.body),
      );
      return reply.status(201).send(r.body);
    },
  );

  for (const action of ['submit', 'approve', 'return'] as ReviewAction[]) {
    app.post(
      `${p}/:id/${action}`,
      { schema: { tags, params: idParam, body: reviewBody, response: { 200: vervalView } } },
      async (req, reply) => {
        const actor = requireActor(req);
        const key = readIdempotencyKey(req.headers);
        const r = await idempotentWrite<VervalView>(db, actor, key, { op: action, id: req.params.id, body: req.body }, (trx) =>
          reviewVerval(trx, deps, actor, req.params.id, action, req.body),
        );
        return reply.status(200).send(r.body);
      },
    );
  }

  app.get(`${p}/:id/revisions`, { schema: { tags, params: idParam, response: { 200: revisionList } } }, async (req) => {
    const actor = requireActor(req);
    const v = await db.selectFrom('verval').select('desa_code').where('id', '=', req.params.id).executeTakeFirst();
    if (!v) throw notFound('Verval');
    assertRegionInScope(actor, v.desa_code);
    const rows = await db
      .selectFrom('verval_revision as r')
      .leftJoin('app_user as u', 'u.id', 'r.changed_by')
      .select(['r.version', 'r.action', 'r.status', 'r.changed_at', 'r.snapshot', 'u.username', 'u.full_name'])
      .where('r.verval_id', '=', req.params.id)
      .orderBy('r.version')
      .execute();
    return {
      items: rows.map((r) => ({
        version: r.version,
        action: r.action,
        status: r.status,
        changedAt: new Date(r.changed_at).toISOString(),
        changedBy: r.username ? { username: r.username, fullName: r.full_name } : null,
        snapshot: forReader(actor, r.snapshot as VervalView),
      })),
    };
  });

  app.post(
    `${p}/households/:id/photos`,
    {
      schema: {
        tags,
        description: 'A photo of the household (JPEG, PNG or WebP), stored scaled down as JPEG; the answer names it for the record.',
        params: idParam,
        consumes: ['multipart/form-data'],
        body: multipartBody({ file: fileField('The photo') }),
        response: { 201: storedPhoto },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const h = await scopedHousehold(db, actor, req.params.id);
      if (!req.isMultipart()) throw badRequest('NO_FILE', 'Unggah foto', 'Upload a photo');
      const file = await req.file();
      if (!file) throw badRequest('NO_FILE', 'Unggah foto', 'Upload a photo');
      const saved = await saveBlob(ctx, file.file, {
        maxBytes: Math.min(PHOTO_MAX_BYTES, ctx.config.uploadLimit),
        allowed: ['jpeg', 'png', 'webp'],
        normalizePhoto: true,
      });
      await recordUpload(db, actor, h, saved.sha256);
      return reply.status(201).send(saved);
    },
  );

  app.get(
    `${p}/households/:id/photos/:sha256`,
    { schema: { tags, params: photoParams, querystring: photoQuery, response: { 200: photoFile } } },
    async (req, reply) => {
      const actor = requireActor(req);
      const h = await scopedHousehold(db, actor, req.params.id);
      if (!(await photoOfHousehold(db, h.id, req.params.sha256))) throw notFound('Foto');
      return sendPhoto(ctx, reply, req.params.sha256, req.query.size);
    },
  );

  app.get(
    `${p}/:id/photos/:sha256`,
    { schema: { tags, params: photoParams, querystring: photoQuery, response: { 200: photoFile } } },
    async (req, reply) => {
      const actor = requireActor(req);
      const v = await db.selectFrom('verval').select(['desa_code', 'photos']).where('id', '=', req.params.id).executeTakeFirst();
      if (!v) throw notFound('Verval');
      assertRegionInScope(actor, v.desa_code);
      if (!v.photos.includes(req.params.sha256)) throw notFound('Foto');
      return sendPhoto(ctx, reply, req.params.sha256, req.query.size);
    },
  );

  let stopSweep: (() => Promise<void>) | null = null;
  app.addHook('onReady', async () => {
    stopSweep = startVervalSweep(db, ctx, app.log);
  });
  app.addHook('onClose', async () => {
    await stopSweep?.();
  });
}
