import type { Random } from './prng.js';

/** The hubungan_dengan_kepala_keluarga values the demo uses (Dukcapil wording). */
export const RELATIONSHIPS = ['KEPALA KELUARGA', 'ISTRI', 'ANAK', 'MENANTU', 'CUCU', 'ORANG TUA', 'MERTUA', 'FAMILI LAIN'] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];

export type MaritalStatus = 'BELUM KAWIN' | 'KAWIN' | 'CERAI HIDUP' | 'CERAI MATI';
export type Sex = 'L' | 'P';

/** One member before names and identifiers: who they are to the head, sex and age in years. */
export interface PersonSpec {
  relationship: Relationship;
  sex: Sex;
  age: number;
  maritalStatus: MaritalStatus;
}

/** Household size 1–8; mean ≈ 3.4 members, as in P3KE rural kabupaten. */
const SIZES: ReadonlyArray<readonly [number, number]> = [
  [1, 12],
  [2, 20],
  [3, 25],
  [4, 21],
  [5, 12],
  [6, 6],
  [7, 3],
  [8, 1],
];

const clamp = (n: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, Math.round(n)));
const other = (sex: Sex): Sex => (sex === 'L' ? 'P' : 'L');

function livingAlone(rng: Random): PersonSpec[] {
  if (rng.chance(0.7)) {
    // The elderly living alone: mostly widows.
    const sex: Sex = rng.chance(0.68) ? 'P' : 'L';
    const age = clamp(60 + Math.abs(rng.normal(0, 11)), 60, 98);
    const maritalStatus = rng.weighted<MaritalStatus>([
      ['CERAI MATI', 78],
      ['CERAI HIDUP', 14],
      ['BELUM KAWIN', 4],
      ['KAWIN', 4],
    ]);
    return [{ relationship: 'KEPALA KELUARGA', sex, age, maritalStatus }];
  }
  const sex: Sex = rng.chance(0.6) ? 'L' : 'P';
  const maritalStatus = rng.weighted<MaritalStatus>([
    ['BELUM KAWIN', 45],
    ['CERAI HIDUP', 35],
    ['CERAI MATI', 20],
  ]);
  return [{ relationship: 'KEPALA KELUARGA', sex, age: rng.int(22, 59), maritalStatus }];
}

/** Ages of `n` children of a mother (or single father) aged `parentAge`: at least 18 years younger. */
function childAges(rng: Random, n: number, parentAge: number): number[] {
  const youngest = Math.max(0, parentAge - 44);
  const oldest = Math.max(youngest, parentAge - 18);
  const ages: number[] = [];
  for (let i = 0; i < n; i++) ages.push(rng.int(youngest, oldest));
  return ages.sort((a, b) => b - a);
}

function child(rng: Random, age: number): PersonSpec {
  const maritalStatus: MaritalStatus = age >= 20 && rng.chance(0.08) ? 'CERAI HIDUP' : 'BELUM KAWIN';
  return { relationship: 'ANAK', sex: rng.chance(0.51) ? 'L' : 'P', age, maritalStatus };
}

/**
 * A plausible household: a couple with children (sometimes with a parent, or a married child
 * with spouse and grandchildren, or another relative), a single mother with children, or one
 * person living alone. Children are at least 18 years younger than their parents; parents of
 * the head at least 18 years older; grandchildren at least 36 years younger than the head.
 */
export function composeHousehold(rng: Random): PersonSpec[] {
  const size = rng.weighted(SIZES);
  if (size === 1) return livingAlone(rng);

  const femaleHead = rng.chance(0.15);
  let rest = size - 1;
  const people: PersonSpec[] = [];
  let withParent = rest >= 2 && rng.chance(0.12);
  const threeGenerations = !femaleHead && rest >= 4 && rng.chance(0.3);
  const withRelative = !threeGenerations && rest >= 2 && rng.chance(0.06);
  if (threeGenerations) withParent = false;

  // Head's age grows with the number of children expected.
  const kids = rest - (femaleHead ? 0 : 1) - (withParent ? 1 : 0) - (withRelative ? 1 : 0);
  let headAge = threeGenerations ? rng.int(50, 76) : clamp(rng.normal(36 + 2.5 * kids, 9), 20 + 2 * kids, 82);
  if (withParent) headAge = Math.min(headAge, 62);

  if (femaleHead) {
    const maritalStatus = rng.weighted<MaritalStatus>([
      ['CERAI MATI', 60],
      ['CERAI HIDUP', 32],
      ['KAWIN', 8],
    ]);
    people.push({ relationship: 'KEPALA KELUARGA', sex: 'P', age: Math.max(headAge, 19), maritalStatus });
  } else {
    people.push({ relationship: 'KEPALA KELUARGA', sex: 'L', age: Math.max(headAge, 20), maritalStatus: 'KAWIN' });
    people.push({ relationship: 'ISTRI', sex: 'P', age: Math.max(18, headAge - rng.int(0, 8)), maritalStatus: 'KAWIN' });
    rest -= 1;
  }
  const head = people[0]!;
  const mother = people.find((p) => p.relationship === 'ISTRI') ?? head;

  if (withParent) {
    const sex: Sex = rng.chance(0.72) ? 'P' : 'L';
    const age = Math.min(98, head.age + rng.int(19, 34));
    const relationship: Relationship = femaleHead || rng.chance(0.6) ? 'ORANG TUA' : 'MERTUA';
    people.push({ relationship, sex, age, maritalStatus: rng.chance(0.7) ? 'CERAI MATI' : 'KAWIN' });
    rest -= 1;
  }
  if (withRelative) {
    const age = rng.int(6, 70);
    people.push({ relationship: 'FAMILI LAIN', sex: rng.chance(0.5) ? 'L' : 'P', age, maritalStatus: age >= 25 ? 'KAWIN' : 'BELUM KAWIN' });
    rest -= 1;
  }
  if (threeGenerations) {
    // A married child living in with spouse and their children.
    const marriedAge = rng.int(22, Math.max(22, mother.age - 18));
    const married: PersonSpec = { relationship: 'ANAK', sex: rng.chance(0.5) ? 'L' : 'P', age: marriedAge, maritalStatus: 'KAWIN' };
    const inLawAge = clamp(marriedAge + rng.int(-4, 4), 19, head.age - 18);
    people.push(married, { relationship: 'MENANTU', sex: other(married.sex), age: inLawAge, maritalStatus: 'KAWIN' });
    rest -= 2;
    const grandchildren = rng.int(1, rest);
    const maxGrandchildAge = Math.min(marriedAge, inLawAge) - 18;
    for (let i = 0; i < grandchildren; i++) {
      people.push({
        relationship: 'CUCU',
        sex: rng.chance(0.51) ? 'L' : 'P',
        age: rng.int(0, Math.max(0, maxGrandchildAge)),
        maritalStatus: 'BELUM KAWIN',
      });
    }
    rest -= grandchildren;
  }
  for (const age of childAges(rng, rest, mother.age)) people.push(child(rng, age));
  return people;
}
