import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { badRequest, conflict, notFound } from '../../http/errors.js';
import type { ServiceContext } from '../../service-context.js';
import { type Actor, scopeCodes, scopeWhere } from '../access/scope.js';
import { recordAudit } from '../audit/service.js';
import { getAgency } from './agencies.js';
import { relinkOfficialGrants } from './grants.js';
import type { Echelon } from './tables.js';

export interface Problem {
  id: string;
  en: string;
}

/**
 * What is wrong with a NIP (Nomor Induk Pegawai), or null when it is well formed: 18 digits
 * = birth date (yyyymmdd), appointment month (yyyymm), sex (1 man, 2 woman), serial (001–999).
 */
export function nipProblem(nip: string): Problem | null {
  if (!/^\d{18}$/.test(nip)) return { id: 'NIP harus 18 digit angka', en: 'NIP must be 18 digits' };
  const y = Number(nip.slice(0, 4));
  const m = Number(nip.slice(4, 6));
  const d = Number(nip.slice(6, 8));
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (y < 1930 || birth.getUTCFullYear() !== y || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d) {
    return { id: 'NIP: tanggal lahir (digit 1–8) tidak valid', en: 'NIP: birth date (digits 1–8) is not a valid date' };
  }
  const ty = Number(nip.slice(8, 12));
  const tm = Number(nip.slice(12, 14));
  if (tm < 1 || tm > 12 || ty < y + 15) {
    return { id: 'NIP: TMT pengangkatan (digit 9–14) tidak valid', en: 'NIP: appointment month (digits 9–14) is not valid' };
  }
  if (nip[14] !== '1' && nip[14] !== '2') {
    return { id: 'NIP: digit ke-15 (jenis kelamin) harus 1 atau 2', en: 'NIP: digit 15 (sex) must be 1 or 2' };
  }
  if (nip.slice(15) === '000')
    return { id: 'NIP: nomor urut (digit 16–18) tidak boleh 000', en: 'NIP: serial (digits 16–18) cannot be 000' };
  return null;
}

export function assertNip(nip: string): void {
  const p = nipProblem(nip);
  if (p) throw badRequest('INVALID_NIP', p.id, p.en, { nip });
}

export interface OfficialInput {
  agencyId: number;
  name: string;
  nip: string;
  position: string;
  echelon: Echelon;
  userId?: number | null | undefined;
}

export interface OfficialView {
  id: number;
  agencyId: number;
  agencyCode: string;
  agencyName: string;
  name: string;
  nip: string;
  position: string;
  echelon: Echelon;
  userId: number | null;
  username: string | null;
  activeAssignments: number;
}

/** Admins and kabupaten-wide pimpinan see every official; others those serving in their area, and themselves. */
function seesAllOfficials(actor: Actor, kabupatenCode: string): boolean {
  return scopeCodes(actor, ['admin_kabupaten', 'pimpinan', 'dinsos']).includes(kabupatenCode);
}

export interface OfficialQuery {
  agencyId?: number | undefined;
  echelon?: Echelon | undefined;
  q?: string | undefined;
  page: number;
  pageSize: number;
}

export async function listOfficials(deps: ServiceContext, actor: Actor, query: OfficialQuery) {
  let base = deps.db
    .selectFrom('official as o')
    .innerJoin('agency as a', 'a.id', 'o.agency_id')
    .where('o.kabupaten_code', '=', deps.kabupatenCode);
  if (!seesAllOfficials(actor, deps.kabupatenCode)) {
    base = base.where((eb) =>
      eb.or([
        eb('o.user_id', '=', actor.userId),
        eb.exists(
          eb
            .selectFrom('official_assignment as oa')
            .select('oa.id')
            .whereRef('oa.official_id', '=', 'o.id')
            .where('oa.ended_at', 'is', null)
            .where(scopeWhere(actor, 'oa')),
        ),
      ]),
    );
  }
  if (query.agencyId) base = base.where('o.agency_id', '=', query.agencyId);
  if (query.echelon) base = base.where('o.echelon', '=', query.echelon);
  if (query.q) {
    const like = `%${query.q.toLowerCase()}%`;
    base = base.where((eb) => eb.or([eb(eb.fn('lower', ['o.name']), 'like', like), eb('o.nip', 'like', `${query.q}%`)]));
  }
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .leftJoin('app_user as u', 'u.id', 'o.user_id')
    .select(['o.id', 'o.agency_id', 'a.code as agency_code', 'a.name as agency_name', 'o.name', 'o.nip', 'o.position', 'o.echelon'])
    .select(['o.user_id', 'u.username'])
    .select(
      sql<number>`(select count(*) from official_assignment oa where oa.official_id = o.id and oa.ended_at is null)`.as(
        'active_assignments',
      ),
    )
    .orderBy('a.name')
    .orderBy(sql`case o.echelon when 'II' then 1 when 'III' then 2 when 'IV' then 3 when 'JF' then 4 else 5 end`)
    .orderBy('o.id')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  const items: OfficialView[] = rows.map((r) => ({
    id: r.id,
    agencyId: r.agency_id,
    agencyCode: r.agency_code,
    agencyName: r.agency_name,
    name: r.name,
    nip: r.nip,
    position: r.position,
    echelon: r.echelon,
    userId: r.user_id,
    username: r.username,
    activeAssignments: Number(r.active_assignments),
  }));
  return { items, total: Number(total.n), page: query.page, pageSize: query.pageSize };
}

export async function getOfficial(db: Kysely<DB>, kabupatenCode: string, id: number) {
  const row = await db
    .selectFrom('official')
    .selectAll()
    .where('id', '=', id)
    .where('kabupaten_code', '=', kabupatenCode)
    .executeTakeFirst();
  if (!row) throw notFound('Pejabat');
  return row;
}

const nipTaken = (nip: string) => conflict('NIP_TAKEN', `NIP ${nip} sudah terdaftar`, `NIP ${nip} is already registered`, { nip });

/** The user exists and is not linked to another official. */
async function checkUserLink(trx: Kysely<DB>, kabupatenCode: string, userId: number, officialId: number | null): Promise<void> {
  const user = await trx.selectFrom('app_user').select('id').where('id', '=', userId).executeTakeFirst();
  if (!user) throw badRequest('UNKNOWN_USER', `Pengguna #${userId} tidak ada`, `User #${userId} does not exist`, { userId });
  const other = await trx
    .selectFrom('official')
    .select(['id', 'name'])
    .where('user_id', '=', userId)
    .where('kabupaten_code', '=', kabupatenCode)
    .executeTakeFirst();
  if (other && other.id !== officialId) {
    throw conflict(
      'USER_LINKED',
      `Pengguna ini sudah terhubung dengan pejabat ${other.name}`,
      `This user is already linked to official ${other.name}`,
      { userId, officialId: other.id },
    );
  }
}

function auditView(o: { agency_id: number; name: string; nip: string; position: string; echelon: string; user_id: number | null }) {
  return { agencyId: o.agency_id, name: o.name, nip: o.nip, position: o.position, echelon: o.echelon, userId: o.user_id };
}

export async function createOfficial(deps: ServiceContext, actor: Actor, input: OfficialInput): Promise<number> {
  assertNip(input.nip);
  return deps.db.transaction().execute(async (trx) => {
    await getAgency(trx, deps.kabupatenCode, input.agencyId);
    const dup = await trx
      .selectFrom('official')
      .select('id')
      .where('kabupaten_code', '=', deps.kabupatenCode)
      .where('nip', '=', input.nip)
      .executeTakeFirst();
    if (dup) throw nipTaken(input.nip);
    if (input.userId != null) await checkUserLink(trx, deps.kabupatenCode, input.userId, null);
    const row = await trx
      .insertInto('official')
      .values({
        kabupaten_code: deps.kabupatenCode,
        agency_id: input.agencyId,
        name: input.name,
        nip: input.nip,
        position: input.position,
        echelon: input.echelon,
        user_id: input.userId ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: 'official.create', entity: 'official', entityId: row.id, after: auditView(row) });
    return row.id;
  });
}

/** Update an official; relinking the user account moves the access of their active assignments with it. */
export async function updateOfficial(deps: ServiceContext, actor: Actor, id: number, patch: Partial<OfficialInput>): Promise<void> {
  if (patch.nip !== undefined) assertNip(patch.nip);
  await deps.db.transaction().execute(async (trx) => {
    const before = await getOfficial(trx, deps.kabupatenCode, id);
    if (patch.agencyId !== undefined) await getAgency(trx, deps.kabupatenCode, patch.agencyId);
    if (patch.nip !== undefined && patch.nip !== before.nip) {
      const dup = await trx
        .selectFrom('official')
        .select('id')
        .where('kabupaten_code', '=', deps.kabupatenCode)
        .where('nip', '=', patch.nip)
        .executeTakeFirst();
      if (dup) throw nipTaken(patch.nip);
    }
    if (patch.userId != null) await checkUserLink(trx, deps.kabupatenCode, patch.userId, id);
    const after = await trx
      .updateTable('official')
      .set({
        ...(patch.agencyId !== undefined ? { agency_id: patch.agencyId } : {}),
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.nip !== undefined ? { nip: patch.nip } : {}),
        ...(patch.position !== undefined ? { position: patch.position } : {}),
        ...(patch.echelon !== undefined ? { echelon: patch.echelon } : {}),
        ...(patch.userId !== undefined ? { user_id: patch.userId } : {}),
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (after.user_id !== before.user_id) await relinkOfficialGrants(trx, id, after.user_id);
    await recordAudit(trx, actor, {
      action: 'official.update',
      entity: 'official',
      entityId: id,
      before: auditView(before),
      after: auditView(after),
    });
  });
}

/** Only an official who never held an assignment can be deleted; end their assignments instead. */
export async function deleteOfficial(deps: ServiceContext, actor: Actor, id: number): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const before = await getOfficial(trx, deps.kabupatenCode, id);
    const used = await trx.selectFrom('official_assignment').select('id').where('official_id', '=', id).limit(1).executeTakeFirst();
    if (used) {
      throw conflict(
        'OFFICIAL_IN_USE',
        `Pejabat ${before.name} memiliki penugasan; akhiri penugasannya, data pejabat tetap disimpan`,
        `Official ${before.name} has assignments; end them instead, the official stays on record`,
      );
    }
    await trx.deleteFrom('official').where('id', '=', id).execute();
    await recordAudit(trx, actor, { action: 'official.delete', entity: 'official', entityId: id, before: auditView(before) });
  });
}
