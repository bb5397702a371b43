import { z } from 'zod';
import { type App, type AppContext, requireActor } from '../../http/context.js';
import { idParam, pageQuery } from '../../http/schemas.js';
import { identifierMasker } from '../access/privacy.js';
import { setMemberConditions } from './conditions.js';
import { getHouseholdDetail } from './detail.js';
import { exportHouseholds } from './export.js';
import { householdFilterSchema, householdSortSchema } from './filters.js';
import { householdSearchQuery, householdSearchView, searchHouseholds } from './search.js';
import { listHouseholds } from './service.js';

const aidSchema = z.object({ bpnt: z.boolean(), bpum: z.boolean(), bst: z.boolean(), pkh: z.boolean(), sembako: z.boolean() });

const listItemSchema = z.object({
  id: z.number(),
  desaCode: z.string(),
  desaName: z.string().nullable(),
  kecamatanCode: z.string(),
  kecamatanName: z.string().nullable(),
  headName: z.string(),
  headNik: z.string().nullable(),
  kkNumber: z.string().nullable(),
  address: z.string().nullable(),
  desil: z.number().nullable(),
  targetStatus: z.string(),
  source: z.string(),
  memberCount: z.number(),
  aid: aidSchema,
  updatedAt: z.date(),
});

const flags = { aid: aidSchema, stuntingRisk: z.boolean() };
const text = z.string().nullable();

const detailSchema = z.object({
  household: z.object({
    id: z.number(),
    kabupatenCode: z.string(),
    kabupatenName: text,
    kecamatanCode: z.string(),
    kecamatanName: text,
    desaCode: z.string(),
    desaName: text,
    source: z.string(),
    sourceId: z.string(),
    edition: text,
    dataYear: z.number().nullable(),
    kkNumber: text,
    headName: z.string(),
    headNik: text,
    headSex: text,
    headBirthDate: text.describe('yyyy-mm-dd'),
    headOccupation: text,
    headEducation: text,
    address: text,
    desil: z.number().nullable(),
    targetStatus: z.string(),
    endedReason: text.describe('MENINGGAL or GANDA: ended by a finalised musdes'),
    endedAt: z.date().nullable(),
    houseOwnership: text,
    roofType: text,
    wallType: text,
    floorType: text,
    lighting: text,
    cookingFuel: text,
    drinkingWater: text,
    toilet: text,
    hasSavings: z.boolean().nullable(),
    padanDukcapil: z.boolean().nullable(),
    ...flags,
    indicators: z.record(z.string(), z.unknown()),
    memberCount: z.number(),
    importId: z.number().nullable(),
    version: z.number(),
    createdAt: z.date(),
    updatedAt: z.date(),
  }),
  members: z.array(
    z.object({
      id: z.number(),
      sourceId: z.string(),
      nik: text,
      name: z.string(),
      sex: text,
      relationship: text,
      birthDate: text.describe('yyyy-mm-dd'),
      age: z.number().nullable(),
      maritalStatus: text,
      occupation: text,
      education: text,
      padanDukcapil: z.boolean().nullable(),
      ...flags,
    }),
  ),
  history: z.array(
    z.object({
      id: z.number(),
      importId: z.number().nullable(),
      changedAt: z.date(),
      changedBy: z.number().nullable(),
      changedByName: text,
      changes: z.record(z.string(), z.unknown()).describe('{kolom: [sebelum, sesudah]}; anggota di bawah "members"'),
    }),
  ),
  audit: z.array(
    z.object({
      id: z.number(),
      at: z.date(),
      actorId: z.number().nullable(),
      actorName: z.string(),
      action: z.string(),
      entity: z.string(),
      entityId: text,
      regionCode: text,
      before: z.unknown(),
      after: z.unknown(),
    }),
  ),
});

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
        response: {
          200: z.object({
            items: z.array(listItemSchema),
            total: z.number(),
            totalApproximate: z
              .boolean()
              .describe('true: total adalah perkiraan (dibulatkan ke ratusan) untuk daftar besar tanpa pencarian; tampilkan "± total"'),
            page: z.number(),
            pageSize: z.number(),
            nextCursor: z.string().nullable(),
          }),
        },
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
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return db.transaction().execute((trx) => setMemberConditions(trx, actor, req.params.id, req.body));
    },
  );
}
