import path from 'node:path';
import { z } from 'zod';
import { type App, type AppContext, requireActor } from '../../http/context.js';
import { AppError, badRequest } from '../../http/errors.js';
import { fileField, multipartBody, noContent } from '../../http/openapi.js';
import { idParam } from '../../http/schemas.js';
import { regionIndex } from '../regions/service.js';
import { checkXlsx } from '../spreadsheets/index.js';
import type { FileRole } from './import/columns.js';
import { checkFileType } from './import/index.js';
import { ROLES_OF } from './import/mapping.js';
import { previewImport } from './import/preview.js';
import { deleteTemplate, listTemplates, resolveColumns, saveTemplate } from './import/templates.js';
import { mappingFields, receiveImportUpload } from './upload.js';
import { mappingTemplateList, mappingTemplateView, previewView } from './views.js';

const tags = ['imports'];

const columnMap = z.record(z.string().min(1).max(100), z.string().max(200));
const saveBody = z.object({
  name: z.string().trim().min(1).max(100),
  kind: z.enum(['P3KE', 'DTKS']),
  columns: z.object({ keluarga: columnMap.optional(), anggota: columnMap.optional(), dtks: columnMap.optional() }).strict(),
});

/** Column-mapping templates and the preview of a mapped import (docs/adr/0026-import-column-mapping.md). */
export async function mappingRoutes(app: App, ctx: AppContext) {
  app.get('/imports/mapping-templates', { schema: { tags, response: { 200: mappingTemplateList } } }, async () => ({
    items: await listTemplates(ctx.db),
  }));

  app.post('/imports/mapping-templates', { schema: { tags, body: saveBody, response: { 200: mappingTemplateView } } }, async (req) =>
    saveTemplate(ctx.db, requireActor(req), req.body),
  );

  app.delete('/imports/mapping-templates/:id', { schema: { tags, params: idParam, response: { 204: noContent } } }, async (req, reply) => {
    await deleteTemplate(ctx.db, requireActor(req), req.params.id);
    return reply.status(204).send();
  });

  app.post(
    '/imports/preview',
    {
      schema: {
        tags,
        description:
          'Multipart upload as POST /imports (kind, the files, optional templateId or columns): the first rows of each file, the suggested column mapping, and the findings of the importer on those rows under the mapping. Nothing is stored.',
        consumes: ['multipart/form-data'],
        body: multipartBody({
          kind: z.enum(['P3KE', 'DTKS']),
          keluarga: fileField('P3KE: the households file').optional(),
          anggota: fileField('P3KE: the members file').optional(),
          dtks: fileField('DTKS: the one file').optional(),
          templateId: z.string().optional(),
          columns: z.string().optional().describe('Column mapping as JSON, as for POST /imports'),
        }),
        response: { 200: previewView },
      },
    },
    async (req) => {
      requireActor(req);
      const upload = await receiveImportUpload(req, ctx);
      try {
        const kind = (upload.fields.kind ?? '').trim().toUpperCase();
        if (kind !== 'P3KE' && kind !== 'DTKS') {
          throw badRequest('KIND_INVALID', 'Jenis impor (kind) harus P3KE atau DTKS', 'kind must be P3KE or DTKS');
        }
        const roles = ROLES_OF[kind];
        const extra = Object.keys(upload.files).filter((r) => !roles.includes(r as FileRole));
        const absent = roles.filter((r) => !upload.files[r]);
        if (extra.length > 0 || absent.length > 0) {
          throw badRequest(
            'FILES_MISSING',
            kind === 'P3KE' ? 'Pratinjau P3KE memerlukan berkas keluarga dan anggota' : 'Pratinjau DTKS memerlukan satu berkas dtks',
            kind === 'P3KE' ? 'A P3KE preview needs the keluarga and anggota files' : 'A DTKS preview needs one dtks file',
          );
        }
        const columns = await resolveColumns(ctx.db, kind, mappingFields(upload.fields));
        const files = [];
        for (const role of roles) {
          const f = upload.files[role] as { path: string; name: string };
          const type = checkFileType({ role, path: f.path, name: f.name });
          if (type === 'xlsx') await checkXlsx(f.path, ctx.config.spreadsheet, `Berkas ${role} (${f.name})`);
          const mapped = columns?.[role];
          files.push({ role, path: f.path, name: path.basename(f.name), type, ...(mapped ? { columns: mapped } : {}) });
        }
        const kab = ctx.config.kabupatenCode;
        const regions = await regionIndex(ctx.db, kab);
        if (!regions.has(kab)) {
          throw new AppError(
            409,
            'REGIONS_NOT_LOADED',
            `Data wilayah kabupaten ${kab} belum dimuat`,
            `The region tree of ${kab} is not loaded yet`,
          );
        }
        return await previewImport({
          kind,
          kabupatenCode: kab,
          regions: [...regions.values()],
          files,
          dir: upload.dir,
          limits: ctx.config.spreadsheet,
        });
      } finally {
        upload.cleanup();
      }
    },
  );
}
