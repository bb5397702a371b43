import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { notFound } from '../../http/errors.js';
import type { ServiceContext } from '../../service-context.js';
import { type Actor, assertRegionFilter, scopeWhere } from '../access/scope.js';
import { scopedHousehold, today } from './common.js';
import { PHOTO_PURPOSE } from './records.js';
import type { FollowupStatus } from './tables.js';

/** Read side: visits, follow-ups, a household's history; all limited to the reader's regions. */

export interface VisitFilter {
  periodId?: number | undefined;
  desa?: string | undefined;
  officialId?: number | undefined;
  page: number;
  pageSize: number;
}

export async function listVisits(deps: ServiceContext, actor: Actor, f: VisitFilter) {
  assertRegionFilter(actor, f.desa);
  let q = deps.db
    .selectFrom('pendampingan_visit as v')
    .innerJoin('official as o', 'o.id', 'v.official_id')
    .innerJoin('agency as ag', 'ag.id', 'v.agency_id')
    .innerJoin('region as d', 'd.code', 'v.desa_code')
    .where(scopeWhere(actor, 'v'));
  if (f.periodId !== undefined) q = q.where('v.period_id', '=', f.periodId);
  if (f.desa) q = q.where('v.desa_code', '=', f.desa);
  if (f.officialId !== undefined) q = q.where('v.official_id', '=', f.officialId);
  const [rows, total] = await Promise.all([
    q
      .select([
        'v.id',
        'v.period_id',
        'v.desa_code',
        'd.name as desa_name',
        sql<string>`to_char(v.visit_date, 'YYYY-MM-DD')`.as('visit_date'),
        'v.place',
        'v.latitude',
        'v.longitude',
        'v.photos',
        'v.participants',
        'v.note',
        'v.official_id',
        'o.name as official_name',
        sql<string>`coalesce(ag.short_name, ag.name)`.as('agency_name'),
        sql<number>`(select count(*) from pendampingan_activity a where a.visit_id = v.id)::int`.as('households'),
        'v.created_at',
      ])
      .orderBy('v.visit_date', 'desc')
      .orderBy('v.id', 'desc')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
    q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    items: rows.map((v) => ({
      id: Number(v.id),
      periodId: Number(v.period_id),
      desaCode: v.desa_code,
      desaName: v.desa_name,
      visitDate: v.visit_date,
      place: v.place,
      gps: v.latitude === null || v.longitude === null ? null : { lat: v.latitude, lon: v.longitude },
      photos: v.photos as string[],
      participants: v.participants as string[],
      note: v.note,
      official: { id: Number(v.official_id), name: v.official_name, agencyName: v.agency_name },
      households: Number(v.households),
      createdAt: v.created_at,
    })),
    total: Number(total.n),
    page: f.page,
    pageSize: f.pageSize,
  };
}

/** A visit photo, if the visit is in the reader's scope and names it. */
export async function visitPhotoVisible(db: Kysely<DB>, actor: Actor, visitId: number, sha256: string): Promise<void> {
  const v = await db
    .selectFrom('pendampingan_visit as v')
    .select('v.id')
    .where('v.id', '=', visitId)
    .where(scopeWhere(actor, 'v'))
    .where(sql<boolean>`v.photos ? ${sha256}`)
    .executeTakeFirst();
  if (!v) throw notFound('Foto');
}

/** Photos uploaded for a desa but not yet attached: the uploader may view their own before saving. */
export async function uploadedPhotoVisible(db: Kysely<DB>, actor: Actor, sha256: string): Promise<void> {
  const u = await db
    .selectFrom('blob_upload as u')
    .select('u.id')
    .where('u.sha256', '=', sha256)
    .where('u.purpose', '=', PHOTO_PURPOSE)
    .where('u.uploaded_by', '=', actor.userId)
    .where(scopeWhere(actor, 'u'))
    .executeTakeFirst();
  if (!u) throw notFound('Foto');
}

export interface FollowupFilter {
  periodId?: number | undefined;
  status?: FollowupStatus | undefined;
  overdue?: boolean | undefined;
  desa?: string | undefined;
  officialId?: number | undefined;
  householdId?: number | undefined;
  page: number;
  pageSize: number;
}

function followupQuery(db: Kysely<DB>) {
  return db
    .selectFrom('pendampingan_followup as f')
    .innerJoin('official as o', 'o.id', 'f.owner_official_id')
    .innerJoin('household as h', 'h.id', 'f.household_id')
    .innerJoin('region as d', 'd.code', 'f.desa_code');
}

export async function listFollowups(deps: ServiceContext, actor: Actor, f: FollowupFilter) {
  assertRegionFilter(actor, f.desa);
  const now = today();
  let q = followupQuery(deps.db).where(scopeWhere(actor, 'f'));
  if (f.periodId !== undefined) q = q.where('f.period_id', '=', f.periodId);
  if (f.status) q = q.where('f.status', '=', f.status);
  if (f.overdue) q = q.where('f.status', '=', 'OPEN').where(sql<boolean>`f.due_date < ${now}::date`);
  if (f.desa) q = q.where('f.desa_code', '=', f.desa);
  if (f.officialId !== undefined) q = q.where('f.owner_official_id', '=', f.officialId);
  if (f.householdId !== undefined) q = q.where('f.household_id', '=', f.householdId);
  const [rows, total] = await Promise.all([
    q
      .select([
        'f.id',
        'f.activity_id',
        'f.household_id',
        'h.head_name',
        'f.desa_code',
        'd.name as desa_name',
        'f.title',
        sql<string>`to_char(f.due_date, 'YYYY-MM-DD')`.as('due_date'),
        'f.status',
        'f.owner_official_id',
        'o.name as owner_name',
        'f.closed_at',
        'f.created_at',
      ])
      .orderBy('f.due_date')
      .orderBy('f.id')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
    q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    items: rows.map((r) => ({
      id: Number(r.id),
      activityId: Number(r.activity_id),
      householdId: Number(r.household_id),
      headName: r.head_name,
      desaCode: r.desa_code,
      desaName: r.desa_name,
      title: r.title,
      dueDate: r.due_date,
      status: r.status,
      overdue: r.status === 'OPEN' && r.due_date < now,
      owner: { id: Number(r.owner_official_id), name: r.owner_name },
      closedAt: r.closed_at,
      createdAt: r.created_at,
    })),
    total: Number(total.n),
    page: f.page,
    pageSize: f.pageSize,
  };
}

/** A household's companion (per period, newest first) and the history of its accompaniment. */
export async function householdPendampingan(deps: ServiceContext, actor: Actor, householdId: number) {
  const h = await scopedHousehold(deps.db, actor, householdId);
  const companions = await sql<{
    period_id: number;
    period_name: string;
    official_id: number;
    name: string;
    agency: string;
    active: boolean;
  }>`
    select c.period_id, p.name as period_name, c.official_id, o.name, coalesce(ag.short_name, ag.name) as agency,
           exists (select 1 from official_assignment oa where oa.official_id = c.official_id and oa.period_id = c.period_id
                      and oa.desa_code = c.desa_code and oa.ended_at is null) as active
      from pendampingan_companion c
      join program_period p on p.id = c.period_id
      join official o on o.id = c.official_id
      join agency ag on ag.id = o.agency_id
     where c.household_id = ${h.id}
     order by p.start_date desc`.execute(deps.db);
  const acts = await sql<{
    id: number;
    activity_date: string;
    visited: boolean;
    problem: string | null;
    aid_action: string | null;
    aid_proposal_id: number | null;
    proposal_status: string | null;
    program_name: string | null;
    referral_agency: string | null;
    document_kind: string | null;
    note: string | null;
    official_id: number;
    official_name: string;
    agency: string;
  }>`
    select a.id, to_char(a.activity_date, 'YYYY-MM-DD') as activity_date, a.visited, a.problem, a.aid_action, a.aid_proposal_id,
           p.status as proposal_status, pr.name as program_name, a.referral_agency, a.document_kind, a.note,
           a.official_id, o.name as official_name, coalesce(ag.short_name, ag.name) as agency
      from pendampingan_activity a
      join official o on o.id = a.official_id
      join agency ag on ag.id = a.agency_id
      left join aid_proposal p on p.id = a.aid_proposal_id
      left join aid_program pr on pr.id = p.program_id
     where a.household_id = ${h.id}
     order by a.activity_date desc, a.id desc
     limit 200`.execute(deps.db);
  const followUps = await listFollowups(deps, actor, { householdId: h.id, page: 1, pageSize: 200 });
  const first = companions.rows[0];
  return {
    householdId: h.id,
    companion:
      first === undefined
        ? null
        : {
            periodId: Number(first.period_id),
            periodName: first.period_name,
            officialId: Number(first.official_id),
            name: first.name,
            agencyName: first.agency,
            active: first.active,
          },
    activities: acts.rows.map((a) => ({
      id: Number(a.id),
      activityDate: a.activity_date,
      visited: a.visited,
      problem: a.problem,
      aid:
        a.aid_action === null || a.aid_proposal_id === null
          ? null
          : {
              action: a.aid_action as 'PROPOSED' | 'ADVOCATED',
              proposalId: Number(a.aid_proposal_id),
              status: a.proposal_status,
              programName: a.program_name,
            },
      referralAgency: a.referral_agency,
      document: a.document_kind,
      note: a.note,
      official: { id: Number(a.official_id), name: a.official_name, agencyName: a.agency },
    })),
    followUps: followUps.items,
  };
}
