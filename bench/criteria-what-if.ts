import { sql } from 'kysely';
import type { Database } from '../src/db/database.js';
import type { Actor } from '../src/modules/access/scope.js';
import { scopeColumns, scopeWhere } from '../src/modules/access/scope.js';
import example from '../src/modules/criteria/examples/contoh-14-kriteria-bps.json' with { type: 'json' };
import { adoptCriteria, saveDraft, storedRuleSet } from '../src/modules/criteria/service.js';
import { changedHouseholds, whatIf } from '../src/modules/criteria/what-if.js';
import { Random } from '../src/modules/demo/prng.js';
import {
  COOKING_FUEL,
  DRINKING_WATER,
  EDUCATION_OLD,
  EDUCATION_YOUNG,
  FLOOR,
  LIGHTING,
  OWNERSHIP,
  perDesil,
  ROOF,
  SAVINGS,
  TOILET,
  WALL,
} from '../src/modules/demo/vocab.js';

/**
 * The criteria what-if at kabupaten scale: N synthetic households (raw P3KE texts weighted by
 * desil, kriteria indicators in the jsonb) loaded with COPY, then the what-if between the
 * adopted example set and a draft, timed as the API runs it, plus the download of the list of
 * households that change class. Target (issue 5): 300,000 households in under 10 s on PostgreSQL.
 */

export interface CriteriaBenchResult {
  households: number;
  loadSeconds: number;
  /** Kabupaten-wide what-if (admin), every run in ms. */
  whatIfMs: number[];
  changed: number;
  transitions: Array<{ from: string; to: string; count: number }>;
  /** One desa (operator desa scope), median ms. */
  desaWhatIfMs: number;
  /** Reading every changing household as the download does. */
  listRows: number;
  listSeconds: number;
}

const TABLES = {
  floor: perDesil(FLOOR),
  wall: perDesil(WALL),
  roof: perDesil(ROOF),
  toilet: perDesil(TOILET),
  lighting: perDesil(LIGHTING),
  fuel: perDesil(COOKING_FUEL),
  water: perDesil(DRINKING_WATER),
  ownership: perDesil(OWNERSHIP),
  eduOld: perDesil(EDUCATION_OLD),
  eduYoung: perDesil(EDUCATION_YOUNG),
};

const COLUMNS = [
  'kabupaten_code',
  'kecamatan_code',
  'desa_code',
  'source',
  'source_id',
  'head_name',
  'desil',
  'floor_type',
  'wall_type',
  'roof_type',
  'toilet',
  'lighting',
  'cooking_fuel',
  'drinking_water',
  'head_education',
  'house_ownership',
  'has_savings',
  'member_count',
  'indicators',
  'row_hash',
];

const csvQuote = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/** One synthetic household as a CSV line in COLUMNS order. */
function householdLine(rng: Random, desa: string, i: number): string {
  const desil = rng.weighted([
    [1, 0.3],
    [2, 0.3],
    [3, 0.22],
    [4, 0.18],
  ] as const);
  const d = desil - 1;
  const poverty = (5 - desil) / 4; // 1 for desil 1 … 0.25 for desil 4
  const t = (table: Array<Array<readonly [string, number]>>) => rng.weighted(table[d] ?? []);
  const members = rng.int(1, 7);
  const indicators: Record<string, number | boolean> = {
    floorAreaPerPerson: Math.round((4 + rng.next() * 20 * (1.2 - poverty)) * 10) / 10,
    proteinPerWeek: rng.int(0, 4 - Math.round(poverty * 2)),
    clothesPerYear: rng.int(0, 3 - Math.round(poverty * 2)),
    mealsPerDay: rng.chance(0.4 * poverty) ? 2 : 3,
    canAffordClinic: !rng.chance(0.6 * poverty),
    headIncomeMonthly: Math.round(200000 + rng.next() * 2500000 * (1.2 - poverty)),
  };
  const values = [
    ...Object.values(scopeColumns(desa)),
    'P3KE',
    `BENCH${String(i).padStart(9, '0')}`,
    `KEPALA ${i}`,
    String(desil),
    t(TABLES.floor),
    t(TABLES.wall),
    t(TABLES.roof),
    t(TABLES.toilet),
    t(TABLES.lighting),
    t(TABLES.fuel),
    t(TABLES.water),
    rng.chance(0.5) ? t(TABLES.eduOld) : t(TABLES.eduYoung),
    t(TABLES.ownership),
    rng.chance(SAVINGS[d] ?? 0.3) ? 'true' : 'false',
    String(members),
    JSON.stringify(indicators),
    `bench-${i}`,
  ];
  return `${values.map(csvQuote).join(',')}\n`;
}

/** Load `n` synthetic households over every desa of `kabupatenCode` with COPY, in one transaction. */
export async function loadSyntheticHouseholds(database: Database, kabupatenCode: string, n: number, seed = 20250205): Promise<number> {
  const desa = await database.db
    .selectFrom('region')
    .select('code')
    .where('level', '=', 4)
    .where('code', 'like', `${kabupatenCode}.%`)
    .orderBy('code')
    .execute();
  if (desa.length === 0) throw new Error(`no desa of ${kabupatenCode}; load the region tree first`);
  const rng = new Random(seed);
  const started = performance.now();
  await database.bulkTransaction(async (_trx, copy) => {
    const chunk = 25000;
    for (let from = 0; from < n; from += chunk) {
      let csv = '';
      for (let i = from; i < Math.min(n, from + chunk); i++) csv += householdLine(rng, (desa[i % desa.length] as { code: string }).code, i);
      await copy('household', COLUMNS, csv);
    }
  });
  await sql`analyze household`.execute(database.db);
  return (performance.now() - started) / 1000;
}

const actor = (role: Actor['grants'][number]['role'], regionCode: string): Actor => ({
  userId: 0,
  username: `bench-${role}`,
  fullName: 'Benchmark',
  grants: [{ role, regionCode }],
});

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/**
 * On a database holding the region tree: load `n` households, adopt the example set, save a
 * draft (thresholds lowered to 10 and 7), and time the what-if and the changed-household list.
 */
export async function benchCriteriaWhatIf(database: Database, kabupatenCode: string, n: number, runs = 3): Promise<CriteriaBenchResult> {
  const db = database.db;
  const loadSeconds = await loadSyntheticHouseholds(database, kabupatenCode, n);
  const system = { userId: null, username: 'bench' } as const;
  const v1 = await saveDraft(db, { definition: example }, system);
  await adoptCriteria(db, v1.id, system);
  const v2 = await saveDraft(
    db,
    {
      definition: {
        ...example,
        classify: [
          { label: 'MISKIN_EKSTREM', when: { all: [{ indicatorsMetAtLeast: 10 }, { field: 'desil', lte: 1 }] } },
          { label: 'MISKIN', when: { indicatorsMetAtLeast: 7 } },
          { label: 'TIDAK_MISKIN', when: { always: true } },
        ],
      },
    },
    system,
  );
  const admin = actor('admin_kabupaten', kabupatenCode);
  await whatIf(db, admin, v2.id); // warm-up: caches and plans
  const whatIfMs: number[] = [];
  let last = await whatIf(db, admin, v2.id);
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    last = await whatIf(db, admin, v2.id);
    whatIfMs.push(performance.now() - t);
  }
  const someDesa = last.byDesa.reduce((a, b) => (b.households > a.households ? b : a));
  const desaActor = actor('operator_desa', someDesa.code);
  const desaMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await whatIf(db, desaActor, v2.id);
    desaMs.push(performance.now() - t);
  }
  const t = performance.now();
  let listRows = 0;
  for await (const _row of changedHouseholds(db, storedRuleSet(v1), storedRuleSet(v2), scopeWhere(admin, 'h'))) listRows++;
  const listSeconds = (performance.now() - t) / 1000;
  if (listRows !== last.summary.changed) throw new Error(`list has ${listRows} rows but the what-if counted ${last.summary.changed}`);
  return {
    households: last.summary.households,
    loadSeconds,
    whatIfMs,
    changed: last.summary.changed,
    transitions: last.summary.matrix.filter((m) => m.from !== m.to),
    desaWhatIfMs: median(desaMs),
    listRows,
    listSeconds,
  };
}
