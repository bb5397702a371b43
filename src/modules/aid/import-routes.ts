import { z } from 'zod';
import { type App, type AppContext, requireActor } from '../../http/context.js';
import { badRequest } from '../../http/errors.js';
import { binaryFile, CSV_TYPE, fileResponse, multipartBody, XLSX_TYPE } from '../../http/openapi.js';
import { idParam } from '../../http/schemas.js';
import { withListUpload } from '../../http/upload.js';
import { serviceContext } from '../../service-context.js';
import { exportImportReport, importReport, listImports, startRecipientImport } from './receipts-import.js';
import { importList, importReportView, importStarted } from './views.js';

const tags = ['bantuan'];

const uploadFields = z.object({
  programCode: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_]{2,30}$/),
  periodYear: z.coerce.number().int().min(2000).max(2100),
  periodMonth: z.coerce.number().int().min(1).max(12).optional(),
  amount: z.coerce.number().nonnegative().max(1e13).optional(),
});

/** Recipient-list imports under /api/v1/aid/imports (Dinsos / admin kabupaten). */
export async function aidImportRoutes(app: App, ctx: AppContext) {
  const p = '/aid/imports';
  const deps = serviceContext(ctx);

  app.post(
    p,
    {
      schema: {
        tags,
        description:
          'Multipart: programCode, periodYear, periodMonth?, amount? (per recipient) and file (CSV/XLSX with a NIK or No KK column). 202 with the job.',
        consumes: ['multipart/form-data'],
        body: multipartBody({ ...uploadFields.shape, file: binaryFile.describe('CSV or XLSX with a NIK or No KK column') }),
        response: { 202: importStarted },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const started = await withListUpload(
        req,
        ctx.config,
        'aid',
        { message: 'Berkas daftar penerima belum dikirim', messageEn: 'No recipient list was sent' },
        async (file) => {
          const parsed = uploadFields.safeParse(file.fields);
          if (!parsed.success) {
            throw badRequest('INVALID_FIELDS', 'Program dan tahun penerimaan wajib diisi dengan benar', 'Program and year are required', {
              issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
            });
          }
          return startRecipientImport(deps, actor, {
            path: file.path,
            type: file.type,
            fileName: file.name,
            programCode: parsed.data.programCode,
            periodYear: parsed.data.periodYear,
            periodMonth: parsed.data.periodMonth ?? null,
            amount: parsed.data.amount ?? null,
            cleanup: file.cleanup,
          });
        },
      );
      return reply.status(202).send({ importId: started.importId, jobId: started.jobId });
    },
  );

  app.get(p, { schema: { tags, response: { 200: importList } } }, async (req) => listImports(deps, requireActor(req)));

  app.get(
    `${p}/:id/report`,
    {
      schema: {
        tags,
        description: 'Rows not matched, invalid or matched with differences (NIK masked).',
        params: idParam,
        response: { 200: importReportView },
      },
    },
    async (req) => importReport(ctx.db, requireActor(req), req.params.id),
  );

  app.get(
    `${p}/:id/report/export`,
    {
      schema: {
        tags,
        params: idParam,
        querystring: z.object({ format: z.enum(['csv', 'xlsx']).default('xlsx') }),
        response: { 200: fileResponse('The import report as XLSX or CSV.', XLSX_TYPE, CSV_TYPE) },
      },
    },
    async (req, reply) => {
      await exportImportReport(ctx.db, requireActor(req), req.params.id, req.query.format, reply);
      return reply;
    },
  );
}
