import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, forbidden } from '../../http/errors.js';
import type { Actor } from '../access/scope.js';
import { recordAudit } from '../audit/service.js';
import { changeTargetStatus, moveHousehold } from '../households/changes.js';
import { settleUndecided } from './completion.js';
import { listAttendees, listDocuments } from './evidence.js';
import { canFinalise, finalisedError, type MeetingRow, scopedMeeting, staleError } from './meetings.js';
import { decisionEffect, type Effect, finalisationProblems, type Problem } from './rules.js';
import { requiredRoles } from './settings.js';
import { DECIDING_TYPES, type Decision } from './tables.js';

/**
 * Finalising a meeting: with its evidence complete, in one audited transaction the meeting
 * becomes immutable and its removals and additions take effect on the households' target status.
 */

export async function meetingProblems(db: Kysely<DB>, m: MeetingRow): Promise<Problem[]> {
  const [attendees, documents, roles] = await Promise.all([listAttendees(db, m.id), listDocuments(db, m.id), requiredRoles(db)]);
  return finalisationProblems({ status: m.status, number: m.number, attendees, documents, requiredRoles: roles });
}

interface Target {
  id: number;
  decision: Decision;
  before: string;
  effect: Effect;
}

/**
 * Apply the meeting's decisions to the households through the household door: set-based target
 * status changes with one history row per changed household.
 */
async function applyDecisions(trx: Kysely<DB>, actor: Actor, m: MeetingRow): Promise<Target[]> {
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
    order by h.id`.execute(trx);
  const targets: Target[] = rows.rows
    .map((r) => ({
      id: Number(r.id),
      decision: r.decision,
      before: r.target_status,
      effect: decisionEffect(r.decision, { targetStatus: r.target_status, endedReason: r.ended_reason }, r.verval_outcome, r.move_to),
    }))
    .filter((t) => t.effect.targetStatus || t.effect.ended || t.effect.moveTo);
  const note = (t: Target) => ({ musdes: { meetingId: m.id, number: m.number, decision: t.decision } });
  await changeTargetStatus(
    trx,
    actor,
    targets
      .filter((t) => !t.effect.moveTo)
      .map((t) => ({ householdId: t.id, targetStatus: t.effect.targetStatus, ended: t.effect.ended, note: note(t) })),
    { action: 'household.musdes_apply', regionCode: m.desa_code, source: {} },
  );
  for (const t of targets) {
    if (t.effect.moveTo) await moveHousehold(trx, actor, t.id, t.effect.moveTo, { action: 'household.move', source: note(t) });
  }
  return targets;
}

export async function finaliseMeeting(db: Kysely<DB>, actor: Actor, id: number, baseVersion: number, deferRest = false) {
  return db.transaction().execute(async (trx) => {
    const m = await scopedMeeting(trx, actor, id, true);
    if (!canFinalise(actor, m.desa_code)) throw forbidden();
    if (m.status === 'FINALISED') throw finalisedError();
    if (m.version !== baseVersion) {
      throw staleError(m.version);
    }
    const problems = await meetingProblems(trx, m);
    if (problems.length) {
      throw new AppError(
        400,
        'FINALISE_INCOMPLETE',
        `Musyawarah belum dapat difinalkan: ${problems.map((p) => p.message).join('; ')}`,
        `The meeting cannot be finalised yet: ${problems.map((p) => p.messageEn).join('; ')}`,
        { problems },
      );
    }
    await settleUndecided(trx, actor, m, deferRest);
    const targets = DECIDING_TYPES.includes(m.type) ? await applyDecisions(trx, actor, m) : [];
    await trx
      .updateTable('musdes_meeting')
      .set({
        status: 'FINALISED',
        finalised_by: actor.userId,
        finalised_at: sql`now()`,
        version: sql`version + 1`,
        updated_by: actor.userId,
        updated_at: sql`now()`,
      })
      .where('id', '=', id)
      .execute();
    const effect = {
      removed: targets.filter((t) => t.effect.targetStatus === 'MISKIN').map((t) => t.id),
      added: targets.filter((t) => t.effect.targetStatus === 'MISKIN_EKSTREM').map((t) => t.id),
      ended: targets.filter((t) => t.effect.ended).map((t) => ({ householdId: t.id, reason: t.effect.ended })),
      moved: targets.filter((t) => t.effect.moveTo).map((t) => ({ householdId: t.id, to: t.effect.moveTo })),
    };
    await recordAudit(trx, actor, {
      action: 'musdes.finalise',
      entity: 'musdes_meeting',
      entityId: id,
      regionCode: m.desa_code,
      before: { status: m.status, version: m.version },
      after: { status: 'FINALISED', number: m.number, ...effect },
    });
    return { removed: effect.removed.length, added: effect.added.length, ended: effect.ended.length, moved: effect.moved.length };
  });
}
