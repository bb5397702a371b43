import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type App, type AppContext, requireActor } from '../../http/context.js';
import { fileResponse, PDF_TYPE } from '../../http/openapi.js';
import { regionCode } from '../../http/schemas.js';
import { roleSchema } from '../access/roles.js';
import { createOfficialAccounts, createOperatorAccounts, deactivateUsers } from './bulk.js';
import { storeSlips, takeSlips } from './slips.js';
import { renderSlipsPdf } from './slips-pdf.js';

const text = z.object({ id: z.string(), en: z.string() });

const bulkResultSchema = z
  .object({
    created: z
      .array(
        z.object({
          userId: z.number(),
          username: z.string(),
          fullName: z.string(),
          role: roleSchema,
          roleLabel: z.string(),
          regionCode: z.string(),
          regionName: z.string(),
          password: z.string().describe('The initial password, shown this once; it is stored only as a hash'),
        }),
      )
      .describe('Accounts created, each with its initial password'),
    skipped: z
      .array(z.object({ fullName: z.string(), regionCode: z.string().nullable(), username: z.string().nullable(), reason: text }))
      .describe('Accounts that already existed and were left as they are'),
    slipToken: z
      .string()
      .nullable()
      .describe('Token to download the slips PDF once (POST /users/slips), within 30 minutes; null when nothing was created'),
    slipExpiresAt: z.date().nullable(),
  })
  .meta({ id: 'BulkAccountsResult' });

const bulkBody = z
  .object({
    kind: z
      .enum(['operators', 'officials'])
      .describe('Operator accounts of regions, or the accounts of the officials of a penugasan period'),
    regionCodes: z
      .array(regionCode)
      .max(500)
      .optional()
      .describe('operators: kecamatan or desa codes to cover (default: the whole kabupaten)'),
    desa: z.boolean().optional().describe('operators: one operator desa per desa (default true)'),
    kecamatan: z.boolean().optional().describe('operators: one operator kecamatan per kecamatan (default true)'),
    periodId: z.number().int().positive().optional().describe('officials: the penugasan period'),
  })
  .meta({ id: 'BulkAccountsRequest' });

/** The address printed on slips: the configured public address, or the one the request came to. */
function appUrl(ctx: AppContext, req: FastifyRequest): string {
  return ctx.config.publicUrl ?? `${req.protocol}://${req.host}`;
}

export async function userBulkRoutes(app: App, ctx: AppContext) {
  const { db, config } = ctx;

  app.post('/users/bulk', { schema: { tags: ['users'], body: bulkBody, response: { 201: bulkResultSchema } } }, async (req, reply) => {
    const actor = requireActor(req);
    const b = req.body;
    const result =
      b.kind === 'officials'
        ? await createOfficialAccounts(db, config.kabupatenCode, actor, b.periodId ?? 0)
        : await createOperatorAccounts(db, config.kabupatenCode, actor, {
            regionCodes: b.regionCodes ?? [],
            desa: b.desa ?? true,
            kecamatan: b.kecamatan ?? true,
          });
    const slips = await storeSlips(db, actor, result.created);
    return reply.status(201).send({ ...result, slipToken: slips?.token ?? null, slipExpiresAt: slips?.expiresAt ?? null });
  });

  app.post(
    '/users/slips',
    {
      schema: {
        tags: ['users'],
        body: z.object({ token: z.string().min(1).max(200) }),
        response: { 200: fileResponse('The slips (PDF), one per account; downloadable once', PDF_TYPE) },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const slips = await takeSlips(db, actor, req.body.token);
      const kab = await db.selectFrom('region').select('name').where('code', '=', config.kabupatenCode).executeTakeFirst();
      const pdf = await renderSlipsPdf(slips, appUrl(ctx, req), kab?.name ?? config.kabupatenCode);
      return reply
        .type(PDF_TYPE)
        .header('content-disposition', 'attachment; filename="slip-akun.pdf"')
        .header('cache-control', 'private, no-store')
        .send(pdf);
    },
  );

  app.post(
    '/users/deactivate',
    {
      schema: {
        tags: ['users'],
        body: z.object({
          userIds: z.array(z.number().int().positive()).max(5000).optional(),
          regionCode: regionCode.optional().describe('Users holding a role on this region or within it'),
          role: roleSchema.optional().describe('Users holding this role'),
        }),
        response: {
          200: z.object({
            deactivated: z.array(z.object({ id: z.number(), username: z.string() })),
            skipped: z.array(z.object({ id: z.number(), username: z.string(), reason: text })),
          }),
        },
      },
    },
    async (req) => deactivateUsers(db, config.kabupatenCode, requireActor(req), req.body),
  );
}
