import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { badRequest, notFound } from '../../http/errors.js';
import { assertCan, can } from '../access/policy.js';
import { ROLE_LABELS, type Role } from '../access/roles.js';
import { type Actor, regionWithin } from '../access/scope.js';
import { type AuditActor, recordAudit } from '../audit/service.js';
import { grantAssignments } from '../organisation/grants.js';
import { generatePassword, hashGeneratedPasswords } from './password.js';
import type { Slip } from './slips.js';

/**
 * Accounts in bulk (issue 25): the operator accounts of every desa and kecamatan of a chosen set,
 * and the accounts of the officials of a penugasan period, each with a generated username and a
 * random initial password that the user must change at first sign-in. Existing accounts are
 * skipped and reported, so running it twice creates nothing the second time. One transaction,
 * multi-row inserts, one audit entry for the batch.
 */

export interface BulkCreated extends Slip {
  userId: number;
  role: Role;
}

export interface BulkSkipped {
  fullName: string;
  regionCode: string | null;
  /** The account that already exists, when that is the reason. */
  username: string | null;
  reason: { id: string; en: string };
}

export interface BulkResult {
  created: BulkCreated[];
  skipped: BulkSkipped[];
}

/** "Sumber Wringin" → "sumber-wringin": lower-case ASCII letters and digits joined by '-'. */
export function slug(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
}

/**
 * Deterministic, readable usernames: the first free of `candidates` (e.g. op.sumber, then
 * op.sumber.banyuanyar when another kecamatan has a Sumber too), then the last with -2, -3…
 * `taken` holds lower-cased names in use, and gets the chosen one.
 */
export function pickUsername(candidates: string[], taken: Set<string>): string {
  for (const c of candidates) {
    const name = c.slice(0, 50);
    if (!taken.has(name.toLowerCase())) {
      taken.add(name.toLowerCase());
      return name;
    }
  }
  const base = (candidates[candidates.length - 1] ?? 'pengguna').slice(0, 46);
  for (let i = 2; ; i++) {
    const name = `${base}-${i}`;
    if (!taken.has(name.toLowerCase())) {
      taken.add(name.toLowerCase());
      return name;
    }
  }
}

/** "Ir. Bambang Sutrisno, M.T." → "Bambang Sutrisno": the name without degrees and titles. */
export function personalName(name: string): string {
  const words = name
    .replace(/,.*$/, '')
    .split(/\s+/)
    .filter((w) => w && !w.endsWith('.') && !/^(h|hj|ir|dr|drs|dra|prof)$/i.test(w));
  return words.length ? words.join(' ') : name;
}

async function takenUsernames(db: Kysely<DB>): Promise<Set<string>> {
  const rows = await db.selectFrom('app_user').select(sql<string>`lower(username)`.as('u')).execute();
  return new Set(rows.map((r) => r.u));
}

export interface Planned {
  username: string;
  fullName: string;
  role: Role;
  regionCode: string;
  regionName: string;
  officialId?: number;
}

/** Insert planned accounts (one multi-row insert each for users and roles) and audit the batch. */
export async function insertPlanned(trx: Kysely<DB>, planned: Planned[], actor: AuditActor, kind: string): Promise<BulkCreated[]> {
  if (planned.length === 0) return [];
  const passwords = planned.map(() => generatePassword());
  const hashes = await hashGeneratedPasswords(passwords);
  const rows = await trx
    .insertInto('app_user')
    .values(
      planned.map((p, i) => ({
        username: p.username,
        full_name: p.fullName,
        password_hash: hashes[i] as string,
        must_change_password: true,
      })),
    )
    .returning(['id', 'username'])
    .execute();
  const idOf = new Map(rows.map((r) => [r.username, r.id]));
  const created = planned.map((p, i) => ({
    userId: idOf.get(p.username) as number,
    username: p.username,
    fullName: p.fullName,
    role: p.role,
    roleLabel: ROLE_LABELS[p.role].id,
    regionCode: p.regionCode,
    regionName: p.regionName,
    password: passwords[i] as string,
  }));
  const manual = planned.map((p, i) => ({ p, c: created[i] as BulkCreated })).filter(({ p }) => p.officialId === undefined);
  if (manual.length) {
    await trx
      .insertInto('user_role')
      .values(manual.map(({ p, c }) => ({ user_id: c.userId, role: p.role, region_code: p.regionCode })))
      .execute();
  }
  await recordAudit(trx, actor, {
    action: 'user.bulk_create',
    entity: 'user',
    entityId: null,
    after: { kind, users: created.map((c) => ({ id: c.userId, username: c.username, role: c.role, regionCode: c.regionCode })) },
  });
  return created;
}

export interface OperatorSelection {
  /** Kecamatan or desa codes (or the kabupaten's); every desa and kecamatan within them. */
  regionCodes: string[];
  desa: boolean;
  kecamatan: boolean;
}

/** Operator accounts: one operator_desa per desa and one operator_kecamatan per kecamatan without one. */
export async function createOperatorAccounts(
  db: Kysely<DB>,
  kabupatenCode: string,
  actor: Actor,
  sel: OperatorSelection,
): Promise<BulkResult> {
  assertCan(actor, 'users.bulk');
  if (!sel.desa && !sel.kecamatan) {
    throw badRequest(
      'NOTHING_SELECTED',
      'Pilih operator desa, operator kecamatan atau keduanya',
      'Choose desa operators, kecamatan operators or both',
    );
  }
  const codes = sel.regionCodes.length ? sel.regionCodes : [kabupatenCode];
  for (const code of codes) {
    if (!regionWithin(code, kabupatenCode) || !can(actor, 'users.bulk', code)) throw notFound('Wilayah');
  }
  const known = await db.selectFrom('region').select('code').where('code', 'in', codes).execute();
  if (known.length !== new Set(codes).size) throw notFound('Wilayah');
  return db.transaction().execute(async (trx) => {
    const regions = await trx
      .selectFrom('region as r')
      .leftJoin('region as k', 'k.code', 'r.parent_code')
      .select(['r.code', 'r.name', 'r.level', 'k.name as parent_name'])
      .where((eb) =>
        eb.and([
          eb('r.level', 'in', [...(sel.kecamatan ? [3] : []), ...(sel.desa ? [4] : [])]),
          eb.or(codes.flatMap((c) => [eb('r.code', '=', c), eb('r.code', 'like', `${c}.%`)])),
        ]),
      )
      .orderBy('r.code')
      .execute();
    // A region that has an account of its operator role (active or not) is skipped.
    const existing = await trx
      .selectFrom('user_role as ur')
      .innerJoin('app_user as u', 'u.id', 'ur.user_id')
      .select(['ur.region_code', 'ur.role', 'u.username'])
      .where('ur.role', 'in', ['operator_desa', 'operator_kecamatan'])
      .where('ur.region_code', 'in', regions.length ? regions.map((r) => r.code) : [''])
      .orderBy('u.id')
      .execute();
    const holder = new Map<string, string>();
    for (const e of existing) if (!holder.has(`${e.role}|${e.region_code}`)) holder.set(`${e.role}|${e.region_code}`, e.username);
    const taken = await takenUsernames(trx);
    const planned: Planned[] = [];
    const skipped: BulkSkipped[] = [];
    for (const r of regions) {
      const role: Role = r.level === 4 ? 'operator_desa' : 'operator_kecamatan';
      const fullName = r.level === 4 ? `Operator Desa ${r.name}` : `Operator Kecamatan ${r.name}`;
      const has = holder.get(`${role}|${r.code}`);
      if (has) {
        skipped.push({
          fullName,
          regionCode: r.code,
          username: has,
          reason: {
            id: `Sudah ada akun ${ROLE_LABELS[role].id.toLowerCase()}: ${has}`,
            en: `Already has a ${ROLE_LABELS[role].en.toLowerCase()} account: ${has}`,
          },
        });
        continue;
      }
      const prefix = r.level === 4 ? 'op' : 'opkec';
      const own = slug(r.name) || r.code.replaceAll('.', '');
      const candidates = r.level === 4 ? [`${prefix}.${own}`, `${prefix}.${own}.${slug(r.parent_name ?? '')}`] : [`${prefix}.${own}`];
      planned.push({ username: pickUsername(candidates, taken), fullName, role, regionCode: r.code, regionName: r.name });
    }
    const created = await insertPlanned(trx, planned, actor, 'operators');
    return { created, skipped };
  });
}

/** Accounts for the officials with an assignment in the period and no account yet, linked to them. */
export async function createOfficialAccounts(db: Kysely<DB>, kabupatenCode: string, actor: Actor, periodId: number): Promise<BulkResult> {
  assertCan(actor, 'users.bulk');
  const period = await db
    .selectFrom('program_period')
    .select('id')
    .where('id', '=', periodId)
    .where('kabupaten_code', '=', kabupatenCode)
    .executeTakeFirst();
  if (!period) throw notFound('Periode');
  return db.transaction().execute(async (trx) => {
    const assignments = await trx
      .selectFrom('official_assignment as oa')
      .innerJoin('official as o', 'o.id', 'oa.official_id')
      .leftJoin('app_user as u', 'u.id', 'o.user_id')
      .leftJoin('region as r', (j) => j.on(sql<boolean>`r.code = coalesce(oa.desa_code, oa.kecamatan_code)`))
      .select([
        'oa.id',
        'oa.kecamatan_code',
        'oa.desa_code',
        'o.id as official_id',
        'o.name',
        'o.nip',
        'o.user_id',
        'u.username',
        'r.name as region_name',
      ])
      .where('oa.period_id', '=', periodId)
      .where('oa.ended_at', 'is', null)
      .orderBy('o.id')
      .orderBy('oa.id')
      .execute();
    const inScope = assignments.filter((a) => can(actor, 'users.bulk', a.desa_code ?? a.kecamatan_code));
    const byOfficial = new Map<number, typeof inScope>();
    for (const a of inScope) byOfficial.set(a.official_id, [...(byOfficial.get(a.official_id) ?? []), a]);
    const taken = await takenUsernames(trx);
    const planned: Planned[] = [];
    const skipped: BulkSkipped[] = [];
    for (const [officialId, list] of byOfficial) {
      const first = list[0] as (typeof list)[number];
      const regionCode = first.desa_code ?? first.kecamatan_code;
      if (first.user_id !== null) {
        skipped.push({
          fullName: first.name,
          regionCode,
          username: first.username,
          reason: { id: `Pejabat sudah punya akun: ${first.username}`, en: `The official already has an account: ${first.username}` },
        });
        continue;
      }
      const parts = slug(personalName(first.name)).split('-').filter(Boolean);
      const base = parts.length > 1 ? `${parts[0]}.${parts[parts.length - 1]}` : (parts[0] ?? 'pejabat');
      const candidates = [base, `${base}.${first.nip.slice(-4)}`];
      const regionName = list.map((a) => a.region_name ?? a.desa_code ?? a.kecamatan_code).join(', ');
      planned.push({
        username: pickUsername(candidates, taken),
        fullName: first.name,
        role: 'opd_pendamping',
        regionCode,
        regionName,
        officialId,
      });
    }
    const created = await insertPlanned(trx, planned, actor, 'officials');
    for (const [i, p] of planned.entries()) {
      const c = created[i] as BulkCreated;
      await trx
        .updateTable('official')
        .set({ user_id: c.userId, updated_at: new Date() })
        .where('id', '=', p.officialId as number)
        .execute();
      await grantAssignments(trx, c.userId, byOfficial.get(p.officialId as number) ?? []);
    }
    return { created, skipped };
  });
}

export interface DeactivateSelection {
  userIds?: number[] | undefined;
  /** With or without userIds: users holding a role (or `role`) on a region within this one. */
  regionCode?: string | undefined;
  role?: Role | undefined;
}

/** Deactivate users in bulk: their sessions end; the admin's own account is skipped. */
export async function deactivateUsers(
  db: Kysely<DB>,
  kabupatenCode: string,
  actor: Actor,
  sel: DeactivateSelection,
): Promise<{
  deactivated: Array<{ id: number; username: string }>;
  skipped: Array<{ id: number; username: string; reason: { id: string; en: string } }>;
}> {
  assertCan(actor, 'users.bulk');
  if (!sel.userIds?.length && !sel.regionCode && !sel.role) {
    throw badRequest('NOTHING_SELECTED', 'Pilih pengguna, wilayah atau peran', 'Choose users, a region or a role');
  }
  if (sel.regionCode && (!regionWithin(sel.regionCode, kabupatenCode) || !can(actor, 'users.bulk', sel.regionCode))) {
    throw notFound('Wilayah');
  }
  return db.transaction().execute(async (trx) => {
    let q = trx.selectFrom('app_user as u').select(['u.id', 'u.username', 'u.active']);
    if (sel.userIds?.length) q = q.where('u.id', 'in', sel.userIds);
    if (sel.regionCode || sel.role) {
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('user_role as ur')
            .select('ur.id')
            .whereRef('ur.user_id', '=', 'u.id')
            .$if(Boolean(sel.role), (w) => w.where('ur.role', '=', sel.role as Role))
            .$if(Boolean(sel.regionCode), (w) =>
              w.where((e) =>
                e.or([e('ur.region_code', '=', sel.regionCode as string), e('ur.region_code', 'like', `${sel.regionCode}.%`)]),
              ),
            ),
        ),
      );
    }
    const users = await q.orderBy('u.username').execute();
    if (sel.userIds?.length && users.length !== new Set(sel.userIds).size) throw notFound('Pengguna');
    const skipped = users
      .filter((u) => u.id === actor.userId)
      .map((u) => ({ id: u.id, username: u.username, reason: { id: 'Akun Anda sendiri', en: 'Your own account' } }));
    const already = users
      .filter((u) => u.id !== actor.userId && !u.active)
      .map((u) => ({ id: u.id, username: u.username, reason: { id: 'Sudah nonaktif', en: 'Already inactive' } }));
    const target = users.filter((u) => u.id !== actor.userId && u.active);
    if (target.length) {
      const ids = target.map((u) => u.id);
      await trx.updateTable('app_user').set({ active: false, updated_at: new Date() }).where('id', 'in', ids).execute();
      await trx.deleteFrom('session').where('user_id', 'in', ids).execute();
      await recordAudit(trx, actor, {
        action: 'user.bulk_deactivate',
        entity: 'user',
        entityId: null,
        before: { active: true },
        after: { selection: sel, users: target.map((u) => ({ id: u.id, username: u.username })) },
      });
    }
    return { deactivated: target.map((u) => ({ id: u.id, username: u.username })), skipped: [...skipped, ...already] };
  });
}
