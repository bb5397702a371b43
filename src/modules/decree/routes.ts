import { z } from 'zod';
import { type App, type AppContext, requireActor } from '../../http/context.js';
import { badRequest } from '../../http/errors.js';
import { fileResponse, PDF_TYPE, XLSX_TYPE } from '../../http/openapi.js';
import { idParam, regionCode } from '../../http/schemas.js';
import { type ServiceContext, serviceContext } from '../../service-context.js';
import { identifierMasker } from '../access/privacy.js';
import type { Actor } from '../access/scope.js';
import { anchorDeps, takeAnchor } from '../audit/anchor.js';
import { DIFF_CHANGES, diffPage } from './diff.js';
import { sendDiffXlsx } from './diff-export.js';
import { assertFilterInScope, sendLampiranXlsx } from './lampiran.js';
import { sendLampiranPdf } from './lampiran-pdf.js';
import { checkPreconditions } from './preconditions.js';
import { type DecreeRow, decodeCursor, encodeCursor, type RowSource, regionTotals, selectRows } from './rows.js';
import { assertSeesKabupaten, finaliseDecree, getDecree, listDecrees } from './service.js';
import { decreeDetail, decreeList, decreeView, diffView, draftView, preconditionsView, rowPage } from './views.js';

const tags = ['decree'];

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'yyyy-mm-dd')
  .refine(
    (s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    'Tanggal tidak valid',
  );

const finaliseBody = z.object({
  number: z.string().trim().min(1).max(100),
  decreeDate: isoDate,
  title: z.string().trim().min(5).max(500),
  signatoryName: z.string().trim().min(3).max(200),
  signatoryPosition: z.string().trim().min(3).max(200),
  override: z.object({ reason: z.string().trim().min(10).max(2000) }).optional(),
});

const listQuery = z.object({
  kecamatan: regionCode.optional(),
  desa: regionCode.optional(),
  cursor: z.string().max(2000).optional(),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

const exportQuery = z.object({
  kecamatan: regionCode.optional(),
  desa: regionCode.optional(),
  copy: z.enum(['public', 'internal']).default('internal').describe('public: NIK and No KK always masked'),
});

const diffQuery = listQuery.extend({ change: z.enum(DIFF_CHANGES).default('ADDED') });

type Masker = (value: string | null, desaCode: string) => string | null;

/** A row with NIK and No KK shown or masked for the reader. */
function rowView<T extends DecreeRow>(r: T, mask: Masker): T {
  return { ...r, headNik: mask(r.headNik, r.desaCode), kkNumber: mask(r.kkNumber, r.desaCode) };
}

async function page(deps: ServiceContext, actor: Actor, src: RowSource, q: z.infer<typeof listQuery>) {
  assertFilterInScope(actor, q);
  const mask = identifierMasker(actor);
  const { rows, last } = await selectRows(deps.db, actor, src, q, q.cursor ? decodeCursor(q.cursor) : undefined, q.pageSize);
  return { items: rows.map((r) => rowView(r, mask)), nextCursor: rows.length === q.pageSize && last ? encodeCursor(last) : null };
}

/** Penetapan (SK Bupati) under /api/v1/decrees. */
export async function decreeRoutes(app: App, ctx: AppContext) {
  const deps = serviceContext(ctx);
  const p = '/decrees';
  const draft: RowSource = { kind: 'draft', kabupatenCode: deps.kabupatenCode };

  app.get(
    `${p}/draft`,
    {
      schema: { tags, description: 'Current target households per kecamatan and desa (the reader’s area).', response: { 200: draftView } },
    },
    async (req) => {
      const actor = requireActor(req);
      assertSeesKabupaten(actor, deps.kabupatenCode);
      return { kabupatenCode: deps.kabupatenCode, totals: await regionTotals(ctx.db, actor, draft) };
    },
  );

  app.get(`${p}/draft/households`, { schema: { tags, querystring: listQuery, response: { 200: rowPage } } }, async (req) => {
    const actor = requireActor(req);
    assertSeesKabupaten(actor, deps.kabupatenCode);
    return page(deps, actor, draft, req.query);
  });

  app.get(
    `${p}/preconditions`,
    { schema: { tags, description: 'What is unsettled before finalising (admin kabupaten).', response: { 200: preconditionsView } } },
    async () => {
      const preconditions = await checkPreconditions(ctx.db, deps.kabupatenCode);
      return { ready: preconditions.length === 0, preconditions };
    },
  );

  app.post(
    p,
    {
      schema: {
        tags,
        description:
          'Finalise a decree: immutable snapshot of the current target households. 409 on a used number or unmet preconditions without override.',
        body: finaliseBody,
        response: { 201: decreeView },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const decree = await finaliseDecree(deps, actor, req.body);
      // The decree is committed; its anchor (printed on the lampiran) must not undo it if it fails.
      await takeAnchor(ctx.db, anchorDeps(ctx.config), 'decree').catch((err) => req.log.error({ err }, 'audit anchor failed'));
      return reply.status(201).send(decree);
    },
  );

  app.get(p, { schema: { tags, response: { 200: decreeList } } }, async (req) => listDecrees(deps, requireActor(req)));

  app.get(`${p}/:id`, { schema: { tags, params: idParam, response: { 200: decreeDetail } } }, async (req) => {
    const actor = requireActor(req);
    const decree = await getDecree(deps, actor, req.params.id);
    return { ...decree, totals: await regionTotals(ctx.db, actor, { kind: 'decree', decreeId: decree.id }) };
  });

  app.get(`${p}/:id/households`, { schema: { tags, params: idParam, querystring: listQuery, response: { 200: rowPage } } }, async (req) => {
    const actor = requireActor(req);
    const decree = await getDecree(deps, actor, req.params.id);
    return page(deps, actor, { kind: 'decree', decreeId: decree.id }, req.query);
  });

  app.get(
    `${p}/:id/diff`,
    {
      schema: {
        tags,
        description: 'Households added to / removed from the previous decree, with the reason.',
        params: idParam,
        querystring: diffQuery,
        response: { 200: diffView },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const decree = await getDecree(deps, actor, req.params.id);
      const q = req.query;
      assertFilterInScope(actor, q);
      const mask = identifierMasker(actor);
      const keys = q.cursor ? decodeCursor(q.cursor) : undefined;
      const { items, last } = await diffPage(ctx.db, actor, decree, q.change, q, keys, q.pageSize);
      return {
        previous: decree.previous,
        addedCount: decree.addedCount,
        removedCount: decree.removedCount,
        change: q.change,
        items: items.map((r) => rowView(r, mask)),
        nextCursor: items.length === q.pageSize && last ? encodeCursor(last) : null,
      };
    },
  );

  app.get(
    `${p}/:id/diff.xlsx`,
    { schema: { tags, params: idParam, response: { 200: fileResponse('The changes against the previous decree as XLSX.', XLSX_TYPE) } } },
    async (req, reply) => {
      const actor = requireActor(req);
      await sendDiffXlsx(ctx.db, actor, await getDecree(deps, actor, req.params.id), reply);
      return reply;
    },
  );

  app.get(
    `${p}/:id/lampiran.xlsx`,
    {
      schema: {
        tags,
        description: 'The lampiran as XLSX (streamed).',
        params: idParam,
        querystring: exportQuery,
        response: { 200: fileResponse('The lampiran (audited).', XLSX_TYPE) },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const decree = await getDecree(deps, actor, req.params.id);
      await sendLampiranXlsx(ctx.db, actor, decree, { ...req.query, publicCopy: req.query.copy === 'public' }, reply);
      return reply;
    },
  );

  app.get(
    `${p}/:id/lampiran.pdf`,
    {
      schema: {
        tags,
        description:
          'The lampiran as A4 PDF (kop, kecamatan/desa sections with totals, "Halaman X dari Y", signature), streamed at any size: the whole kabupaten, a kecamatan or a desa.',
        params: idParam,
        querystring: exportQuery,
        response: { 200: fileResponse('The lampiran (audited).', PDF_TYPE) },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const decree = await getDecree(deps, actor, req.params.id);
      if (req.query.desa && req.query.kecamatan && !req.query.desa.startsWith(`${req.query.kecamatan}.`)) {
        throw badRequest('REGION_MISMATCH', 'Desa tidak berada di kecamatan itu', 'The desa is not in that kecamatan');
      }
      await sendLampiranPdf(ctx.db, actor, decree, { ...req.query, publicCopy: req.query.copy === 'public' }, reply);
      return reply;
    },
  );
}
