import { describe, expect, it } from 'vitest';
import { evaluateHousehold } from './evaluate.js';
import example from './examples/contoh-14-kriteria-bps.json' with { type: 'json' };
import { type RuleSet, validateRuleSet } from './schema.js';

function valid(doc: unknown): RuleSet {
  const v = validateRuleSet(doc);
  if (!v.ok) throw new Error(JSON.stringify(v.problems));
  return v.ruleSet;
}

const EXAMPLE = valid(example);

/** A household meeting all 14 indicators of the example, with raw P3KE texts. */
const POOREST: Record<string, unknown> = {
  desil: 1,
  floorType: 'Tanah',
  wallType: 'Anyaman bambu',
  toilet: 'Tidak ada fasilitas',
  lighting: 'Bukan listrik',
  drinkingWater: 'Sumur tak terlindung',
  cookingFuel: 'Kayu bakar',
  headEducation: 'TAMAT SD/SEDERAJAT',
  hasSavingsOrAssets: false,
  floorAreaPerPerson: 6.5,
  proteinPerWeek: 1,
  clothesPerYear: 0,
  mealsPerDay: 2,
  canAffordClinic: false,
  headIncomeMonthly: 450000,
};

/** The same household with the first `n` indicators of the example no longer met. */
const BETTER_OFF: Record<string, unknown> = {
  floorAreaPerPerson: 12,
  floorType: 'Keramik',
  wallType: 'Tembok',
  toilet: 'Ada, digunakan hanya anggota keluarga sendiri',
  lighting: 'Listrik PLN dengan meteran',
  drinkingWater: 'Air isi ulang',
  cookingFuel: 'Gas elpiji 3 kg',
  proteinPerWeek: 3,
  clothesPerYear: 2,
  mealsPerDay: 3,
  canAffordClinic: true,
  headIncomeMonthly: 2500000,
  headEducation: 'SLTA/SEDERAJAT',
  hasSavingsOrAssets: true,
};
const betterOffIn = (n: number) => {
  const h = { ...POOREST };
  for (const field of Object.keys(BETTER_OFF).slice(0, n)) h[field] = BETTER_OFF[field];
  return h;
};

describe('the example criteria set on hand-made households', () => {
  it('classifies a household meeting every indicator in desil 1 as extreme poor, explaining each indicator', () => {
    const e = evaluateHousehold(EXAMPLE, POOREST);
    expect(e.label).toBe('MISKIN_EKSTREM');
    expect(e.metCount).toBe(14);
    expect(e.unknownCount).toBe(0);
    expect(e.matchedRule.index).toBe(0);
    const floor = e.indicators.find((i) => i.id === 'lantai');
    expect(floor).toMatchObject({ field: 'floorType', value: 'TANAH', rawValue: 'Tanah', met: true, unknown: false });
    expect(floor?.explanation).toBe('Terpenuhi: Jenis lantai = TANAH (syarat ∈ {TANAH, BAMBU, KAYU_MURAH}: ya)');
    expect(e.matchedRule.explanation).toContain('14 dari 14 indikator terpenuhi (syarat ≥ 12: ya)');
    expect(e.matchedRule.explanation).toContain('Desil kesejahteraan = 1 (syarat ≤ 1: ya)');
  });

  it('keeps a household with every indicator but desil 2 out of extreme poverty', () => {
    const e = evaluateHousehold(EXAMPLE, { ...POOREST, desil: 2 });
    expect(e.label).toBe('MISKIN');
    expect(e.rules.map((r) => r.matched)).toEqual([false, true]);
    expect(e.rules[0]?.explanationEn).toContain('Welfare decile = 2 (requires ≤ 1: no)');
  });

  it('applies the thresholds 12 and 9 at their edges', () => {
    expect(evaluateHousehold(EXAMPLE, betterOffIn(2))).toMatchObject({ metCount: 12, label: 'MISKIN_EKSTREM' });
    expect(evaluateHousehold(EXAMPLE, betterOffIn(3))).toMatchObject({ metCount: 11, label: 'MISKIN' });
    expect(evaluateHousehold(EXAMPLE, betterOffIn(5))).toMatchObject({ metCount: 9, label: 'MISKIN' });
    expect(evaluateHousehold(EXAMPLE, betterOffIn(6))).toMatchObject({ metCount: 8, label: 'TIDAK_MISKIN' });
    expect(evaluateHousehold(EXAMPLE, betterOffIn(14))).toMatchObject({ metCount: 0, label: 'TIDAK_MISKIN', matchedRule: { index: 2 } });
  });

  it('counts missing or unrecognised values as unknown, not met, and says so', () => {
    const h = { ...POOREST, floorType: null, wallType: 'Batu alam', floorAreaPerPerson: 'luas', desil: undefined };
    const e = evaluateHousehold(EXAMPLE, h);
    expect(e.metCount).toBe(11);
    expect(e.unknownCount).toBe(3);
    const floor = e.indicators.find((i) => i.id === 'lantai');
    expect(floor).toMatchObject({ value: null, met: false, unknown: true });
    expect(floor?.explanation).toBe(
      'Tidak diketahui: Jenis lantai tidak diketahui (data kosong); dihitung tidak terpenuhi (syarat ∈ {TANAH, BAMBU, KAYU_MURAH})',
    );
    expect(e.indicators.find((i) => i.id === 'dinding')?.explanationEn).toBe(
      'Unknown: Wall type unknown (value Batu alam not recognised); counted as not met (requires ∈ {BAMBU, RUMBIA, KAYU_MURAH, TEMBOK_TANPA_PLESTER})',
    );
    // Unknown desil cannot satisfy "desil ≤ 1": 11 met indicators make it MISKIN, not extreme.
    expect(e.label).toBe('MISKIN');
    expect(e.rules[0]?.explanation).toContain('Desil kesejahteraan tidak diketahui (data kosong)');
  });

  it('classifies a household with no data at all as not poor, with every indicator unknown', () => {
    const e = evaluateHousehold(EXAMPLE, {});
    expect(e).toMatchObject({ label: 'TIDAK_MISKIN', metCount: 0, unknownCount: 14, indicatorCount: 14 });
  });
});

function single(indicator: Record<string, unknown>): RuleSet {
  return valid({
    id: 'uji',
    title: 'Uji',
    indicators: [{ id: 'x', label: 'X', ...indicator }],
    classify: [
      { label: 'MISKIN', when: { indicatorsMetAtLeast: 1 } },
      { label: 'TIDAK_MISKIN', when: { always: true } },
    ],
  });
}
const met = (ind: Record<string, unknown>, fields: Record<string, unknown>) => evaluateHousehold(single(ind), fields).indicators[0]!;

describe('operators', () => {
  it('lt, lte, gt, gte compare numbers at the boundary', () => {
    const f = 'floorAreaPerPerson';
    expect([7.9, 8, 8.1].map((v) => met({ field: f, lt: 8 }, { [f]: v }).met)).toEqual([true, false, false]);
    expect([7.9, 8, 8.1].map((v) => met({ field: f, lte: 8 }, { [f]: v }).met)).toEqual([true, true, false]);
    expect([7.9, 8, 8.1].map((v) => met({ field: f, gt: 8 }, { [f]: v }).met)).toEqual([false, false, true]);
    expect([7.9, 8, 8.1].map((v) => met({ field: f, gte: 8 }, { [f]: v }).met)).toEqual([false, true, true]);
  });

  it('eq compares numbers, booleans and codes', () => {
    expect(met({ field: 'desil', eq: 1 }, { desil: 1 }).met).toBe(true);
    expect(met({ field: 'desil', eq: 1 }, { desil: 2 }).met).toBe(false);
    expect(met({ field: 'canAffordClinic', eq: false }, { canAffordClinic: false }).met).toBe(true);
    expect(met({ field: 'canAffordClinic', eq: false }, { canAffordClinic: true }).met).toBe(false);
    expect(met({ field: 'lighting', eq: 'BUKAN_LISTRIK' }, { lighting: 'Bukan listrik' }).met).toBe(true);
    expect(met({ field: 'lighting', eq: 'BUKAN_LISTRIK' }, { lighting: 'Listrik non-PLN' }).met).toBe(false);
  });

  it('in and notIn test membership, for codes and numbers', () => {
    expect(met({ field: 'cookingFuel', in: ['KAYU_BAKAR', 'ARANG'] }, { cookingFuel: 'Arang' }).met).toBe(true);
    expect(met({ field: 'cookingFuel', in: ['KAYU_BAKAR', 'ARANG'] }, { cookingFuel: 'Gas elpiji 3 kg' }).met).toBe(false);
    expect(met({ field: 'cookingFuel', notIn: ['GAS'] }, { cookingFuel: 'Gas elpiji 12 kg' }).met).toBe(false);
    expect(met({ field: 'cookingFuel', notIn: ['GAS'] }, { cookingFuel: 'Kayu bakar' }).met).toBe(true);
    expect(met({ field: 'desil', in: [1, 2] }, { desil: 2 }).met).toBe(true);
    expect(met({ field: 'desil', notIn: [1, 2] }, { desil: 2 }).met).toBe(false);
  });

  it('never meets any operator on an unknown value, notIn included', () => {
    for (const ind of [
      { field: 'desil', lt: 5 },
      { field: 'desil', gte: 0 },
      { field: 'desil', notIn: [1] },
      { field: 'toilet', notIn: ['SENDIRI'] },
      { field: 'hasSavingsOrAssets', eq: false },
    ]) {
      const r = met(ind, {});
      expect(r, JSON.stringify(ind)).toMatchObject({ met: false, unknown: true, value: null });
    }
  });

  it('reads numbers and yes/no given as text the way P3KE files write them', () => {
    expect(met({ field: 'mealsPerDay', lte: 2 }, { mealsPerDay: ' 2 ' }).value).toBe(2);
    expect(met({ field: 'mealsPerDay', lte: 2 }, { mealsPerDay: '2x' }).unknown).toBe(true);
    expect(met({ field: 'canAffordClinic', eq: false }, { canAffordClinic: 'TIDAK' }).met).toBe(true);
    expect(met({ field: 'canAffordClinic', eq: false }, { canAffordClinic: 'ya' }).value).toBe(true);
    expect(met({ field: 'canAffordClinic', eq: false }, { canAffordClinic: 0 }).unknown).toBe(true);
  });
});

describe('conditions', () => {
  const rs = valid({
    id: 'bersarang',
    title: 'Bersarang',
    indicators: [
      { id: 'a', label: 'A', field: 'floorType', eq: 'TANAH' },
      { id: 'b', label: 'B', field: 'cookingFuel', eq: 'KAYU_BAKAR' },
      { id: 'c', label: 'C', field: 'mealsPerDay', lte: 1 },
    ],
    classify: [
      {
        label: 'MISKIN_EKSTREM',
        when: {
          all: [
            { indicatorsMetAtLeast: 2 },
            {
              any: [
                { field: 'desil', eq: 1 },
                {
                  all: [
                    { field: 'memberCount', gte: 6 },
                    { field: 'hasSavingsOrAssets', eq: false },
                  ],
                },
              ],
            },
          ],
        },
      },
      { label: 'MISKIN', when: { any: [{ indicatorsMetAtLeast: 3 }, { field: 'desil', lte: 2 }] } },
      { label: 'TIDAK_MISKIN', when: { always: true } },
    ],
  });
  const two = { floorType: 'TANAH', cookingFuel: 'KAYU_BAKAR', mealsPerDay: 3 };

  it('all needs every part, any needs one, nested both ways', () => {
    expect(evaluateHousehold(rs, { ...two, desil: 1 }).label).toBe('MISKIN_EKSTREM');
    expect(evaluateHousehold(rs, { ...two, desil: 3, memberCount: 6, hasSavingsOrAssets: false }).label).toBe('MISKIN_EKSTREM');
    expect(evaluateHousehold(rs, { ...two, desil: 3, memberCount: 6, hasSavingsOrAssets: true }).label).toBe('TIDAK_MISKIN');
    expect(evaluateHousehold(rs, { ...two, desil: 2, memberCount: 5, hasSavingsOrAssets: false }).label).toBe('MISKIN');
    expect(evaluateHousehold(rs, { floorType: 'TANAH', desil: 1 }).label).toBe('MISKIN');
    expect(evaluateHousehold(rs, { ...two, mealsPerDay: 1, desil: 4 }).label).toBe('MISKIN');
  });

  it('explains nested conditions with and/or', () => {
    const e = evaluateHousehold(rs, { ...two, desil: 3, memberCount: 6, hasSavingsOrAssets: false });
    expect(e.matchedRule.explanation).toBe(
      'Aturan 1 (miskin ekstrem): (2 dari 3 indikator terpenuhi (syarat ≥ 2: ya) dan (Desil kesejahteraan = 3 (syarat = 1: tidak) atau ' +
        '(Jumlah anggota keluarga = 6 (syarat ≥ 6: ya) dan Memiliki simpanan uang/perhiasan/ternak/lainnya = false (syarat = false: ya)))) → berlaku',
    );
  });
});
