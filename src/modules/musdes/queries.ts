import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { type Actor, canAccessRegion, regionWithin } from '../access/scope.js';
import { listStages } from '../organisation/schedule.js';
import type { Decision } from './tables.js';

/** What other modules (schedule, decree, dashboard) read of the musdes: finalised meetings and progress. */

/** Desa with a FINALISED musdes or muskel in the period (the schedule's musdes stage is done there). */
export async function musdesCompletedDesa(db: Kysely<DB>, kabupatenCode: string, periodId: number): Promise<Set<string>> {
  const rows = await db
    .selectFrom('musdes_meeting')
    .select('desa_code')
    .distinct()
    .where('kabupaten_code', '=', kabupatenCode)
    .where('period_id', '=', periodId)
    .where('status', '=', 'FINALISED')
    .where('type', 'in', ['MUSDES', 'MUSKEL'])
    .execute();
  return new Set(rows.map((r) => r.desa_code));
}

/**
 * Per desa, when its last FINALISED musdes or muskel of the period was finalised (the
 * schedule's penetapan stage is done there once a decree follows that moment).
 */
export async function musdesLastFinalised(db: Kysely<DB>, kabupatenCode: string, periodId: number): Promise<Map<string, Date>> {
  const rows = await db
    .selectFrom('musdes_meeting')
    .select(['desa_code', (eb) => eb.fn.max('finalised_at').as('at')])
    .where('kabupaten_code', '=', kabupatenCode)
    .where('period_id', '=', periodId)
    .where('status', '=', 'FINALISED')
    .where('type', 'in', ['MUSDES', 'MUSKEL'])
    .groupBy('desa_code')
    .execute();
  const out = new Map<string, Date>();
  for (const r of rows) if (r.at) out.set(r.desa_code, new Date(r.at));
  return out;
}

export interface DesaRef {
  desaCode: string;
  desaName: string;
  kecamatanCode: string;
  kecamatanName: string;
}

/** Desa that have households but no finalised musdes/muskel (in the period, when given): a decree precondition. */
export async function desaWithoutFinalisedMusdes(db: Kysely<DB>, kabupatenCode: string, periodId?: number): Promise<DesaRef[]> {
  const rows = await sql<{ desa_code: string; desa_name: string | null; kecamatan_code: string; kecamatan_name: string | null }>`
    select h.desa_code, d.name as desa_name, h.kecamatan_code, k.name as kecamatan_name
    from (select distinct desa_code, kecamatan_code from household where kabupaten_code = ${kabupatenCode}) h
    left join region d on d.code = h.desa_code
    left join region k on k.code = h.kecamatan_code
    where not exists (
      select 1 from musdes_meeting m
      where m.desa_code = h.desa_code and m.status = 'FINALISED' and m.type in ('MUSDES', 'MUSKEL')
        ${periodId === undefined ? sql`` : sql`and m.period_id = ${periodId}`}
    )
    order by h.desa_code`.execute(db);
  return rows.rows.map((r) => ({
    desaCode: r.desa_code,
    desaName: r.desa_name ?? r.desa_code,
    kecamatanCode: r.kecamatan_code,
    kecamatanName: r.kecamatan_name ?? r.kecamatan_code,
  }));
}

export interface TargetDecision {
  meetingId: number;
  number: string;
  heldOn: string;
  decision: Decision;
  reason: string | null;
}

/** The latest finalised musdes/muskel decision per household (the decree's difference cites it). */
export async function targetDecisions(db: Kysely<DB>, householdIds: readonly number[]): Promise<Map<number, TargetDecision>> {
  const out = new Map<number, TargetDecision>();
  if (householdIds.length === 0) return out;
  for (let i = 0; i < householdIds.length; i += 5000) {
    const ids = householdIds.slice(i, i + 5000);
    const rows = await sql<{
      household_id: number;
      meeting_id: number;
      number: string | null;
      held_on: string;
      decision: Decision;
      reason: string | null;
    }>`
      select distinct on (d.household_id) d.household_id, m.id as meeting_id, m.number,
        to_char(m.held_on, 'YYYY-MM-DD') as held_on, d.decision, d.reason
      from musdes_decision d
      join musdes_meeting m on m.id = d.meeting_id
      where d.household_id in (${sql.join(ids)}) and m.status = 'FINALISED' and m.type in ('MUSDES', 'MUSKEL')
      order by d.household_id, m.finalised_at desc, m.id desc`.execute(db);
    for (const r of rows.rows) {
      out.set(Number(r.household_id), {
        meetingId: Number(r.meeting_id),
        number: r.number ?? '',
        heldOn: r.held_on,
        decision: r.decision,
        reason: r.reason,
      });
    }
  }
  return out;
}

export interface ProgressCounts {
  desa: number;
  noMeeting: number;
  notFinalised: number;
  finalised: number;
}

export interface DesaProgress {
  code: string;
  name: string;
  kecamatanCode: string;
  meetings: number;
  finalised: number;
  state: 'NO_MEETING' | 'NOT_FINALISED' | 'FINALISED';
  lastHeldOn: string | null;
}

/**
 * Musdes progress per kecamatan and desa within the reader's regions (and `region`, when given):
 * desa with no musdes/muskel yet, with meetings none of which is finalised, and finalised; and the
 * schedule's musdes stages of the period when one is given.
 */
export async function musdesProgress(
  db: Kysely<DB>,
  actor: Actor,
  kabupatenCode: string,
  opts: { periodId?: number | undefined; region?: string | undefined } = {},
) {
  const desaRows = await db
    .selectFrom('region as d')
    .innerJoin('region as k', 'k.code', 'd.parent_code')
    .select(['d.code', 'd.name', 'k.code as kecamatan_code', 'k.name as kecamatan_name'])
    .where('d.level', '=', 4)
    .where('d.code', 'like', `${kabupatenCode}.%`)
    .orderBy('d.code')
    .execute();
  const desa = desaRows.filter((d) => canAccessRegion(actor, d.code) && (!opts.region || regionWithin(d.code, opts.region)));
  let q = db
    .selectFrom('musdes_meeting')
    .select([
      'desa_code',
      sql<number>`count(*)::int`.as('meetings'),
      sql<number>`(count(*) filter (where status = 'FINALISED'))::int`.as('finalised'),
      sql<string | null>`to_char(max(held_on), 'YYYY-MM-DD')`.as('last_held_on'),
    ])
    .where('kabupaten_code', '=', kabupatenCode)
    .where('type', 'in', ['MUSDES', 'MUSKEL'])
    .groupBy('desa_code');
  if (opts.periodId) q = q.where('period_id', '=', opts.periodId);
  if (opts.region) q = q.where(sql<boolean>`(desa_code = ${opts.region} or desa_code like ${`${opts.region}.%`})`);
  const counts = new Map((await q.execute()).map((r) => [r.desa_code, r]));
  const byKecamatan = new Map<string, ProgressCounts & { code: string; name: string; desaList: DesaProgress[] }>();
  const totals: ProgressCounts = { desa: 0, noMeeting: 0, notFinalised: 0, finalised: 0 };
  for (const d of desa) {
    const c = counts.get(d.code);
    const meetings = Number(c?.meetings ?? 0);
    const finalised = Number(c?.finalised ?? 0);
    const state = finalised > 0 ? 'FINALISED' : meetings > 0 ? 'NOT_FINALISED' : 'NO_MEETING';
    let kec = byKecamatan.get(d.kecamatan_code);
    if (!kec) {
      kec = { code: d.kecamatan_code, name: d.kecamatan_name, desa: 0, noMeeting: 0, notFinalised: 0, finalised: 0, desaList: [] };
      byKecamatan.set(d.kecamatan_code, kec);
    }
    for (const target of [kec, totals]) {
      target.desa++;
      if (state === 'FINALISED') target.finalised++;
      else if (state === 'NOT_FINALISED') target.notFinalised++;
      else target.noMeeting++;
    }
    kec.desaList.push({
      code: d.code,
      name: d.name,
      kecamatanCode: d.kecamatan_code,
      meetings,
      finalised,
      state,
      lastHeldOn: c?.last_held_on ?? null,
    });
  }
  const stages = opts.periodId ? (await listStages({ db, kabupatenCode }, actor, opts.periodId)).filter((s) => s.kind === 'musdes') : [];
  return {
    periodId: opts.periodId ?? null,
    stages: stages.map((s) => ({ id: s.id, name: s.name, startDate: s.startDate, endDate: s.endDate, kecamatanCode: s.kecamatanCode })),
    totals,
    kecamatan: [...byKecamatan.values()].map(({ desaList, ...k }) => ({ ...k, desa: k.desa, desaList })),
  };
}
