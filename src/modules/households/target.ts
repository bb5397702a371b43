import { type RawBuilder, type SqlBool, sql } from 'kysely';

/**
 * The one definition of a target household, used by the decree, bantuan and monitoring:
 * extreme poor (`target_status`) and still in the registry (not ended by a finalised musdes as
 * deceased or a duplicate, `ended_reason`).
 */
export const TARGET_STATUS = 'MISKIN_EKSTREM';

/** Households still in the registry: not ended by a finalised musdes. */
export function notEnded(alias: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${sql.ref(`${alias}.ended_reason`)} is null)`;
}

/** Target households under `alias`: extreme poor and not ended. */
export function isTarget(alias: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${sql.ref(`${alias}.target_status`)} = ${TARGET_STATUS} and ${notEnded(alias)})`;
}
