import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, badRequest } from '../../http/errors.js';
import type { ServiceContext } from '../../service-context.js';
import { assertCan } from '../access/policy.js';
import { type Actor, assertDesaOf, scopeColumns } from '../access/scope.js';
import { recordAudit } from '../audit/service.js';
import { dusunOf, rtOf } from '../households/address.js';
import { isTarget } from '../households/target.js';
import { requirePeriod, today } from './common.js';

/**
 * Pendamping keluarga: within a desa, the operator or an assigned official names the staff
 * member (an official assigned to the desa in the period) who accompanies each target
 * household. A companion whose assignment has ended no longer counts: the household shows as
 * without a companion again.
 */

export interface StaffMember {
  officialId: number;
  name: string;
  agencyName: string;
  echelon: string;
  role: string;
}

/** Officials with a running (not ended) assignment on the desa in the period. */
export async function desaStaff(db: Kysely<DB>, periodId: number, desaCode: string): Promise<StaffMember[]> {
  const r = await sql<{ id: number; name: string; agency: string; echelon: string; role: string }>`
    select distinct on (o.id) o.id, o.name, coalesce(ag.short_name, ag.name) as agency, o.echelon, oa.role
      from official_assignment oa
      join official o on o.id = oa.official_id
      join agency ag on ag.id = o.agency_id
     where oa.period_id = ${periodId} and oa.desa_code = ${desaCode} and oa.ended_at is null
     order by o.id, oa.role desc`.execute(db);
  return r.rows
    .map((s) => ({ officialId: Number(s.id), name: s.name, agencyName: s.agency, echelon: s.echelon, role: s.role }))
    .sort((a, b) => (a.role === b.role ? a.name.localeCompare(b.name) : a.role === 'staf_pendamping' ? -1 : 1));
}

async function desaInScope(
  deps: ServiceContext,
  actor: Actor,
  desaCode: string,
  action: 'pendampingan.read' | 'pendampingan.companion.assign',
) {
  assertDesaOf(desaCode, deps.kabupatenCode);
  assertCan(actor, action, desaCode);
}

export async function listCompanions(deps: ServiceContext, actor: Actor, periodId: number, desaCode: string, missingOnly: boolean) {
  await requirePeriod(deps.db, deps.kabupatenCode, periodId);
  await desaInScope(deps, actor, desaCode, 'pendampingan.read');
  const staff = await desaStaff(deps.db, periodId, desaCode);
  const r = await sql<{
    id: number;
    head_name: string;
    address: string | null;
    dusun: string | null;
    rt: string | null;
    official_id: number | null;
    official_name: string | null;
    active: boolean | null;
  }>`
    select h.id, h.head_name, h.address, ${dusunOf('h')} as dusun, ${rtOf('h')} as rt,
           c.official_id, o.name as official_name,
           exists (select 1 from official_assignment oa
                    where oa.official_id = c.official_id and oa.period_id = c.period_id
                      and oa.desa_code = c.desa_code and oa.ended_at is null) as active
      from household h
      left join pendampingan_companion c on c.household_id = h.id and c.period_id = ${periodId}
      left join official o on o.id = c.official_id
     where h.desa_code = ${desaCode} and ${isTarget('h')}
     order by 4 nulls last, 5 nulls last, h.head_name, h.id`.execute(deps.db);
  const items = r.rows.map((h) => ({
    householdId: Number(h.id),
    headName: h.head_name,
    address: h.address,
    dusun: h.dusun,
    rt: h.rt,
    companion:
      h.official_id === null ? null : { officialId: Number(h.official_id), name: h.official_name ?? '', active: h.active === true },
  }));
  const without = items.filter((i) => !i.companion?.active).length;
  return {
    desaCode,
    staff,
    summary: { households: items.length, withCompanion: items.length - without, withoutCompanion: without },
    items: missingOnly ? items.filter((i) => !i.companion?.active) : items,
  };
}

const notStaff = (officialId: number) =>
  new AppError(
    422,
    'NOT_DESA_STAFF',
    'Pendamping harus pejabat/staf yang ditugaskan di desa ini pada periode ini',
    'The companion must be an official or staff member assigned to this desa in this period',
    { officialId },
  );

async function writeCompanions(
  trx: Kysely<DB>,
  actor: Actor,
  periodId: number,
  desaCode: string,
  pairs: Array<{ householdId: number; officialId: number }>,
): Promise<void> {
  if (pairs.length === 0) return;
  await sql`
    insert into pendampingan_companion (period_id, household_id, official_id, kabupaten_code, kecamatan_code, desa_code, assigned_by)
    select ${periodId}, x.h, x.o, ${scopeColumns(desaCode).kabupaten_code}, ${scopeColumns(desaCode).kecamatan_code}, ${desaCode}, ${actor.userId}
      from unnest(${sql.val(pairs.map((p) => p.householdId))}::bigint[], ${sql.val(pairs.map((p) => p.officialId))}::bigint[]) as x(h, o)
    on conflict (period_id, household_id) do update set official_id = excluded.official_id, assigned_by = excluded.assigned_by, assigned_at = now()`.execute(
    trx,
  );
}

/** Name one companion (or none: null) for the listed target households of one desa. */
export async function setCompanions(
  deps: ServiceContext,
  actor: Actor,
  periodId: number,
  input: { desaCode: string; householdIds: number[]; officialId: number | null },
) {
  await requirePeriod(deps.db, deps.kabupatenCode, periodId);
  await desaInScope(deps, actor, input.desaCode, 'pendampingan.companion.assign');
  const ids = [...new Set(input.householdIds)];
  const found = await deps.db
    .selectFrom('household as h')
    .select('h.id')
    .where('h.id', 'in', ids)
    .where('h.desa_code', '=', input.desaCode)
    .where(isTarget('h'))
    .execute();
  if (found.length !== ids.length) {
    const known = new Set(found.map((f) => Number(f.id)));
    throw badRequest(
      'NOT_TARGET_OF_DESA',
      'Sebagian keluarga bukan keluarga sasaran miskin ekstrem desa ini',
      'Some households are not target households of this desa',
      { householdIds: ids.filter((i) => !known.has(i)) },
    );
  }
  if (input.officialId !== null && !(await desaStaff(deps.db, periodId, input.desaCode)).some((s) => s.officialId === input.officialId)) {
    throw notStaff(input.officialId);
  }
  await deps.db.transaction().execute(async (trx) => {
    if (input.officialId === null) {
      await trx.deleteFrom('pendampingan_companion').where('period_id', '=', periodId).where('household_id', 'in', ids).execute();
    } else {
      const officialId = input.officialId;
      await writeCompanions(
        trx,
        actor,
        periodId,
        input.desaCode,
        ids.map((householdId) => ({ householdId, officialId })),
      );
    }
    await recordAudit(trx, actor, {
      action: 'pendampingan.companion.set',
      entity: 'program_period',
      entityId: periodId,
      regionCode: input.desaCode,
      after: { householdIds: ids, officialId: input.officialId },
    });
  });
  return listCompanions(deps, actor, periodId, input.desaCode, false);
}

/**
 * Bulk: split the desa's target households evenly among its assigned staff (JF/staf first;
 * the desa's officials when it has no staff), in dusun → RT → name order so that each
 * companion gets neighbouring households. `onlyMissing` leaves named companions as they are.
 */
export async function splitCompanions(
  deps: ServiceContext,
  actor: Actor,
  periodId: number,
  input: { desaCode: string; onlyMissing: boolean },
) {
  const current = await listCompanions(deps, actor, periodId, input.desaCode, input.onlyMissing);
  assertCan(actor, 'pendampingan.companion.assign', input.desaCode);
  const staffOnly = current.staff.filter((s) => s.role === 'staf_pendamping');
  const staff = staffOnly.length > 0 ? staffOnly : current.staff;
  if (staff.length === 0) {
    throw new AppError(
      422,
      'NO_DESA_STAFF',
      'Belum ada pejabat/staf yang ditugaskan di desa ini',
      'No official or staff is assigned to this desa',
    );
  }
  const list = current.items;
  const pairs: Array<{ householdId: number; officialId: number }> = [];
  const counts = new Map<number, number>();
  staff.forEach((s, i) => {
    const size = Math.floor(list.length / staff.length) + (i < list.length % staff.length ? 1 : 0);
    counts.set(s.officialId, size);
  });
  let at = 0;
  for (const s of staff) {
    const size = counts.get(s.officialId) ?? 0;
    for (const h of list.slice(at, at + size)) pairs.push({ householdId: h.householdId, officialId: s.officialId });
    at += size;
  }
  await deps.db.transaction().execute(async (trx) => {
    await writeCompanions(trx, actor, periodId, input.desaCode, pairs);
    await recordAudit(trx, actor, {
      action: 'pendampingan.companion.split',
      entity: 'program_period',
      entityId: periodId,
      regionCode: input.desaCode,
      after: { onlyMissing: input.onlyMissing, households: pairs.length, perOfficial: Object.fromEntries(counts), date: today() },
    });
  });
  return listCompanions(deps, actor, periodId, input.desaCode, false);
}
