import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { badRequest, conflict } from '../../http/errors.js';
import { identifierMasker } from '../access/privacy.js';
import { type Actor, scopeColumns } from '../access/scope.js';
import { recordAudit } from '../audit/service.js';
import { editableMeeting, type MeetingRow, scopedMeeting, touchMeeting } from './meetings.js';
import { checkDecision, suggestDecision } from './rules.js';
import { DECISIONS, type Decision } from './tables.js';

/**
 * The decisions of a meeting: the verval results of its desa are tabled (every household of the
 * desa with its verval record for the meeting's period), and the meeting decides per household,
 * one by one or for a filtered group at once with individual exceptions.
 */

/** Most households a desa list returns; a desa has far fewer. */
export const TABLED_LIMIT = 5000;

export interface TabledFilter {
  /** Verval outcomes; 'NONE' = no verval outcome recorded. */
  outcome?: string[] | undefined;
  targetStatus?: string[] | undefined;
  /** Current decisions; 'NONE' = not decided yet. */
  decision?: string[] | undefined;
  /** Part of the head's name. */
  q?: string | undefined;
}

/**
 * The households a meeting tables, with their verval record of the meeting's period. A verval
 * returned to the field (RETURNED) is not tabled: its outcome is not a result yet, so the
 * household is tabled as not verified until it is submitted again.
 */
export function tabledQuery(db: Kysely<DB>, m: Pick<MeetingRow, 'id' | 'period_id' | 'desa_code'>, f: TabledFilter) {
  let q = db
    .selectFrom('household as h')
    .leftJoin('verval as v', (j) =>
      j.onRef('v.household_id', '=', 'h.id').on('v.period_id', '=', m.period_id).on('v.status', '<>', 'RETURNED'),
    )
    .leftJoin('musdes_decision as d', (j) => j.onRef('d.household_id', '=', 'h.id').on('d.meeting_id', '=', m.id))
    // The desa's households, and those this meeting decided on that have moved away since (ADR 0013).
    .where((eb) => eb.or([eb('h.desa_code', '=', m.desa_code), eb('d.household_id', 'is not', null)]))
    // A household ended by an earlier musdes is not tabled again (unless this meeting decided it).
    .where((eb) => eb.or([eb('h.ended_reason', 'is', null), eb('d.household_id', 'is not', null)]));
  const withNone = (col: 'v.outcome' | 'd.decision', values: string[]) => {
    const named = values.filter((v) => v !== 'NONE');
    return sql<boolean>`(${named.length ? sql`${sql.ref(col)} in (${sql.join(named)})` : sql`false`}${
      values.includes('NONE') ? sql` or ${sql.ref(col)} is null` : sql``
    })`;
  };
  if (f.outcome?.length) q = q.where(withNone('v.outcome', f.outcome));
  if (f.decision?.length) q = q.where(withNone('d.decision', f.decision));
  if (f.targetStatus?.length) q = q.where('h.target_status', 'in', f.targetStatus);
  if (f.q?.trim())
    q = q.where(
      sql<boolean>`lower(h.head_name) like ${`%${f.q
        .trim()
        .toLowerCase()
        .replace(/[\\%_]/g, '\\$&')}%`}`,
    );
  return q;
}

/** The desa a tabled household arrived from: its PINDAH here was decided by that desa's musdes. */
const arrivedFrom = sql<string | null>`case when v.outcome = 'PINDAH' and v.destination_desa_code = h.desa_code
  and v.desa_code <> h.desa_code then v.desa_code end`;

export async function tabledResults(db: Kysely<DB>, actor: Actor, meetingId: number, f: TabledFilter) {
  const m = await scopedMeeting(db, actor, meetingId);
  const rows = await tabledQuery(db, m, f)
    .select([
      'h.id',
      'h.head_name',
      'h.kk_number',
      'h.address',
      'h.desil',
      'h.target_status',
      'h.ended_reason',
      'v.status as verval_status',
      'v.outcome',
      'v.outcome_reason',
      'd.decision',
      'd.reason',
      'd.verval_outcome',
      arrivedFrom.as('arrived_from'),
    ])
    .orderBy('h.head_name')
    .orderBy('h.id')
    .limit(TABLED_LIMIT + 1)
    .execute();
  const mask = identifierMasker(actor);
  const items = rows.slice(0, TABLED_LIMIT).map((r) => ({
    householdId: Number(r.id),
    headName: r.head_name,
    kkNumber: mask(r.kk_number, m.desa_code),
    address: r.address,
    desil: r.desil,
    targetStatus: r.target_status,
    endedReason: r.ended_reason,
    arrivedFrom: r.arrived_from,
    verval: r.verval_status ? { status: r.verval_status, outcome: r.outcome, reason: r.outcome_reason } : null,
    suggestion: suggestDecision(r.outcome, r.arrived_from !== null),
    decision: r.decision ? { decision: r.decision, reason: r.reason, vervalOutcome: r.verval_outcome } : null,
  }));
  return { items, truncated: rows.length > TABLED_LIMIT };
}

export async function decisionSummary(db: Kysely<DB>, meetingId: number): Promise<Record<Decision, number>> {
  const rows = await db
    .selectFrom('musdes_decision')
    .select(['decision', sql<number>`count(*)::int`.as('n')])
    .where('meeting_id', '=', meetingId)
    .groupBy('decision')
    .execute();
  const out = Object.fromEntries(DECISIONS.map((d) => [d, 0])) as Record<Decision, number>;
  for (const r of rows) out[r.decision] = Number(r.n);
  return out;
}

export interface Decided {
  householdId: number;
  decision: Decision;
  reason: string | null;
  vervalOutcome: string | null;
  vervalStatus: string | null;
}

/** Upsert decisions in multi-row statements. */
export async function writeDecisions(trx: Kysely<DB>, actor: Actor, m: MeetingRow, decided: Decided[]) {
  const scope = scopeColumns(m.desa_code);
  for (let i = 0; i < decided.length; i += 1000) {
    const chunk = decided.slice(i, i + 1000);
    await trx
      .insertInto('musdes_decision')
      .values(
        chunk.map((d) => ({
          meeting_id: m.id,
          household_id: d.householdId,
          ...scope,
          decision: d.decision,
          reason: d.reason,
          verval_outcome: d.vervalOutcome,
          verval_status: d.vervalStatus,
          decided_by: actor.userId,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['meeting_id', 'household_id']).doUpdateSet((eb) => ({
          decision: eb.ref('excluded.decision'),
          reason: eb.ref('excluded.reason'),
          verval_outcome: eb.ref('excluded.verval_outcome'),
          verval_status: eb.ref('excluded.verval_status'),
          decided_by: eb.ref('excluded.decided_by'),
          decided_at: sql`now()`,
        })),
      )
      .execute();
  }
}

export interface DecisionInput {
  householdId: number;
  decision: Decision;
  reason?: string | null | undefined;
}

/** Individual decisions. Every household must belong to the meeting's desa, or nothing is changed. */
export async function setDecisions(db: Kysely<DB>, actor: Actor, meetingId: number, items: DecisionInput[]) {
  return db.transaction().execute(async (trx) => {
    const m = await editableMeeting(trx, actor, meetingId);
    for (const it of items) checkDecision(m.type, it.decision, it.reason);
    const ids = [...new Set(items.map((i) => i.householdId))];
    if (ids.length !== items.length) {
      throw badRequest('DUPLICATE_HOUSEHOLD', 'Satu keluarga diputuskan lebih dari sekali', 'A household appears more than once');
    }
    const found = await trx
      .selectFrom('household as h')
      .leftJoin('verval as v', (j) =>
        j.onRef('v.household_id', '=', 'h.id').on('v.period_id', '=', m.period_id).on('v.status', '<>', 'RETURNED'),
      )
      .select(['h.id', 'v.outcome', 'v.status'])
      .where('h.id', 'in', ids)
      .where('h.desa_code', '=', m.desa_code)
      .execute();
    const byId = new Map(found.map((r) => [Number(r.id), r]));
    const foreign = ids.filter((id) => !byId.has(id));
    if (foreign.length) {
      throw badRequest(
        'HOUSEHOLD_OTHER_DESA',
        'Keluarga berikut bukan warga desa musyawarah ini; tidak ada yang diubah',
        'These households do not belong to this meeting’s desa; nothing was changed',
        { householdIds: foreign },
      );
    }
    const decided = items.map((it) => {
      const v = byId.get(it.householdId);
      return {
        householdId: it.householdId,
        decision: it.decision,
        reason: it.reason?.trim() || null,
        vervalOutcome: v?.outcome ?? null,
        vervalStatus: v?.status ?? null,
      };
    });
    await writeDecisions(trx, actor, m, decided);
    await touchMeeting(trx, actor, meetingId);
    await recordAudit(trx, actor, {
      action: 'musdes.decide',
      entity: 'musdes_meeting',
      entityId: meetingId,
      regionCode: m.desa_code,
      after: decided.map((d) => ({ householdId: d.householdId, decision: d.decision, reason: d.reason })),
    });
    return { updated: decided.length };
  });
}

export interface BulkInput {
  filter: TabledFilter;
  /** A decision for the whole group, or SUGGESTED: each household gets the decision its verval outcome suggests. */
  decision: Decision | 'SUGGESTED';
  reason?: string | null | undefined;
  exceptHouseholdIds?: number[] | undefined;
}

/** One decision for a filtered group of the desa's households, leaving out the exceptions. */
export async function bulkDecide(db: Kysely<DB>, actor: Actor, meetingId: number, input: BulkInput) {
  return db.transaction().execute(async (trx) => {
    const m = await editableMeeting(trx, actor, meetingId);
    const except = new Set(input.exceptHouseholdIds ?? []);
    const rows = await tabledQuery(trx, m, input.filter)
      .where('h.desa_code', '=', m.desa_code)
      .select(['h.id', 'v.outcome', 'v.status', arrivedFrom.as('arrived_from')])
      .orderBy('h.id')
      .execute();
    const decided: Decided[] = [];
    for (const r of rows) {
      if (except.has(Number(r.id))) continue;
      const s = input.decision === 'SUGGESTED' ? suggestDecision(r.outcome, r.arrived_from !== null) : null;
      const decision = s ? s.decision : (input.decision as Decision);
      // A removal needs a reason: the one given, else the verval outcome that led to it.
      const reason = input.reason?.trim() || (decision === 'REMOVE' ? (s?.reason ?? r.outcome ?? null) : null);
      checkDecision(m.type, decision, reason);
      decided.push({ householdId: Number(r.id), decision, reason, vervalOutcome: r.outcome ?? null, vervalStatus: r.status ?? null });
    }
    if (decided.length === 0) {
      throw conflict('NOTHING_MATCHED', 'Tidak ada keluarga yang cocok dengan saringan', 'No household matches the filter');
    }
    await writeDecisions(trx, actor, m, decided);
    await touchMeeting(trx, actor, meetingId);
    await recordAudit(trx, actor, {
      action: 'musdes.decide_bulk',
      entity: 'musdes_meeting',
      entityId: meetingId,
      regionCode: m.desa_code,
      after: {
        filter: input.filter,
        decision: input.decision,
        reason: input.reason ?? null,
        except: [...except],
        households: decided.map((d) => [d.householdId, d.decision]),
      },
    });
    return { updated: decided.length };
  });
}

export async function clearDecision(db: Kysely<DB>, actor: Actor, meetingId: number, householdId: number) {
  await db.transaction().execute(async (trx) => {
    const m = await editableMeeting(trx, actor, meetingId);
    const gone = await trx
      .deleteFrom('musdes_decision')
      .where('meeting_id', '=', meetingId)
      .where('household_id', '=', householdId)
      .returning(['decision', 'reason'])
      .executeTakeFirst();
    if (!gone) return;
    await touchMeeting(trx, actor, meetingId);
    await recordAudit(trx, actor, {
      action: 'musdes.decision.clear',
      entity: 'musdes_meeting',
      entityId: meetingId,
      regionCode: m.desa_code,
      before: { householdId, ...gone },
    });
  });
}
