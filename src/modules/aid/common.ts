import { type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { badRequest, notFound } from '../../http/errors.js';
import { rolesFor } from '../access/policy.js';
import type { Role } from '../access/roles.js';
import { type Actor, assertRegionInScope, regionLevel, regionWithin } from '../access/scope.js';

/** Shared pieces of the aid module: who does what, what a target household is, lookups. */

/** Who proposes, verifies, approves, records receipts and budgets: access/policy.ts. */
export const PROPOSER_ROLES = rolesFor('aid.proposal.create');
export const VERIFIER_ROLES = rolesFor('aid.proposal.verify');
export const APPROVER_ROLES = rolesFor('aid.proposal.approve');
export const RECEIPT_WRITER_ROLES = rolesFor('aid.receipt.write');
export const BUDGET_ROLES = rolesFor('aid.budget.manage');

export { isTarget, notEnded, TARGET_STATUS } from '../households/target.js';

/** Region filter on a scoped table: a kecamatan or desa code, checked against the caller's scope. */
export function regionFilter(
  actor: Actor,
  alias: string,
  kabupatenCode: string,
  f: { kecamatan?: string | undefined; desa?: string | undefined },
) {
  const parts: RawBuilder<SqlBool>[] = [];
  for (const [code, level, col] of [
    [f.kecamatan, 3, 'kecamatan_code'],
    [f.desa, 4, 'desa_code'],
  ] as const) {
    if (!code) continue;
    if (regionLevel(code) !== level || !regionWithin(code, kabupatenCode)) {
      throw badRequest('INVALID_REGION', 'Kode wilayah tidak sesuai', 'The region code does not fit');
    }
    assertRegionInScope(actor, code);
    parts.push(sql<SqlBool>`${sql.ref(`${alias}.${col}`)} = ${code}`);
  }
  return parts.length ? sql<SqlBool>`(${sql.join(parts, sql` and `)})` : sql<SqlBool>`true`;
}

export interface ProgramRow {
  id: number;
  code: string;
  name: string;
  unit: 'HOUSEHOLD' | 'MEMBER';
  fundingSource: string;
  active: boolean;
}

export async function programByCode(db: Kysely<DB>, code: string): Promise<ProgramRow> {
  const p = await db
    .selectFrom('aid_program')
    .select(['id', 'code', 'name', 'unit', 'funding_source', 'active'])
    .where('code', '=', code)
    .executeTakeFirst();
  if (!p)
    throw badRequest('UNKNOWN_PROGRAM', `Program bantuan ${code} tidak ada di katalog`, `Aid program ${code} is not in the catalogue`);
  return { id: Number(p.id), code: p.code, name: p.name, unit: p.unit, fundingSource: p.funding_source, active: p.active };
}

export interface HouseholdRef {
  id: number;
  desaCode: string;
  kecamatanCode: string;
  kabupatenCode: string;
  targetStatus: string;
}

/** A household the caller may see (404 otherwise), optionally limited to some of their roles. */
export async function householdInScope(db: Kysely<DB>, actor: Actor, id: number, roles?: readonly Role[]): Promise<HouseholdRef> {
  const h = await db
    .selectFrom('household')
    .select(['id', 'desa_code', 'kecamatan_code', 'kabupaten_code', 'target_status'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!h) throw notFound('Keluarga');
  assertRegionInScope(actor, h.desa_code, roles);
  return {
    id: Number(h.id),
    desaCode: h.desa_code,
    kecamatanCode: h.kecamatan_code,
    kabupatenCode: h.kabupaten_code,
    targetStatus: h.target_status,
  };
}

/** A member of the household (400 when it belongs to another one). */
export async function assertMemberOf(db: Kysely<DB>, householdId: number, memberId: number): Promise<void> {
  const m = await db
    .selectFrom('member')
    .select('id')
    .where('id', '=', memberId)
    .where('household_id', '=', householdId)
    .executeTakeFirst();
  if (!m) throw badRequest('MEMBER_NOT_IN_HOUSEHOLD', 'Anggota bukan dari keluarga ini', 'The member does not belong to this household');
}

/** Checks the unit of a program against the recipient given: a member program needs a member. */
export function assertUnit(program: ProgramRow, memberId: number | null | undefined): void {
  if (program.unit === 'MEMBER' && !memberId) {
    throw badRequest(
      'MEMBER_REQUIRED',
      `Program ${program.code} diberikan per anggota: pilih anggota`,
      `${program.code} is given per member: choose a member`,
    );
  }
  if (program.unit === 'HOUSEHOLD' && memberId) {
    throw badRequest('HOUSEHOLD_PROGRAM', `Program ${program.code} diberikan per keluarga`, `${program.code} is given per household`);
  }
}

export const num = (v: string | number | null | undefined): number | null => (v === null || v === undefined ? null : Number(v));
