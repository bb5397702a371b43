import { sql } from 'kysely';
import { z } from 'zod';
import { badRequest } from '../../http/errors.js';
import type { ServiceContext } from '../../service-context.js';
import { canSeeFullNik, maskNik } from '../access/privacy.js';
import { type Actor, assertRegionInScope, regionLevel } from '../access/scope.js';
import { evaluateHousehold } from '../criteria/evaluate.js';
import { householdFieldValues } from '../criteria/fields.js';
import { findAdopted, storedRuleSet } from '../criteria/service.js';
import { dusunOf, rtOf } from '../households/address.js';
import { householdMatchFlags } from '../matching/status.js';
import { getPeriod } from '../organisation/periods.js';
import { vervalView } from './schemas.js';
import { currentFields, forReader } from './service.js';
import { toViews } from './views.js';

/**
 * The offline pack (issue 21): a desa's whole verval work in one answer, for the field app to
 * keep on the phone (IndexedDB) and work from without signal: every household with the fields
 * the household page shows, its members, its verval record of the period (with the version a
 * later save is based on) and the criteria engine's suggestion. Scoped and masked like the
 * worklist and the household page; sent compressed (JSON of 2,000 households is some MB raw).
 */

const member = z.object({
  id: z.number(),
  name: z.string(),
  nik: z.string().nullable(),
  sex: z.string().nullable(),
  relationship: z.string().nullable(),
  birthDate: z.string().nullable(),
});

export const packHousehold = z.object({
  householdId: z.number(),
  headName: z.string(),
  desaCode: z.string(),
  desaName: z.string().nullable(),
  address: z.string().nullable(),
  source: z.string(),
  targetStatus: z.string(),
  desil: z.number().nullable(),
  dusun: z.string().nullable(),
  rt: z.string().nullable(),
  memberCount: z.number(),
  suggestedClass: z.string().nullable(),
  criteriaId: z.number().nullable(),
  possibleDuplicate: z.object({ openCandidates: z.number(), resolvedSame: z.number() }).nullable(),
  fields: z.record(z.string(), z.unknown()),
  indicators: z.record(z.string(), z.unknown()),
  members: z.array(member),
  verval: vervalView.nullable(),
});

export const offlinePack = z.object({
  periodId: z.number(),
  desaCode: z.string(),
  desaName: z.string().nullable(),
  generatedAt: z.string(),
  households: z.array(packHousehold),
});
export type OfflinePack = z.infer<typeof offlinePack>;

export async function offlinePackOf(
  { db, kabupatenCode }: Pick<ServiceContext, 'db' | 'kabupatenCode'>,
  actor: Actor,
  periodId: number,
  desaCode: string,
): Promise<OfflinePack> {
  await getPeriod(db, kabupatenCode, periodId);
  if (regionLevel(desaCode) !== 4) throw badRequest('DESA_REQUIRED', 'Pilih satu desa', 'Choose one desa', { field: 'desa' });
  assertRegionInScope(actor, desaCode);
  const [households, members, vervals, desa, adopted] = await Promise.all([
    db
      .selectFrom('household as h')
      .selectAll('h')
      // The dusun and RT as the worklist reads them, so its filters work on the device too.
      .select([dusunOf('h').as('dusun'), rtOf('h').as('rt')])
      .where('h.desa_code', '=', desaCode)
      .orderBy('h.head_name')
      .orderBy('h.id')
      .execute(),
    db
      .selectFrom('member as m')
      .innerJoin('household as h', 'h.id', 'm.household_id')
      .select([
        'm.id',
        'm.household_id',
        'm.name',
        'm.nik',
        'm.sex',
        'm.relationship',
        sql<string | null>`to_char(m.birth_date, 'YYYY-MM-DD')`.as('birth_date'),
      ])
      .where('h.desa_code', '=', desaCode)
      .orderBy('m.id')
      .execute(),
    db
      .selectFrom('verval as v')
      .innerJoin('household as h', 'h.id', 'v.household_id')
      .selectAll('v')
      .where('h.desa_code', '=', desaCode)
      .where('v.period_id', '=', periodId)
      .execute(),
    db.selectFrom('region').select('name').where('code', '=', desaCode).executeTakeFirst(),
    findAdopted(db),
  ]);
  const ruleSet = adopted ? storedRuleSet(adopted) : null;
  const full = canSeeFullNik(actor, desaCode);
  const nik = (v: string | null) => (full ? v : maskNik(v));
  const membersOf = new Map<number, typeof members>();
  for (const m of members) {
    const list = membersOf.get(m.household_id);
    if (list) list.push(m);
    else membersOf.set(m.household_id, [m]);
  }
  const views = new Map((await toViews(db, vervals)).map((v) => [v.householdId, forReader(actor, v)]));
  const flags = await householdMatchFlags(
    db,
    households.map((h) => h.id),
  );
  return {
    periodId,
    desaCode,
    desaName: desa?.name ?? null,
    generatedAt: new Date().toISOString(),
    households: households.map((h) => {
      const fields = currentFields(h);
      fields.headNik = nik(fields.headNik as string | null);
      fields.kkNumber = nik(fields.kkNumber as string | null);
      const label = ruleSet ? evaluateHousehold(ruleSet, householdFieldValues({ ...h })).label : null;
      return {
        householdId: h.id,
        headName: h.head_name,
        desaCode: h.desa_code,
        desaName: desa?.name ?? null,
        address: h.address,
        source: h.source,
        targetStatus: h.target_status,
        desil: h.desil,
        dusun: h.dusun,
        rt: h.rt,
        memberCount: h.member_count,
        suggestedClass: label,
        criteriaId: label === null ? null : (adopted?.id ?? null),
        possibleDuplicate: flags.get(h.id) ?? null,
        fields,
        indicators: (h.indicators ?? {}) as Record<string, unknown>,
        members: (membersOf.get(h.id) ?? []).map((m) => ({
          id: m.id,
          name: m.name,
          nik: nik(m.nik),
          sex: m.sex,
          relationship: m.relationship,
          birthDate: m.birth_date,
        })),
        verval: views.get(h.id) ?? null,
      };
    }),
  };
}
