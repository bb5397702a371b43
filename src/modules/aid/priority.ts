import { type RawBuilder, type SqlBool, sql } from 'kysely';

/**
 * Priority of a household for aid. Documented weights, summed (0–110):
 *
 * | factor | weight | from |
 * |---|---|---|
 * | no intervention yet (no receipt of any program) | 30 | aid_receipt |
 * | an elderly member, 60 years or older | 20 | member.birth_date (or the head's birth date) |
 * | living alone (one member) | 20 | household.member_count = 1 |
 * | a member with a disability | 20 | member.attributes.disabilitas (YA/true) |
 * | a chronically sick member | 20 | member.attributes.penyakitKronis (YA/true) |
 *
 * P3KE and DTKS files carry no disability or illness column (docs/domain/p3ke-columns.md):
 * field staff record them per member (households module `setMemberConditions`).
 */
export const PRIORITY_WEIGHTS = { noAid: 30, elderly: 20, alone: 20, disabled: 20, sick: 20 } as const;

export type PriorityFactor = keyof typeof PRIORITY_WEIGHTS;
export const PRIORITY_FACTORS = Object.keys(PRIORITY_WEIGHTS) as PriorityFactor[];

export type PriorityFlags = Record<PriorityFactor, boolean>;

/** The score of a household's flags (the same sum the SQL computes). */
export function priorityScore(flags: PriorityFlags): number {
  return PRIORITY_FACTORS.reduce((s, f) => s + (flags[f] ? PRIORITY_WEIGHTS[f] : 0), 0);
}

const TRUTHY = sql`('true', 'ya', '1', 'y')`;

/**
 * The flags of household alias `h` as columns no_aid, elderly, alone, disabled, sick (booleans),
 * for a select list; `memberAlias` names a lateral join over its members (see `priorityJoin`).
 */
export function priorityColumns(h: string, pm: string): RawBuilder<unknown> {
  const hr = (c: string) => sql.ref(`${h}.${c}`);
  const pr = (c: string) => sql.ref(`${pm}.${c}`);
  return sql`
    not exists (select 1 from aid_receipt ar where ar.household_id = ${hr('id')}) as no_aid,
    (coalesce(${pr('elderly')}, false) or coalesce(${hr('head_birth_date')} <= current_date - interval '60 years', false)) as elderly,
    (${hr('member_count')} = 1) as alone,
    coalesce(${pr('disabled')}, false) as disabled,
    coalesce(${pr('sick')}, false) as sick`;
}

/** A lateral join of the member facts the priority needs, under alias `pm`. */
export function priorityJoin(h: string, pm: string): RawBuilder<unknown> {
  return sql`left join lateral (
    select bool_or(m.birth_date <= current_date - interval '60 years') as elderly,
      bool_or(lower(coalesce(m.attributes ->> 'disabilitas', '')) in ${TRUTHY}) as disabled,
      bool_or(lower(coalesce(m.attributes ->> 'penyakitKronis', '')) in ${TRUTHY}) as sick
    from member m where m.household_id = ${sql.ref(`${h}.id`)}) ${sql.id(pm)} on true`;
}

/** The score over the flag columns of `priorityColumns` (under alias x). */
export function scoreSql(x: string): RawBuilder<number> {
  const c = (f: string) => sql.ref(`${x}.${f}`);
  const parts = [
    sql`(case when ${c('no_aid')} then ${sql.lit(PRIORITY_WEIGHTS.noAid)} else 0 end)`,
    sql`(case when ${c('elderly')} then ${sql.lit(PRIORITY_WEIGHTS.elderly)} else 0 end)`,
    sql`(case when ${c('alone')} then ${sql.lit(PRIORITY_WEIGHTS.alone)} else 0 end)`,
    sql`(case when ${c('disabled')} then ${sql.lit(PRIORITY_WEIGHTS.disabled)} else 0 end)`,
    sql`(case when ${c('sick')} then ${sql.lit(PRIORITY_WEIGHTS.sick)} else 0 end)`,
  ];
  return sql<number>`(${sql.join(parts, sql` + `)})`;
}

/** Conditions for the priority filter: every chosen factor must hold. */
export function priorityFilter(x: string, factors: readonly PriorityFactor[]): RawBuilder<SqlBool> {
  const col: Record<PriorityFactor, string> = { noAid: 'no_aid', elderly: 'elderly', alone: 'alone', disabled: 'disabled', sick: 'sick' };
  if (factors.length === 0) return sql<SqlBool>`true`;
  return sql<SqlBool>`(${sql.join(
    factors.map((f) => sql.ref(`${x}.${col[f]}`)),
    sql` and `,
  )})`;
}
