import { type Kysely, type Selectable, type SqlBool, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, conflict, forbidden, notFound } from '../../http/errors.js';
import { todayWib } from '../../lib/dates.js';
import type { ServiceContext } from '../../service-context.js';
import type { Role } from '../access/roles.js';
import { type Actor, assertRegionInScope, canAccessRegion, regionLevel, scopeColumns, scopeWhere } from '../access/scope.js';
import { recordAudit } from '../audit/service.js';
import { requireRegion } from '../organisation/common.js';
import { getPeriod } from '../organisation/periods.js';
import { checkHeldOn, meetingLevels } from './rules.js';
import type { MeetingStatus, MeetingType, MusdesMeetingTable } from './tables.js';

/** Meetings: who may do what, creating, listing, editing details and marking a meeting held. */

/** Record meetings (details, attendance, evidence, decisions) in their regions. */
export const EDIT_ROLES: readonly Role[] = ['operator_desa', 'pendamping', 'opd_pendamping', 'operator_kecamatan', 'admin_kabupaten'];
/** Finalise a meeting, so that its decisions take effect: never the desa alone. */
export const FINALISE_ROLES: readonly Role[] = ['operator_kecamatan', 'admin_kabupaten'];

export type MeetingRow = Selectable<MusdesMeetingTable>;

export const canEdit = (actor: Actor, desaCode: string) => canAccessRegion(actor, desaCode, EDIT_ROLES);
export const canFinalise = (actor: Actor, desaCode: string) => canAccessRegion(actor, desaCode, FINALISE_ROLES);

export const finalisedError = () =>
  conflict(
    'MEETING_FINALISED',
    'Musyawarah sudah difinalkan dan tidak dapat diubah; koreksi melalui musyawarah baru',
    'The meeting is finalised and cannot change; correct it with a new meeting',
  );

export const staleError = (current: number) =>
  new AppError(
    409,
    'STALE_VERSION',
    'Musyawarah baru saja diubah orang lain; muat ulang',
    'The meeting was just changed by someone else; reload',
    { currentVersion: current },
  );

/** A meeting the actor can see (404 otherwise), locked for update when asked. */
export async function scopedMeeting(db: Kysely<DB>, actor: Actor, id: number, lock = false): Promise<MeetingRow> {
  let q = db.selectFrom('musdes_meeting').selectAll().where('id', '=', id);
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('Musyawarah');
  assertRegionInScope(actor, row.desa_code);
  return row;
}

/**
 * Inside a write: the meeting locked, the actor allowed to record it, not finalised, and (when
 * given) at the version the client saw.
 */
export async function editableMeeting(trx: Kysely<DB>, actor: Actor, id: number, baseVersion?: number): Promise<MeetingRow> {
  const m = await scopedMeeting(trx, actor, id, true);
  if (!canEdit(actor, m.desa_code)) throw forbidden();
  if (m.status === 'FINALISED') throw finalisedError();
  if (baseVersion !== undefined && baseVersion !== m.version) throw staleError(m.version);
  return m;
}

/** Every change to a meeting's content raises its version, so a finalisation sees exactly what was checked. */
export async function touchMeeting(trx: Kysely<DB>, actor: Actor, id: number, set: Partial<Record<string, unknown>> = {}) {
  await trx
    .updateTable('musdes_meeting')
    .set({ ...set, version: sql`version + 1`, updated_by: actor.userId, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

const numberTaken = (number: string) =>
  conflict('NUMBER_TAKEN', `Nomor berita acara ${number} sudah dipakai`, `Berita acara number ${number} is already used`, { number });

async function assertNumberFree(trx: Kysely<DB>, kabupatenCode: string, number: string | null | undefined, exceptId?: number) {
  if (!number) return;
  let q = trx.selectFrom('musdes_meeting').select('id').where('kabupaten_code', '=', kabupatenCode).where('number', '=', number);
  if (exceptId !== undefined) q = q.where('id', '<>', exceptId);
  if (await q.executeTakeFirst()) throw numberTaken(number);
}

export interface MeetingInput {
  periodId: number;
  desaCode: string;
  type: MeetingType;
  heldOn: string;
  place: string;
  chair?: string | null | undefined;
  agenda?: string | null | undefined;
  number?: string | null | undefined;
}

const clean = (v: string | null | undefined) => (v?.trim() ? v.trim() : null);

/**
 * The meeting's region fits its type (meetingLevels): a rakor may sit at the kabupaten (the
 * TKPK) or a kecamatan; every other meeting in a desa. Such a meeting's desa_code holds the
 * region it belongs to (scopeColumns), so region scope reads it as any other row.
 */
async function checkMeetingRegion(db: Kysely<DB>, kabupatenCode: string, type: MeetingType, code: string): Promise<void> {
  const levels = meetingLevels(type);
  if (code === kabupatenCode && levels.includes(2)) return;
  const level = regionLevel(code) === 3 && levels.includes(3) ? 3 : 4;
  await requireRegion(db, kabupatenCode, code, level);
}

export async function createMeeting(deps: ServiceContext, actor: Actor, input: MeetingInput): Promise<number> {
  assertRegionInScope(actor, input.desaCode, EDIT_ROLES);
  await checkMeetingRegion(deps.db, deps.kabupatenCode, input.type, input.desaCode);
  await getPeriod(deps.db, deps.kabupatenCode, input.periodId);
  return deps.db.transaction().execute(async (trx) => {
    const number = clean(input.number);
    await assertNumberFree(trx, deps.kabupatenCode, number);
    const values = {
      ...scopeColumns(input.desaCode),
      period_id: input.periodId,
      type: input.type,
      held_on: input.heldOn,
      place: input.place.trim(),
      chair: clean(input.chair),
      agenda: clean(input.agenda),
      number,
      created_by: actor.userId,
      updated_by: actor.userId,
    };
    const row = await trx.insertInto('musdes_meeting').values(values).returning('id').executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: 'musdes.create',
      entity: 'musdes_meeting',
      entityId: row.id,
      regionCode: input.desaCode,
      after: { ...values, created_by: undefined, updated_by: undefined },
    });
    return Number(row.id);
  });
}

export type MeetingPatch = Partial<Omit<MeetingInput, 'periodId' | 'desaCode'>>;

const PATCH_COLUMNS = { type: 'type', heldOn: 'held_on', place: 'place', chair: 'chair', agenda: 'agenda', number: 'number' } as const;

export async function updateMeeting(deps: ServiceContext, actor: Actor, id: number, baseVersion: number, patch: MeetingPatch) {
  await deps.db.transaction().execute(async (trx) => {
    const m = await editableMeeting(trx, actor, id, baseVersion);
    const set: Record<string, unknown> = {};
    const before: Record<string, unknown> = {};
    for (const [field, column] of Object.entries(PATCH_COLUMNS)) {
      const value = patch[field as keyof MeetingPatch];
      if (value === undefined) continue;
      set[column] = field === 'type' || field === 'heldOn' ? value : field === 'place' ? String(value).trim() : clean(value);
      before[column] = m[column];
    }
    if (set.number !== undefined) await assertNumberFree(trx, m.kabupaten_code, set.number as string | null, id);
    if (m.status === 'HELD' && typeof set.held_on === 'string') checkHeldOn(set.held_on, todayWib());
    if (set.type !== undefined && set.type !== m.type) {
      await checkMeetingRegion(trx, m.kabupaten_code, set.type as MeetingType, m.desa_code);
      const decided = await trx.selectFrom('musdes_decision').select('household_id').where('meeting_id', '=', id).executeTakeFirst();
      if (decided && set.type !== 'MUSDES' && set.type !== 'MUSKEL') {
        throw conflict('MEETING_HAS_DECISIONS', 'Musyawarah ini sudah memuat keputusan', 'This meeting already holds decisions');
      }
    }
    await touchMeeting(trx, actor, id, set);
    await recordAudit(trx, actor, {
      action: 'musdes.update',
      entity: 'musdes_meeting',
      entityId: id,
      regionCode: m.desa_code,
      before,
      after: set,
    });
  });
}

/** The meeting's date as yyyy-mm-dd, printed by the database (no driver time-zone shift). */
async function heldOnText(db: Kysely<DB>, id: number): Promise<string> {
  const r = await db
    .selectFrom('musdes_meeting')
    .select(sql<string>`to_char(held_on, 'YYYY-MM-DD')`.as('d'))
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return r.d;
}

export async function holdMeeting(deps: ServiceContext, actor: Actor, id: number, baseVersion: number) {
  await deps.db.transaction().execute(async (trx) => {
    const m = await editableMeeting(trx, actor, id, baseVersion);
    if (m.status !== 'SCHEDULED') {
      throw conflict('INVALID_TRANSITION', 'Musyawarah sudah ditandai terlaksana', 'The meeting is already marked held');
    }
    checkHeldOn(await heldOnText(trx, id), todayWib());
    await touchMeeting(trx, actor, id, { status: 'HELD' });
    await recordAudit(trx, actor, {
      action: 'musdes.hold',
      entity: 'musdes_meeting',
      entityId: id,
      regionCode: m.desa_code,
      before: { status: m.status },
      after: { status: 'HELD' },
    });
  });
}

export interface MeetingFilter {
  periodId?: number | undefined;
  kecamatan?: string | undefined;
  desa?: string | undefined;
  status?: MeetingStatus[] | undefined;
  type?: MeetingType | undefined;
  page: number;
  pageSize: number;
}

export function meetingQuery(db: Kysely<DB>) {
  return db
    .selectFrom('musdes_meeting as m')
    .innerJoin('program_period as p', 'p.id', 'm.period_id')
    .leftJoin('region as d', 'd.code', 'm.desa_code')
    .leftJoin('region as k', 'k.code', 'm.kecamatan_code')
    .leftJoin('app_user as f', 'f.id', 'm.finalised_by')
    .select([
      'm.id',
      'm.period_id',
      'p.name as period_name',
      'm.type',
      'm.status',
      'm.number',
      sql<string>`to_char(m.held_on, 'YYYY-MM-DD')`.as('held_on_text'),
      'm.place',
      'm.chair',
      'm.agenda',
      'm.version',
      'm.kabupaten_code',
      'm.kecamatan_code',
      'm.desa_code',
      'd.name as desa_name',
      'k.name as kecamatan_name',
      'm.created_at',
      'm.updated_at',
      'm.finalised_at',
      'f.full_name as finalised_by_name',
      sql<number>`(select count(*) from musdes_decision x where x.meeting_id = m.id)::int`.as('decision_count'),
    ]);
}

type ViewRow = Awaited<ReturnType<ReturnType<typeof meetingQuery>['executeTakeFirstOrThrow']>>;

export function meetingView(r: ViewRow) {
  return {
    id: Number(r.id),
    periodId: Number(r.period_id),
    periodName: r.period_name,
    type: r.type,
    status: r.status,
    number: r.number,
    heldOn: r.held_on_text,
    place: r.place,
    chair: r.chair,
    agenda: r.agenda,
    version: r.version,
    kabupatenCode: r.kabupaten_code,
    kecamatanCode: r.kecamatan_code,
    kecamatanName: r.kecamatan_name ?? r.kecamatan_code,
    desaCode: r.desa_code,
    desaName: r.desa_name ?? r.desa_code,
    decisionCount: Number(r.decision_count),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    finalisedAt: r.finalised_at,
    finalisedBy: r.finalised_by_name,
  };
}

export type MeetingView = ReturnType<typeof meetingView>;

export async function findMeetingView(db: Kysely<DB>, actor: Actor, id: number): Promise<MeetingView> {
  const row = await meetingQuery(db).where('m.id', '=', id).where(scopeWhere(actor, 'm')).executeTakeFirst();
  if (!row) throw notFound('Musyawarah');
  return meetingView(row);
}

export async function listMeetings(db: Kysely<DB>, actor: Actor, f: MeetingFilter) {
  let q = meetingQuery(db).where(scopeWhere(actor, 'm'));
  if (f.periodId) q = q.where('m.period_id', '=', f.periodId);
  if (f.kecamatan) q = q.where('m.kecamatan_code', '=', f.kecamatan);
  if (f.desa) q = q.where('m.desa_code', '=', f.desa);
  if (f.status?.length) q = q.where('m.status', 'in', f.status);
  if (f.type) q = q.where('m.type', '=', f.type);
  const [rows, total] = await Promise.all([
    q
      .orderBy('m.held_on', 'desc')
      .orderBy('m.id', 'desc')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
    q.clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(meetingView), total: Number(total.n), page: f.page, pageSize: f.pageSize };
}

/** SQL: the meeting is a deciding type (musdes/muskel). */
export const decidingType = (alias: string) => sql<SqlBool>`${sql.ref(`${alias}.type`)} in ('MUSDES', 'MUSKEL')`;
