import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/**
 * Access that follows a penugasan: the official's linked user holds opd_pendamping on
 * exactly the assigned region (the desa, or the kecamatan for a pembina), as user_role
 * rows whose source names the assignment. Every function runs inside the caller's
 * transaction, so the assignment and its access change together.
 */
export const assignmentSource = (assignmentId: number) => `assignment:${assignmentId}`;

interface AssignedRegion {
  id: number;
  kecamatan_code: string;
  desa_code: string | null;
}

export async function grantAssignments(trx: Kysely<DB>, userId: number | null, assignments: AssignedRegion[]): Promise<void> {
  if (userId === null || assignments.length === 0) return;
  await trx
    .insertInto('user_role')
    .values(
      assignments.map((a) => ({
        user_id: userId,
        role: 'opd_pendamping',
        region_code: a.desa_code ?? a.kecamatan_code,
        source: assignmentSource(a.id),
      })),
    )
    .onConflict((oc) => oc.doNothing())
    .execute();
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
