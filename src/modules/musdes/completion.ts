import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../access/scope.js';
import { recordAudit } from '../audit/service.js';
import { decisionSummary, tabledQuery, writeDecisions } from './decisions.js';
import { decisionTargets, meetingProblems, type Target } from './effects.js';
import { type MeetingRow, scopedMeeting } from './meetings.js';
import { checkAllDecided, type Problem } from './rules.js';
import { DECIDING_TYPES } from './tables.js';

/**
 * Before a musdes is finalised: every tabled household decided (or the rest deferred on
 * purpose), and a preview of what finalising will do to the households' target status.
 */

/** Why a deferred-at-finalisation decision was recorded (shown in the berita acara annex). */
export const DEFER_REST_REASON = 'Belum diputuskan; ditunda saat finalisasi';

async function countTabled(db: Kysely<DB>, m: MeetingRow, undecidedOnly: boolean): Promise<number> {
  const row = await tabledQuery(db, m, undecidedOnly ? { decision: ['NONE'] } : {})
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Inside the finalising transaction (meeting locked): refuse while tabled households are
 * undecided, or, with deferRest, record DEFER for each of them (audited). Returns how many
 * were deferred. Meetings that do not decide (rakor, sosialisasi) pass.
 */
export async function settleUndecided(trx: Kysely<DB>, actor: Actor, m: MeetingRow, deferRest: boolean): Promise<number> {
  if (!DECIDING_TYPES.includes(m.type)) return 0;
  const rows = await tabledQuery(trx, m, { decision: ['NONE'] })
    .select(['h.id', 'v.outcome', 'v.status'])
    .orderBy('h.id')
    .execute();
  checkAllDecided(rows.length, deferRest);
  if (rows.length === 0) return 0;
  await writeDecisions(
    trx,
    actor,
    m,
    rows.map((r) => ({
      householdId: Number(r.id),
      decision: 'DEFER',
      reason: DEFER_REST_REASON,
      vervalOutcome: r.outcome ?? null,
      vervalStatus: r.status ?? null,
    })),
  );
  await recordAudit(trx, actor, {
    action: 'musdes.defer_rest',
    entity: 'musdes_meeting',
    entityId: m.id,
    regionCode: m.desa_code,
    after: { deferred: rows.length, householdIds: rows.map((r) => Number(r.id)) },
  });
  return rows.length;
}

/**
 * What finalising the meeting now would do: households leaving the extreme-poor list, entering
 * it, ended (deceased, duplicate), deferred, and still undecided; read at the meeting's current
 * version, which the client then finalises.
 */
export async function finalisePreview(db: Kysely<DB>, actor: Actor, id: number) {
  const m = await scopedMeeting(db, actor, id);
  const deciding = DECIDING_TYPES.includes(m.type);
  const [decisions, tabled, undecided, problems, effects] = await Promise.all([
    decisionSummary(db, id),
    deciding ? countTabled(db, m, false) : 0,
    deciding ? countTabled(db, m, true) : 0,
    m.status === 'FINALISED' ? ([] as Problem[]) : meetingProblems(db, m),
    deciding ? decisionTargets(db, m) : ([] as Target[]),
  ]);
  const leaving = effects.filter((t) => t.effect.targetStatus === 'MISKIN').length;
  const entering = effects.filter((t) => t.effect.targetStatus === 'MISKIN_EKSTREM').length;
  const ended = effects.filter((t) => t.effect.ended).length;
  const moving = effects.filter((t) => t.effect.moveTo).length;
  return {
    meetingId: Number(m.id),
    version: m.version,
    status: m.status,
    tabled,
    decisions,
    undecided,
    leaving,
    entering,
    ended,
    moving,
    deferred: decisions.DEFER,
    problems,
  };
}
