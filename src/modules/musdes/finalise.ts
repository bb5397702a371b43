import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, forbidden } from '../../http/errors.js';
import type { Actor } from '../access/scope.js';
import { recordAudit } from '../audit/service.js';
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

/** Apply the meeting's decisions to the households: set-based updates and one history row per changed household. */
async function applyDecisions(trx: Kysely<DB>, actor: Actor, m: MeetingRow): Promise<Target[]> {
  const rows = await sql<{
    id: number;
    decision: Decision;
    verval_outcome: string | null;
    target_status: string;
    ended_reason: string | null;
  }>`
    select h.id, d.decision, d.verval_outcome, h.target_status, h.ended_reason
    from musdes_decision d
    join household h on h.id = d.household_id
    where d.meeting_id = ${m.id} and d.decision in ('REMOVE', 'ADD') and h.desa_code = ${m.desa_code}
    order by h.id
    for update of h`.execute(trx);
  const targets: Target[] = rows.rows
    .map((r) => ({
      id: Number(r.id),
      decision: r.decision,
      before: r.target_status,
      effect: decisionEffect(r.decision, { targetStatus: r.target_status, endedReason: r.ended_reason }, r.verval_outcome),
    }))
    .filter((t) => t.effect.targetStatus || t.effect.ended);
  if (targets.length === 0) return targets;
  const groups = new Map<string, number[]>();
  for (const t of targets) {
    const key = `${t.effect.targetStatus ?? ''}|${t.effect.ended ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), t.id]);
  }
  for (const [key, ids] of groups) {
    const [status, ended] = key.split('|');
    await trx
      .updateTable('household')
      .set({
        ...(status ? { target_status: status } : {}),
        ...(ended ? { ended_reason: ended, ended_at: sql`now()` } : {}),
        version: sql`version + 1`,
        updated_at: sql`now()`,
      })
      .where('id', 'in', ids)
      .execute();
  }
  for (let i = 0; i < targets.length; i += 1000) {
    await trx
      .insertInto('household_history')
      .values(
        targets.slice(i, i + 1000).map((t) => ({
          household_id: t.id,
          changed_by: actor.userId,
          changes: JSON.stringify({
            ...(t.effect.targetStatus ? { targetStatus: [t.before, t.effect.targetStatus] } : {}),
            ...(t.effect.ended ? { ended: [null, t.effect.ended] } : {}),
            musdes: { meetingId: m.id, number: m.number, decision: t.decision },
          }),
        })),
      )
      .execute();
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
    };
    await recordAudit(trx, actor, {
      action: 'musdes.finalise',
      entity: 'musdes_meeting',
      entityId: id,
      regionCode: m.desa_code,
      before: { status: m.status, version: m.version },
      after: { status: 'FINALISED', number: m.number, ...effect },
    });
    return { removed: effect.removed.length, added: effect.added.length, ended: effect.ended.length };
  });
}
