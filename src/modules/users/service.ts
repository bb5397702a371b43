import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, badRequest, conflict, notFound } from '../../http/errors.js';
import { todayWib } from '../../lib/dates.js';
import { can } from '../access/policy.js';
import { isRole, ROLE_LEVELS, type Role } from '../access/roles.js';
import type { Actor, Grant } from '../access/scope.js';
import { type AuditActor, recordAudit } from '../audit/service.js';
import { clearAttempts } from '../auth/throttle.js';
import { hashPassword, passwordProblem, verifyPassword } from './password.js';

export interface UserView {
  id: number;
  username: string;
  fullName: string;
  active: boolean;
  language: 'id' | 'en';
  roles: Array<{ role: Role; regionCode: string; regionName: string | null; source: string }>;
  /** Must change the password an admin gave before anything else (initial password, reset). */
  mustChangePassword: boolean;
  createdAt: Date;
}

export interface NewUserInput {
  username: string;
  fullName: string;
  password: string;
  roles: Grant[];
  language?: 'id' | 'en' | undefined;
  /** Ask for a new password at first sign-in (an admin chose this one). */
  mustChangePassword?: boolean | undefined;
}

export interface UserPatch {
  fullName?: string | undefined;
  active?: boolean | undefined;
  language?: 'id' | 'en' | undefined;
  roles?: Grant[] | undefined;
}

function checkPassword(password: string) {
  const problem = passwordProblem(password);
  if (problem) throw badRequest('WEAK_PASSWORD', problem.id, problem.en);
}

/** Roles must be known, on an existing region of the right level, inside the granting admin's scope. */
async function checkGrants(db: Kysely<DB>, grants: Grant[], by: Actor | null) {
  for (const g of grants) {
    if (!isRole(g.role)) throw badRequest('UNKNOWN_ROLE', `Peran tidak dikenal: ${g.role}`, `Unknown role: ${g.role}`);
    const region = await db.selectFrom('region').select(['code', 'level']).where('code', '=', g.regionCode).executeTakeFirst();
    if (!region || (by && !can(by, 'users.manage', g.regionCode))) {
      throw badRequest(
        'UNKNOWN_REGION',
        `Wilayah ${g.regionCode} tidak dikenal atau di luar wilayah Anda`,
        `Region ${g.regionCode} is unknown or outside your area`,
      );
    }
    const { min, max } = ROLE_LEVELS[g.role];
    if (region.level < min || region.level > max) {
      throw badRequest(
        'ROLE_REGION_LEVEL',
        `Peran ${g.role} tidak dapat diberikan pada tingkat wilayah ${g.regionCode}`,
        `Role ${g.role} cannot be held on region level of ${g.regionCode}`,
      );
    }
  }
}

/**
 * A grant dated to a program period (penugasan, migration 0015) is in force only on the
 * period's days in the kabupaten's calendar (WIB); undated grants always are.
 */
function grantInForce(alias?: string) {
  const today = todayWib();
  const col = (c: string) => sql.ref(alias ? `${alias}.${c}` : c);
  return sql<boolean>`(${col('valid_from')} is null or ${col('valid_from')} <= ${today}::date) and (${col('valid_until')} is null or ${col('valid_until')} >= ${today}::date)`;
}

export async function getUserView(db: Kysely<DB>, id: number): Promise<UserView | undefined> {
  const u = await db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst();
  if (!u) return undefined;
  const roles = await db
    .selectFrom('user_role as ur')
    .leftJoin('region as r', 'r.code', 'ur.region_code')
    .select(['ur.role', 'ur.region_code', 'r.name', 'ur.source'])
    .where('ur.user_id', '=', id)
    .where(grantInForce('ur'))
    .orderBy('ur.id')
    .execute();
  return {
    id: u.id,
    username: u.username,
    fullName: u.full_name,
    active: u.active,
    language: u.language,
    roles: roles.map((r) => ({ role: r.role as Role, regionCode: r.region_code, regionName: r.name, source: r.source })),
    mustChangePassword: u.must_change_password,
    createdAt: u.created_at,
  };
}

export async function listUsers(db: Kysely<DB>, q: { search?: string | undefined; page: number; pageSize: number }) {
  let base = db.selectFrom('app_user');
  if (q.search) {
    const like = `%${q.search.toLowerCase()}%`;
    base = base.where((eb) => eb.or([eb(eb.fn('lower', ['username']), 'like', like), eb(eb.fn('lower', ['full_name']), 'like', like)]));
  }
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const ids = await base
    .select('id')
    .orderBy('username')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  const items: UserView[] = [];
  for (const { id } of ids) {
    const v = await getUserView(db, id);
    if (v) items.push(v);
  }
  return { items, total: Number(total.n), page: q.page, pageSize: q.pageSize };
}

export async function createUser(db: Kysely<DB>, input: NewUserInput, by: Actor | null, auditActor: AuditActor): Promise<UserView> {
  checkPassword(input.password);
  await checkGrants(db, input.roles, by);
  const passwordHash = await hashPassword(input.password);
  const id = await db.transaction().execute(async (trx) => {
    const exists = await trx
      .selectFrom('app_user')
      .select('id')
      .where((eb) => eb(eb.fn('lower', ['username']), '=', input.username.toLowerCase()))
      .executeTakeFirst();
    if (exists) {
      throw conflict('USERNAME_TAKEN', `Nama pengguna "${input.username}" sudah dipakai`, `Username "${input.username}" is taken`);
    }
    const row = await trx
      .insertInto('app_user')
      .values({
        username: input.username,
        full_name: input.fullName,
        password_hash: passwordHash,
        language: input.language ?? 'id',
        must_change_password: input.mustChangePassword ?? false,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (input.roles.length) {
      await trx
        .insertInto('user_role')
        .values(input.roles.map((g) => ({ user_id: row.id, role: g.role, region_code: g.regionCode })))
        .execute();
    }
    await recordAudit(trx, auditActor, {
      action: 'user.create',
      entity: 'user',
      entityId: row.id,
      after: { username: input.username, fullName: input.fullName, roles: input.roles },
    });
    return row.id;
  });
  const view = await getUserView(db, id);
  if (!view) throw notFound('Pengguna');
  return view;
}

export async function updateUser(db: Kysely<DB>, id: number, patch: UserPatch, by: Actor, auditActor: AuditActor): Promise<UserView> {
  const before = await getUserView(db, id);
  if (!before) throw notFound('Pengguna');
  if (patch.roles) await checkGrants(db, patch.roles, by);
  if (id === by.userId && (patch.active === false || (patch.roles && !patch.roles.some((r) => r.role === 'admin_kabupaten')))) {
    throw new AppError(
      400,
      'CANNOT_DEMOTE_SELF',
      'Anda tidak dapat menonaktifkan atau mencabut peran admin akun sendiri',
      'You cannot deactivate yourself or remove your own admin role',
    );
  }
  await db.transaction().execute(async (trx) => {
    const set: Partial<{ full_name: string; active: boolean; language: 'id' | 'en'; updated_at: Date }> = { updated_at: new Date() };
    if (patch.fullName !== undefined) set.full_name = patch.fullName;
    if (patch.active !== undefined) set.active = patch.active;
    if (patch.language !== undefined) set.language = patch.language;
    await trx.updateTable('app_user').set(set).where('id', '=', id).execute();
    if (patch.active === false) await trx.deleteFrom('session').where('user_id', '=', id).execute();
    if (patch.roles) {
      // Only manual grants are edited here; grants derived from penugasan stay.
      await trx.deleteFrom('user_role').where('user_id', '=', id).where('source', '=', 'manual').execute();
      if (patch.roles.length) {
        await trx
          .insertInto('user_role')
          .values(patch.roles.map((g) => ({ user_id: id, role: g.role, region_code: g.regionCode })))
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
    }
    await recordAudit(trx, auditActor, {
      action: 'user.update',
      entity: 'user',
      entityId: id,
      before: { fullName: before.fullName, active: before.active, language: before.language, roles: before.roles },
      after: patch,
    });
  });
  const view = await getUserView(db, id);
  if (!view) throw notFound('Pengguna');
  return view;
}

/**
 * Set a user's password. `mustChange`: an admin reset, so the user must choose their own at the
 * next sign-in; a user's own change clears that.
 */
export async function setPassword(db: Kysely<DB>, id: number, password: string, auditActor: AuditActor, mustChange = false): Promise<void> {
  checkPassword(password);
  const hash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    if (!mustChange) {
      const before = await trx.selectFrom('app_user').select('password_hash').where('id', '=', id).executeTakeFirst();
      if (before && (await verifyPassword(password, before.password_hash))) {
        throw badRequest('SAME_PASSWORD', 'Kata sandi baru harus berbeda dari yang lama', 'The new password must differ from the old one');
      }
    }
    const res = await trx
      .updateTable('app_user')
      .set({ password_hash: hash, failed_logins: 0, locked_until: null, must_change_password: mustChange, updated_at: new Date() })
      .where('id', '=', id)
      .executeTakeFirst();
    if (!res.numUpdatedRows) throw notFound('Pengguna');
    // A new password lifts a login lock on that name (what an admin reset is for)…
    const { username } = await trx.selectFrom('app_user').select('username').where('id', '=', id).executeTakeFirstOrThrow();
    await clearAttempts(trx, username);
    // …and ends every open session of that user.
    await trx.deleteFrom('session').where('user_id', '=', id).execute();
    await recordAudit(trx, auditActor, { action: 'user.password', entity: 'user', entityId: id, after: { mustChange } });
  });
}

export async function setLanguage(db: Kysely<DB>, id: number, language: 'id' | 'en', auditActor: AuditActor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('app_user').select('language').where('id', '=', id).executeTakeFirst();
    if (!before) throw notFound('Pengguna');
    await trx.updateTable('app_user').set({ language, updated_at: new Date() }).where('id', '=', id).execute();
    await recordAudit(trx, auditActor, { action: 'user.language', entity: 'user', entityId: id, before, after: { language } });
  });
}

export async function findUserIdByUsername(db: Kysely<DB>, username: string): Promise<number | undefined> {
  const u = await db
    .selectFrom('app_user')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['username']), '=', username.toLowerCase()))
    .executeTakeFirst();
  return u?.id;
}

/** The grants of an active user, as the access layer sees them. */
export async function loadActor(db: Kysely<DB>, userId: number): Promise<Actor | undefined> {
  const u = await db
    .selectFrom('app_user')
    .select(['id', 'username', 'full_name', 'active', 'must_change_password'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!u?.active) return undefined;
  const roles = await db
    .selectFrom('user_role')
    .select(['role', 'region_code'])
    .where('user_id', '=', userId)
    .where(grantInForce())
    .execute();
  return {
    userId: u.id,
    username: u.username,
    fullName: u.full_name,
    grants: roles.filter((r) => isRole(r.role)).map((r) => ({ role: r.role as Role, regionCode: r.region_code })),
    mustChangePassword: u.must_change_password,
  };
}
