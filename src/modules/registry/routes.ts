import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { type App, type AppContext, requireActor } from '../../http/context.js';
import { AppError, badRequest, notFound } from '../../http/errors.js';
import { CSV_TYPE, fileField, fileResponse, multipartBody, XLSX_TYPE } from '../../http/openapi.js';
import { idParam, pageQuery } from '../../http/schemas.js';
import { receiveFile } from '../../http/upload.js';
import { recordAudit } from '../audit/service.js';
import { streamCsv, streamXlsx } from '../exports/spreadsheet.js';
import { startDtksImport, startP3keImport } from './import/index.js';
import { getImport, listImports, listIssues, REPORT_HEADERS, reportRows } from './service.js';
import { importList, importStarted, importView, issueList } from './views.js';

const tags = ['imports'];

const FILE_FIELDS = new Set(['keluarga', 'anggota', 'dtks']);

/** Upload folders of imports that never finished (the server was stopped) are removed after a day. */
function removeStaleUploads(tmpRoot: string) {
  const dayAgo = Date.now() - 24 * 3600_000;
  for (const name of fs.readdirSync(tmpRoot)) {
    const p = path.join(tmpRoot, name);
    if (name.startsWith('upload-') && fs.statSync(p).mtimeMs < dayAgo) fs.rmSync(p, { recursive: true, force: true });
  }
}

const tooLarge = () => new AppError(413, 'PAYLOAD_TOO_LARGE', 'Berkas terlalu besar', 'File too large');

/** Registry imports under /api/v1/imports: admin kabupaten only. */
export async function registryRoutes(app: App, ctx: AppContext) {
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
        }),
        response: { 202: importStarted },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      if (!req.isMultipart())
        throw badRequest('NO_FILE', 'Kirim berkas sebagai multipart/form-data', 'Send the files as multipart/form-data');
      const tmpRoot = path.join(ctx.config.dataDir, 'tmp');
      await fs.promises.mkdir(tmpRoot, { recursive: true });
      removeStaleUploads(tmpRoot);
      const dir = path.join(tmpRoot, `upload-${Date.now()}-${randomBytes(6).toString('hex')}`);
      await fs.promises.mkdir(dir);
      const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
      try {
        const fields: Record<string, string> = {};
        const files: Record<string, { path: string; name: string }> = {};
        for await (const part of req.parts()) {
          if (part.type === 'field') {
            fields[part.fieldname] = String(part.value);
            continue;
          }
          if (!FILE_FIELDS.has(part.fieldname) || files[part.fieldname]) {
            part.file.resume();
            throw badRequest(
              'UNEXPECTED_FILE',
              `Berkas "${part.fieldname}" tidak diharapkan; kirim keluarga + anggota (P3KE) atau dtks (DTKS), masing-masing sekali`,
              `Unexpected file field "${part.fieldname}"`,
            );
          }
          const dest = path.join(dir, part.fieldname);
          await receiveFile(part.file, dest);
          files[part.fieldname] = { path: dest, name: path.basename(part.filename || part.fieldname) };
        }
        const kind = (fields.kind ?? '').trim().toUpperCase();
        const edition = fields.edition?.trim() || undefined;
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
            { familyPath: kel.path, memberPath: ang.path, familyName: kel.name, memberName: ang.name, ...(edition ? { edition } : {}) },
            actor,
            undefined,
            cleanup,
          );
          return reply.status(202).send({ importId: s.importId, jobId: s.jobId });
        }
        if (kind === 'DTKS') {
          const dtks = files.dtks;
          if (!dtks || files.keluarga || files.anggota) {
            throw badRequest('FILES_MISSING', 'Impor DTKS memerlukan satu berkas dtks', 'A DTKS import needs one dtks file');
          }
          const s = await startDtksImport(
            ctx,
            { path: dtks.path, name: dtks.name, ...(edition ? { edition } : {}) },
            actor,
            undefined,
            cleanup,
          );
          return reply.status(202).send({ importId: s.importId, jobId: s.jobId });
        }
        throw badRequest('KIND_INVALID', 'Jenis impor (kind) harus P3KE atau DTKS', 'kind must be P3KE or DTKS');
      } catch (err) {
        cleanup();
        const code = (err as { code?: string }).code;
        if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
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
