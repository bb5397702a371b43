import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';

/**
 * Access that follows a penugasan: the official's linked user holds opd_pendamping on
 * exactly the assigned region (the desa, or the kecamatan for a pembina), as user_role
 * rows whose source names the assignment, valid only while the assignment's period runs. Every function runs inside the caller's
 * transaction, so the assignment and its access change together.
 */
export const assignmentSource = (assignmentId: number) => `assignment:${assignmentId}`;

interface AssignedRegion {
  id: number;
  kecamatan_code: string;
  desa_code: string | null;
}

/**
 * Grant the linked user access for the given assignments, valid only on the dates of each
 * assignment's program period (user_role.valid_from/valid_until; the session lookup ignores
 * a grant outside them, so access ends with the period).
 */
export async function grantAssignments(trx: Kysely<DB>, userId: number | null, assignments: AssignedRegion[]): Promise<void> {
  if (userId === null || assignments.length === 0) return;
  await sql`
    insert into user_role (user_id, role, region_code, source, valid_from, valid_until)
    select ${userId}, 'opd_pendamping', coalesce(oa.desa_code, oa.kecamatan_code), 'assignment:' || oa.id, p.start_date, p.end_date
      from official_assignment oa join program_period p on p.id = oa.period_id
     where oa.id in (${sql.join(assignments.map((a) => a.id))})
    on conflict do nothing`.execute(trx);
}

/** Keep the validity of a period's assignment grants equal to the period's (new) dates. */
export async function syncPeriodGrants(trx: Kysely<DB>, periodId: number): Promise<void> {
  await sql`
    update user_role ur set valid_from = p.start_date, valid_until = p.end_date
      from official_assignment oa join program_period p on p.id = oa.period_id
     where oa.period_id = ${periodId} and ur.source = 'assignment:' || oa.id`.execute(trx);
}

export async function revokeAssignments(trx: Kysely<DB>, assignmentIds: number[]): Promise<void> {
  if (assignmentIds.length === 0) return;
  await trx.deleteFrom('user_role').where('source', 'in', assignmentIds.map(assignmentSource)).execute();
}

/** Move the access of an official's active assignments to a newly linked user (or none). */
export async function relinkOfficialGrants(trx: Kysely<DB>, officialId: number, userId: number | null): Promise<void> {
  const active = await trx
    .selectFrom('official_assignment')
    .select(['id', 'kecamatan_code', 'desa_code'])
    .where('official_id', '=', officialId)
    .where('ended_at', 'is', null)
    .execute();
  await revokeAssignments(
    trx,
    active.map((a) => a.id),
  );
  await grantAssignments(trx, userId, active);
}
