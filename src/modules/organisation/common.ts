import { type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import { lockTransaction } from '../../db/advisory-locks.js';
import type { DB } from '../../db/schema.js';
import { badRequest } from '../../http/errors.js';
import { type Actor, assertRegionInScope, regionLevel, regionWithin, scopeCodes, scopeWhere } from '../access/scope.js';

/** Serialises organisation writes whose checks span rows (period overlap, double assignment). */
export async function lockOrganisation(trx: Kysely<DB>): Promise<void> {
  await lockTransaction(trx, 'ORGANISATION');
}

export interface RegionRef {
  code: string;
  name: string;
  level: number;
  parentCode: string | null;
}

const LEVEL_NAME: Record<number, { id: string; en: string }> = {
  3: { id: 'kecamatan', en: 'kecamatan (district)' },
  4: { id: 'desa/kelurahan', en: 'desa/kelurahan (village)' },
};

/**
 * A region of this kabupaten at the expected level that the admin may manage, or a clear
 * 400: outside the kabupaten, unknown, or of the wrong level.
 */
export async function requireRegion(db: Kysely<DB>, kabupatenCode: string, code: string, level: 3 | 4, actor?: Actor): Promise<RegionRef> {
  if (!regionWithin(code, kabupatenCode) || code === kabupatenCode) {
    throw badRequest(
      'REGION_OUTSIDE_KABUPATEN',
      `Wilayah ${code} berada di luar kabupaten ${kabupatenCode}`,
      `Region ${code} lies outside kabupaten ${kabupatenCode}`,
      { regionCode: code },
    );
  }
  const row = await db.selectFrom('region').select(['code', 'name', 'level', 'parent_code']).where('code', '=', code).executeTakeFirst();
  if (!row) {
    throw badRequest('UNKNOWN_REGION', `Kode wilayah ${code} tidak dikenal`, `Region code ${code} is unknown`, { regionCode: code });
  }
  const want = LEVEL_NAME[level] ?? { id: String(level), en: String(level) };
  if (row.level !== level) {
    throw badRequest('REGION_LEVEL', `Wilayah ${code} (${row.name}) bukan ${want.id}`, `Region ${code} (${row.name}) is not a ${want.en}`, {
      regionCode: code,
      expectedLevel: level,
    });
  }
  if (actor) assertRegionInScope(actor, code, ['admin_kabupaten']);
  return { code: row.code, name: row.name, level: row.level, parentCode: row.parent_code };
}

/** The kecamatan code of a desa code (35.13.06.2005 → 35.13.06). */
export function kecamatanOf(code: string): string {
  return code.split('.').slice(0, 3).join('.');
}

/**
 * Read scope for organisation rows: the reader's regions (scopeWhere), plus the
 * kecamatan-level rows (kecamatan binaan, pembina) of the kecamatan around a reader's desa,
 * so a desa sees who supervises its kecamatan.
 */
export function orgScopeWhere(actor: Actor, alias: string): RawBuilder<SqlBool> {
  const around = [
    ...new Set(
      scopeCodes(actor)
        .filter((c) => regionLevel(c) === 4)
        .map(kecamatanOf),
    ),
  ];
  if (around.length === 0) return scopeWhere(actor, alias);
  return sql<SqlBool>`(${scopeWhere(actor, alias)} or (${sql.ref(`${alias}.desa_code`)} is null and ${sql.ref(`${alias}.kecamatan_code`)} in (${sql.join(around)})))`;
}
