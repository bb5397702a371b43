import { z } from 'zod';
import type { ServiceContext } from '../../service-context.js';
import { type Actor, canAccessRegion } from '../access/scope.js';
import { VALUE_LISTS } from '../households/value-lists.js';

/**
 * What the field form picks from instead of typing codes: the kabupaten's desa by name (a
 * PINDAH destination; `inScope` marks the caller's own, for the kendala form) and the
 * registry's value lists. One small document, so a downloaded desa can keep it on the device.
 */

export const pickListsView = z.object({
  kabupaten: z.object({ code: z.string(), name: z.string() }),
  desa: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      kecamatanCode: z.string(),
      kecamatanName: z.string(),
      isKelurahan: z.boolean(),
      inScope: z.boolean().describe("Within the caller's region scope"),
    }),
  ),
  values: z.record(z.string(), z.array(z.string())).describe('Registry value lists per household field (roofType, floorType…)'),
});
export type PickLists = z.infer<typeof pickListsView>;

export async function pickLists({ db, kabupatenCode }: Pick<ServiceContext, 'db' | 'kabupatenCode'>, actor: Actor): Promise<PickLists> {
  const rows = await db
    .selectFrom('region')
    .select(['code', 'name', 'level', 'parent_code', 'is_kelurahan'])
    .where('code', 'like', `${kabupatenCode}.%`)
    .where('level', 'in', [3, 4])
    .orderBy('code')
    .execute();
  const kab = await db.selectFrom('region').select('name').where('code', '=', kabupatenCode).executeTakeFirst();
  const kecamatan = new Map(rows.filter((r) => r.level === 3).map((r) => [r.code, r.name]));
  const desa = rows
    .filter((r) => r.level === 4 && r.parent_code !== null)
    .map((r) => ({
      code: r.code,
      name: r.name,
      kecamatanCode: r.parent_code!,
      kecamatanName: kecamatan.get(r.parent_code!) ?? r.parent_code!,
      isKelurahan: r.is_kelurahan,
      inScope: canAccessRegion(actor, r.code),
    }))
    .sort((a, b) => a.name.localeCompare(b.name, 'id') || a.kecamatanName.localeCompare(b.kecamatanName, 'id'));
  return {
    kabupaten: { code: kabupatenCode, name: kab?.name ?? kabupatenCode },
    desa,
    values: Object.fromEntries(Object.entries(VALUE_LISTS).map(([k, v]) => [k, [...v]])),
  };
}
