import { z } from 'zod';
import { FIELD_NAMES, type FieldDef, fieldDef } from './fields.js';
import { describeIssues, type Problem } from './problems.js';

export type { Problem } from './problems.js';

/**
 * The shape of a criteria set (see docs/domain/criteria-example.json) and its validation.
 * Every problem is reported with its path in the document ("classify[0].when.all[1]") and a
 * reason in Indonesian and English; a set with any problem is never stored.
 */

export const CLASS_LABELS = ['MISKIN_EKSTREM', 'MISKIN', 'TIDAK_MISKIN'] as const;
export type ClassLabel = (typeof CLASS_LABELS)[number];

export const OPERATORS = ['lt', 'lte', 'gt', 'gte', 'eq', 'in', 'notIn'] as const;
export type Operator = (typeof OPERATORS)[number];

export const OPERATOR_SYMBOLS: Record<Operator, string> = { lt: '<', lte: '≤', gt: '>', gte: '≥', eq: '=', in: '∈', notIn: '∉' };

type Scalar = number | string | boolean;

export interface Comparison {
  field?: string | undefined;
  lt?: number | undefined;
  lte?: number | undefined;
  gt?: number | undefined;
  gte?: number | undefined;
  eq?: Scalar | undefined;
  in?: Scalar[] | undefined;
  notIn?: Scalar[] | undefined;
}

/** One of: {all}, {any}, {indicatorsMetAtLeast}, {always: true}, or {field, <operator>}. */
export interface Condition extends Comparison {
  all?: Condition[] | undefined;
  any?: Condition[] | undefined;
  indicatorsMetAtLeast?: number | undefined;
  always?: true | undefined;
}

export interface Indicator extends Comparison {
  id: string;
  label: string;
  field: string;
}

export interface ClassifyRule {
  label: ClassLabel;
  when: Condition;
}

export interface RuleSet {
  id: string;
  title: string;
  note?: string | undefined;
  reference?: string | undefined;
  indicators: Indicator[];
  classify: ClassifyRule[];
}

const MAX_DEPTH = 8;

/** The single operator of a comparison, when there is exactly one. */
export function operatorOf(c: Comparison): { op: Operator; value: Scalar | Scalar[] } | null {
  const present = OPERATORS.filter((op) => c[op] !== undefined);
  if (present.length !== 1) return null;
  const op = present[0] as Operator;
  return { op, value: c[op] as Scalar | Scalar[] };
}

type Ctx = z.RefinementCtx;

function issue(ctx: Ctx, path: PropertyKey[], id: string, en: string) {
  ctx.addIssue({ code: 'custom', message: en, path, params: { id } });
}

const listFormat = (values: readonly unknown[]) => values.map((v) => String(v)).join(', ');

/** Does the operator and its value fit the field's type? Reports at `path` (relative). */
function checkComparisonTypes(c: Comparison, ctx: Ctx) {
  if (c.field === undefined) return;
  const def = fieldDef(c.field);
  if (!def) {
    issue(
      ctx,
      ['field'],
      `Kolom '${c.field}' tidak dikenal. Kolom yang tersedia: ${listFormat(FIELD_NAMES)}`,
      `Unknown field '${c.field}'. Available fields: ${listFormat(FIELD_NAMES)}`,
    );
    return;
  }
  const found = operatorOf(c);
  if (!found) return;
  const { op, value } = found;
  const typeLabel = { number: 'angka', boolean: 'ya/tidak (boolean)', enum: 'kode' }[def.type];
  if ((op === 'lt' || op === 'lte' || op === 'gt' || op === 'gte') && def.type !== 'number') {
    issue(
      ctx,
      [op],
      `Operator ${op} hanya untuk kolom angka; '${c.field}' bertipe ${typeLabel}`,
      `Operator ${op} needs a number field; '${c.field}' is ${def.type}`,
    );
    return;
  }
  if ((op === 'in' || op === 'notIn') && def.type === 'boolean') {
    issue(ctx, [op], `Kolom ya/tidak '${c.field}' memakai eq, bukan ${op}`, `Boolean field '${c.field}' takes eq, not ${op}`);
    return;
  }
  const values = Array.isArray(value) ? value : [value];
  values.forEach((v, i) => {
    const path = Array.isArray(value) ? [op, i] : [op];
    checkValue(def, c.field as string, v, path, ctx);
  });
}

function checkValue(def: FieldDef, field: string, v: Scalar, path: PropertyKey[], ctx: Ctx) {
  if (def.type === 'number' && typeof v !== 'number') {
    issue(
      ctx,
      path,
      `Nilai untuk kolom angka '${field}' harus angka, bukan ${JSON.stringify(v)}`,
      `'${field}' is a number field: ${JSON.stringify(v)} is not a number`,
    );
  } else if (def.type === 'boolean' && typeof v !== 'boolean') {
    issue(
      ctx,
      path,
      `Nilai untuk kolom '${field}' harus true atau false, bukan ${JSON.stringify(v)}`,
      `'${field}' takes true or false, not ${JSON.stringify(v)}`,
    );
  } else if (def.type === 'enum') {
    const codes = def.codes ?? [];
    if (typeof v !== 'string' || !codes.includes(v)) {
      issue(
        ctx,
        path,
        `Kode ${JSON.stringify(v)} tidak dikenal untuk '${field}'. Kode yang tersedia: ${listFormat(codes)}`,
        `Unknown code ${JSON.stringify(v)} for '${field}'. Allowed codes: ${listFormat(codes)}`,
      );
    }
  }
}

const comparisonShape = {
  lt: z.number().optional(),
  lte: z.number().optional(),
  gt: z.number().optional(),
  gte: z.number().optional(),
  eq: z.union([z.number(), z.string(), z.boolean()]).optional(),
  in: z
    .array(z.union([z.string(), z.number(), z.boolean()]))
    .min(1)
    .max(200)
    .optional(),
  notIn: z
    .array(z.union([z.string(), z.number(), z.boolean()]))
    .min(1)
    .max(200)
    .optional(),
};

function checkSingleOperator(c: Comparison, ctx: Ctx, what: string, whatEn: string) {
  const present = OPERATORS.filter((op) => c[op] !== undefined);
  if (present.length === 0) {
    issue(ctx, [], `${what} harus punya satu operator: ${OPERATORS.join(', ')}`, `${whatEn} needs one operator: ${OPERATORS.join(', ')}`);
  } else if (present.length > 1) {
    issue(
      ctx,
      [present[1] as string],
      `${what} hanya boleh punya satu operator (ada: ${present.join(', ')})`,
      `${whatEn} may have only one operator (found: ${present.join(', ')})`,
    );
  }
}

const indicatorSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/),
    label: z.string().trim().min(1).max(300),
    field: z.string().min(1).max(100),
    ...comparisonShape,
  })
  .strict()
  .superRefine((ind, ctx) => {
    checkSingleOperator(ind, ctx, 'Indikator', 'An indicator');
    checkComparisonTypes(ind, ctx);
  });

const CONDITION_KINDS = ['all', 'any', 'indicatorsMetAtLeast', 'always', 'field'] as const;

const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z
    .object({
      all: z.array(conditionSchema).min(1).max(50).optional(),
      any: z.array(conditionSchema).min(1).max(50).optional(),
      indicatorsMetAtLeast: z.number().int().min(1).optional(),
      always: z.literal(true).optional(),
      field: z.string().min(1).max(100).optional(),
      ...comparisonShape,
    })
    .strict()
    .superRefine((c, ctx) => {
      const kinds = CONDITION_KINDS.filter((k) => c[k] !== undefined);
      const hasOperator = OPERATORS.some((op) => c[op] !== undefined);
      if (kinds.length === 0) {
        issue(
          ctx,
          [],
          hasOperator
            ? 'Perbandingan harus menyebut kolom (field)'
            : 'Kondisi harus berupa salah satu: all, any, indicatorsMetAtLeast, always, atau field dengan operator',
          hasOperator
            ? 'A comparison needs a field'
            : 'A condition must be one of: all, any, indicatorsMetAtLeast, always, or a field with an operator',
        );
        return;
      }
      if (kinds.length > 1) {
        issue(
          ctx,
          [kinds[1] as string],
          `Satu kondisi hanya boleh satu jenis (ada: ${kinds.join(', ')})`,
          `A condition may be only one kind (found: ${kinds.join(', ')})`,
        );
        return;
      }
      if (kinds[0] === 'field') {
        checkSingleOperator(c, ctx, 'Perbandingan', 'A comparison');
        checkComparisonTypes(c, ctx);
      } else if (hasOperator) {
        const op = OPERATORS.find((o) => c[o] !== undefined) as string;
        issue(ctx, [op], `Operator ${op} hanya dipakai bersama field`, `Operator ${op} is only used with a field`);
      }
    }),
);

const ruleSchema = z.object({ label: z.enum(CLASS_LABELS), when: conditionSchema }).strict();

type Json = unknown;

function isObject(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Checks across the document; written defensively because parts of it may be malformed. */
function checkDocument(doc: Json, ctx: Ctx) {
  if (!isObject(doc)) return;
  const indicators = Array.isArray(doc.indicators) ? doc.indicators : [];
  const seen = new Map<string, number>();
  indicators.forEach((ind, i) => {
    if (!isObject(ind) || typeof ind.id !== 'string') return;
    const first = seen.get(ind.id);
    if (first !== undefined) {
      issue(
        ctx,
        ['indicators', i, 'id'],
        `ID indikator '${ind.id}' sudah dipakai oleh indicators[${first}]`,
        `Indicator id '${ind.id}' is already used by indicators[${first}]`,
      );
    } else seen.set(ind.id, i);
  });
  const count = indicators.length;
  const walk = (cond: Json, path: PropertyKey[], depth: number) => {
    if (!isObject(cond)) return;
    if (depth > MAX_DEPTH) {
      issue(
        ctx,
        path,
        `Kondisi bersarang terlalu dalam (maksimal ${MAX_DEPTH} tingkat)`,
        `Conditions are nested too deeply (at most ${MAX_DEPTH} levels)`,
      );
      return;
    }
    const t = cond.indicatorsMetAtLeast;
    if (typeof t === 'number' && t > count) {
      issue(
        ctx,
        [...path, 'indicatorsMetAtLeast'],
        `Ambang ${t} melebihi jumlah indikator (${count})`,
        `Threshold ${t} is more than the number of indicators (${count})`,
      );
    }
    for (const key of ['all', 'any'] as const) {
      const list = cond[key];
      if (!Array.isArray(list)) continue;
      list.forEach((c, i) => {
        walk(c, [...path, key, i], depth + 1);
      });
    }
  };
  const rules = Array.isArray(doc.classify) ? doc.classify : [];
  rules.forEach((r, i) => {
    if (!isObject(r)) return;
    walk(r.when, ['classify', i, 'when'], 1);
    const isAlways = isObject(r.when) && r.when.always === true;
    if (isAlways && i < rules.length - 1) {
      issue(
        ctx,
        ['classify', i, 'when'],
        'Aturan dengan always harus menjadi aturan terakhir; aturan sesudahnya tidak akan pernah dipakai',
        'A rule with always must be the last one; the rules after it would never apply',
      );
    }
  });
  const last = rules[rules.length - 1];
  if (rules.length > 0 && !(isObject(last) && isObject(last.when) && last.when.always === true)) {
    issue(
      ctx,
      ['classify', rules.length - 1, 'when'],
      'Aturan terakhir harus {"always": true} agar setiap keluarga mendapat kelas',
      'The last rule must be {"always": true} so that every household gets a class',
    );
  }
}

export const ruleSetSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,62}$/),
    title: z.string().trim().min(1).max(200),
    note: z.string().max(4000).optional(),
    reference: z.string().max(300).optional(),
    indicators: z.array(indicatorSchema).max(100),
    classify: z.array(ruleSchema).min(1).max(20),
  })
  .strict()
  .superRefine((doc, ctx) => checkDocument(doc, ctx), { when: () => true });

export type ValidationResult = { ok: true; ruleSet: RuleSet } | { ok: false; problems: Problem[] };

/** Validate a criteria document; every problem once, in document order. */
export function validateRuleSet(input: unknown): ValidationResult {
  const r = ruleSetSchema.safeParse(input);
  if (r.success) return { ok: true, ruleSet: r.data as RuleSet };
  return { ok: false, problems: describeIssues(r.error.issues, input) };
}
