import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { notFound } from '../../http/errors.js';
import { canSeeFullNik, maskNik } from '../access/privacy.js';
import { type Actor, scopeWhere } from '../access/scope.js';
import { listAudit } from '../audit/service.js';
import { getUserView } from '../users/service.js';

/**
 * The household page: the household with every field, its members, the history of changes
 * (per import or edit) and the audit trail. A household outside the actor's scope is the
 * same 404 as one that does not exist.
 */

const IDENTIFIER_KEY = /nik|kk_?number|no_?kk/i;

/** Mask identifier values anywhere in a history or audit payload (keys like nik, head_nik, kk_number). */
export function maskIdentifiersDeep(value: unknown, key = ''): unknown {
  if (typeof value === 'string') return IDENTIFIER_KEY.test(key) ? maskNik(value) : value;
  if (Array.isArray(value)) return value.map((v) => maskIdentifiersDeep(v, key));
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskIdentifiersDeep(v, IDENTIFIER_KEY.test(key) ? key : k)]));
  }
  return value;
}

export async function getHouseholdDetail(db: Kysely<DB>, actor: Actor, id: number) {
  const h = await db
    .selectFrom('household as h')
    .leftJoin('region as d', 'd.code', 'h.desa_code')
    .leftJoin('region as k', 'k.code', 'h.kecamatan_code')
    .leftJoin('region as b', 'b.code', 'h.kabupaten_code')
    .selectAll('h')
    .select([
      'd.name as desa_name',
      'k.name as kecamatan_name',
      'b.name as kabupaten_name',
      sql<string | null>`to_char(h.head_birth_date, 'YYYY-MM-DD')`.as('head_birth_text'),
    ])
    .where('h.id', '=', id)
    .where(scopeWhere(actor, 'h'))
    .executeTakeFirst();
  if (!h) throw notFound('Keluarga');

  const full = canSeeFullNik(actor, h.desa_code);
  const ident = (v: string | null) => (full ? v : maskNik(v));

  const members = await db
    .selectFrom('member')
    .select([
      'id',
      'nik',
      'name',
      'sex',
      'relationship',
      'marital_status',
      'occupation',
      'education',
      'padan_dukcapil',
      'aid_bpnt',
      'aid_bpum',
      'aid_bst',
      'aid_pkh',
      'aid_sembako',
      'stunting_risk',
      'source_id',
      sql<string | null>`to_char(birth_date, 'YYYY-MM-DD')`.as('birth_text'),
      sql<number | null>`extract(year from age(current_date, birth_date))::int`.as('age'),
    ])
    .where('household_id', '=', id)
    .orderBy('id')
    .execute();

  const history = await db
    .selectFrom('household_history')
    .selectAll()
    .where('household_id', '=', id)
    .orderBy('id', 'desc')
    .limit(200)
    .execute();
  const userNames = new Map<number, string>();
  for (const userId of new Set(history.map((r) => r.changed_by).filter((u): u is number => u !== null))) {
    const user = await getUserView(db, userId);
    if (user) userNames.set(userId, user.fullName);
  }

  const audit = await listAudit(db, { entity: 'household', entityId: String(id), limit: 50 });
  const hide = (v: unknown) => (full ? v : maskIdentifiersDeep(v));

  return {
    household: {
      id: Number(h.id),
      kabupatenCode: h.kabupaten_code,
      kabupatenName: h.kabupaten_name,
      kecamatanCode: h.kecamatan_code,
      kecamatanName: h.kecamatan_name,
      desaCode: h.desa_code,
      desaName: h.desa_name,
      source: h.source,
      sourceId: h.source_id,
      edition: h.edition,
      dataYear: h.data_year,
      kkNumber: ident(h.kk_number),
      headName: h.head_name,
      headNik: ident(h.head_nik),
      headSex: h.head_sex,
      headBirthDate: h.head_birth_text,
      headOccupation: h.head_occupation,
      headEducation: h.head_education,
      address: h.address,
      desil: h.desil,
      targetStatus: h.target_status,
      /** Set when a finalised musdes removed the household as deceased or a duplicate. */
      endedReason: h.ended_reason,
      endedAt: h.ended_at === null ? null : new Date(h.ended_at),
      houseOwnership: h.house_ownership,
      roofType: h.roof_type,
      wallType: h.wall_type,
      floorType: h.floor_type,
      lighting: h.lighting,
      cookingFuel: h.cooking_fuel,
      drinkingWater: h.drinking_water,
      toilet: h.toilet,
      hasSavings: h.has_savings,
      padanDukcapil: h.padan_dukcapil,
      aid: { bpnt: h.aid_bpnt, bpum: h.aid_bpum, bst: h.aid_bst, pkh: h.aid_pkh, sembako: h.aid_sembako },
      stuntingRisk: h.stunting_risk,
      indicators: h.indicators,
      memberCount: h.member_count,
      importId: h.import_id === null ? null : Number(h.import_id),
      version: h.version,
      createdAt: new Date(h.created_at),
      updatedAt: new Date(h.updated_at),
    },
    members: members.map((m) => ({
      id: Number(m.id),
      sourceId: m.source_id,
      nik: ident(m.nik),
      name: m.name,
      sex: m.sex,
      relationship: m.relationship,
      birthDate: m.birth_text,
      age: m.age,
      maritalStatus: m.marital_status,
      occupation: m.occupation,
      education: m.education,
      padanDukcapil: m.padan_dukcapil,
      aid: { bpnt: m.aid_bpnt, bpum: m.aid_bpum, bst: m.aid_bst, pkh: m.aid_pkh, sembako: m.aid_sembako },
      stuntingRisk: m.stunting_risk,
    })),
    history: history.map((r) => ({
      id: Number(r.id),
      importId: r.import_id === null ? null : Number(r.import_id),
      changedAt: new Date(r.changed_at),
      changedBy: r.changed_by === null ? null : Number(r.changed_by),
      changedByName: r.changed_by === null ? null : (userNames.get(Number(r.changed_by)) ?? null),
      changes: hide(r.changes) as Record<string, unknown>,
    })),
    audit: audit.map((a) => ({ ...a, before: hide(a.before), after: hide(a.after) })),
  };
}

export type HouseholdDetail = Awaited<ReturnType<typeof getHouseholdDetail>>;
