import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, forbidden } from '../../http/errors.js';
import type { Actor } from '../access/scope.js';
import { recordAudit } from '../audit/service.js';
import { changeTargetStatus, moveHousehold } from '../households/changes.js';
import { settleUndecided } from './completion.js';
import { decisionTargets, meetingProblems, type Target } from './effects.js';
import { canFinalise, finalisedError, type MeetingRow, scopedMeeting, staleError } from './meetings.js';
import { DECIDING_TYPES } from './tables.js';

/**
 * Finalising a meeting: with its evidence complete, in one audited transaction the meeting
 * becomes immutable and its removals and additions take effect on the households' target status.
 */

/**
 * Apply the meeting's decisions to the households through the household door: set-based target
 * status changes with one history row per changed household.
 */
async function applyDecisions(trx: Kysely<DB>, actor: Actor, m: MeetingRow): Promise<Target[]> {
  const targets = await decisionTargets(trx, m);
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
