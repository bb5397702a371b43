import type { Schemas } from '../../lib/api/client';

/**
 * A criteria set as the form edits it: the JSON document of the server (criteria/schema.ts),
 * typed loosely enough to hold what the JSON editor may contain.
 */
export type Scalar = number | string | boolean;
export const OPERATORS = ['lt', 'lte', 'gt', 'gte', 'eq', 'in', 'notIn'] as const;
export type Operator = (typeof OPERATORS)[number];
export const OPERATOR_SYMBOLS: Record<Operator, string> = { lt: '<', lte: '≤', gt: '>', gte: '≥', eq: '=', in: '∈', notIn: '∉' };

export interface Comparison {
  field?: string;
  lt?: number;
  lte?: number;
  gt?: number;
  gte?: number;
  eq?: Scalar;
  in?: Scalar[];
  notIn?: Scalar[];
}
export interface Condition extends Comparison {
  all?: Condition[];
  any?: Condition[];
  indicatorsMetAtLeast?: number;
  always?: true;
}
export interface Indicator extends Comparison {
  id: string;
  label: string;
  field: string;
}
export interface Rule {
  label: string;
  when: Condition;
}
export interface RuleSetDoc {
  id: string;
  title: string;
  note?: string;
  reference?: string;
  indicators: Indicator[];
  classify: Rule[];
}

export type FieldInfo = Schemas['CriteriaFields']['fields'][number];

export function operatorOf(c: Comparison): { op: Operator; value: Scalar | Scalar[] } | null {
  const present = OPERATORS.filter((op) => c[op] !== undefined);
  if (present.length !== 1) return null;
  const op = present[0] as Operator;
  return { op, value: c[op] as Scalar | Scalar[] };
}

/** The operators a field's type takes. */
export function operatorsFor(type: string | undefined): Operator[] {
  if (type === 'boolean') return ['eq'];
  if (type === 'enum') return ['in', 'notIn', 'eq'];
  return ['lt', 'lte', 'gt', 'gte', 'eq'];
}

/** A comparison with its operator and value replaced. */
export function withOperator<T extends Comparison>(c: T, op: Operator, value: Scalar | Scalar[]): T {
  const out = { ...c };
  for (const o of OPERATORS) delete out[o];
  return { ...out, [op]: value };
}

/** The value an operator starts with for a field type. */
export function defaultValue(type: string | undefined, op: Operator, codes: readonly string[] | null): Scalar | Scalar[] {
  if (op === 'in' || op === 'notIn') return codes?.[0] ? [codes[0]] : [];
  if (type === 'boolean') return false;
  if (type === 'enum') return codes?.[0] ?? '';
  return 0;
}

/** Parse the editor text as a criteria set the form can show, or null. */
export function parseDoc(text: string): RuleSetDoc | null {
  if (!text.trim()) return null;
  try {
    const v = JSON.parse(text) as RuleSetDoc;
    if (!v || typeof v !== 'object' || !Array.isArray(v.indicators) || !Array.isArray(v.classify)) return null;
    return v;
  } catch {
    return null;
  }
}

export const emptyDoc = (): RuleSetDoc => ({
  id: 'kriteria-kabupaten',
  title: 'Kriteria kemiskinan ekstrem',
  indicators: [{ id: 'desil_1', label: 'Desil kesejahteraan 1', field: 'desil', lte: 1 }],
  classify: [
    { label: 'MISKIN_EKSTREM', when: { indicatorsMetAtLeast: 1 } },
    { label: 'TIDAK_MISKIN', when: { always: true } },
  ],
});

/** A value shown in words: codes as they are, booleans as yes/no. */
export function valueText(v: Scalar | Scalar[], yes: string, no: string): string {
  if (Array.isArray(v)) return v.map((x) => valueText(x, yes, no)).join(', ');
  if (typeof v === 'boolean') return v ? yes : no;
  return typeof v === 'number' ? v.toLocaleString('id-ID') : v;
}
