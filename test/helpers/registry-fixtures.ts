import { createHash } from 'node:crypto';
import type { Insertable, Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.js';
import { scopeColumns } from '../../src/modules/access/scope.js';
import type { HouseholdTable, MemberTable } from '../../src/modules/households/tables.js';

/**
 * Households and members written straight into the registry tables, for tests that need
 * registry data without running an import. Scope columns come from scopeColumns(desaCode),
 * row_hash from the record, source ids are generated unless given.
 */

export type AidFixture = Partial<Record<'bpnt' | 'bpum' | 'bst' | 'pkh' | 'sembako', boolean>>;

export interface MemberFixture {
  name: string;
  nik?: string | null;
  sex?: 'L' | 'P' | null;
  relationship?: string | null;
  birthDate?: string | null;
  maritalStatus?: string | null;
  occupation?: string | null;
  education?: string | null;
  aid?: AidFixture;
  stuntingRisk?: boolean;
  sourceId?: string;
}

export interface HouseholdFixture {
  desaCode: string;
  headName: string;
  headNik?: string | null;
  kkNumber?: string | null;
  headSex?: 'L' | 'P' | null;
  headBirthDate?: string | null;
  address?: string | null;
  desil?: number | null;
  targetStatus?: 'MISKIN_EKSTREM' | 'MISKIN' | 'TIDAK_MISKIN';
  source?: 'P3KE' | 'DTKS' | 'MANUAL';
  sourceId?: string;
  aid?: AidFixture;
  stuntingRisk?: boolean;
  indicators?: Record<string, unknown>;
  /** ISO timestamp; defaults to now. */
  updatedAt?: string;
  members?: MemberFixture[];
  /** Any other household column as stored (housing, has_savings, data_year, edition, import_id…). */
  columns?: Partial<Insertable<HouseholdTable>>;
}

let serial = 0;
const nextId = (prefix: string) => `${prefix}-${process.pid}-${++serial}`;

const rowHash = (record: unknown) => createHash('sha256').update(JSON.stringify(record)).digest('hex');

const aidColumns = (aid: AidFixture = {}) => ({
  aid_bpnt: aid.bpnt ?? false,
  aid_bpum: aid.bpum ?? false,
  aid_bst: aid.bst ?? false,
  aid_pkh: aid.pkh ?? false,
  aid_sembako: aid.sembako ?? false,
});

/** Insert households (and their members) and return the new household ids in the same order. */
export async function insertHouseholds(db: Kysely<DB>, fixtures: HouseholdFixture[]): Promise<number[]> {
  if (fixtures.length === 0) return [];
  const values: Insertable<HouseholdTable>[] = fixtures.map((f) => {
    const { desaCode, headName, members, aid, indicators, updatedAt } = f;
    return {
      ...scopeColumns(desaCode),
      source: f.source ?? 'P3KE',
      source_id: f.sourceId ?? nextId('KLG'),
      kk_number: f.kkNumber ?? null,
      head_name: headName,
      head_nik: f.headNik ?? null,
      head_sex: f.headSex ?? null,
      head_birth_date: f.headBirthDate ?? null,
      address: f.address ?? null,
      desil: f.desil === undefined ? null : f.desil,
      target_status: f.targetStatus ?? 'MISKIN',
      ...aidColumns(aid),
      stunting_risk: f.stuntingRisk ?? false,
      indicators: JSON.stringify(indicators ?? {}),
      member_count: members?.length ?? 0,
      row_hash: rowHash(f),
      ...(updatedAt ? { updated_at: updatedAt, created_at: updatedAt } : {}),
      ...f.columns,
    };
  });
  const ids: number[] = [];
  for (let i = 0; i < values.length; i += 500) {
    const rows = await db
      .insertInto('household')
      .values(values.slice(i, i + 500))
      .returning('id')
      .execute();
    ids.push(...rows.map((r) => Number(r.id)));
  }
  const members: Insertable<MemberTable>[] = [];
  fixtures.forEach((f, i) => {
    const householdId = ids[i];
    if (householdId === undefined) return;
    for (const m of f.members ?? []) {
      members.push({
        household_id: householdId,
        ...scopeColumns(f.desaCode),
        source: f.source ?? 'P3KE',
        source_id: m.sourceId ?? nextId('IND'),
        nik: m.nik ?? null,
        name: m.name,
        sex: m.sex ?? null,
        relationship: m.relationship ?? null,
        birth_date: m.birthDate ?? null,
        marital_status: m.maritalStatus ?? null,
        occupation: m.occupation ?? null,
        education: m.education ?? null,
        ...aidColumns(m.aid),
        stunting_risk: m.stuntingRisk ?? false,
        row_hash: rowHash(m),
      });
    }
  });
  for (let i = 0; i < members.length; i += 500) {
    await db
      .insertInto('member')
      .values(members.slice(i, i + 500))
      .execute();
  }
  return ids;
}
