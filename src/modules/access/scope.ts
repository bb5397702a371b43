import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';
import { badRequest, notFound } from '../../http/errors.js';
import type { Role } from './roles.js';

/**
 * What a signed-in user may touch: their roles, each on a region code. Every module
 * filters by `scopeWhere` for reads and calls `assertRegionInScope` for writes; nothing
 * re-implements region checks.
 */
export interface Grant {
  role: Role;
  regionCode: string;
}

export interface Actor {
  userId: number;
  username: string;
  fullName: string;
  grants: Grant[];
  /** The password was given by an admin: only the password change, me and logout are allowed (issue 25). */
  mustChangePassword?: boolean;
}

export function regionLevel(code: string): number {
  return code.split('.').length;
}

/** True when `code` is `scopeCode` or lies inside it (35.13.06.2005 lies in 35.13.06). */
export function regionWithin(code: string, scopeCode: string): boolean {
  return code === scopeCode || code.startsWith(`${scopeCode}.`);
}

/** True when `code` is a desa or kelurahan (level 4) of the kabupaten: the one test for "a desa of this kabupaten". */
export function isDesaOf(code: string, kabupatenCode: string): boolean {
  return regionLevel(code) === 4 && regionWithin(code, kabupatenCode);
}

/** 400 DESA_REQUIRED unless `code` is a desa or kelurahan of the kabupaten. */
export function assertDesaOf(code: string, kabupatenCode: string): void {
  if (!isDesaOf(code, kabupatenCode)) {
    throw badRequest('DESA_REQUIRED', 'Kode wilayah harus kode desa/kelurahan', 'The region must be a desa/kelurahan code');
  }
}

/** Region codes on which the actor holds any of `roles` (all roles when omitted). */
export function scopeCodes(actor: Actor, roles?: readonly Role[]): string[] {
  const codes = actor.grants.filter((g) => !roles || roles.includes(g.role)).map((g) => g.regionCode);
  // Drop codes already covered by a broader one.
  return [...new Set(codes)].filter((c) => !codes.some((o) => o !== c && regionWithin(c, o)));
}

export function canAccessRegion(actor: Actor, regionCode: string, roles?: readonly Role[]): boolean {
  return scopeCodes(actor, roles).some((s) => regionWithin(regionCode, s));
}

/** Throws 404 (not 403, so existence is not revealed) when the region is out of scope. */
export function assertRegionInScope(actor: Actor, regionCode: string, roles?: readonly Role[]): void {
  if (!canAccessRegion(actor, regionCode, roles)) throw notFound();
}

/**
 * "The user sees this region or a part of it", and so the one rule for a region filter on a list, summary or export (`?kecamatan=`, `?desa=`,
 * `?region=`): the filter must lie in the actor's regions or contain part of them (an operator
 * desa may filter on their kecamatan and gets their desa's rows). Any other region answers 404
 * NOT_FOUND, like the same region's objects by id; the list itself is still limited by
 * `scopeWhere`. Absent filters (undefined, null, '') pass.
 */
export function regionFilterInScope(actor: Actor, code: string, roles?: readonly Role[]): boolean {
  return canAccessRegion(actor, code, roles) || scopeCodes(actor, roles).some((s) => regionWithin(s, code));
}

export function assertRegionFilter(actor: Actor, code: string | null | undefined, roles?: readonly Role[]): void {
  if (code && !regionFilterInScope(actor, code, roles)) throw notFound('Wilayah');
}

/**
 * SQL condition limiting a region-scoped table to the actor's regions. The table must carry
 * `kabupaten_code`, `kecamatan_code` and `desa_code` (pass its alias when joined).
 */
export function scopeWhere(actor: Actor, alias?: string, roles?: readonly Role[]): RawBuilder<SqlBool> {
  const col = (name: string) => sql.ref(alias ? `${alias}.${name}` : name);
  const codes = scopeCodes(actor, roles);
  if (codes.length === 0) return sql<SqlBool>`false`;
  const parts: Expression<SqlBool>[] = [];
  const byLevel = (level: number) => codes.filter((c) => regionLevel(c) === level);
  const prov = byLevel(1);
  const kab = byLevel(2);
  const kec = byLevel(3);
  const desa = byLevel(4);
  for (const p of prov) parts.push(sql<SqlBool>`${col('kabupaten_code')} like ${`${p}.%`}`);
  if (kab.length) parts.push(sql<SqlBool>`${col('kabupaten_code')} in (${sql.join(kab)})`);
  if (kec.length) parts.push(sql<SqlBool>`${col('kecamatan_code')} in (${sql.join(kec)})`);
  if (desa.length) parts.push(sql<SqlBool>`${col('desa_code')} in (${sql.join(desa)})`);
  return sql<SqlBool>`(${sql.join(parts, sql` or `)})`;
}

/**
 * Split a desa code into the three scope columns every region-scoped table carries. A row of
 * a higher region (a kecamatan or kabupaten rakor) repeats its own code in the lower columns.
 */
export function scopeColumns(desaCode: string): { kabupaten_code: string; kecamatan_code: string; desa_code: string } {
  const parts = desaCode.split('.');
  const upTo = (n: number) => (parts.length >= n ? parts.slice(0, n).join('.') : desaCode);
  return { kabupaten_code: upTo(2), kecamatan_code: upTo(3), desa_code: desaCode };
}
