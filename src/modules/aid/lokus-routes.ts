import { z } from 'zod';
import { type App, type AppContext, requireActor } from '../../http/context.js';
import { binaryFile, multipartBody } from '../../http/openapi.js';
import { regionCode } from '../../http/schemas.js';
import { withListUpload } from '../../http/upload.js';
import { pinLokusList, previewLokusList } from './lokus-import.js';

const tags = ['bantuan'];

const candidate = z.object({ code: z.string(), name: z.string(), kecamatanName: z.string() });
export const lokusListPreview = z
  .object({
    rows: z.array(
      z.object({
        row: z.number(),
        input: z.string(),
        kecamatan: z.string().nullable(),
        status: z.enum(['MATCHED', 'AMBIGUOUS', 'UNMATCHED', 'OUTSIDE']),
        desaCode: z.string().nullable(),
        candidates: z.array(candidate),
      }),
    ),
    matched: z.number(),
    ambiguous: z.number(),
    unmatched: z.number(),
    outside: z.number(),
  })
  .meta({ id: 'LokusListPreview' });

/** Lokus desa in bulk (issue 25): review a list, then pin the desa chosen. */
export async function lokusImportRoutes(app: App, ctx: AppContext) {
  const kab = ctx.config.kabupatenCode;
  app.post(
    '/aid/lokus/import/preview',
    {
      schema: {
        tags,
        description:
          'Multipart: file (CSV/XLSX with a desa code column, e.g. kode_desa, or a desa name column, e.g. desa, and optionally kecamatan). Each row matched to a desa of the kabupaten, for review; nothing is stored.',
        consumes: ['multipart/form-data'],
        body: multipartBody({ file: binaryFile.describe('CSV or XLSX list of desa') }),
        response: { 200: lokusListPreview },
      },
    },
    async (req) => {
      requireActor(req);
      return withListUpload(
        req,
        ctx.config,
        'lokus',
        { message: 'Berkas daftar lokus belum dikirim', messageEn: 'No list was sent' },
        async (file) => {
          try {
            return await previewLokusList(ctx.db, kab, file, ctx.config.spreadsheet);
          } finally {
            file.cleanup();
          }
        },
      );
    },
  );

  app.post(
    '/aid/lokus/import',
    {
      schema: {
        tags,
        description: 'Pin the desa chosen after the review as lokus, with the source of the list and a reason; one transaction.',
        body: z.object({
          source: z.string().trim().min(1).max(200),
          reason: z.string().trim().min(1).max(700),
          desaCodes: z.array(regionCode).min(1).max(5000),
        }),
        response: { 200: z.object({ pinned: z.number() }) },
      },
    },
    async (req) => pinLokusList(ctx.db, requireActor(req), kab, req.body),
  );
}
