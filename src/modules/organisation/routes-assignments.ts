import { z } from 'zod';
import { type App, requireActor, scopedFilter } from '../../http/context.js';
import { fileResponse, noContent, PDF_TYPE, XLSX_TYPE } from '../../http/openapi.js';
import { idParam, regionCode } from '../../http/schemas.js';
import type { ServiceContext } from '../../service-context.js';
import { contentDisposition } from '../exports/spreadsheet.js';
import {
  createAgencyAssignment,
  createAssignment,
  deleteAgencyAssignment,
  deleteAssignment,
  endAssignment,
  listAgencyAssignments,
  listAssignments,
} from './assignments.js';
import { acceptSplit, proposeSplit } from './assistant.js';
import { coverageReport } from './coverage.js';
import { renderAssignmentPdf, sendAssignmentXlsx } from './exports.js';
import { createPeriod, deletePeriod, listPeriods, updatePeriod } from './periods.js';
import {
  acceptBody,
  agencyAssignmentBody,
  agencyAssignmentView,
  assignmentBody,
  assignmentView,
  coverageView,
  draftBody,
  draftView,
  periodBody,
  periodParam,
  periodView,
  warning,
} from './schemas.js';

const tags = ['organisation'];

/** Program periods, kecamatan binaan, penugasan, coverage, the split assistant and the exports. */
export async function assignmentRoutes(app: App, deps: ServiceContext) {
  const p = '/organisation';

  app.get(`${p}/periods`, { schema: { tags, response: { 200: z.object({ items: z.array(periodView) }) } } }, async () => {
    return { items: await listPeriods(deps) };
  });

  app.post(`${p}/periods`, { schema: { tags, body: periodBody, response: { 201: periodView } } }, async (req, reply) => {
    const actor = requireActor(req);
    return reply.status(201).send(await createPeriod(deps, actor, req.body));
  });

  app.patch(
    `${p}/periods/:id`,
    { schema: { tags, params: idParam, body: periodBody.partial(), response: { 200: periodView } } },
    async (req) => updatePeriod(deps, requireActor(req), req.params.id, req.body),
  );

  app.delete(`${p}/periods/:id`, { schema: { tags, params: idParam, response: { 204: noContent } } }, async (req, reply) => {
    await deletePeriod(deps, requireActor(req), req.params.id);
    return reply.status(204).send();
  });

  app.get(
    `${p}/periods/:periodId/agency-assignments`,
    { schema: { tags, params: periodParam, response: { 200: z.object({ items: z.array(agencyAssignmentView) }) } } },
    async (req) => ({ items: await listAgencyAssignments(deps, requireActor(req), req.params.periodId) }),
  );

  app.post(
    `${p}/periods/:periodId/agency-assignments`,
    {
      schema: {
        tags,
        params: periodParam,
        body: agencyAssignmentBody,
        response: { 201: z.object({ id: z.number(), warnings: z.array(warning) }) },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      return reply.status(201).send(await createAgencyAssignment(deps, actor, req.params.periodId, req.body));
    },
  );

  app.delete(`${p}/agency-assignments/:id`, { schema: { tags, params: idParam, response: { 204: noContent } } }, async (req, reply) => {
    await deleteAgencyAssignment(deps, requireActor(req), req.params.id);
    return reply.status(204).send();
  });

  app.get(
    `${p}/periods/:periodId/assignments`,
    {
      schema: {
        tags,
        params: periodParam,
        querystring: z.object({
          kecamatan: regionCode.optional(),
          officialId: z.coerce.number().int().positive().optional(),
          includeEnded: z.enum(['true', 'false']).optional(),
        }),
        response: { 200: z.object({ items: z.array(assignmentView) }) },
      },
    },
    async (req) => ({
      items: await listAssignments(deps, scopedFilter(req, req.query.kecamatan), req.params.periodId, {
        kecamatanCode: req.query.kecamatan,
        officialId: req.query.officialId,
        includeEnded: req.query.includeEnded === 'true',
      }),
    }),
  );

  app.post(
    `${p}/periods/:periodId/assignments`,
    {
      schema: {
        tags,
        description:
          'Assign an official to a desa (pendamping_desa, staf_pendamping) or a kecamatan (pembina_kecamatan); grants the linked user access to that region.',
        params: periodParam,
        body: assignmentBody,
        response: { 201: z.object({ assignment: assignmentView, warnings: z.array(warning) }) },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      return reply.status(201).send(await createAssignment(deps, actor, req.params.periodId, req.body));
    },
  );

  app.post(
    `${p}/assignments/:id/end`,
    {
      schema: {
        tags,
        description: 'End an assignment (kept on record) and revoke the access it gave.',
        params: idParam,
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      await endAssignment(deps, requireActor(req), req.params.id);
      return reply.status(204).send();
    },
  );

  app.delete(`${p}/assignments/:id`, { schema: { tags, params: idParam, response: { 204: noContent } } }, async (req, reply) => {
    await deleteAssignment(deps, requireActor(req), req.params.id);
    return reply.status(204).send();
  });

  app.get(
    `${p}/periods/:periodId/coverage`,
    { schema: { tags, params: periodParam, querystring: z.object({ kecamatan: regionCode.optional() }), response: { 200: coverageView } } },
    async (req) => coverageReport(deps, scopedFilter(req, req.query.kecamatan), req.params.periodId, req.query.kecamatan),
  );

  app.post(
    `${p}/periods/:periodId/assistant/draft`,
    {
      schema: {
        tags,
        description: 'Propose a complete split of the kecamatan binaan; writes nothing.',
        params: periodParam,
        body: draftBody,
        response: { 200: draftView },
      },
    },
    async (req) => proposeSplit(deps, requireActor(req), req.params.periodId, req.body),
  );

  app.post(
    `${p}/periods/:periodId/assistant/accept`,
    {
      schema: {
        tags,
        description: 'Accept a reviewed draft: everything is written in one transaction, or nothing.',
        params: periodParam,
        body: acceptBody,
        response: { 201: z.object({ agencyAssignmentIds: z.array(z.number()), assignmentIds: z.array(z.number()) }) },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      return reply.status(201).send(await acceptSplit(deps, actor, req.params.periodId, req.body));
    },
  );

  app.get(
    `${p}/periods/:periodId/export.xlsx`,
    {
      schema: {
        tags,
        description: 'The assignment table as XLSX (the reader’s area).',
        params: periodParam,
        response: { 200: fileResponse('The assignment table', XLSX_TYPE) },
      },
    },
    async (req, reply) => {
      await sendAssignmentXlsx(deps, requireActor(req), req.params.periodId, reply);
      return reply;
    },
  );

  app.get(
    `${p}/periods/:periodId/export.pdf`,
    {
      schema: {
        tags,
        description: 'The assignment table as a landscape A4 PDF annex.',
        params: periodParam,
        response: { 200: fileResponse('The assignment annex', PDF_TYPE) },
      },
    },
    async (req, reply) => {
      const { filename, pdf } = await renderAssignmentPdf(deps, requireActor(req), req.params.periodId);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', contentDisposition(filename))
        .header('cache-control', 'no-store')
        .send(pdf);
    },
  );
}
