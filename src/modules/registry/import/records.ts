import { csvBool, csvNum, csvText } from './csv.js';

/** A validated household, in the shape of the household table's imported columns. */
export interface HouseholdRecord {
  sourceId: string;
  desaCode: string;
  kkNumber: string | null;
  headName: string;
  headNik: string | null;
  headSex: 'L' | 'P' | null;
  headBirthDate: string | null;
  headOccupation: string | null;
  headEducation: string | null;
  address: string | null;
  desil: number | null;
  houseOwnership: string | null;
  roofType: string | null;
  wallType: string | null;
  floorType: string | null;
  lighting: string | null;
  cookingFuel: string | null;
  drinkingWater: string | null;
  toilet: string | null;
  hasSavings: boolean | null;
  padanDukcapil: boolean | null;
  aidBpnt: boolean;
  aidBpum: boolean;
  aidBst: boolean;
  aidPkh: boolean;
  aidSembako: boolean;
  stuntingRisk: boolean;
  /** JSON object text. */
  indicators: string;
  dataYear: number | null;
}

/** A validated member; the region is its household's. */
export interface MemberRecord {
  householdSourceId: string;
  desaCode: string;
  sourceId: string;
  nik: string | null;
  name: string;
  sex: 'L' | 'P' | null;
  relationship: string | null;
  birthDate: string | null;
  maritalStatus: string | null;
  occupation: string | null;
  education: string | null;
  padanDukcapil: boolean | null;
  aidBpnt: boolean;
  aidBpum: boolean;
  aidBst: boolean;
  aidPkh: boolean;
  aidSembako: boolean;
  stuntingRisk: boolean;
  /** JSON object text. */
  attributes: string;
}

/** [column, SQL type, listed in history when it changes] in staging/CSV order. */
export type ColumnDef = readonly [string, string, boolean];

export const HOUSEHOLD_COLUMNS: readonly ColumnDef[] = [
  ['source_id', 'text', false],
  ['kabupaten_code', 'text', false],
  ['kecamatan_code', 'text', false],
  ['desa_code', 'text', true],
  ['kk_number', 'text', true],
  ['head_name', 'text', true],
  ['head_nik', 'text', true],
  ['head_sex', 'text', true],
  ['head_birth_date', 'date', true],
  ['head_occupation', 'text', true],
  ['head_education', 'text', true],
  ['address', 'text', true],
  ['desil', 'smallint', true],
  ['house_ownership', 'text', true],
  ['roof_type', 'text', true],
  ['wall_type', 'text', true],
  ['floor_type', 'text', true],
  ['lighting', 'text', true],
  ['cooking_fuel', 'text', true],
  ['drinking_water', 'text', true],
  ['toilet', 'text', true],
  ['has_savings', 'boolean', true],
  ['padan_dukcapil', 'boolean', true],
  ['aid_bpnt', 'boolean', true],
  ['aid_bpum', 'boolean', true],
  ['aid_bst', 'boolean', true],
  ['aid_pkh', 'boolean', true],
  ['aid_sembako', 'boolean', true],
  ['stunting_risk', 'boolean', true],
  ['indicators', 'jsonb', true],
  ['data_year', 'integer', true],
];

export const MEMBER_COLUMNS: readonly ColumnDef[] = [
  ['household_source_id', 'text', false],
  ['kabupaten_code', 'text', false],
  ['kecamatan_code', 'text', false],
  ['desa_code', 'text', false],
  ['source_id', 'text', false],
  ['nik', 'text', true],
  ['name', 'text', true],
  ['sex', 'text', true],
  ['relationship', 'text', true],
  ['birth_date', 'date', true],
  ['marital_status', 'text', true],
  ['occupation', 'text', true],
  ['education', 'text', true],
  ['padan_dukcapil', 'boolean', true],
  ['aid_bpnt', 'boolean', true],
  ['aid_bpum', 'boolean', true],
  ['aid_bst', 'boolean', true],
  ['aid_pkh', 'boolean', true],
  ['aid_sembako', 'boolean', true],
  ['stunting_risk', 'boolean', true],
  ['attributes', 'jsonb', true],
];

function regionParts(desa: string): string {
  return `${desa.slice(0, 5)},${desa.slice(0, 8)},${desa}`;
}

/** The household's imported columns as one CSV line (no newline), in HOUSEHOLD_COLUMNS order. */
export function householdLine(r: HouseholdRecord): string {
  return [
    csvText(r.sourceId),
    regionParts(r.desaCode),
    csvText(r.kkNumber),
    csvText(r.headName),
    csvText(r.headNik),
    csvText(r.headSex),
    csvText(r.headBirthDate),
    csvText(r.headOccupation),
    csvText(r.headEducation),
    csvText(r.address),
    csvNum(r.desil),
    csvText(r.houseOwnership),
    csvText(r.roofType),
    csvText(r.wallType),
    csvText(r.floorType),
    csvText(r.lighting),
    csvText(r.cookingFuel),
    csvText(r.drinkingWater),
    csvText(r.toilet),
    csvBool(r.hasSavings),
    csvBool(r.padanDukcapil),
    csvBool(r.aidBpnt),
    csvBool(r.aidBpum),
    csvBool(r.aidBst),
    csvBool(r.aidPkh),
    csvBool(r.aidSembako),
    csvBool(r.stuntingRisk),
    csvText(r.indicators),
    csvNum(r.dataYear),
  ].join(',');
}

/** The member's imported columns as one CSV line (no newline), in MEMBER_COLUMNS order. */
export function memberLine(r: MemberRecord): string {
  return [
    csvText(r.householdSourceId),
    regionParts(r.desaCode),
    csvText(r.sourceId),
    csvText(r.nik),
    csvText(r.name),
    csvText(r.sex),
    csvText(r.relationship),
    csvText(r.birthDate),
    csvText(r.maritalStatus),
    csvText(r.occupation),
    csvText(r.education),
    csvBool(r.padanDukcapil),
    csvBool(r.aidBpnt),
    csvBool(r.aidBpum),
    csvBool(r.aidBst),
    csvBool(r.aidPkh),
    csvBool(r.aidSembako),
    csvBool(r.stuntingRisk),
    csvText(r.attributes),
  ].join(',');
}

/**
 * The columns of a first load written straight into the registry (direct.ts): the household
 * id is assigned by the reader from a reserved range, so members can name it.
 */
export const DIRECT_HOUSEHOLD_COLUMNS = [
  'id',
  'source',
  ...HOUSEHOLD_COLUMNS.map(([c]) => c),
  'row_hash',
  'member_count',
  'edition',
  'import_id',
  'target_status',
];

export const DIRECT_MEMBER_COLUMNS = [
  'household_id',
  'source',
  ...MEMBER_COLUMNS.map(([c]) => c).filter((c) => c !== 'household_source_id'),
  'row_hash',
  'import_id',
];

/** What a first load adds to every row: its source, import and edition. */
export interface DirectRowContext {
  source: 'P3KE';
  importId: number;
  edition: string | null;
}

/** The target status a new household starts with (the same rule as the staged merge's insert). */
export function initialTargetStatus(desil: number | null): 'MISKIN_EKSTREM' | 'MISKIN' {
  return desil === 1 ? 'MISKIN_EKSTREM' : 'MISKIN';
}
