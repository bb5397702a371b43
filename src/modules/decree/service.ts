import { type Kysely, sql } from 'kysely';
import { lockTransaction } from '../../db/advisory-locks.js';
import type { DB } from '../../db/schema.js';
import { conflict, notFound } from '../../http/errors.js';
import type { ServiceContext } from '../../service-context.js';
import { assertCan } from '../access/policy.js';
import { type Actor, regionFilterInScope } from '../access/scope.js';
import { recordAudit } from '../audit/service.js';
import { checkPreconditions, type OverrideInput, resolveOverride } from './preconditions.js';
import { sourceRelation } from './rows.js';
import type { DecreeOverride } from './tables.js';

/**
 * Penetapan: finalising an SK Bupati freezes the current target households of the kabupaten
 * into an immutable snapshot (one INSERT … SELECT), with the decree's counts and its
 * difference from the previous decree, in one transaction with the audit entry.
 */

/** Decrees are kabupaten-wide: anyone with a role in (or above) the kabupaten may read them, each within their scope. */
export function assertSeesKabupaten(actor: Actor, kabupatenCode: string): void {
  if (!regionFilterInScope(actor, kabupatenCode)) throw notFound();
}

export interface FinaliseInput {
  number: string;
  decreeDate: string;
  title: string;
  signatoryName: string;
  signatoryPosition: string;
  override?: OverrideInput | undefined;
}

function view(r: {
  id: number;
  kabupaten_code: string;
  number: string;
  decree_date_text: string;
  title: string;
  signatory_name: string;
  signatory_position: string;
  status: string;
  previous_id: number | null;
  override: DecreeOverride | null;
  household_count: number;
  member_count: number;
  kecamatan_count: number;
  desa_count: number;
  added_count: number;
  removed_count: number;
  finalised_by: number;
  finalised_at: Date;
  finaliser_name: string | null;
  previous_number: string | null;
}) {
  return {
    id: Number(r.id),
    kabupatenCode: r.kabupaten_code,
    number: r.number,
    decreeDate: r.decree_date_text,
    title: r.title,
    signatoryName: r.signatory_name,
    signatoryPosition: r.signatory_position,
    status: r.status,
    previous: r.previous_id === null ? null : { id: Number(r.previous_id), number: r.previous_number },
    override: r.override ?? null,
    householdCount: Number(r.household_count),
    memberCount: Number(r.member_count),
    kecamatanCount: Number(r.kecamatan_count),
    desaCount: Number(r.desa_count),
    addedCount: Number(r.added_count),
    removedCount: Number(r.removed_count),
    finalisedBy: { id: Number(r.finalised_by), name: r.finaliser_name },
    finalisedAt: r.finalised_at,
  };
}

export type DecreeView = ReturnType<typeof view>;

function baseQuery(db: Kysely<DB>) {
  return db
    .selectFrom('decree as d')
    .leftJoin('app_user as u', 'u.id', 'd.finalised_by')
    .leftJoin('decree as p', 'p.id', 'd.previous_id')
    .selectAll('d')
    .select([
      'u.full_name as finaliser_name',
      'p.number as previous_number',
      sql<string>`to_char(d.decree_date, 'YYYY-MM-DD')`.as('decree_date_text'),
    ]);
}

export async function listDecrees(deps: Pick<ServiceContext, 'db' | 'kabupatenCode'>, actor: Actor): Promise<{ items: DecreeView[] }> {
  assertSeesKabupaten(actor, deps.kabupatenCode);
  const rows = await baseQuery(deps.db)
    .where('d.kabupaten_code', '=', deps.kabupatenCode)
    .orderBy('d.finalised_at', 'desc')
    .orderBy('d.id', 'desc')
    .execute();
  return { items: rows.map(view) };
}

export async function getDecree(deps: Pick<ServiceContext, 'db' | 'kabupatenCode'>, actor: Actor, id: number): Promise<DecreeView> {
  assertSeesKabupaten(actor, deps.kabupatenCode);
  const row = await baseQuery(deps.db).where('d.id', '=', id).where('d.kabupaten_code', '=', deps.kabupatenCode).executeTakeFirst();
  if (!row) throw notFound('SK');
  return view(row);
}

/** The latest finalised decree of the kabupaten, if any. */
export async function latestDecreeId(db: Kysely<DB>, kabupatenCode: string): Promise<number | null> {
  const row = await db
    .selectFrom('decree')
    .select('id')
    .where('kabupaten_code', '=', kabupatenCode)
    .orderBy('finalised_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? Number(row.id) : null;
}

/**
 * Desa whose penetapan is done: the latest decree dated on or after `sinceDate` (the
 * penetapan stage's start) was finalised after the desa's last musdes was finalised
 * (`musdesFinalisedAt`, from the musdes module). With no such decree, none.
 */
export async function decreedDesa(
  db: Kysely<DB>,
  kabupatenCode: string,
  sinceDate: string,
  musdesFinalisedAt: ReadonlyMap<string, Date>,
): Promise<Set<string>> {
  const row = await db
    .selectFrom('decree')
    .select((eb) => eb.fn.max('finalised_at').as('at'))
    .where('kabupaten_code', '=', kabupatenCode)
    .where(sql<string>`to_char(decree_date, 'YYYY-MM-DD')`, '>=', sinceDate)
    .executeTakeFirst();
  const done = new Set<string>();
  if (!row?.at) return done;
  const decreedAt = new Date(row.at).getTime();
  for (const [desa, at] of musdesFinalisedAt) if (at.getTime() <= decreedAt) done.add(desa);
  return done;
}

/**
 * Finalise a decree (admin kabupaten): refuse a number already used in the kabupaten (409)
 * and unmet preconditions without an override (409); then, in one transaction serialised per
 * kabupaten, copy the target households into the snapshot, write the decree row with its
 * counts and the difference from the previous decree, and audit it.
 */
export async function finaliseDecree(
  deps: Pick<ServiceContext, 'db' | 'kabupatenCode'>,
  actor: Actor,
  input: FinaliseInput,
): Promise<DecreeView> {
  const kab = deps.kabupatenCode;
  assertCan(actor, 'decree.issue', kab);
  const number = input.number.trim();
  const override = resolveOverride(await checkPreconditions(deps.db, kab), input.override);
  const id = await deps.db.transaction().execute(async (trx) => {
    await lockTransaction(trx, 'DECREE');
    const taken = await trx
      .selectFrom('decree')
      .select('id')
      .where('kabupaten_code', '=', kab)
      .where('number', '=', number)
      .executeTakeFirst();
    if (taken) {
      throw conflict('DECREE_NUMBER_TAKEN', `Nomor SK ${number} sudah dipakai`, `Decree number ${number} is already used`, {
        decreeId: Number(taken.id),
      });
    }
    const previousId = await latestDecreeId(trx, kab);
    const next = await sql<{ id: number }>`select nextval(pg_get_serial_sequence('decree', 'id'))::bigint as id`.execute(trx);
    const decreeId = Number(next.rows[0]?.id);
    // The snapshot: one set-based copy of the current target households.
    await sql`
      insert into decree_household (decree_id, household_id, kabupaten_code, kecamatan_code, desa_code, head_name, head_nik,
        kk_number, address, member_count, desil, source)
      select ${decreeId}, t.household_id, t.kabupaten_code, t.kecamatan_code, t.desa_code, t.head_name, t.head_nik,
        t.kk_number, t.address, t.member_count, t.desil, t.source
      from ${sourceRelation({ kind: 'draft', kabupatenCode: kab })}`.execute(trx);
    const counts = await sql<{ households: number; members: number; kecamatan: number; desa: number; added: number; removed: number }>`
      select count(*)::int as households, coalesce(sum(member_count), 0)::int as members,
        count(distinct kecamatan_code)::int as kecamatan, count(distinct desa_code)::int as desa,
        -- The first decree has no previous one to differ from: 0 added, 0 removed.
        (select count(*)::int from decree_household n where ${previousId}::bigint is not null and n.decree_id = ${decreeId}
          and not exists (select 1 from decree_household o where o.decree_id = ${previousId} and o.household_id = n.household_id)) as added,
        (select count(*)::int from decree_household o where o.decree_id = ${previousId}
          and not exists (select 1 from decree_household n where n.decree_id = ${decreeId} and n.household_id = o.household_id)) as removed
      from decree_household where decree_id = ${decreeId}`.execute(trx);
    const c = counts.rows[0];
    if (!c) throw new Error('decree counts missing');
    await trx
      .insertInto('decree')
      .values({
        id: decreeId,
        kabupaten_code: kab,
        number,
        decree_date: input.decreeDate,
        title: input.title.trim(),
        signatory_name: input.signatoryName.trim(),
        signatory_position: input.signatoryPosition.trim(),
        previous_id: previousId,
        override: override ? JSON.stringify(override) : null,
        household_count: Number(c.households),
        member_count: Number(c.members),
        kecamatan_count: Number(c.kecamatan),
        desa_count: Number(c.desa),
        added_count: Number(c.added),
        removed_count: Number(c.removed),
        finalised_by: actor.userId,
      })
      .execute();
    await recordAudit(trx, actor, {
      action: override ? 'decree.finalise.override' : 'decree.finalise',
      entity: 'decree',
      entityId: decreeId,
      regionCode: kab,
      after: {
        number,
        decreeDate: input.decreeDate,
        title: input.title.trim(),
        signatory: { name: input.signatoryName.trim(), position: input.signatoryPosition.trim() },
        previousId,
        households: Number(c.households),
        added: Number(c.added),
        removed: Number(c.removed),
        override,
      },
    });
    return decreeId;
  });
  // Fresh statistics for the new snapshot rows, so lists and exports plan ordered index scans.
  await sql`analyze decree_household`.execute(deps.db);
  return getDecree(deps, actor, id);
}
