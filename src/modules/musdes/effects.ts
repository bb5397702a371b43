import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { listAttendees, listDocuments } from './evidence.js';
import type { MeetingRow } from './meetings.js';
import { decisionEffect, type Effect, finalisationProblems, type Problem } from './rules.js';
import { requiredRoles } from './settings.js';
import type { Decision } from './tables.js';

/**
 * What finalising a meeting checks and what it would do: read alike by the finalisation itself
 * and by its preview, so that the confirmation a user reads is what then takes effect.
 */

export async function meetingProblems(db: Kysely<DB>, m: MeetingRow): Promise<Problem[]> {
  const [attendees, documents, roles] = await Promise.all([listAttendees(db, m.id), listDocuments(db, m.id), requiredRoles(db)]);
  return finalisationProblems({ status: m.status, number: m.number, attendees, documents, requiredRoles: roles });
}

export interface Target {
  id: number;
  decision: Decision;
  before: string;
  effect: Effect;
}

/** The households whose target status, ending or desa the meeting's decisions change. */
export async function decisionTargets(db: Kysely<DB>, m: MeetingRow): Promise<Target[]> {
  // A move's destination: the approved verval's desa, when it is another desa of the kabupaten.
  const rows = await sql<{
    id: number;
    decision: Decision;
    verval_outcome: string | null;
    target_status: string;
    ended_reason: string | null;
    move_to: string | null;
  }>`
    select h.id, d.decision, d.verval_outcome, h.target_status, h.ended_reason, r.code as move_to
    from musdes_decision d
    join household h on h.id = d.household_id
    left join verval v on v.household_id = h.id and v.period_id = ${m.period_id} and v.status = 'APPROVED' and v.outcome = 'PINDAH'
    left join region r on r.code = v.destination_desa_code and r.level = 4 and r.code <> h.desa_code
      and r.code like h.kabupaten_code || '.%'
    where d.meeting_id = ${m.id} and d.decision in ('REMOVE', 'ADD') and h.desa_code = ${m.desa_code}
    order by h.id`.execute(db);
  return rows.rows
    .map((r) => ({
      id: Number(r.id),
      decision: r.decision,
      before: r.target_status,
      effect: decisionEffect(r.decision, { targetStatus: r.target_status, endedReason: r.ended_reason }, r.verval_outcome, r.move_to),
    }))
    .filter((t) => t.effect.targetStatus || t.effect.ended || t.effect.moveTo);
}
