import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { type App, type AppContext, requireActor, requireRole } from '../../http/context.js';
import { AppError, badRequest } from '../../http/errors.js';
import { idParam } from '../../http/schemas.js';
import { sniffFileType } from '../registry/import/reader.js';
import { MANAGER_ROLES } from './common.js';
import { exportImportReport, importReport, listImports, startRecipientImport } from './receipts-import.js';

const tags = ['bantuan'];
const tooLarge = () => new AppError(413, 'PAYLOAD_TOO_LARGE', 'Berkas terlalu besar', 'File too large');

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

  app.post(
    p,
    {
      schema: {
        tags,
        description:
          'Multipart: programCode, periodYear, periodMonth?, amount? (per recipient) and file (CSV/XLSX with a NIK or No KK column). 202 with the job.',
        consumes: ['multipart/form-data'],
      },
    },
    async (req, reply) => {
      const actor = requireRole(req, ...MANAGER_ROLES);
      if (!req.isMultipart())
        throw badRequest('NO_FILE', 'Kirim berkas sebagai multipart/form-data', 'Send the file as multipart/form-data');
      const dir = path.join(ctx.config.dataDir, 'tmp', `aid-${Date.now()}-${randomBytes(6).toString('hex')}`);
      await fs.promises.mkdir(dir, { recursive: true });
      const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
      try {
        const fields: Record<string, string> = {};
        let file: { path: string; name: string } | null = null;
        for await (const part of req.parts()) {
          if (part.type === 'field') {
            fields[part.fieldname] = String(part.value);
            continue;
          }
          if (part.fieldname !== 'file' || file) {
            part.file.resume();
            throw badRequest('UNEXPECTED_FILE', 'Kirim satu berkas pada kolom "file"', 'Send one file in the "file" field');
          }
          const dest = path.join(dir, 'daftar');
          await pipeline(part.file, fs.createWriteStream(dest));
          if (part.file.truncated) throw tooLarge();
          file = { path: dest, name: path.basename(part.filename || 'daftar') };
        }
        if (!file) throw badRequest('NO_FILE', 'Berkas daftar penerima belum dikirim', 'No recipient list was sent');
        const parsed = uploadFields.safeParse(fields);
        if (!parsed.success) {
          throw badRequest('INVALID_FIELDS', 'Program dan tahun penerimaan wajib diisi dengan benar', 'Program and year are required', {
            issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
          });
        }
        const sniffed = sniffFileType(file.path);
        if (sniffed.type === null) {
          throw new AppError(
            415,
            'UNSUPPORTED_FILE',
            `Berkas tidak bisa dibaca: ${sniffed.reason}`,
            `The file cannot be read: ${sniffed.reasonEn}`,
          );
        }
        const started = await startRecipientImport(ctx, actor, {
          path: file.path,
          type: sniffed.type,
          fileName: file.name,
          programCode: parsed.data.programCode,
          periodYear: parsed.data.periodYear,
          periodMonth: parsed.data.periodMonth ?? null,
          amount: parsed.data.amount ?? null,
          cleanup,
        });
        return reply.status(202).send({ importId: started.importId, jobId: started.jobId });
      } catch (err) {
        cleanup();
        if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
        throw err;
      }
    },
  );

  app.get(p, { schema: { tags } }, async (req) => listImports(ctx.db, requireActor(req), ctx.config.kabupatenCode));

  app.get(
    `${p}/:id/report`,
    { schema: { tags, description: 'Rows not matched, invalid or matched with differences (NIK masked).', params: idParam } },
    async (req) => importReport(ctx.db, requireActor(req), req.params.id),
  );

  app.get(
    `${p}/:id/report/export`,
    { schema: { tags, params: idParam, querystring: z.object({ format: z.enum(['csv', 'xlsx']).default('xlsx') }) } },
    async (req, reply) => {
      await exportImportReport(ctx.db, requireActor(req), req.params.id, req.query.format, reply);
      return reply;
    },
  );
}
