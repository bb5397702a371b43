import { type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import {
  FALSE_TEXTS,
  type FieldDef,
  type FieldName,
  fieldDef,
  HOUSEHOLD_FIELDS,
  NUMERIC_TEXT_SQL,
  readField,
  TRUE_TEXTS,
} from './fields.js';
import { type Comparison, type Condition, operatorOf, type RuleSet } from './schema.js';

/**
 * Compile criteria sets to SQL over the household table, so one query classifies every
 * household (a what-if over 300,000 households is one scan). Every value from a criteria set
 * or the data travels as a bind parameter; only identifiers from the catalogue and fixed SQL
 * fragments are part of the text. The semantics match `evaluateHousehold` exactly: the same
 * reading of raw values, and an unknown value never meets a comparison.
 */

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** The raw text of an enum field (a column, or a string in the indicators jsonb). */
function rawTextSql(def: FieldDef, alias: string): RawBuilder<string | null> {
  const src = def.source;
  if ('column' in src) return sql<string | null>`${sql.ref(`${alias}.${src.column}`)}::text`;
  const ind = sql.ref(`${alias}.indicators`);
  return sql<string | null>`(case when jsonb_typeof(${ind} -> ${src.indicator}) = 'string' then ${ind} ->> ${src.indicator} end)`;
}

/**
 * Number and boolean fields as SQL over household alias `h` (float8 / boolean, null = unknown),
 * read exactly as `readField` does. Enum fields are not computed row by row: see `EnumMappings`.
 */
export function scalarValueSql(def: FieldDef, alias = 'h'): RawBuilder<unknown> {
  const src = def.source;
  const col = 'column' in src ? sql.ref(`${alias}.${src.column}`) : null;
  const json = 'column' in src ? null : sql`${sql.ref(`${alias}.indicators`)} -> ${src.indicator}`;
  const text = 'column' in src ? null : sql`${sql.ref(`${alias}.indicators`)} ->> ${src.indicator}`;
  if (def.type === 'number') {
    if (col) return sql`(${col})::float8`;
    return sql`(case jsonb_typeof(${json})
      when 'number' then (${text})::float8
      when 'string' then case when ${text} ~ ${NUMERIC_TEXT_SQL} then btrim(${text})::float8 end end)`;
  }
  if (def.type === 'boolean') {
    if (col) return sql`(${col})::boolean`;
    const whens = [...TRUE_TEXTS.map((t) => sql`when ${t} then true`), ...FALSE_TEXTS.map((t) => sql`when ${t} then false`)];
    return sql`(case jsonb_typeof(${json})
      when 'boolean' then (${text})::boolean
      when 'string' then case translate(${text}, ${LOWER}, ${UPPER}) ${sql.join(whens, sql` `)} end end)`;
  }
  throw new Error('enum fields are read through EnumMappings');
}

/**
 * For each enum field, the raw texts present in the data that mean a code: `[raw, code]`.
 * Raw texts are few (a form's options and their spellings), so they are read once per query
 * scope and normalised here by `readField` itself; the SQL then only looks codes up (a hash
 * join), which keeps it fast and makes the SQL and JavaScript readings identical by construction.
 */
export type EnumMappings = Partial<Record<FieldName, Array<[raw: string, code: string]>>>;

/** Read the distinct raw texts of the enum fields among `fields` within `where`, in one scan. */
export async function loadEnumMappings(db: Kysely<DB>, fields: FieldName[], where: RawBuilder<SqlBool>): Promise<EnumMappings> {
  const enums = fields.filter((n) => HOUSEHOLD_FIELDS[n].type === 'enum');
  if (enums.length === 0) return {};
  const cols = enums.map((n, i) => sql`${rawTextSql(HOUSEHOLD_FIELDS[n], 'h')} as ${sql.id(`v${i}`)}`);
  const sets = enums.map((_, i) => sql`(${sql.id(`v${i}`)})`);
  const rows = (
    await sql<Record<string, string | null>>`
      select * from (select ${sql.join(cols)} from household h where ${where}) x
      group by grouping sets (${sql.join(sets)})`.execute(db)
  ).rows;
  const out: EnumMappings = {};
  enums.forEach((name, i) => {
    const def = HOUSEHOLD_FIELDS[name];
    const pairs: Array<[string, string]> = [];
    for (const r of rows) {
      const raw = r[`v${i}`];
      if (raw === null || raw === undefined) continue;
      const reading = readField(def, raw);
      if (typeof reading.value === 'string') pairs.push([raw, reading.value]);
    }
    out[name] = pairs;
  });
  return out;
}

const fieldColumn = (name: string) => `f_${name}`;

function comparisonSql(c: Comparison, alias: string): RawBuilder<SqlBool> {
  const found = operatorOf(c);
  if (!found || !c.field || !fieldDef(c.field)) throw new Error('criteria set must be validated before compiling');
  const f = sql.ref(`${alias}.${fieldColumn(c.field)}`);
  const { op, value } = found;
  const list = () => sql.join((value as Array<string | number | boolean>).map((v) => sql`${v}`));
  let cmp: RawBuilder<SqlBool>;
  switch (op) {
    case 'lt':
      cmp = sql`${f} < ${value}`;
      break;
    case 'lte':
      cmp = sql`${f} <= ${value}`;
      break;
    case 'gt':
      cmp = sql`${f} > ${value}`;
      break;
    case 'gte':
      cmp = sql`${f} >= ${value}`;
      break;
    case 'eq':
      cmp = sql`${f} = ${value}`;
      break;
    case 'in':
      cmp = sql`${f} in (${list()})`;
      break;
    case 'notIn':
      cmp = sql`${f} not in (${list()})`;
      break;
  }
  // Unknown (null) never meets a comparison, whatever the operator.
  return sql<SqlBool>`coalesce(${cmp}, false)`;
}

/** How many indicators of `ruleSet` a row of the normalised-fields layer meets. */
export function metCountSql(ruleSet: RuleSet, alias: string): RawBuilder<number> {
  if (ruleSet.indicators.length === 0) return sql<number>`0`;
  return sql<number>`(${sql.join(
    ruleSet.indicators.map((ind) => sql`(${comparisonSql(ind, alias)})::int`),
    sql` + `,
  )})`;
}

function conditionSql(c: Condition, alias: string, metCount: RawBuilder<unknown>): RawBuilder<SqlBool> {
  if (c.always) return sql<SqlBool>`true`;
  if (c.indicatorsMetAtLeast !== undefined) return sql<SqlBool>`(${metCount} >= ${c.indicatorsMetAtLeast})`;
  if (c.all)
    return sql<SqlBool>`(${sql.join(
      c.all.map((p) => conditionSql(p, alias, metCount)),
      sql` and `,
    )})`;
  if (c.any)
    return sql<SqlBool>`(${sql.join(
      c.any.map((p) => conditionSql(p, alias, metCount)),
      sql` or `,
    )})`;
  return comparisonSql(c, alias);
}

/** The class label of `ruleSet` given the normalised fields and the met count column. */
export function classifySql(ruleSet: RuleSet, alias: string, metCount: RawBuilder<unknown>): RawBuilder<string> {
  const whens = ruleSet.classify.map((r) => sql`when ${conditionSql(r.when, alias, metCount)} then ${r.label}::text`);
  return sql<string>`(case ${sql.join(whens, sql` `)} end)`;
}

function collectFields(c: Condition, out: Set<string>) {
  if (c.field) out.add(c.field);
  for (const p of [...(c.all ?? []), ...(c.any ?? [])]) collectFields(p, out);
}

/** The catalogue fields the sets read, in catalogue order. */
export function fieldsUsed(ruleSets: RuleSet[]): FieldName[] {
  const used = new Set<string>();
  for (const rs of ruleSets) {
    for (const ind of rs.indicators) used.add(ind.field);
    for (const r of rs.classify) collectFields(r.when, used);
  }
  return (Object.keys(HOUSEHOLD_FIELDS) as FieldName[]).filter((n) => used.has(n));
}

export interface EvaluationSourceOptions {
  /** Condition on household alias `h` (e.g. the caller's region scope). */
  where: RawBuilder<SqlBool>;
  /** From `loadEnumMappings` with the same fields and a `where` at least as wide. */
  mappings: EnumMappings;
  /** Only households with `from < id <= to` (batches of a long list). */
  idRange?: { from: number; to: number };
}

/**
 * A subquery classifying every household matching `where` by each of `ruleSets`: columns id,
 * source_id, kecamatan_code, desa_code, head_name, desil, and per set i `met_i` and `label_i`.
 * Each layer is fenced with `offset 0` so a field is read once per row however many
 * indicators use it.
 */
export function evaluationSource(ruleSets: RuleSet[], opts: EvaluationSourceOptions): RawBuilder<unknown> {
  const fields = fieldsUsed(ruleSets);
  const joins: RawBuilder<unknown>[] = [];
  const fieldCols = fields.map((n) => {
    const def = HOUSEHOLD_FIELDS[n];
    if (def.type !== 'enum') return sql`${scalarValueSql(def, 'h')} as ${sql.id(fieldColumn(n))}`;
    const pairs = opts.mappings[n];
    if (!pairs) throw new Error(`no value mapping loaded for ${n}`);
    const m = sql.id(`m_${n}`);
    joins.push(
      sql` left join unnest(${pairs.map((p) => p[0])}::text[], ${pairs.map((p) => p[1])}::text[]) as ${m}(raw, code) on ${m}.raw = ${rawTextSql(def, 'h')}`,
    );
    return sql`${m}.code as ${sql.id(fieldColumn(n))}`;
  });
  const base = [sql`h.id`, sql`h.source_id`, sql`h.kecamatan_code`, sql`h.desa_code`, sql`h.head_name`, sql`h.desil`];
  const range = opts.idRange ? sql` and h.id > ${opts.idRange.from} and h.id <= ${opts.idRange.to}` : sql``;
  const layer1 = sql`select ${sql.join([...base, ...fieldCols])} from household h${sql.join(joins, sql``)} where ${opts.where}${range} offset 0`;
  const mets = ruleSets.map((rs, i) => sql`${metCountSql(rs, 'f')} as ${sql.id(`met_${i}`)}`);
  const layer2 = sql`select f.*, ${sql.join(mets)} from (${layer1}) f offset 0`;
  const labels = ruleSets.map((rs, i) => sql`${classifySql(rs, 'm', sql.ref(`m.met_${i}`))} as ${sql.id(`label_${i}`)}`);
  return sql`select m.*, ${sql.join(labels)} from (${layer2}) m offset 0`;
}
