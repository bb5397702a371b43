import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluationSource, fieldsUsed, loadEnumMappings, scalarValueSql } from '../../src/modules/criteria/compile.js';
import { evaluateHousehold } from '../../src/modules/criteria/evaluate.js';
import { type FieldName, HOUSEHOLD_FIELDS, householdFieldValues, readField } from '../../src/modules/criteria/fields.js';
import { type RuleSet, validateRuleSet } from '../../src/modules/criteria/schema.js';
import { exampleCriteria, type FixtureHousehold, insertHouseholds } from '../helpers/criteria-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/**
 * The SQL compilation and the JavaScript evaluator must agree on every household: the what-if
 * counts (SQL) and the explanation shown for one household (JavaScript) may never disagree.
 * Runs on PGlite, and on PostgreSQL when DATABASE_URL is set.
 */

function valid(doc: unknown): RuleSet {
  const v = validateRuleSet(doc);
  if (!v.ok) throw new Error(JSON.stringify(v.problems));
  return v.ruleSet;
}

/** Every operator on every field type, nested all/any, field conditions inside classify. */
const KITCHEN_SINK = valid({
  id: 'semua-operator',
  title: 'Semua operator',
  indicators: [
    { id: 'n_lt', label: 'lt', field: 'floorAreaPerPerson', lt: 8 },
    { id: 'n_lte', label: 'lte', field: 'mealsPerDay', lte: 2 },
    { id: 'n_gt', label: 'gt', field: 'memberCount', gt: 4 },
    { id: 'n_gte', label: 'gte', field: 'headIncomeMonthly', gte: 600000.5 },
    { id: 'n_eq', label: 'eq', field: 'desil', eq: 1 },
    { id: 'n_in', label: 'in', field: 'proteinPerWeek', in: [0, 1, 2.5] },
    { id: 'n_notin', label: 'notIn', field: 'clothesPerYear', notIn: [0] },
    { id: 'b_col', label: 'bool col', field: 'hasSavingsOrAssets', eq: false },
    { id: 'b_json', label: 'bool json', field: 'canAffordClinic', eq: true },
    { id: 'b_stunt', label: 'stunting', field: 'stuntingRisk', eq: true },
    { id: 'e_eq', label: 'enum eq', field: 'lighting', eq: 'BUKAN_LISTRIK' },
    { id: 'e_in', label: 'enum in', field: 'floorType', in: ['TANAH', 'BAMBU', 'KAYU_PAPAN'] },
    { id: 'e_notin', label: 'enum notIn', field: 'toilet', notIn: ['SENDIRI'] },
    { id: 'e_wall', label: 'wall', field: 'wallType', in: ['BAMBU', 'RUMBIA', 'PLESTERAN_ANYAMAN_BAMBU'] },
    { id: 'e_water', label: 'water', field: 'drinkingWater', in: ['SUNGAI', 'SUMUR_TAK_TERLINDUNG', 'MATA_AIR_TAK_TERLINDUNG'] },
    { id: 'e_fuel', label: 'fuel', field: 'cookingFuel', notIn: ['GAS', 'LISTRIK'] },
    { id: 'e_edu', label: 'edu', field: 'headEducation', in: ['TIDAK_SEKOLAH', 'TIDAK_TAMAT_SD'] },
    { id: 'e_roof', label: 'roof', field: 'roofType', eq: 'RUMBIA' },
    { id: 'e_own', label: 'own', field: 'houseOwnership', notIn: ['MILIK_SENDIRI'] },
  ],
  classify: [
    {
      label: 'MISKIN_EKSTREM',
      when: {
        any: [
          { all: [{ indicatorsMetAtLeast: 9 }, { field: 'desil', lte: 2 }] },
          {
            all: [
              { field: 'floorType', eq: 'TANAH' },
              { field: 'hasSavingsOrAssets', eq: false },
              { field: 'monthlyExpenditurePerCapita', lt: 300000 },
            ],
          },
        ],
      },
    },
    {
      label: 'MISKIN',
      when: {
        any: [
          { indicatorsMetAtLeast: 6 },
          {
            all: [
              { field: 'toilet', in: ['TIDAK_ADA', 'UMUM'] },
              { field: 'desil', notIn: [3, 4] },
            ],
          },
        ],
      },
    },
    { label: 'TIDAK_MISKIN', when: { always: true } },
  ],
});

const EXAMPLE = valid(exampleCriteria());

/** A small deterministic generator, so a failure can be replayed. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T };
}

/** Raw texts as P3KE files write them, codes, odd spacing and case, garbage and gaps. */
const RAW = {
  floorType: [
    'Tanah',
    'Bambu',
    'Kayu/papan',
    'Semen/bata merah',
    'Keramik',
    'Kayu/papan kualitas rendah',
    '  tanah ',
    'TANAH',
    'Batu',
    '',
    null,
  ],
  wallType: [
    'Anyaman bambu',
    'Tembok',
    'Plesteran anyaman bambu/kawat',
    'Jerami/ijuk/daun-daunan/rumbia',
    'Kayu/papan',
    'bambu',
    'Kaca',
    null,
  ],
  roofType: ['Genteng', 'Seng', 'Jerami/ijuk/daun-daunan/rumbia', 'Beton', 'rumbia', 'Plastik', null],
  toilet: [
    'Tidak ada fasilitas',
    'Ada, di MCK umum/siapapun menggunakan',
    'Ada, digunakan hanya anggota keluarga sendiri',
    'Ada, di MCK komunal',
    'YA',
    'tidak',
    'Sendiri',
    null,
  ],
  lighting: ['Listrik PLN dengan meteran', 'Listrik PLN tanpa meteran', 'Listrik non-PLN', 'Bukan listrik', 'bukan_listrik', 'Lilin', null],
  drinkingWater: [
    'Sumur tak terlindung',
    'Air permukaan (sungai/danau/waduk/kolam/irigasi)',
    'Leding',
    'Air isi ulang',
    'Mata air tak terlindung',
    'Sumur tidak terlindung',
    null,
  ],
  cookingFuel: [
    'Kayu bakar',
    'Gas elpiji 3 kg',
    'Gas elpiji 5,5 kg/blue gaz',
    'Minyak tanah',
    'Arang',
    'Tidak memasak di rumah',
    'Listrik',
    'Sekam',
    null,
  ],
  headEducation: [
    'TIDAK/BELUM SEKOLAH',
    'BELUM TAMAT SD/SEDERAJAT',
    'TAMAT SD/SEDERAJAT',
    'SLTP/SEDERAJAT',
    'SLTA/SEDERAJAT',
    'DIPLOMA IV/STRATA I',
    'Pesantren',
    null,
  ],
  houseOwnership: ['Milik sendiri', 'Bebas sewa', 'Kontrak/sewa', 'Dinas', 'Lainnya', null],
};
const NUMBERS: unknown[] = [
  0,
  1,
  2,
  2.5,
  3,
  7.99,
  8,
  8.01,
  300000,
  599999,
  600000.5,
  2500000,
  '2',
  ' 8 ',
  '1.5',
  'dua',
  '',
  true,
  null,
  undefined,
];
const BOOLS: unknown[] = [true, false, 'YA', 'tidak', 'True', 'FALSE', 'mungkin', 1, null, undefined];

/** What the poorest households mostly look like, so that every class is reached. */
const POOR: Record<string, readonly unknown[]> = {
  floorType: ['Tanah', 'Bambu'],
  wallType: ['Anyaman bambu', 'Jerami/ijuk/daun-daunan/rumbia'],
  toilet: ['Tidak ada fasilitas'],
  lighting: ['Bukan listrik'],
  drinkingWater: ['Sumur tak terlindung', 'Air permukaan (sungai/danau/waduk/kolam/irigasi)'],
  cookingFuel: ['Kayu bakar', 'Arang'],
  headEducation: ['TIDAK/BELUM SEKOLAH', 'TAMAT SD/SEDERAJAT'],
  floorAreaPerPerson: [4, 7.99],
  proteinPerWeek: [0, 1],
  clothesPerYear: [0, 1],
  mealsPerDay: [1, 2],
  headIncomeMonthly: [300000, 599999],
  canAffordClinic: [false, 'TIDAK'],
  desil: [1],
  hasSavings: [false],
};

function household(r: ReturnType<typeof rng>, i: number): FixtureHousehold {
  // Every third household is drawn mostly from the poorest values.
  const poor = i % 3 === 0;
  const pick = <T>(field: string, xs: readonly T[]): T => (poor && POOR[field] && r.next() < 0.9 ? (r.pick(POOR[field]) as T) : r.pick(xs));
  const indicators: Record<string, unknown> = {};
  for (const key of [
    'floorAreaPerPerson',
    'proteinPerWeek',
    'clothesPerYear',
    'mealsPerDay',
    'headIncomeMonthly',
    'monthlyExpenditurePerCapita',
  ]) {
    const v = pick(key, NUMBERS);
    if (v !== undefined) indicators[key] = v;
  }
  const b = pick('canAffordClinic', BOOLS);
  if (b !== undefined) indicators.canAffordClinic = b;
  return {
    desa: r.pick(['35.13.06.2005', '35.13.06.2013', '35.13.01.2001']),
    headName: `Kepala ${i}`,
    desil: pick('desil', [1, 2, 3, 4, null]),
    floorType: pick('floorType', RAW.floorType),
    wallType: pick('wallType', RAW.wallType),
    roofType: r.pick(RAW.roofType),
    toilet: pick('toilet', RAW.toilet),
    lighting: pick('lighting', RAW.lighting),
    drinkingWater: pick('drinkingWater', RAW.drinkingWater),
    cookingFuel: pick('cookingFuel', RAW.cookingFuel),
    headEducation: pick('headEducation', RAW.headEducation),
    houseOwnership: r.pick(RAW.houseOwnership),
    hasSavings: pick('hasSavings', [true, false, null]),
    stuntingRisk: r.next() < 0.3,
    memberCount: r.pick([1, 3, 4, 5, 7]),
    indicators,
  };
}

let s: TestServer;

beforeAll(async () => {
  s = await startTestServer();
  const r = rng(20240517);
  await insertHouseholds(
    s.ctx.db,
    Array.from({ length: 600 }, (_, i) => household(r, i)),
  );
});
afterAll(async () => {
  await s?.close();
});

async function bothEngines(ruleSet: RuleSet) {
  const mappings = await loadEnumMappings(s.ctx.db, fieldsUsed([ruleSet]), sql`true`);
  const src = evaluationSource([ruleSet], { where: sql`true`, mappings });
  const sqlRows = (
    await sql<{ id: number; met_0: number; label_0: string }>`select e.id, e.met_0, e.label_0 from (${src}) e order by e.id`.execute(
      s.ctx.db,
    )
  ).rows;
  const households = await s.ctx.db.selectFrom('household').selectAll().orderBy('id').execute();
  const js = households.map((h) => {
    const e = evaluateHousehold(ruleSet, householdFieldValues(h as unknown as Record<string, unknown>));
    return { id: h.id, met_0: e.metCount, label_0: e.label };
  });
  return { sqlRows, js };
}

describe('SQL and JavaScript evaluation agree', () => {
  it('on every household, for the example set', async () => {
    const { sqlRows, js } = await bothEngines(EXAMPLE);
    expect(sqlRows).toHaveLength(600);
    expect(sqlRows).toEqual(js);
    // The fixture is varied enough to reach every class.
    expect(new Set(js.map((r) => r.label_0))).toEqual(new Set(['MISKIN_EKSTREM', 'MISKIN', 'TIDAK_MISKIN']));
  });

  it('on every household, for a set using every operator, field type and nesting', async () => {
    const { sqlRows, js } = await bothEngines(KITCHEN_SINK);
    expect(sqlRows).toEqual(js);
    expect(new Set(js.map((r) => r.label_0))).toEqual(new Set(['MISKIN_EKSTREM', 'MISKIN', 'TIDAK_MISKIN']));
    expect(new Set(js.map((r) => r.met_0)).size).toBeGreaterThan(8);
  });

  it('reads every raw value of every field the same way', async () => {
    const households = await s.ctx.db.selectFrom('household').selectAll().orderBy('id').execute();
    const all = Object.keys(HOUSEHOLD_FIELDS) as FieldName[];
    const mappings = await loadEnumMappings(s.ctx.db, all, sql`true`);
    for (const [name, def] of Object.entries(HOUSEHOLD_FIELDS)) {
      const pairs = mappings[name as FieldName];
      const column = 'column' in def.source ? def.source.column : '';
      const expr = pairs
        ? sql`(select m.code from unnest(${pairs.map((p) => p[0])}::text[], ${pairs.map((p) => p[1])}::text[]) as m(raw, code) where m.raw = ${sql.ref(`h.${column}`)})`
        : scalarValueSql(def, 'h');
      const rows = (await sql<{ v: unknown }>`select ${expr} as v from household h order by h.id`.execute(s.ctx.db)).rows;
      const js = households.map((h) => readField(def, householdFieldValues(h as unknown as Record<string, unknown>)[name]).value);
      expect(
        rows.map((r) => r.v),
        name,
      ).toEqual(js);
    }
  });
});
