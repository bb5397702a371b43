import { z } from 'zod';
import { type App, type AppContext, requireActor } from '../../http/context.js';
import { idParam } from '../../http/schemas.js';
import { FIELD_NAMES, HOUSEHOLD_FIELDS } from './fields.js';
import { CLASS_LABELS, validateRuleSet } from './schema.js';
import { adoptCriteria, evaluateHouseholdById, listCriteria, requireCriteria, saveDraft } from './service.js';
import { exportWhatIf, whatIf } from './what-if.js';

const status = z.enum(['DRAFT', 'ADOPTED', 'ARCHIVED']);
const label = z.enum(CLASS_LABELS);

const summarySchema = z.object({
  id: z.number(),
  code: z.string(),
  version: z.number(),
  title: z.string(),
  status,
  note: z.string().nullable(),
  indicatorCount: z.number(),
  createdBy: z.string().nullable(),
  createdAt: z.date(),
  adoptedBy: z.string().nullable(),
  adoptedAt: z.date().nullable(),
});
const viewSchema = summarySchema.extend({ definition: z.unknown() });
const problemSchema = z.object({ path: z.string(), message: z.string(), messageEn: z.string() });
const counts = z.object({ MISKIN_EKSTREM: z.number(), MISKIN: z.number(), TIDAK_MISKIN: z.number() });
const transition = z.object({ from: label, to: label, count: z.number() });
const areaSchema = z.object({
  code: z.string(),
  name: z.string(),
  households: z.number(),
  changed: z.number(),
  before: counts,
  after: counts,
  transitions: z.array(transition),
});
const refSchema = z.object({ id: z.number(), code: z.string(), version: z.number(), title: z.string(), status: z.string() });
const whatIfSchema = z.object({
  draft: refSchema,
  baseline: refSchema,
  summary: z.object({ households: z.number(), changed: z.number(), before: counts, after: counts, matrix: z.array(transition) }),
  byKecamatan: z.array(areaSchema),
  byDesa: z.array(areaSchema.extend({ kecamatanCode: z.string(), kecamatanName: z.string() })),
  elapsedMs: z.number(),
});
const explained = { explanation: z.string(), explanationEn: z.string() };
const evaluationSchema = z.object({
  household: z.object({ id: z.number(), headName: z.string(), desaCode: z.string(), targetStatus: z.string() }),
  criteria: refSchema,
  evaluation: z.object({
    label,
    metCount: z.number(),
    unknownCount: z.number(),
    indicatorCount: z.number(),
    indicators: z.array(
      z.object({
        id: z.string(),
        label: z.string(),
        field: z.string(),
        value: z.union([z.number(), z.boolean(), z.string()]).nullable(),
        rawValue: z.unknown(),
        met: z.boolean(),
        unknown: z.boolean(),
        ...explained,
      }),
    ),
    matchedRule: z.object({ index: z.number(), label, matched: z.boolean(), ...explained }),
    rules: z.array(z.object({ index: z.number(), label, matched: z.boolean(), ...explained })),
  }),
});
const saveBody = z.object({ definition: z.unknown(), note: z.string().max(2000).optional() });
const againstQuery = z.object({ against: z.coerce.number().int().positive().optional() });

export async function criteriaRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;
  const tags = ['criteria'];

  app.get(
    '/criteria',
    {
      schema: {
        tags,
        querystring: z.object({ code: z.string().max(64).optional(), status: status.optional() }),
        response: { 200: z.object({ items: z.array(summarySchema) }) },
      },
    },
    async (req) => {
      return { items: await listCriteria(db, req.query) };
    },
  );

  /** The household fields a criteria set may use, with their types and codes (for the editor). */
  app.get('/criteria/fields', { schema: { tags } }, async () => {
    return {
      labels: CLASS_LABELS,
      fields: FIELD_NAMES.map((name) => {
        const def = HOUSEHOLD_FIELDS[name];
        return { name, type: def.type, label: def.label, codes: 'codes' in def ? def.codes : null };
      }),
    };
  });

  app.get('/criteria/:id', { schema: { tags, params: idParam, response: { 200: viewSchema } } }, async (req) => {
    return requireCriteria(db, req.params.id);
  });

  app.post(
    '/criteria/validate',
    { schema: { tags, body: saveBody, response: { 200: z.object({ valid: z.boolean(), problems: z.array(problemSchema) }) } } },
    async (req) => {
      const v = validateRuleSet(req.body.definition);
      return v.ok ? { valid: true, problems: [] } : { valid: false, problems: v.problems };
    },
  );

  app.post('/criteria', { schema: { tags, body: saveBody, response: { 201: viewSchema } } }, async (req, reply) => {
    const actor = requireActor(req);
    return reply.status(201).send(await saveDraft(db, req.body, actor));
  });

  app.post('/criteria/:id/adopt', { schema: { tags, params: idParam, response: { 200: viewSchema } } }, async (req) => {
    const actor = requireActor(req);
    return adoptCriteria(db, req.params.id, actor);
  });

  app.get(
    '/criteria/:id/what-if',
    { schema: { tags, params: idParam, querystring: againstQuery, response: { 200: whatIfSchema } } },
    async (req) => {
      const actor = requireActor(req);
      return whatIf(db, actor, req.params.id, req.query.against);
    },
  );

  for (const format of ['csv', 'xlsx'] as const) {
    app.get(
      `/criteria/:id/what-if/households.${format}`,
      { schema: { tags, params: idParam, querystring: againstQuery } },
      async (req, reply) => {
        const actor = requireActor(req);
        await exportWhatIf(db, actor, req.params.id, req.query.against, format, reply);
        return reply;
      },
    );
  }

  app.get(
    '/households/:id/evaluation',
    {
      schema: {
        tags,
        params: idParam,
        querystring: z.object({ criteria: z.coerce.number().int().positive().optional() }),
        response: { 200: evaluationSchema },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return evaluateHouseholdById(db, actor, req.params.id, req.query.criteria);
    },
  );
}
