import { z } from 'zod';
import { type App, type AppContext, requireActor } from '../../http/context.js';
import { CSV_TYPE, fileResponse, XLSX_TYPE } from '../../http/openapi.js';
import { idParam, pageQuery } from '../../http/schemas.js';
import { identifierMasker } from '../access/privacy.js';
import { setMemberConditions } from './conditions.js';
import { getHouseholdDetail } from './detail.js';
import { exportHouseholds } from './export.js';
import { householdFilterSchema, householdSortSchema } from './filters.js';
import { householdSearchQuery, householdSearchView, searchHouseholds } from './search.js';
import { listHouseholds } from './service.js';
import { detailSchema, householdList, memberConditionsView } from './views.js';

const listQuerySchema = householdFilterSchema
  .extend(householdSortSchema.shape)
  .extend(pageQuery.shape)
  .extend({
    cursor: z.string().max(2000).optional().describe('nextCursor dari halaman sebelumnya (keyset); page diabaikan'),
  });

const exportQuerySchema = householdFilterSchema.extend(householdSortSchema.shape);

export async function householdRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;

  app.get(
    '/households/search',
    {
      schema: {
        tags: ['households'],
        summary: 'Cari keluarga menurut nama atau NIK/No KK dalam wilayah pengguna (maks. 20; NIK disamarkan)',
        querystring: householdSearchQuery,
        response: { 200: householdSearchView },
      },
    },
    async (req) => searchHouseholds(db, requireActor(req), req.query),
  );

  app.get(
    '/households',
    {
      schema: {
        tags: ['households'],
        summary: 'Daftar keluarga dengan filter, urutan dan halaman',
        querystring: listQuerySchema,
        response: { 200: householdList },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const { sort, order, page, pageSize, cursor, ...filters } = req.query;
      const result = await listHouseholds(db, actor, filters, { sort, order }, { page, pageSize, cursor });
      const mask = identifierMasker(actor);
      return {
        ...result,
        items: result.items.map((r) => ({ ...r, headNik: mask(r.headNik, r.desaCode), kkNumber: mask(r.kkNumber, r.desaCode) })),
      };
    },
  );

  for (const format of ['csv', 'xlsx'] as const) {
    app.get(
      `/households/export.${format}`,
      {
        schema: {
          tags: ['households'],
          summary: `Ekspor daftar keluarga terfilter (${format.toUpperCase()}, streaming; NIK disamarkan sesuai peran)`,
          querystring: exportQuerySchema,
          response: { 200: fileResponse('The filtered households', format === 'csv' ? CSV_TYPE : XLSX_TYPE) },
        },
      },
      async (req, reply) => {
        const actor = requireActor(req);
        const { sort, order, ...filters } = req.query;
        await exportHouseholds(db, actor, filters, { sort, order }, format, reply);
        return reply;
      },
    );
  }

  app.get(
    '/households/:id',
    {
      schema: {
        tags: ['households'],
        summary: 'Halaman keluarga: data lengkap, anggota, riwayat perubahan dan jejak audit',
        params: idParam,
        response: { 200: detailSchema },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return getHouseholdDetail(db, actor, req.params.id);
    },
  );

  app.put(
    '/households/members/:id/conditions',
    {
      schema: {
        tags: ['households'],
        summary: 'Kondisi anggota (disabilitas, sakit kronis/menahun) yang dicatat petugas; diaudit, menaikkan versi keluarga',
        params: idParam,
        body: z.object({ disability: z.boolean(), chronicIllness: z.boolean() }),
        response: { 200: memberConditionsView },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return db.transaction().execute((trx) => setMemberConditions(trx, actor, req.params.id, req.body));
    },
  );
}
