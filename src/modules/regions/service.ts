import { getDistricts, getProvinces, getRegencies, getVillages } from 'idn-area-data';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { badRequest } from '../../http/errors.js';
import { type AuditActor, recordAudit } from '../audit/service.js';

export interface RegionRow {
  code: string;
  name: string;
  level: number;
  parent_code: string | null;
  is_kelurahan: boolean;
}

export const KABUPATEN_CODE = /^\d{2}\.\d{2}$/;

/** Title-case the upper-case names of the source ("KABUPATEN PROBOLINGGO" → "Kabupaten Probolinggo"). */
export function tidyName(name: string): string {
  if (name !== name.toUpperCase()) return name;
  return name.toLowerCase().replace(/(^|[\s(/-])(\p{L})/gu, (_m, sep: string, ch: string) => sep + ch.toUpperCase());
}

/** Read one kabupaten/kota's tree (its province, itself, kecamatan, desa) from idn-area-data. */
export async function readKabupatenTree(kabupatenCode: string): Promise<RegionRow[]> {
  if (!KABUPATEN_CODE.test(kabupatenCode)) {
    throw badRequest(
      'INVALID_REGION_CODE',
      `Kode kabupaten tidak valid: "${kabupatenCode}" (contoh: 35.13)`,
      `Invalid kabupaten code: "${kabupatenCode}" (e.g. 35.13)`,
    );
  }
  const [provinces, regencies, districts, villages] = await Promise.all([getProvinces(), getRegencies(), getDistricts(), getVillages()]);
  const regency = regencies.find((r) => r.code === kabupatenCode);
  if (!regency) {
    throw badRequest(
      'UNKNOWN_REGION',
      `Kabupaten/kota ${kabupatenCode} tidak ada dalam data wilayah Kemendagri`,
      `Kabupaten/kota ${kabupatenCode} is not in the Kemendagri region data`,
    );
  }
  const province = provinces.find((p) => p.code === regency.province_code);
  const rows: RegionRow[] = [];
  if (province) rows.push({ code: province.code, name: tidyName(province.name), level: 1, parent_code: null, is_kelurahan: false });
  rows.push({ code: regency.code, name: tidyName(regency.name), level: 2, parent_code: regency.province_code, is_kelurahan: false });
  const districtCodes = new Set<string>();
  for (const d of districts) {
    if (d.regency_code !== kabupatenCode) continue;
    districtCodes.add(d.code);
    rows.push({ code: d.code, name: tidyName(d.name), level: 3, parent_code: kabupatenCode, is_kelurahan: false });
  }
  for (const v of villages) {
    if (!districtCodes.has(v.district_code)) continue;
    const serial = v.code.split('.')[3] ?? '';
    rows.push({ code: v.code, name: tidyName(v.name), level: 4, parent_code: v.district_code, is_kelurahan: serial.startsWith('1') });
  }
  return rows;
}

export interface LoadResult {
  kabupatenCode: string;
  kabupatenName: string;
  kecamatan: number;
  desa: number;
}

/** Upsert a kabupaten's region tree. Safe to run again: unchanged rows stay as they are. */
export async function loadKabupaten(db: Kysely<DB>, kabupatenCode: string, actor: AuditActor): Promise<LoadResult> {
  const rows = await readKabupatenTree(kabupatenCode);
  await db.transaction().execute(async (trx) => {
    for (const level of [1, 2, 3, 4]) {
      const batch = rows.filter((r) => r.level === level);
      for (let i = 0; i < batch.length; i += 1000) {
        await trx
          .insertInto('region')
          .values(batch.slice(i, i + 1000))
          .onConflict((oc) =>
            oc.column('code').doUpdateSet((eb) => ({
              name: eb.ref('excluded.name'),
              level: eb.ref('excluded.level'),
              parent_code: eb.ref('excluded.parent_code'),
              is_kelurahan: eb.ref('excluded.is_kelurahan'),
            })),
          )
          .execute();
      }
    }
    await recordAudit(trx, actor, {
      action: 'regions.load',
      entity: 'region',
      entityId: kabupatenCode,
      regionCode: kabupatenCode,
      after: { rows: rows.length },
    });
  });
  const kab = rows.find((r) => r.level === 2);
  return {
    kabupatenCode,
    kabupatenName: kab?.name ?? kabupatenCode,
    kecamatan: rows.filter((r) => r.level === 3).length,
    desa: rows.filter((r) => r.level === 4).length,
  };
}

export async function getRegion(db: Kysely<DB>, code: string) {
  return db.selectFrom('region').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function listChildren(db: Kysely<DB>, parentCode: string) {
  return db.selectFrom('region').selectAll().where('parent_code', '=', parentCode).orderBy('code').execute();
}

/** All desa/kelurahan below a region code (the code itself when it is a desa). */
export async function listDesaWithin(db: Kysely<DB>, code: string) {
  return db
    .selectFrom('region')
    .selectAll()
    .where('level', '=', 4)
    .where((eb) => eb.or([eb('code', '=', code), eb('code', 'like', `${code}.%`)]))
    .orderBy('code')
    .execute();
}

/** Map of code → region, for validating many codes at once (imports). */
export async function regionIndex(db: Kysely<DB>, kabupatenCode: string): Promise<Map<string, RegionRow>> {
  const rows = await db
    .selectFrom('region')
    .selectAll()
    .where((eb) => eb.or([eb('code', '=', kabupatenCode), eb('code', 'like', `${kabupatenCode}.%`)]))
    .execute();
  return new Map(rows.map((r) => [r.code, r]));
}
