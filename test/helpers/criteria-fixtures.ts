import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.js';
import { insertHouseholds as insertRegistryHouseholds } from './registry-fixtures.js';

/** The example criteria set shipped with the criteria module (a copy of docs/domain/criteria-example.json). */
export const EXAMPLE_CRITERIA_PATH = path.resolve(import.meta.dirname, '../../src/modules/criteria/examples/contoh-14-kriteria-bps.json');

export function exampleCriteria(): Record<string, unknown> {
  return JSON.parse(readFileSync(EXAMPLE_CRITERIA_PATH, 'utf8')) as Record<string, unknown>;
}

/** The household columns a criteria fixture sets; everything else gets a neutral default. */
export interface FixtureHousehold {
  desa: string;
  headName: string;
  sourceId?: string;
  desil?: number | null;
  floorType?: string | null;
  wallType?: string | null;
  roofType?: string | null;
  toilet?: string | null;
  lighting?: string | null;
  drinkingWater?: string | null;
  cookingFuel?: string | null;
  headEducation?: string | null;
  houseOwnership?: string | null;
  hasSavings?: boolean | null;
  stuntingRisk?: boolean;
  memberCount?: number;
  indicators?: Record<string, unknown>;
}

/** Insert households through the registry fixtures (test/helpers/registry-fixtures.ts); returns their ids in order. */
export async function insertHouseholds(db: Kysely<DB>, households: FixtureHousehold[]): Promise<number[]> {
  return insertRegistryHouseholds(
    db,
    households.map((h) => ({
      desaCode: h.desa,
      headName: h.headName,
      ...(h.sourceId ? { sourceId: h.sourceId } : {}),
      desil: h.desil ?? null,
      stuntingRisk: h.stuntingRisk ?? false,
      indicators: h.indicators ?? {},
      columns: {
        floor_type: h.floorType ?? null,
        wall_type: h.wallType ?? null,
        roof_type: h.roofType ?? null,
        toilet: h.toilet ?? null,
        lighting: h.lighting ?? null,
        drinking_water: h.drinkingWater ?? null,
        cooking_fuel: h.cookingFuel ?? null,
        head_education: h.headEducation ?? null,
        house_ownership: h.houseOwnership ?? null,
        has_savings: h.hasSavings ?? null,
        member_count: h.memberCount ?? 0,
      },
    })),
  );
}

export const DESA_A = '35.13.06.2005';
export const DESA_B = '35.13.06.2013';
export const DESA_C = '35.13.01.2001';

/** A household meeting all 14 indicators of the example set, raw P3KE texts. */
export const POOREST = {
  floorType: 'Tanah',
  wallType: 'Anyaman bambu',
  toilet: 'Tidak ada fasilitas',
  lighting: 'Bukan listrik',
  drinkingWater: 'Sumur tak terlindung',
  cookingFuel: 'Kayu bakar',
  headEducation: 'TAMAT SD/SEDERAJAT',
  hasSavings: false,
};
export const POOREST_INDICATORS = {
  floorAreaPerPerson: 6,
  proteinPerWeek: 1,
  clothesPerYear: 0,
  mealsPerDay: 2,
  canAffordClinic: false,
  headIncomeMonthly: 400000,
};
/** Values that no longer meet an indicator, in the order they are applied. */
export const BETTER: Array<[string, unknown, 'col' | 'ind']> = [
  ['floorAreaPerPerson', 12, 'ind'],
  ['floorType', 'Keramik', 'col'],
  ['wallType', 'Tembok', 'col'],
  ['toilet', 'Ada, digunakan hanya anggota keluarga sendiri', 'col'],
  ['lighting', 'Listrik PLN dengan meteran', 'col'],
  ['drinkingWater', 'Air isi ulang', 'col'],
  ['cookingFuel', 'Gas elpiji 3 kg', 'col'],
  ['proteinPerWeek', 3, 'ind'],
  ['clothesPerYear', 2, 'ind'],
  ['mealsPerDay', 3, 'ind'],
  ['canAffordClinic', true, 'ind'],
  ['headIncomeMonthly', 2500000, 'ind'],
  ['headEducation', 'SLTA/SEDERAJAT', 'col'],
  ['hasSavings', true, 'col'],
];

/** A household of `desa` meeting exactly `met` of the 14 example indicators. */
export function withMet(desa: string, headName: string, met: number, desil: number | null): FixtureHousehold {
  const h: Record<string, unknown> = { ...POOREST };
  const indicators: Record<string, unknown> = { ...POOREST_INDICATORS };
  for (const [field, value, where] of BETTER.slice(0, 14 - met)) {
    if (where === 'col') h[field] = value;
    else indicators[field] = value;
  }
  return { ...(h as Partial<FixtureHousehold>), desa, headName, desil, indicators };
}

/** A draft of the example: extreme poverty from 10 indicators and desil ≤ 2, poverty from 7. */
export const LOWERED_DRAFT = {
  ...exampleCriteria(),
  classify: [
    { label: 'MISKIN_EKSTREM', when: { all: [{ indicatorsMetAtLeast: 10 }, { field: 'desil', lte: 2 }] } },
    { label: 'MISKIN', when: { indicatorsMetAtLeast: 7 } },
    { label: 'TIDAK_MISKIN', when: { always: true } },
  ],
};

/**
 * Twelve households in desa A and B of Banyuanyar and one desa of Sukapura, each with its class
 * by the example (v1) and by LOWERED_DRAFT (v2) worked out by hand. Returns their ids by key.
 */
export async function insertWhatIfFixture(db: Kysely<DB>): Promise<Record<string, number>> {
  const fixture: Array<[string, FixtureHousehold]> = [
    ['a1', withMet(DESA_A, 'A1 SUPARMAN', 14, 1)], // E → E
    ['a2', withMet(DESA_A, '=HYPERLINK("http://x","klik")', 11, 1)], // M → E
    ['a3', withMet(DESA_A, 'A3 MISNAH', 10, 2)], // M → E
    ['a4', withMet(DESA_A, 'A4 SUNARTO', 8, 1)], // T → M
    ['a5', withMet(DESA_A, 'A5 RUKMINI', 5, 3)], // T → T
    ['b1', withMet(DESA_B, 'B1 SAMSUL', 12, 2)], // M → E (desil 2 is not extreme in v1)
    ['b2', withMet(DESA_B, 'B2 PAINAH', 9, 3)], // M → M
    ['b3', withMet(DESA_B, 'B3 SLAMET', 7, 4)], // T → M
    ['b4', withMet(DESA_B, 'B4 JUMAATI', 13, 1)], // E → E
    ['b5', { desa: DESA_B, headName: 'B5 TANPA DATA' }], // T → T, everything unknown
    ['b6', withMet(DESA_B, 'B6 KASIMAN', 12, null)], // M → M: unknown desil is never extreme
    ['c1', withMet(DESA_C, 'C1 MARJUKI', 11, 1)], // M → E, another kecamatan
  ];
  const inserted = await insertHouseholds(
    db,
    fixture.map(([, h]) => h),
  );
  return Object.fromEntries(fixture.map(([key], i) => [key, inserted[i] as number]));
}

export /** RFC 4180 records (quoted fields with "" escapes, CRLF line ends). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}
