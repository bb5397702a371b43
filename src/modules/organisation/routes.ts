import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type App, type AppContext, requireActor } from '../../http/context.js';
import { badRequest } from '../../http/errors.js';
import { fileField, multipartBody, noContent } from '../../http/openapi.js';
import { idParam, pageQuery } from '../../http/schemas.js';
import { serviceContext } from '../../service-context.js';
import { createAgency, deleteAgency, listAgencies, updateAgency } from './agencies.js';
import { importAgencies, importOfficials } from './imports.js';
import { createOfficial, deleteOfficial, listOfficials, updateOfficial } from './officials.js';
import { assignmentRoutes } from './routes-assignments.js';
import { scheduleRoutes } from './routes-schedule.js';
import type { StageCompletion } from './schedule.js';
import { agencyBody, agencyView, echelon, importResult, officialBody, officialView } from './schemas.js';

const tags = ['organisation'];
const importForm = multipartBody({ file: fileField('CSV or XLSX') });

/** The uploaded file of a multipart request, or a clear 400. */
async function uploadedFile(req: FastifyRequest): Promise<{ filename: string; data: Buffer }> {
  if (!req.isMultipart()) throw badRequest('NO_FILE', 'Unggah berkas CSV atau XLSX', 'Upload a CSV or XLSX file');
  const file = await req.file();
  if (!file) throw badRequest('NO_FILE', 'Unggah berkas CSV atau XLSX', 'Upload a CSV or XLSX file');
  return { filename: file.filename, data: await file.toBuffer() };
}

/** Gesek Ekstrem organisation under /api/v1/organisation: OPD, pejabat, penugasan, coverage, schedule. */
export async function organisationRoutes(app: App, ctx: AppContext, stageCompletedDesa: StageCompletion) {
  const deps = serviceContext(ctx);
  const p = '/organisation';

  app.get(`${p}/agencies`, { schema: { tags, response: { 200: z.object({ items: z.array(agencyView) }) } } }, async () => {
    return { items: await listAgencies(deps) };
  });

  app.post(`${p}/agencies`, { schema: { tags, body: agencyBody, response: { 201: agencyView } } }, async (req, reply) => {
    const actor = requireActor(req);
    return reply.status(201).send(await createAgency(deps, actor, req.body));
  });

  app.patch(
    `${p}/agencies/:id`,
    { schema: { tags, params: idParam, body: agencyBody.partial(), response: { 204: noContent } } },
    async (req, reply) => {
      const actor = requireActor(req);
      await updateAgency(deps, actor, req.params.id, req.body);
      return reply.status(204).send();
    },
  );

  app.delete(`${p}/agencies/:id`, { schema: { tags, params: idParam, response: { 204: noContent } } }, async (req, reply) => {
    const actor = requireActor(req);
    await deleteAgency(deps, actor, req.params.id);
    return reply.status(204).send();
  });

  app.post(
    `${p}/agencies/import`,
    {
      schema: {
        tags,
        description:
          'CSV/XLSX with columns kode_opd, nama_opd, singkatan. All or nothing: any bad row rejects the file (400 IMPORT_INVALID, details.errors).',
        consumes: ['multipart/form-data'],
        body: importForm,
        response: { 200: importResult },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const { filename, data } = await uploadedFile(req);
      return importAgencies(deps, actor, filename, data);
    },
  );

  app.get(
    `${p}/officials`,
    {
      schema: {
        tags,
        querystring: pageQuery.extend({
          agencyId: z.coerce.number().int().positive().optional(),
          echelon: echelon.optional(),
          q: z.string().trim().max(100).optional(),
        }),
        response: { 200: z.object({ items: z.array(officialView), total: z.number(), page: z.number(), pageSize: z.number() }) },
      },
    },
    async (req) => listOfficials(deps, requireActor(req), req.query),
  );

  app.post(
    `${p}/officials`,
    { schema: { tags, body: officialBody, response: { 201: z.object({ id: z.number() }) } } },
    async (req, reply) => {
      const actor = requireActor(req);
      return reply.status(201).send({ id: await createOfficial(deps, actor, req.body) });
    },
  );

  app.patch(
    `${p}/officials/:id`,
    { schema: { tags, params: idParam, body: officialBody.partial(), response: { 204: noContent } } },
    async (req, reply) => {
      const actor = requireActor(req);
      await updateOfficial(deps, actor, req.params.id, req.body);
      return reply.status(204).send();
    },
  );

  app.delete(`${p}/officials/:id`, { schema: { tags, params: idParam, response: { 204: noContent } } }, async (req, reply) => {
    const actor = requireActor(req);
    await deleteOfficial(deps, actor, req.params.id);
    return reply.status(204).send();
  });

  app.post(
    `${p}/officials/import`,
    {
      schema: {
        tags,
        description:
          'CSV/XLSX with columns nama, nip, jabatan, eselon, kode_opd. All or nothing: any bad row rejects the file (400 IMPORT_INVALID, details.errors).',
        consumes: ['multipart/form-data'],
        body: importForm,
        response: { 200: importResult },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const { filename, data } = await uploadedFile(req);
      return importOfficials(deps, actor, filename, data);
    },
  );

  await assignmentRoutes(app, deps);
  await scheduleRoutes(app, deps, stageCompletedDesa);
}
