import { type FieldReading, type FieldValue, fieldDef, readField } from './fields.js';
import { type ClassLabel, type Comparison, type Condition, OPERATOR_SYMBOLS, operatorOf, type RuleSet } from './schema.js';

/**
 * Evaluate one household against a validated criteria set, explaining every step. A field that
 * is missing or not recognised makes its indicator or comparison "tidak diketahui" (unknown),
 * which counts as not met — exactly what the SQL compiler does for the what-if.
 */

export interface IndicatorResult {
  id: string;
  label: string;
  field: string;
  /** The value in the catalogue's terms (a code, number or boolean), null when unknown. */
  value: FieldValue | null;
  /** The value as stored on the household. */
  rawValue: unknown;
  met: boolean;
  unknown: boolean;
  explanation: string;
  explanationEn: string;
}

export interface RuleResult {
  index: number;
  label: ClassLabel;
  matched: boolean;
  explanation: string;
  explanationEn: string;
}

export interface Evaluation {
  label: ClassLabel;
  metCount: number;
  unknownCount: number;
  indicatorCount: number;
  indicators: IndicatorResult[];
  matchedRule: RuleResult;
  /** The rules tried in order, up to and including the one that matched. */
  rules: RuleResult[];
}

const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

function compare(c: Comparison, value: FieldValue): boolean {
  const found = operatorOf(c);
  if (!found) return false;
  const { op, value: target } = found;
  switch (op) {
    case 'lt':
      return typeof value === 'number' && value < (target as number);
    case 'lte':
      return typeof value === 'number' && value <= (target as number);
    case 'gt':
      return typeof value === 'number' && value > (target as number);
    case 'gte':
      return typeof value === 'number' && value >= (target as number);
    case 'eq':
      return value === target;
    case 'in':
      return (target as FieldValue[]).includes(value);
    case 'notIn':
      return !(target as FieldValue[]).includes(value);
  }
}

function requirement(c: Comparison): string {
  const found = operatorOf(c);
  if (!found) return '';
  const v = Array.isArray(found.value) ? `{${found.value.map(show).join(', ')}}` : show(found.value);
  return `${OPERATOR_SYMBOLS[found.op]} ${v}`;
}

interface Check {
  reading: FieldReading;
  met: boolean;
  id: string;
  en: string;
}

/** One comparison on one field, with its explanation. */
function check(c: Comparison, fields: Record<string, unknown>): Check {
  const field = c.field ?? '';
  const def = fieldDef(field);
  const label = def?.label ?? { id: field, en: field };
  const reading: FieldReading = def ? readField(def, fields[field]) : { value: null, raw: null, reason: 'missing' };
  const req = requirement(c);
  if (reading.value === null) {
    const why =
      'reason' in reading && reading.reason === 'unrecognised'
        ? { id: `nilai ${show(reading.raw)} tidak dikenali`, en: `value ${show(reading.raw)} not recognised` }
        : { id: 'data kosong', en: 'no data' };
    return {
      reading,
      met: false,
      id: `${label.id} tidak diketahui (${why.id}); dihitung tidak terpenuhi (syarat ${req})`,
      en: `${label.en} unknown (${why.en}); counted as not met (requires ${req})`,
    };
  }
  const met = compare(c, reading.value);
  return {
    reading,
    met,
    id: `${label.id} = ${show(reading.value)} (syarat ${req}: ${met ? 'ya' : 'tidak'})`,
    en: `${label.en} = ${show(reading.value)} (requires ${req}: ${met ? 'yes' : 'no'})`,
  };
}

interface CondResult {
  result: boolean;
  id: string;
  en: string;
}

function condition(c: Condition, fields: Record<string, unknown>, metCount: number, total: number): CondResult {
  if (c.always) return { result: true, id: 'selalu berlaku', en: 'always applies' };
  if (c.indicatorsMetAtLeast !== undefined) {
    const result = metCount >= c.indicatorsMetAtLeast;
    return {
      result,
      id: `${metCount} dari ${total} indikator terpenuhi (syarat ≥ ${c.indicatorsMetAtLeast}: ${result ? 'ya' : 'tidak'})`,
      en: `${metCount} of ${total} indicators met (requires ≥ ${c.indicatorsMetAtLeast}: ${result ? 'yes' : 'no'})`,
    };
  }
  if (c.all || c.any) {
    const parts = (c.all ?? c.any ?? []).map((p) => condition(p, fields, metCount, total));
    const result = c.all ? parts.every((p) => p.result) : parts.some((p) => p.result);
    const [joinId, joinEn] = c.all ? [' dan ', ' and '] : [' atau ', ' or '];
    return {
      result,
      id: `(${parts.map((p) => p.id).join(joinId)})`,
      en: `(${parts.map((p) => p.en).join(joinEn)})`,
    };
  }
  const ch = check(c, fields);
  return { result: ch.met, id: ch.id, en: ch.en };
}

const LABEL_TEXT: Record<ClassLabel, { id: string; en: string }> = {
  MISKIN_EKSTREM: { id: 'miskin ekstrem', en: 'extreme poor' },
  MISKIN: { id: 'miskin', en: 'poor' },
  TIDAK_MISKIN: { id: 'tidak miskin', en: 'not poor' },
};

/** Evaluate `ruleSet` (already validated) on a household's raw field values (see `householdFieldValues`). */
export function evaluateHousehold(ruleSet: RuleSet, fields: Record<string, unknown>): Evaluation {
  const indicators: IndicatorResult[] = ruleSet.indicators.map((ind) => {
    const ch = check(ind, fields);
    const unknown = ch.reading.value === null;
    const status = unknown
      ? { id: 'Tidak diketahui', en: 'Unknown' }
      : ch.met
        ? { id: 'Terpenuhi', en: 'Met' }
        : { id: 'Tidak terpenuhi', en: 'Not met' };
    return {
      id: ind.id,
      label: ind.label,
      field: ind.field,
      value: ch.reading.value,
      rawValue: ch.reading.raw ?? null,
      met: ch.met,
      unknown,
      explanation: `${status.id}: ${ch.id}`,
      explanationEn: `${status.en}: ${ch.en}`,
    };
  });
  const metCount = indicators.filter((i) => i.met).length;
  const total = indicators.length;
  const rules: RuleResult[] = [];
  for (const [index, rule] of ruleSet.classify.entries()) {
    const r = condition(rule.when, fields, metCount, total);
    const text = LABEL_TEXT[rule.label];
    rules.push({
      index,
      label: rule.label,
      matched: r.result,
      explanation: `Aturan ${index + 1} (${text.id}): ${r.id} → ${r.result ? 'berlaku' : 'tidak berlaku'}`,
      explanationEn: `Rule ${index + 1} (${text.en}): ${r.en} → ${r.result ? 'applies' : 'does not apply'}`,
    });
    if (r.result) break;
  }
  const matchedRule = rules[rules.length - 1];
  // A validated set ends with {always: true}, so some rule always matches.
  if (!matchedRule?.matched) throw new Error('criteria set has no matching rule; validate it before evaluating');
  return {
    label: matchedRule.label,
    metCount,
    unknownCount: indicators.filter((i) => i.unknown).length,
    indicatorCount: total,
    indicators,
    matchedRule,
    rules,
  };
}
