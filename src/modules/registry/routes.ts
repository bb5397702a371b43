import { z } from 'zod';
import { type App, type AppContext, requireActor } from '../../http/context.js';
import { badRequest, notFound } from '../../http/errors.js';
import { CSV_TYPE, fileField, fileResponse, multipartBody, XLSX_TYPE } from '../../http/openapi.js';
import { idParam, pageQuery } from '../../http/schemas.js';
import { recordAudit } from '../audit/service.js';
import { streamCsv, streamXlsx } from '../exports/spreadsheet.js';
import { startDtksImport, startP3keImport } from './import/index.js';
import { resolveColumns } from './import/templates.js';
import { mappingRoutes } from './mapping-routes.js';
import { getImport, listImports, listIssues, REPORT_HEADERS, reportRows } from './service.js';
import { mappingFields, receiveImportUpload } from './upload.js';
import { importList, importStarted, importView, issueList } from './views.js';

const tags = ['imports'];

/** Registry imports under /api/v1/imports: admin kabupaten only. */
export async function registryRoutes(app: App, ctx: AppContext) {
  await mappingRoutes(app, ctx);
  app.post(
    '/imports',
    {
      schema: {
        tags,
        description:
          'Multipart upload: kind = P3KE | DTKS, optional edition; files keluarga + anggota (P3KE) or dtks (DTKS), CSV or XLSX. Answers 202 at once; the import runs as a job (GET /jobs/:jobId for live progress).',
        consumes: ['multipart/form-data'],
        body: multipartBody({
          kind: z.enum(['P3KE', 'DTKS']),
          edition: z.string().optional().describe('Edition of the data, e.g. 2024-I'),
          keluarga: fileField('P3KE: the households file (CSV or XLSX)').optional(),
          anggota: fileField('P3KE: the members file (CSV or XLSX)').optional(),
          dtks: fileField('DTKS: the one file (CSV or XLSX)').optional(),
          templateId: z
            .string()
            .optional()
            .describe('A saved column-mapping template (GET /imports/mapping-templates) to read the files through'),
          columns: z
            .string()
            .optional()
            .describe('A column mapping as JSON: {"keluarga"|"anggota"|"dtks": {canonical column: source header}}'),
        }),
        response: { 202: importStarted },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const upload = await receiveImportUpload(req, ctx);
      try {
        const { fields, files } = upload;
        const kind = (fields.kind ?? '').trim().toUpperCase();
        const edition = fields.edition?.trim() || undefined;
        if (kind !== 'P3KE' && kind !== 'DTKS') {
          throw badRequest('KIND_INVALID', 'Jenis impor (kind) harus P3KE atau DTKS', 'kind must be P3KE or DTKS');
        }
        const columns = await resolveColumns(ctx.db, kind, mappingFields(fields));
        if (kind === 'P3KE') {
          const kel = files.keluarga;
          const ang = files.anggota;
          if (!kel || !ang || files.dtks) {
            throw badRequest(
              'FILES_MISSING',
              'Impor P3KE memerlukan berkas keluarga dan anggota',
              'A P3KE import needs the keluarga and anggota files',
            );
          }
          const s = await startP3keImport(
            ctx,
            {
              familyPath: kel.path,
              memberPath: ang.path,
              familyName: kel.name,
              memberName: ang.name,
              ...(edition ? { edition } : {}),
              ...(columns?.keluarga ? { familyColumns: columns.keluarga } : {}),
              ...(columns?.anggota ? { memberColumns: columns.anggota } : {}),
            },
            actor,
            undefined,
            upload.cleanup,
          );
          return reply.status(202).send({ importId: s.importId, jobId: s.jobId });
        }
        const dtks = files.dtks;
        if (!dtks || files.keluarga || files.anggota) {
          throw badRequest('FILES_MISSING', 'Impor DTKS memerlukan satu berkas dtks', 'A DTKS import needs one dtks file');
        }
        const s = await startDtksImport(
          ctx,
          { path: dtks.path, name: dtks.name, ...(edition ? { edition } : {}), ...(columns?.dtks ? { columns: columns.dtks } : {}) },
          actor,
          undefined,
          upload.cleanup,
        );
        return reply.status(202).send({ importId: s.importId, jobId: s.jobId });
      } catch (err) {
        upload.cleanup();
        throw err;
      }
    },
  );

  app.get(
    '/imports',
    {
      schema: { tags, querystring: pageQuery, response: { 200: importList } },
    },
    async (req) => {
      return listImports(ctx.db, req.query.page, req.query.pageSize);
    },
  );

  app.get('/imports/:id', { schema: { tags, params: idParam, response: { 200: importView } } }, async (req) => {
    const found = await getImport(ctx.db, req.params.id);
    if (!found) throw notFound('Impor');
    return found;
  });

  app.get(
    '/imports/:id/issues',
    {
      schema: {
        tags,
        params: idParam,
        querystring: pageQuery.extend({ severity: z.enum(['ERROR', 'WARNING']).optional() }),
        response: { 200: issueList },
      },
    },
    async (req) => {
      if (!(await getImport(ctx.db, req.params.id))) throw notFound('Impor');
      return listIssues(ctx.db, req.params.id, { severity: req.query.severity, page: req.query.page, pageSize: req.query.pageSize });
    },
  );

  for (const format of ['csv', 'xlsx'] as const) {
    app.get(
      `/imports/:id/report.${format}`,
      {
        schema: {
          tags,
          params: idParam,
          response: { 200: fileResponse('Every problem found in the files', format === 'csv' ? CSV_TYPE : XLSX_TYPE) },
        },
      },
      async (req, reply) => {
        const actor = requireActor(req);
        const id = req.params.id;
        if (!(await getImport(ctx.db, id))) throw notFound('Impor');
        const filename = `laporan-impor-${id}.${format}`;
        const onFinish = async (r: { rows: number; completed: boolean }) => {
          await ctx.db.transaction().execute((trx) =>
            recordAudit(trx, actor, {
              action: 'registry.import.report',
              entity: 'import_batch',
              entityId: id,
              regionCode: ctx.config.kabupatenCode,
              after: { format, rows: r.rows, completed: r.completed },
            }),
          );
        };
        if (format === 'csv') await streamCsv(reply, filename, REPORT_HEADERS, reportRows(ctx.db, id), { onFinish });
        else await streamXlsx(reply, filename, 'Laporan impor', REPORT_HEADERS, reportRows(ctx.db, id), { onFinish, styles: true });
        return reply;
      },
    );
  }
}
