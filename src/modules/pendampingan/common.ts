import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, badRequest, notFound } from '../../http/errors.js';
import { todayWib } from '../../lib/dates.js';
import type { Role } from '../access/roles.js';
import { type Actor, scopeWhere } from '../access/scope.js';

/** Roles of the leaders' view (access/policy.ts pendampingan.report); kept here for scope filters. */
export const REPORT_ROLES: readonly Role[] = ['admin_kabupaten', 'pimpinan', 'opd_pendamping', 'operator_kecamatan', 'dinsos'];

/** Days without activity after which an official or a desa is flagged. */
export const INACTIVE_DAYS = 30;

export const today = () => todayWib();

/** yyyy-mm-dd `days` before `date`. */
export function daysBefore(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

export interface Serving {
  assignmentId: number;
  periodId: number;
  officialId: number;
  agencyId: number;
}

/**
 * The official's running assignment on the desa (a desa assignment, or a pembina on its
 * kecamatan) in a period whose dates hold `date`; null when there is none (ended, another
 * desa, outside the period).
 */
export async function servingOn(db: Kysely<DB>, officialId: number, desaCode: string, date: string): Promise<Serving | null> {
  const kec = desaCode.split('.').slice(0, 3).join('.');
  const r = await sql<{ id: number; period_id: number; agency_id: number }>`
    select oa.id, oa.period_id, o.agency_id
      from official_assignment oa
      join official o on o.id = oa.official_id
      join program_period p on p.id = oa.period_id
     where oa.official_id = ${officialId} and oa.ended_at is null
       and (oa.desa_code = ${desaCode} or (oa.desa_code is null and oa.kecamatan_code = ${kec}))
       and p.start_date <= ${date}::date and p.end_date >= ${date}::date
     order by oa.desa_code nulls last, oa.id
     limit 1`.execute(db);
  const row = r.rows[0];
  if (!row) return null;
  return { assignmentId: Number(row.id), periodId: Number(row.period_id), officialId, agencyId: Number(row.agency_id) };
}

export const notAssigned = () =>
  new AppError(
    422,
    'NOT_ASSIGNED',
    'Pejabat/staf ini tidak ditugaskan di desa tersebut pada tanggal itu',
    'This official is not assigned to that desa on that date',
  );

/** The official linked to the signed-in user, if any. */
export async function officialOfUser(db: Kysely<DB>, userId: number): Promise<number | null> {
  const row = await db.selectFrom('official').select('id').where('user_id', '=', userId).executeTakeFirst();
  return row ? Number(row.id) : null;
}

/** The official a record is made by: the one named, or the user's own; 400 when neither. */
export async function recordingOfficial(db: Kysely<DB>, actor: Actor, named: number | undefined): Promise<number> {
  const id = named ?? (await officialOfUser(db, actor.userId));
  if (id === null) {
    throw badRequest(
      'OFFICIAL_REQUIRED',
      'Pilih pejabat/staf pendamping yang melakukan kegiatan',
      'Choose the official or staff member who did the activity',
    );
  }
  return id;
}

/** A household in the reader's scope, or 404. */
export async function scopedHousehold(db: Kysely<DB>, actor: Actor, id: number, roles?: readonly Role[]) {
  const h = await db
    .selectFrom('household as h')
    .select(['h.id', 'h.desa_code', 'h.head_name', 'h.target_status', 'h.ended_reason'])
    .where('h.id', '=', id)
    .where(scopeWhere(actor, 'h', roles))
    .executeTakeFirst();
  if (!h) throw notFound('Keluarga');
  return { ...h, id: Number(h.id) };
}

/** A period of this kabupaten, or 404. */
export async function requirePeriod(db: Kysely<DB>, kabupatenCode: string, id: number) {
  const p = await sql<{ id: number; name: string; start_date: string; end_date: string }>`
    select id, name, to_char(start_date, 'YYYY-MM-DD') as start_date, to_char(end_date, 'YYYY-MM-DD') as end_date
      from program_period where id = ${id} and kabupaten_code = ${kabupatenCode}`.execute(db);
  const row = p.rows[0];
  if (!row) throw notFound('Periode');
  return { id: Number(row.id), name: row.name, startDate: row.start_date, endDate: row.end_date };
}

export function assertNotFuture(date: string, field: string): void {
  if (date > today()) {
    throw badRequest('DATE_IN_FUTURE', `Tanggal ${field} tidak boleh di masa depan`, `The ${field} date may not lie in the future`, {
      field,
    });
  }
}
