import { type App, type AppContext, requireActor } from '../../http/context.js';
import { badRequest } from '../../http/errors.js';
import { fileField, fileResponse, multipartBody, PDF_TYPE, XLSX_TYPE } from '../../http/openapi.js';
import { idParam } from '../../http/schemas.js';
import { serviceContext } from '../../service-context.js';
import { assertCan } from '../access/policy.js';
import { contentDisposition } from '../exports/spreadsheet.js';
import { idempotentWrite, readIdempotencyKey } from '../verval/idempotency.js';
import { sendPhoto } from '../verval/photos.js';
import { storedPhoto } from '../verval/schemas.js';
import { listCompanions, setCompanions, splitCompanions } from './companions.js';
import { leadersSummary } from './leaders.js';
import { householdPendampingan, listFollowups, listVisits, uploadedPhotoVisible, visitPhotoVisible } from './queries.js';
import { renderRecapPdf, sendRecapXlsx } from './recap.js';
import { createActivity, createVisit, setFollowupStatus, uploadPhoto } from './records.js';
import {
  activityBody,
  activityCreated,
  companionList,
  companionsQuery,
  followupList,
  followupStatusBody,
  followupStatusView,
  followupsQuery,
  householdView,
  periodParams,
  photoQuery,
  recapQuery,
  setCompanionsBody,
  shaParam,
  splitBody,
  summaryQuery,
  summaryView,
  uploadQuery,
  visitBody,
  visitCreated,
  visitList,
  visitPhotoParams,
  visitsQuery,
} from './schemas.js';

const tags = ['pendampingan'];
const photoFile = fileResponse('The photo, or its thumbnail (JPEG) with size=thumb', 'image/jpeg');

/** Pendampingan under /api/v1/pendampingan: companions, visits, accompaniment, follow-ups, leaders' view. */
export async function pendampinganRoutes(app: App, ctx: AppContext) {
  const deps = serviceContext(ctx);
  const p = '/pendampingan';

  app.get(
    `${p}/periods/:periodId/companions`,
    {
      schema: {
        tags,
        description: 'Target households of a desa with their companion, the desa’s assigned staff and the coverage.',
        params: periodParams,
        querystring: companionsQuery,
        response: { 200: companionList },
      },
    },
    async (req) => listCompanions(deps, requireActor(req), req.params.periodId, req.query.desa, req.query.missing),
  );

  app.put(
    `${p}/periods/:periodId/companions`,
    {
      schema: {
        tags,
        description: 'Name one companion (officialId) for the listed households, or none (null).',
        params: periodParams,
        body: setCompanionsBody,
        response: { 200: companionList },
      },
    },
    async (req) => setCompanions(deps, requireActor(req), req.params.periodId, req.body),
  );

  app.post(
    `${p}/periods/:periodId/companions/split`,
    {
      schema: {
        tags,
        description: 'Split the desa’s target households evenly among its staff, in dusun and RT order.',
        params: periodParams,
        body: splitBody,
        response: { 200: companionList },
      },
    },
    async (req) => splitCompanions(deps, requireActor(req), req.params.periodId, req.body),
  );

  app.post(
    `${p}/photos`,
    {
      schema: {
        tags,
        description: 'A visit photo for a desa (JPEG, PNG or WebP), stored scaled down as JPEG without metadata.',
        querystring: uploadQuery,
        consumes: ['multipart/form-data'],
        body: multipartBody({ file: fileField('The photo') }),
        response: { 201: storedPhoto },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      assertCan(actor, 'pendampingan.record', req.query.desa);
      const file = req.isMultipart() ? await req.file() : undefined;
      if (!file) throw badRequest('NO_FILE', 'Unggah foto', 'Upload a photo');
      return reply.status(201).send(await uploadPhoto(deps, actor, req.query.desa, file.file));
    },
  );

  app.get(
    `${p}/photos/:sha256`,
    {
      schema: {
        tags,
        description: 'A photo one uploaded and has not attached yet.',
        params: shaParam,
        querystring: photoQuery,
        response: { 200: photoFile },
      },
    },
    async (req, reply) => {
      await uploadedPhotoVisible(ctx.db, requireActor(req), req.params.sha256);
      return sendPhoto(ctx, reply, req.params.sha256, req.query.size);
    },
  );

  app.post(
    `${p}/visits`,
    {
      schema: {
        tags,
        description: 'Record a desa visit. Send an Idempotency-Key so a retry from the phone’s outbox records it once.',
        body: visitBody,
        response: { 201: visitCreated },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const key = readIdempotencyKey(req.headers);
      const r = await idempotentWrite(ctx.db, actor, key, { op: 'pendampingan.visit', body: req.body }, async (trx) => ({
        status: 201,
        body: await createVisit(trx, deps, actor, req.body),
      }));
      return reply.status(201).send(r.body);
    },
  );

  app.get(
    `${p}/visits`,
    {
      schema: {
        tags,
        description: 'Visits in the reader’s regions, newest first.',
        querystring: visitsQuery,
        response: { 200: visitList },
      },
    },
    async (req) => listVisits(deps, requireActor(req), req.query),
  );

  app.get(
    `${p}/visits/:id/photos/:sha256`,
    { schema: { tags, params: visitPhotoParams, querystring: photoQuery, response: { 200: photoFile } } },
    async (req, reply) => {
      await visitPhotoVisible(ctx.db, requireActor(req), req.params.id, req.params.sha256);
      return sendPhoto(ctx, reply, req.params.sha256, req.query.size);
    },
  );

  app.post(
    `${p}/activities`,
    {
      schema: {
        tags,
        description: 'Record the pendampingan of a household with its follow-ups. Idempotency-Key as for visits.',
        body: activityBody,
        response: { 201: activityCreated },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const key = readIdempotencyKey(req.headers);
      const r = await idempotentWrite(ctx.db, actor, key, { op: 'pendampingan.activity', body: req.body }, async (trx) => ({
        status: 201,
        body: await createActivity(trx, actor, req.body),
      }));
      return reply.status(201).send(r.body);
    },
  );

  app.get(
    `${p}/follow-ups`,
    {
      schema: {
        tags,
        description: 'Follow-ups in the reader’s regions by due date; overdue = OPEN and past due.',
        querystring: followupsQuery,
        response: { 200: followupList },
      },
    },
    async (req) => listFollowups(deps, requireActor(req), req.query),
  );

  app.post(
    `${p}/follow-ups/:id/status`,
    {
      schema: {
        tags,
        description: 'OPEN → DONE or CANCELLED.',
        params: idParam,
        body: followupStatusBody,
        response: { 200: followupStatusView },
      },
    },
    async (req) => setFollowupStatus(deps, requireActor(req), req.params.id, req.body.status),
  );

  app.get(
    `${p}/households/:id`,
    {
      schema: {
        tags,
        description: 'A household’s companion and accompaniment history.',
        params: idParam,
        response: { 200: householdView },
      },
    },
    async (req) => householdPendampingan(deps, requireActor(req), req.params.id),
  );

  app.get(
    `${p}/periods/:periodId/summary`,
    {
      schema: {
        tags,
        description: 'Leaders’ view: per agency, or per official of agencyId; inactive officials and desa flagged.',
        params: periodParams,
        querystring: summaryQuery,
        response: { 200: summaryView },
      },
    },
    async (req) => leadersSummary(deps, requireActor(req), req.params.periodId, req.query.agencyId),
  );

  app.get(
    `${p}/periods/:periodId/recap.xlsx`,
    {
      schema: {
        tags,
        description: 'Monthly recap of one agency per official (XLSX).',
        params: periodParams,
        querystring: recapQuery,
        response: { 200: fileResponse('The recap', XLSX_TYPE) },
      },
    },
    async (req, reply) => {
      await sendRecapXlsx(deps, requireActor(req), req.params.periodId, req.query.agencyId, req.query.month, reply);
      return reply;
    },
  );

  app.get(
    `${p}/periods/:periodId/recap.pdf`,
    {
      schema: {
        tags,
        description: 'Monthly recap of one agency per official (PDF).',
        params: periodParams,
        querystring: recapQuery,
        response: { 200: fileResponse('The recap', PDF_TYPE) },
      },
    },
    async (req, reply) => {
      const { filename, pdf } = await renderRecapPdf(deps, requireActor(req), req.params.periodId, req.query.agencyId, req.query.month);
      return reply
        .header('content-type', PDF_TYPE)
        .header('content-disposition', contentDisposition(filename))
        .header('cache-control', 'no-store')
        .send(pdf);
    },
  );
}
