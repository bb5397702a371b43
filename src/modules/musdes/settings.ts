import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { assertCan } from '../access/policy.js';
import type { Actor } from '../access/scope.js';
import { recordAudit } from '../audit/service.js';
import { DEFAULT_REQUIRED_ROLES } from './rules.js';
import { ATTENDEE_ROLES, type AttendeeRole } from './tables.js';

/** The attendee roles a meeting needs before it may be finalised, configured by the admin kabupaten. */

const KEY = 'musdes.required_roles';

export async function requiredRoles(db: Kysely<DB>): Promise<AttendeeRole[]> {
  const row = await db.selectFrom('app_setting').select('value').where('key', '=', KEY).executeTakeFirst();
  const value = row?.value;
  if (!Array.isArray(value)) return [...DEFAULT_REQUIRED_ROLES];
  return ATTENDEE_ROLES.filter((r) => value.includes(r));
}

export async function setRequiredRoles(db: Kysely<DB>, actor: Actor, roles: readonly AttendeeRole[]): Promise<AttendeeRole[]> {
  assertCan(actor, 'musdes.settings.manage');
  const next = ATTENDEE_ROLES.filter((r) => roles.includes(r));
  await db.transaction().execute(async (trx) => {
    const before = await requiredRoles(trx);
    await trx
      .insertInto('app_setting')
      .values({ key: KEY, value: JSON.stringify(next) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(next), updated_at: sql`now()` }))
      .execute();
    await recordAudit(trx, actor, { action: 'musdes.settings', entity: 'app_setting', entityId: KEY, before, after: next });
  });
  return next;
}
