import { z } from 'zod';
import { type App, type AppContext, requireActor } from '../../http/context.js';
import { badRequest } from '../../http/errors.js';
import { binaryFile, fileResponse, multipartBody } from '../../http/openapi.js';
import { idParam, pageQuery, regionCode } from '../../http/schemas.js';
import { serviceContext } from '../../service-context.js';
import {
  addComment,
  attachScreenshot,
  canComment,
  canReport,
  createKendala,
  getKendala,
  listComments,
  listKendala,
  openScreenshot,
  SCREENSHOT_MAX_BYTES,
  setStatus,
} from './service.js';
import { KENDALA_CATEGORIES, KENDALA_STATUSES } from './tables.js';
import { kendalaDetail, kendalaList, kendalaView } from './views.js';

const tags = ['kendala'];

const createBody = z.object({
  category: z.enum(KENDALA_CATEGORIES),
  title: z.string().trim().min(3).max(200),
  description: z.string().trim().min(1).max(5000),
  desaCode: regionCode.optional().describe('Default: the reporter’s only desa'),
});

const listQuery = pageQuery.extend({
  status: z
    .string()
    .optional()
    .transform((s) => (s ? s.split(',') : undefined))
    .pipe(z.array(z.enum(KENDALA_STATUSES)).optional())
    .describe('Comma-separated: BARU,DIPROSES,SELESAI,DITOLAK'),
  kecamatan: regionCode.optional(),
  desa: regionCode.optional(),
  mine: z
    .enum(['1', 'true'])
    .optional()
    .transform((v) => v !== undefined),
});

/** Help desk under /api/v1/kendala. */
export async function kendalaRoutes(app: App, ctx: AppContext) {
  const deps = serviceContext(ctx);
  const p = '/kendala';

  app.get(
    `${p}`,
    {
      schema: {
        tags,
        description: 'Tickets of the reader’s area and the ones they reported, newest first.',
        querystring: listQuery,
        response: { 200: kendalaList },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const q = req.query;
      const list = await listKendala(ctx.db, actor, {
        status: q.status,
        kecamatan: q.kecamatan,
        desa: q.desa,
        mine: q.mine,
        page: q.page,
        pageSize: q.pageSize,
      });
      // What the web app offers: the server's answer, not a role list of its own.
      return { ...list, canReport: canReport(actor) };
    },
  );

  app.post(`${p}`, { schema: { tags, body: createBody, response: { 201: kendalaView } } }, async (req, reply) => {
    const actor = requireActor(req);
    return reply.status(201).send(await createKendala(deps, actor, req.body));
  });

  app.get(`${p}/:id`, { schema: { tags, params: idParam, response: { 200: kendalaDetail } } }, async (req) => {
    const actor = requireActor(req);
    const kendala = await getKendala(ctx.db, actor, req.params.id);
    return { ...kendala, comments: await listComments(ctx.db, actor, req.params.id), canComment: canComment(actor, kendala) };
  });

  app.post(
    `${p}/:id/comments`,
    {
      schema: {
        tags,
        description: 'A comment; the first one by Dinsos/admin is the answer (BARU → DIPROSES).',
        params: idParam,
        body: z.object({ body: z.string().trim().min(1).max(5000) }),
        response: { 201: kendalaView },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      return reply.status(201).send(await addComment(ctx.db, actor, req.params.id, req.body.body));
    },
  );

  app.post(
    `${p}/:id/status`,
    {
      schema: {
        tags,
        description: 'Dinsos/admin kabupaten: BARU → DIPROSES → SELESAI, or DITOLAK with a reason.',
        params: idParam,
        body: z.object({ status: z.enum(KENDALA_STATUSES), reason: z.string().max(2000).optional() }),
        response: { 200: kendalaView },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return setStatus(ctx.db, actor, req.params.id, req.body.status, req.body.reason);
    },
  );

  app.put(
    `${p}/:id/screenshot`,
    {
      schema: {
        tags,
        description: `The reporter attaches a screenshot: PNG or JPEG (recognised by content), at most ${SCREENSHOT_MAX_BYTES} bytes.`,
        consumes: ['multipart/form-data'],
        params: idParam,
        body: multipartBody({ file: binaryFile.describe('PNG or JPEG') }),
        response: { 200: kendalaView },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const file = req.isMultipart() ? await req.file() : undefined;
      if (!file) throw badRequest('NO_FILE', 'Unggah berkas PNG atau JPEG', 'Upload a PNG or JPEG file');
      return attachScreenshot(deps, actor, req.params.id, file.file);
    },
  );

  app.get(
    `${p}/:id/screenshot`,
    { schema: { tags, params: idParam, response: { 200: fileResponse('The screenshot.', 'image/png', 'image/jpeg') } } },
    async (req, reply) => {
      const actor = requireActor(req);
      const blob = await openScreenshot(deps, actor, req.params.id);
      return reply
        .header('content-type', blob.mime)
        .header('content-length', blob.size)
        .header('cache-control', 'private, no-store')
        .header('x-content-type-options', 'nosniff')
        .send(blob.stream);
    },
  );
}
