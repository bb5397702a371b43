import { z } from 'zod';
import { type App, type AppContext, requireActor } from '../../http/context.js';
import { CSV_TYPE, fileResponse, noContent, XLSX_TYPE } from '../../http/openapi.js';
import { idParam, regionCode } from '../../http/schemas.js';
import { serviceContext } from '../../service-context.js';
import { getBudget, listBudgets, saveBudget, setBudgetHouseholds } from './budget.js';
import { createProgram, listPrograms, updateProgram } from './catalogue.js';
import { exportGapHouseholds, listGapHouseholds } from './gap-list.js';
import { gapAnalysis } from './gaps.js';
import { householdAid } from './household-aid.js';
import { aidImportRoutes } from './import-routes.js';
import { listLokus, setLokusOverride } from './lokus.js';
import { PROPOSAL_ACTIONS } from './machine.js';
import { PRIORITY_FACTORS } from './priority.js';
import { exportProposals } from './proposal-export.js';
import { bulkPropose, createProposal, getProposal, listProposals, moveProposal } from './proposals.js';
import { createReceipt, deleteReceipt, listReceipts, receiptsFromRegistry } from './receipts.js';
import { AID_UNITS, FUNDING_SOURCES, PROPOSAL_STATUSES, RECEIPT_SOURCES } from './tables.js';
import {
  budgetDetail,
  budgetList,
  bulkProposed,
  createdId,
  gapAnalysisView,
  gapHouseholdPage,
  householdAidView,
  lokusList,
  ok,
  programList,
  programView,
  proposalDetail,
  proposalPage,
  receiptPage,
  registryReceipts,
} from './views.js';

const tags = ['bantuan'];
const programCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_]{2,30}$/, 'Kode program: huruf, angka, garis bawah');
const year = z.coerce.number().int().min(2000).max(2100);
const month = z.coerce.number().int().min(1).max(12);
const amount = z.number().nonnegative().max(1e13);
const limit = z.coerce.number().int().min(1).max(200).default(50);
const region = { kecamatan: regionCode.optional(), desa: regionCode.optional() };
const csvList = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .optional()
    .transform((s) => (s ? s.split(',').filter(Boolean) : undefined))
    .pipe(z.array(z.enum(values)).optional());
const format = z.object({ format: z.enum(['csv', 'xlsx']).default('xlsx') });
const listFile = (description: string) => ({ 200: fileResponse(description, XLSX_TYPE, CSV_TYPE) });

const gapListQuery = z.object({
  ...region,
  program: programCode.optional().describe('Households without this program; default: without any aid'),
  priority: csvList(PRIORITY_FACTORS as unknown as readonly [string, ...string[]]).describe(
    'Comma-separated: noAid,elderly,alone,disabled,sick',
  ),
});

type GapListQuery = z.infer<typeof gapListQuery>;
const gapFilter = (q: GapListQuery) => ({
  kecamatan: q.kecamatan,
  desa: q.desa,
  program: q.program,
  priority: q.priority as (typeof PRIORITY_FACTORS)[number][] | undefined,
});

const proposalQuery = z.object({
  ...region,
  status: csvList(PROPOSAL_STATUSES),
  program: programCode.optional(),
  householdId: z.coerce.number().int().positive().optional(),
});

/** Bantuan (aid) under /api/v1/aid. */
export async function aidRoutes(app: App, ctx: AppContext) {
  const deps = serviceContext(ctx);
  const db = ctx.db;
  const p = '/aid';
  await aidImportRoutes(app, ctx);

  app.get(
    `${p}/programs`,
    { schema: { tags, description: 'The aid catalogue: national programs and local ones.', response: { 200: programList } } },
    async (req) => {
      requireActor(req);
      return listPrograms(deps);
    },
  );

  app.post(
    `${p}/programs`,
    {
      schema: {
        tags,
        description: 'Admin/Dinsos: add a local program.',
        body: z.object({
          code: programCode,
          name: z.string().trim().min(2).max(200),
          unit: z.enum(AID_UNITS),
          fundingSource: z.enum(FUNDING_SOURCES),
          agency: z.string().trim().min(2).max(200),
          eligibilityNotes: z.string().max(2000).optional(),
        }),
        response: { 201: programView },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      return reply.status(201).send(await createProgram(deps, actor, req.body));
    },
  );

  app.patch(
    `${p}/programs/:id`,
    {
      schema: {
        tags,
        params: idParam,
        body: z.object({
          name: z.string().trim().min(2).max(200).optional(),
          agency: z.string().trim().min(2).max(200).optional(),
          eligibilityNotes: z.string().max(2000).nullable().optional(),
          active: z.boolean().optional(),
        }),
        response: { 200: programView },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return updateProgram(deps, actor, req.params.id, req.body);
    },
  );

  app.get(
    `${p}/receipts`,
    {
      schema: {
        tags,
        description: 'Receipts in scope, newest first (keyset: pass nextBefore as before).',
        querystring: z.object({
          ...region,
          householdId: z.coerce.number().int().positive().optional(),
          program: programCode.optional(),
          year: year.optional(),
          source: z.enum(RECEIPT_SOURCES).optional(),
          before: z.coerce.number().int().positive().optional(),
          limit,
        }),
        response: { 200: receiptPage },
      },
    },
    async (req) => listReceipts(deps, requireActor(req), req.query),
  );

  app.post(
    `${p}/receipts`,
    {
      schema: {
        tags,
        description: 'Enter a receipt by hand (operator desa/kecamatan, Dinsos, admin).',
        body: z.object({
          householdId: z.number().int().positive(),
          memberId: z.number().int().positive().nullable().optional(),
          programCode,
          periodYear: year,
          periodMonth: month.nullable().optional(),
          amount: amount.nullable().optional(),
          fundingSource: z.enum(FUNDING_SOURCES).optional(),
          note: z.string().max(1000).optional(),
        }),
        response: { 201: createdId },
      },
    },
    async (req, reply) => reply.status(201).send(await createReceipt(db, requireActor(req), req.body)),
  );

  app.delete(`${p}/receipts/:id`, { schema: { tags, params: idParam, response: { 204: noContent } } }, async (req, reply) => {
    await deleteReceipt(db, requireActor(req), req.params.id);
    return reply.status(204).send();
  });

  app.post(
    `${p}/receipts/from-registry`,
    {
      schema: {
        tags,
        description: '“Ambil dari data P3KE”: receipts from the registry aid flags; idempotent.',
        response: { 200: registryReceipts },
      },
    },
    async (req) => receiptsFromRegistry(deps, requireActor(req)),
  );

  app.get(
    `${p}/gaps`,
    {
      schema: {
        tags,
        description: 'Gap analysis per kecamatan or desa: exclusion, coverage per program and funding source, inclusion candidates.',
        querystring: z.object({ level: z.enum(['kecamatan', 'desa']).default('kecamatan'), ...region, year: year.optional() }),
        response: { 200: gapAnalysisView },
      },
    },
    async (req) => gapAnalysis(deps, requireActor(req), req.query),
  );

  app.get(
    `${p}/gaps/households`,
    {
      schema: {
        tags,
        description: 'Target households without aid (or without a program), highest priority first; keyset via `after`.',
        querystring: gapListQuery.extend({ after: z.string().max(40).optional(), limit }),
        response: { 200: gapHouseholdPage },
      },
    },
    async (req) => listGapHouseholds(deps, requireActor(req), gapFilter(req.query), { after: req.query.after, limit: req.query.limit }),
  );

  app.get(
    `${p}/gaps/households/export`,
    { schema: { tags, querystring: gapListQuery.merge(format), response: listFile('The gap list as XLSX or CSV (audited).') } },
    async (req, reply) => {
      await exportGapHouseholds(deps, requireActor(req), gapFilter(req.query), req.query.format, reply);
      return reply;
    },
  );

  app.get(
    `${p}/households/:id`,
    {
      schema: {
        tags,
        description: 'A household’s aid: programs received, priority and suggested programs.',
        params: idParam,
        response: { 200: householdAidView },
      },
    },
    async (req) => householdAid(db, requireActor(req), req.params.id),
  );

  app.get(
    `${p}/proposals`,
    {
      schema: {
        tags,
        querystring: proposalQuery.extend({ before: z.coerce.number().int().positive().optional(), limit }),
        response: { 200: proposalPage },
      },
    },
    async (req) => listProposals(deps, requireActor(req), req.query),
  );

  app.get(
    `${p}/proposals/export`,
    {
      schema: {
        tags,
        description: 'Recipient list for an agency (XLSX/CSV).',
        querystring: proposalQuery.merge(format),
        response: listFile('The recipient list (audited).'),
      },
    },
    async (req, reply) => {
      await exportProposals(deps, requireActor(req), req.query, req.query.format, reply);
      return reply;
    },
  );

  app.post(
    `${p}/proposals`,
    {
      schema: {
        tags,
        body: z.object({
          householdId: z.number().int().positive(),
          memberId: z.number().int().positive().nullable().optional(),
          programCode,
          amount: amount.nullable().optional(),
          reason: z.string().max(1000).optional(),
        }),
        response: { 201: proposalDetail },
      },
    },
    async (req, reply) => reply.status(201).send(await createProposal(db, requireActor(req), req.body)),
  );

  app.post(
    `${p}/proposals/bulk`,
    {
      schema: {
        tags,
        description: 'Propose every household of a gap-list filter for a household program; open duplicates are skipped and counted.',
        body: z.object({
          filter: z.object({
            ...region,
            program: programCode.optional(),
            priority: z.array(z.enum(PRIORITY_FACTORS as unknown as readonly [string, ...string[]])).optional(),
          }),
          programCode,
          amount: amount.nullable().optional(),
          reason: z.string().max(1000).optional(),
        }),
        response: { 200: bulkProposed },
      },
    },
    async (req) => {
      const body = req.body;
      return bulkPropose(deps, requireActor(req), { ...body, filter: gapFilter({ ...body.filter, priority: body.filter.priority }) });
    },
  );

  app.get(`${p}/proposals/:id`, { schema: { tags, params: idParam, response: { 200: proposalDetail } } }, async (req) =>
    getProposal(db, requireActor(req), req.params.id),
  );

  app.post(
    `${p}/proposals/:id/transition`,
    {
      schema: {
        tags,
        description: 'verify (operator kecamatan/Dinsos), approve and distribute (Dinsos/admin), reject with a reason.',
        params: idParam,
        body: z.object({
          action: z.enum(PROPOSAL_ACTIONS),
          version: z.number().int().positive(),
          amount: amount.nullable().optional(),
          note: z.string().max(1000).optional(),
          periodYear: year.optional(),
          periodMonth: month.nullable().optional(),
        }),
        response: { 200: proposalDetail },
      },
    },
    async (req) => moveProposal(db, requireActor(req), req.params.id, req.body),
  );

  app.get(
    `${p}/lokus`,
    {
      schema: {
        tags,
        description: 'Desa ranked by target households without aid (count × share); the top ones and pinned ones are lokus.',
        querystring: z.object({ kecamatan: regionCode.optional(), top: z.coerce.number().int().min(0).max(1000).default(10) }),
        response: { 200: lokusList },
      },
    },
    async (req) => listLokus(deps, requireActor(req), req.query),
  );

  app.put(
    `${p}/lokus/:desaCode`,
    {
      schema: {
        tags,
        description: 'Admin: pin a desa in (true) or out (false) of the lokus with a reason, or clear (null).',
        params: z.object({ desaCode: regionCode }),
        body: z.object({ pinned: z.boolean().nullable(), reason: z.string().max(1000).optional() }),
        response: { 200: ok },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      await setLokusOverride(deps, actor, req.params.desaCode, req.body);
      return { ok: true as const };
    },
  );

  app.get(
    `${p}/budgets`,
    { schema: { tags, querystring: z.object({ ...region, year: year.optional() }), response: { 200: budgetList } } },
    async (req) => listBudgets(deps, requireActor(req), req.query),
  );

  app.post(
    `${p}/budgets`,
    {
      schema: {
        tags,
        description: 'Record (or update) the APBDes allocation of a desa for a year and program (default BLT_DD).',
        body: z.object({
          desaCode: regionCode,
          year,
          programCode: programCode.optional(),
          allocation: amount,
          note: z.string().max(1000).optional(),
        }),
        response: { 200: budgetDetail },
      },
    },
    async (req) => saveBudget(deps, requireActor(req), req.body),
  );

  app.get(`${p}/budgets/:id`, { schema: { tags, params: idParam, response: { 200: budgetDetail } } }, async (req) =>
    getBudget(db, requireActor(req), req.params.id),
  );

  app.put(
    `${p}/budgets/:id/households`,
    {
      schema: {
        tags,
        params: idParam,
        body: z.object({ householdIds: z.array(z.number().int().positive()).max(10000), version: z.number().int().positive() }),
        response: { 200: budgetDetail },
      },
    },
    async (req) => setBudgetHouseholds(db, requireActor(req), req.params.id, req.body.householdIds, req.body.version),
  );
}
