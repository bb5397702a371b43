import { z } from 'zod';
import { type App, type AppContext, requireActor } from '../../http/context.js';
import { badRequest } from '../../http/errors.js';
import { CSV_TYPE, fileField, fileResponse, multipartBody, XLSX_TYPE } from '../../http/openapi.js';
import { idParam, pageQuery, regionCode } from '../../http/schemas.js';
import { withListUpload } from '../../http/upload.js';
import { serviceContext } from '../../service-context.js';
import { recordAudit } from '../audit/service.js';
import { streamCsv, streamXlsx } from '../exports/spreadsheet.js';
import { getCandidate, listCandidates, resolveCandidate } from './candidates.js';
import { EXPORT_HEADERS, exportRows, listRows } from './list-rows.js';
import { memberResolveRoute } from './member-resolve.js';
import { getRun, listRuns, startExternalRun, startInternalRun } from './runs.js';
import { candidateDetail, candidateList, listRowPage, ROW_RESULTS, runList, runStarted, runView } from './views.js';

const tags = ['matching'];

const RESULTS = ROW_RESULTS;
const KINDS = ['HOUSEHOLD_DUPLICATE', 'MEMBER_TWO_DESA', 'NIK_TWO_HOUSEHOLDS', 'FUZZY'] as const;
const LIST_KINDS = ['DTKS', 'RECIPIENTS', 'DECEASED', 'OTHER'] as const;

/** Pemadanan under /api/v1/matching. */
export async function matchingRoutes(app: App, ctx: AppContext) {
  const p = '/matching';
  const deps = serviceContext(ctx);
  const runCtx = { ...deps, database: ctx.database };

  app.post(
    `${p}/runs`,
    {
      schema: {
        tags,
        description:
          'Start an internal run: INTERNAL (same NIK / No KK / head NIK) or FUZZY (name + birth date, same kecamatan). 202 with the job.',
        body: z.object({ kind: z.enum(['INTERNAL', 'FUZZY']) }),
        response: { 202: runStarted },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      return reply.status(202).send(await startInternalRun(runCtx, actor, req.body.kind));
    },
  );

  app.post(
    `${p}/lists`,
    {
      schema: {
        tags,
        description:
          'Multipart: fields name, listKind (DTKS|RECIPIENTS|DECEASED|OTHER), file (CSV/XLSX with a NIK or No KK column). 202 with the job.',
        consumes: ['multipart/form-data'],
        body: multipartBody({
          name: z.string().optional().describe('Name of the list (default: the file name)'),
          listKind: z.enum(LIST_KINDS).optional().describe('Default OTHER'),
          file: fileField('CSV or XLSX with a NIK or No KK column'),
        }),
        response: { 202: runStarted },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const s = await withListUpload(
        req,
        ctx.config,
        'match',
        { message: 'Berkas daftar belum dikirim', messageEn: 'No list file was sent' },
        async (file) => {
          const listKind = (file.fields.listKind ?? 'OTHER').trim().toUpperCase();
          if (!(LIST_KINDS as readonly string[]).includes(listKind)) {
            throw badRequest(
              'LIST_KIND_INVALID',
              'Jenis daftar harus DTKS, RECIPIENTS, DECEASED atau OTHER',
              'listKind must be DTKS, RECIPIENTS, DECEASED or OTHER',
              { field: 'listKind' },
            );
          }
          const listName = (file.fields.name ?? '').trim().slice(0, 200) || file.name;
          return startExternalRun(runCtx, actor, {
            path: file.path,
            type: file.type,
            fileName: file.name,
            listName,
            listKind: listKind as (typeof LIST_KINDS)[number],
            cleanup: file.cleanup,
          });
        },
      );
      return reply.status(202).send(s);
    },
  );

  app.get(
    `${p}/runs`,
    {
      schema: {
        tags,
        querystring: pageQuery.extend({ kind: z.enum(['INTERNAL', 'EXTERNAL', 'FUZZY']).optional() }),
        response: { 200: runList },
      },
    },
    async (req) => {
      return listRuns(deps, req.query.page, req.query.pageSize, req.query.kind);
    },
  );

  app.get(`${p}/runs/:id`, { schema: { tags, params: idParam, response: { 200: runView } } }, async (req) => {
    return getRun(deps, req.params.id);
  });

  app.get(
    `${p}/runs/:id/rows`,
    {
      schema: {
        tags,
        description: 'Rows of an external list with their result, by row number (keyset: pass nextAfter as after).',
        params: idParam,
        querystring: z.object({
          result: z.enum(RESULTS).optional(),
          after: z.coerce.number().int().min(0).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(50),
        }),
        response: { 200: listRowPage },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      await getRun(deps, req.params.id);
      return listRows(ctx.db, actor, req.params.id, req.query);
    },
  );

  for (const format of ['csv', 'xlsx'] as const) {
    app.get(
      `${p}/runs/:id/rows.${format}`,
      {
        schema: {
          tags,
          params: idParam,
          querystring: z.object({ result: z.enum(RESULTS).optional() }),
          response: { 200: fileResponse('The rows of the list with their result', format === 'csv' ? CSV_TYPE : XLSX_TYPE) },
        },
      },
      async (req, reply) => {
        const actor = requireActor(req);
        const run = await getRun(deps, req.params.id);
        const filename = `pemadanan-${run.id}${req.query.result ? `-${req.query.result.toLowerCase()}` : ''}.${format}`;
        const rows = exportRows(ctx.db, actor, run.id, req.query.result);
        const onFinish = async (r: { rows: number; completed: boolean }) => {
          await ctx.db.transaction().execute((trx) =>
            recordAudit(trx, actor, {
              action: 'matching.list.export',
              entity: 'match_run',
              entityId: run.id,
              regionCode: deps.kabupatenCode,
              after: { format, result: req.query.result ?? null, rows: r.rows, completed: r.completed },
            }),
          );
        };
        if (format === 'csv') await streamCsv(reply, filename, EXPORT_HEADERS, rows, { onFinish });
        else await streamXlsx(reply, filename, 'Hasil pemadanan', EXPORT_HEADERS, rows, { onFinish });
        return reply;
      },
    );
  }

  app.get(
    `${p}/candidates`,
    {
      schema: {
        tags,
        querystring: pageQuery.extend({
          kind: z.enum(KINDS).optional(),
          status: z.enum(['OPEN', 'SAME', 'DIFFERENT']).optional(),
          kecamatan: regionCode.optional(),
        }),
        response: { 200: candidateList },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return listCandidates(deps, actor, req.query);
    },
  );

  app.get(`${p}/candidates/:id`, { schema: { tags, params: idParam, response: { 200: candidateDetail } } }, async (req) => {
    const actor = requireActor(req);
    return getCandidate(ctx.db, actor, req.params.id);
  });

  app.post(
    `${p}/candidates/:id/resolve`,
    {
      schema: {
        tags,
        description:
          'SAME: the pair is one family, the other household is marked GANDA of keepHouseholdId (default household a). DIFFERENT: dismiss.',
        params: idParam,
        body: z.object({
          decision: z.enum(['SAME', 'DIFFERENT']),
          keepHouseholdId: z.number().int().positive().optional(),
          note: z.string().max(2000).optional(),
        }),
        response: { 200: candidateDetail },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return resolveCandidate(ctx.db, actor, req.params.id, req.body);
    },
  );

  memberResolveRoute(app, ctx, p);
}
