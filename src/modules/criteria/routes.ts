import { z } from 'zod';
import { type App, type AppContext, requireActor } from '../../http/context.js';
import { CSV_TYPE, fileResponse, XLSX_TYPE } from '../../http/openapi.js';
import { idParam } from '../../http/schemas.js';
import { draftWhatIf, draftWhatIfSchema } from './draft-what-if.js';
import { FIELD_NAMES, HOUSEHOLD_FIELDS } from './fields.js';
import { CLASS_LABELS, validateRuleSet } from './schema.js';
import { adoptCriteria, evaluateHouseholdById, listCriteria, requireCriteria, saveDraft } from './service.js';
import { criteriaList, criteriaStatus, evaluationSchema, fieldsSchema, validationSchema, viewSchema, whatIfSchema } from './views.js';
import { exportWhatIf, whatIf } from './what-if.js';

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
        querystring: z.object({ code: z.string().max(64).optional(), status: criteriaStatus.optional() }),
        response: { 200: criteriaList },
      },
    },
    async (req) => {
      return { items: await listCriteria(db, req.query) };
    },
  );

  /** The household fields a criteria set may use, with their types and codes (for the editor). */
  app.get('/criteria/fields', { schema: { tags, response: { 200: fieldsSchema } } }, async (req) => {
    requireActor(req);
    return {
      labels: [...CLASS_LABELS],
      fields: FIELD_NAMES.map((name) => {
        const def = HOUSEHOLD_FIELDS[name];
        return { name, type: def.type, label: def.label, codes: 'codes' in def ? [...def.codes] : null };
      }),
    };
  });

  app.get('/criteria/:id', { schema: { tags, params: idParam, response: { 200: viewSchema } } }, async (req) => {
    return requireCriteria(db, req.params.id);
  });

  app.post('/criteria/validate', { schema: { tags, body: saveBody, response: { 200: validationSchema } } }, async (req) => {
    const v = validateRuleSet(req.body.definition);
    return v.ok ? { valid: true, problems: [] } : { valid: false, problems: v.problems };
  });

  app.post(
    '/criteria/what-if',
    { schema: { tags, body: z.object({ definition: z.unknown() }), response: { 200: draftWhatIfSchema } } },
    async (req) => draftWhatIf(db, requireActor(req), req.body.definition),
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
      {
        schema: {
          tags,
          params: idParam,
          querystring: againstQuery,
          response: { 200: fileResponse('Households whose class the draft changes', format === 'csv' ? CSV_TYPE : XLSX_TYPE) },
        },
      },
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
