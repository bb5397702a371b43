import { z } from 'zod';
import { CLASS_LABELS } from './schema.js';

/**
 * Response shapes of /api/v1/criteria and the household evaluation, for the OpenAPI document, the
 * serializer and the generated web types; views.test.ts checks them against the services.
 */

export const criteriaStatus = z.enum(['DRAFT', 'ADOPTED', 'ARCHIVED']);
const label = z.enum(CLASS_LABELS);

export const summarySchema = z
  .object({
    id: z.number(),
    code: z.string(),
    version: z.number(),
    title: z.string(),
    status: criteriaStatus,
    note: z.string().nullable(),
    indicatorCount: z.number(),
    createdBy: z.string().nullable(),
    createdAt: z.date(),
    adoptedBy: z.string().nullable(),
    adoptedAt: z.date().nullable(),
  })
  .meta({ id: 'CriteriaSummary' });
export const viewSchema = summarySchema.extend({ definition: z.unknown() }).meta({ id: 'Criteria' });
export const problemSchema = z.object({ path: z.string(), message: z.string(), messageEn: z.string() }).meta({ id: 'CriteriaProblem' });
const counts = z.object({ MISKIN_EKSTREM: z.number(), MISKIN: z.number(), TIDAK_MISKIN: z.number() });
const transition = z.object({ from: label, to: label, count: z.number() });
export const areaSchema = z.object({
  code: z.string(),
  name: z.string(),
  households: z.number(),
  changed: z.number(),
  before: counts,
  after: counts,
  transitions: z.array(transition),
});
export const refSchema = z
  .object({ id: z.number(), code: z.string(), version: z.number(), title: z.string(), status: criteriaStatus })
  .meta({ id: 'CriteriaRef' });
export const whatIfSchema = z
  .object({
    draft: refSchema,
    baseline: refSchema,
    summary: z.object({ households: z.number(), changed: z.number(), before: counts, after: counts, matrix: z.array(transition) }),
    byKecamatan: z.array(areaSchema),
    byDesa: z.array(areaSchema.extend({ kecamatanCode: z.string(), kecamatanName: z.string() })),
    elapsedMs: z.number(),
  })
  .meta({ id: 'CriteriaWhatIf' });
const explained = { explanation: z.string(), explanationEn: z.string() };
export const evaluationSchema = z
  .object({
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
  })
  .meta({ id: 'HouseholdEvaluation' });
export const fieldsSchema = z
  .object({
    labels: z.array(label),
    fields: z.array(
      z.object({
        name: z.string(),
        type: z.string().describe('number, boolean or enum'),
        label: z.object({ id: z.string(), en: z.string() }),
        codes: z.array(z.string()).nullable().describe('The codes of an enum field'),
      }),
    ),
  })
  .meta({ id: 'CriteriaFields' });

export const validationSchema = z.object({ valid: z.boolean(), problems: z.array(problemSchema) }).meta({ id: 'CriteriaValidation' });
export const criteriaList = z.object({ items: z.array(summarySchema) }).meta({ id: 'CriteriaList' });
