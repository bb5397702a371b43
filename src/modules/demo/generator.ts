import type { RegionRow } from '../regions/service.js';
import { composeHousehold, type PersonSpec } from './household.js';
import { ageOn, dayNumber, SerialRegistry } from './identity.js';
import { DUSUN, FEMALE_FIRST, FEMALE_OLD, FEMALE_SECOND, MALE_FIRST, MALE_OLD, MALE_SECOND } from './names.js';
import { Random } from './prng.js';
import * as V from './vocab.js';

export interface DemoDesa {
  code: string;
  name: string;
  kecamatanCode: string;
  kecamatanName: string;
  isKelurahan: boolean;
}

export interface DemoKabupaten {
  provinceName: string;
  kabupatenCode: string;
  kabupatenName: string;
  kecamatanCodes: string[];
  desa: DemoDesa[];
}

export interface DemoPerson extends PersonSpec {
  id: string;
  name: string;
  nik: string;
  birthDay: number;
  occupation: string;
  education: string;
  padanDukcapil: boolean;
  stuntingRisk: boolean;
}

export interface DemoHousehold {
  id: string;
  desa: DemoDesa;
  desil: 1 | 2 | 3 | 4;
  address: string;
  kkNumber: string;
  ownership: string;
  roof: string;
  wall: string;
  floor: string;
  lighting: string;
  cookingFuel: string;
  drinkingWater: string;
  toilet: string;
  hasSavings: boolean;
  aid: { bpnt: boolean; bpum: boolean; bst: boolean; pkh: boolean; sembako: boolean };
  stuntingRisk: boolean;
  /** The head first. */
  members: DemoPerson[];
}

export interface GenerateOptions {
  households: number;
  seed: number;
  /** Data year (column `tahun`); ages and the usia_* flags are as of 1 July of this year. */
  year: number;
}

/** The day the ages in a demo file refer to. */
export function referenceDay(year: number): number {
  return dayNumber(year, 7, 1);
}

/** Shape a kabupaten's region rows (from the database or readKabupatenTree) for the generator. */
export function demoKabupaten(rows: readonly RegionRow[], kabupatenCode: string): DemoKabupaten {
  const kab = rows.find((r) => r.code === kabupatenCode);
  if (!kab) throw new Error(`region ${kabupatenCode} not found`);
  const province = rows.find((r) => r.code === kab.parent_code);
  const kecamatan = rows.filter((r) => r.level === 3 && r.parent_code === kabupatenCode).sort((a, b) => a.code.localeCompare(b.code));
  const kecName = new Map(kecamatan.map((k) => [k.code, k.name]));
  const desa = rows
    .filter((r) => r.level === 4 && r.parent_code !== null && kecName.has(r.parent_code))
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((r) => ({
      code: r.code,
      name: r.name,
      kecamatanCode: r.parent_code ?? '',
      kecamatanName: kecName.get(r.parent_code ?? '') ?? '',
      isKelurahan: r.is_kelurahan,
    }));
  if (desa.length === 0) throw new Error(`region ${kabupatenCode} has no desa`);
  return {
    provinceName: province?.name ?? '',
    kabupatenCode,
    kabupatenName: kab.name,
    kecamatanCodes: kecamatan.map((k) => k.code),
    desa,
  };
}

/** Split `total` households over desa with varied sizes (largest-remainder rounding, so the sum is exact). */
export function allocate(rng: Random, desa: readonly DemoDesa[], total: number): number[] {
  const weights = desa.map((d) => Math.exp(rng.normal(0, 0.5)) * (d.isKelurahan ? 1.6 : 1));
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (w / sum) * total);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    counts[i] = (counts[i] ?? 0) + 1;
    left -= 1;
  }
  return counts;
}

const FLOOR = V.perDesil(V.FLOOR);
const WALL = V.perDesil(V.WALL);
const ROOF = V.perDesil(V.ROOF);
const LIGHTING = V.perDesil(V.LIGHTING);
const COOKING_FUEL = V.perDesil(V.COOKING_FUEL);
const DRINKING_WATER = V.perDesil(V.DRINKING_WATER);
const TOILET = V.perDesil(V.TOILET);
const OWNERSHIP = V.perDesil(V.OWNERSHIP);
const OCC_ADULT = V.perDesil(V.OCCUPATION_ADULT);
const OCC_WIFE = V.perDesil(V.OCCUPATION_WIFE);
const OCC_ELDERLY = V.perDesil(V.OCCUPATION_ELDERLY);
const EDU_OLD = V.perDesil(V.EDUCATION_OLD);
const EDU_YOUNG = V.perDesil(V.EDUCATION_YOUNG);

function personName(rng: Random, sex: 'L' | 'P', birthYear: number): string {
  if (birthYear < 1975) return rng.pick(sex === 'L' ? MALE_OLD : FEMALE_OLD);
  const first = sex === 'L' ? MALE_FIRST : FEMALE_FIRST;
  const second = sex === 'L' ? MALE_SECOND : FEMALE_SECOND;
  const r = rng.next();
  if (r < 0.15) return rng.pick(second);
  if (r < 0.25) return rng.pick(sex === 'L' ? MALE_OLD : FEMALE_OLD);
  if (r < 0.93) return `${rng.pick(first)} ${rng.pick(second)}`;
  let third = rng.pick(second);
  const two = rng.pick(second);
  if (third === two) third = rng.pick(second);
  return `${rng.pick(first)} ${two} ${third}`;
}

function education(rng: Random, age: number, birthYear: number, d: number): string {
  if (age < 7) return 'TIDAK/BELUM SEKOLAH';
  if (age <= 12) return 'BELUM TAMAT SD/SEDERAJAT';
  if (age <= 15) return 'TAMAT SD/SEDERAJAT';
  if (age <= 18) return 'SLTP/SEDERAJAT';
  return rng.weighted((birthYear < 1975 ? EDU_OLD : EDU_YOUNG)[d]!);
}

function occupation(rng: Random, p: PersonSpec, d: number): string {
  if (p.age < 5) return 'BELUM/TIDAK BEKERJA';
  if (p.age <= 15) return 'PELAJAR/MAHASISWA';
  if (p.age <= 18) return rng.chance(0.12 + 0.04 * (4 - d)) ? 'BURUH TANI/PERKEBUNAN' : 'PELAJAR/MAHASISWA';
  if (p.age >= 60) return rng.weighted(OCC_ELDERLY[d]!);
  if (p.age <= 22 && p.relationship === 'ANAK' && rng.chance(0.05 + 0.05 * d)) return 'PELAJAR/MAHASISWA';
  if (p.sex === 'P' && p.relationship !== 'KEPALA KELUARGA') return rng.weighted(OCC_WIFE[d]!);
  return rng.weighted(OCC_ADULT[d]!);
}

/**
 * Yield `households` synthetic households of a kabupaten, desa by desa, deterministically
 * for a seed. Holds only the serial counters in memory, so millions of people stream through.
 */
export function* generateHouseholds(kab: DemoKabupaten, opts: GenerateOptions): Generator<DemoHousehold> {
  const rng = new Random(opts.seed);
  const refDay = referenceDay(opts.year);
  const serials = new SerialRegistry(kab.kecamatanCodes);
  const counts = allocate(rng, kab.desa, opts.households);
  const kkFirstDay = dayNumber(2006, 1, 2);

  for (let di = 0; di < kab.desa.length; di++) {
    const desa = kab.desa[di]!;
    const n = counts[di] ?? 0;
    if (n === 0) continue;
    // A desa's own poverty: its share of desil 1 ranges roughly 10–45 %.
    const poverty = Math.exp(rng.normal(0, 0.35)) * (desa.isKelurahan ? 0.55 : 1);
    const dusun = Array.from({ length: rng.int(2, 5) }, (_, i) => (i === 0 ? 'KRAJAN' : rng.pick(DUSUN)));
    const digits = desa.code.replaceAll('.', '');

    for (let hi = 0; hi < n; hi++) {
      const specs = composeHousehold(rng);
      const alone = specs.length === 1 && (specs[0]?.age ?? 0) >= 60;
      const s1 = Math.min(0.6, 0.25 * poverty * (alone ? 1.5 : 1));
      const desil = rng.weighted<1 | 2 | 3 | 4>([
        [1, s1],
        [2, (1 - s1) * 0.34],
        [3, (1 - s1) * 0.33],
        [4, (1 - s1) * 0.33],
      ]);
      const d = desil - 1;
      const id = `P${digits}${String(hi + 1).padStart(5, '0')}`;
      const dusunIndex = rng.int(0, dusun.length - 1);
      const address = `DUSUN ${dusun[dusunIndex]} RT ${String(rng.int(1, 12)).padStart(3, '0')} RW ${String(dusunIndex + 1).padStart(3, '0')}`;

      const members: DemoPerson[] = specs.map((p, mi) => {
        // Any day from which the person is exactly p.age years old on the reference day.
        const birthDay = rng.int(dayNumber(opts.year - p.age - 1, 7, 2), dayNumber(opts.year - p.age, 7, 1));
        const ownKec = rng.chance(issuedHereProbability(p.relationship));
        const issueKec = ownKec ? desa.kecamatanCode : rng.pick(kab.kecamatanCodes);
        let nik = serials.nextNik(issueKec, p.sex, birthDay);
        while (nik === undefined) nik = serials.nextNik(rng.pick(kab.kecamatanCodes), p.sex, birthDay);
        const birth = new Date(birthDay * 86_400_000).getUTCFullYear();
        return {
          ...p,
          id: `${id}${String(mi + 1).padStart(2, '0')}`,
          name: personName(rng, p.sex, birth),
          nik,
          birthDay,
          occupation: occupation(rng, p, d),
          education: education(rng, p.age, birth, d),
          padanDukcapil: rng.chance(0.95),
          stuntingRisk: false,
        };
      });

      const head = members[0]!;
      const firstKk = Math.max(kkFirstDay, head.birthDay + 17 * 365);
      let kkNumber: string | undefined;
      while (kkNumber === undefined) {
        const kec = rng.chance(0.95) ? desa.kecamatanCode : rng.pick(kab.kecamatanCodes);
        kkNumber = serials.nextKk(kec, rng.int(Math.min(firstKk, refDay), refDay));
      }

      const toddler = members.some((m) => ageOn(m.birthDay, refDay) < 5);
      const stuntingRisk = toddler && rng.chance(V.STUNTING_WITH_TODDLER[d]!);
      if (stuntingRisk) for (const m of members) m.stuntingRisk = ageOn(m.birthDay, refDay) < 5;
      const pkhComponent = members.some((m) => {
        const age = ageOn(m.birthDay, refDay);
        return age < 19 || age >= 60;
      });

      yield {
        id,
        desa,
        desil,
        address,
        kkNumber,
        ownership: rng.weighted(OWNERSHIP[d]!),
        roof: rng.weighted(ROOF[d]!),
        wall: rng.weighted(WALL[d]!),
        floor: rng.weighted(FLOOR[d]!),
        lighting: rng.weighted(LIGHTING[d]!),
        cookingFuel: rng.weighted(COOKING_FUEL[d]!),
        drinkingWater: rng.weighted(DRINKING_WATER[d]!),
        toilet: rng.weighted(TOILET[d]!),
        hasSavings: rng.chance(V.SAVINGS[d]!),
        aid: {
          bpnt: rng.chance(V.AID_BPNT[d]!),
          bpum: rng.chance(V.AID_BPUM[d]!),
          bst: rng.chance(V.AID_BST[d]!),
          pkh: pkhComponent && rng.chance(V.AID_PKH_WITH_COMPONENT[d]!),
          sembako: rng.chance(V.AID_SEMBAKO[d]!),
        },
        stuntingRisk,
        members,
      };
    }
  }
}

/** How often a NIK was issued in the household's own kecamatan, by relationship. */
function issuedHereProbability(relationship: PersonSpec['relationship']): number {
  switch (relationship) {
    case 'ANAK':
    case 'CUCU':
      return 0.95;
    case 'ISTRI':
      return 0.75;
    case 'MENANTU':
      return 0.6;
    default:
      return 0.85;
  }
}
