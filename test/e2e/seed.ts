import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.js';

/** A household the browser tests put into the registry (the list, filter and detail screens read it back). */
export interface SeedHousehold {
  desa: string;
  headName: string;
  desil: number;
  status?: 'MISKIN_EKSTREM' | 'MISKIN' | 'TIDAK_MISKIN';
  aid?: Partial<Record<'bpnt' | 'bpum' | 'bst' | 'pkh' | 'sembako', boolean>>;
  /** Names of the other members (the head is always a member). */
  members?: string[];
  /** Changes recorded in the household's history: {field: [before, after]}. */
  history?: Record<string, [unknown, unknown]>;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** NIK with the kecamatan's digits, the birth date (day +40 for women) and a serial. */
function nik(desa: string, day: number, month: number, year: number, female: boolean, serial: number): string {
  const region = desa.slice(0, 8).replaceAll('.', '');
  return `${region}${pad(day + (female ? 40 : 0), 2)}${pad(month, 2)}${pad(year % 100, 2)}${pad(serial, 4)}`;
}

/** Insert the households with members and history; returns their ids in order. */
export async function seedHouseholds(db: Kysely<DB>, households: SeedHousehold[]): Promise<number[]> {
  const ids: number[] = [];
  let serial = 1;
  for (const [i, h] of households.entries()) {
    const kecamatan = h.desa.slice(0, 8);
    const region6 = kecamatan.replaceAll('.', '');
    const day = (i % 27) + 1;
    const headNik = nik(h.desa, day, 5, 1970 + (i % 30), false, serial++);
    const row = await db
      .insertInto('household')
      .values({
        kabupaten_code: h.desa.slice(0, 5),
        kecamatan_code: kecamatan,
        desa_code: h.desa,
        source: 'P3KE',
        source_id: `E2E${pad(i + 1, 6)}`,
        edition: '2024-1',
        kk_number: `${region6}${pad(100000 + i, 10)}`,
        head_name: h.headName,
        head_nik: headNik,
        head_sex: 'L',
        head_birth_date: `${1970 + (i % 30)}-05-${pad(day, 2)}`,
        head_occupation: 'Buruh tani',
        head_education: 'SD',
        address: `Dusun Krajan RT ${pad((i % 9) + 1, 3)}`,
        desil: h.desil,
        target_status: h.status ?? (h.desil === 1 ? 'MISKIN_EKSTREM' : 'MISKIN'),
        house_ownership: 'Milik sendiri',
        roof_type: 'Genteng',
        wall_type: 'Bambu',
        floor_type: 'Tanah',
        lighting: 'Listrik PLN',
        cooking_fuel: 'Kayu bakar',
        drinking_water: 'Sumur',
        toilet: 'Tidak ada',
        has_savings: false,
        padan_dukcapil: true,
        aid_bpnt: h.aid?.bpnt ?? false,
        aid_bpum: h.aid?.bpum ?? false,
        aid_bst: h.aid?.bst ?? false,
        aid_pkh: h.aid?.pkh ?? false,
        aid_sembako: h.aid?.sembako ?? false,
        member_count: 1 + (h.members?.length ?? 0),
        indicators: JSON.stringify({ luas_lantai_per_kapita: 6 }),
        data_year: 2024,
        row_hash: `seed-${i}`,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = Number(row.id);
    ids.push(id);
    const people = [h.headName, ...(h.members ?? [])];
    await db
      .insertInto('member')
      .values(
        people.map((name, m) => ({
          household_id: id,
          kabupaten_code: h.desa.slice(0, 5),
          kecamatan_code: kecamatan,
          desa_code: h.desa,
          source: 'P3KE',
          source_id: `E2E${pad(i + 1, 6)}-${m + 1}`,
          nik: m === 0 ? headNik : nik(h.desa, ((day + m) % 27) + 1, 3, 1975 + m * 9, m === 1, serial++),
          name,
          sex: m === 1 ? 'P' : 'L',
          relationship: m === 0 ? 'Kepala Keluarga' : m === 1 ? 'Istri' : 'Anak',
          birth_date: m === 0 ? `${1970 + (i % 30)}-05-${pad(day, 2)}` : `${1975 + m * 9}-03-${pad(((day + m) % 27) + 1, 2)}`,
          marital_status: m < 2 ? 'Kawin' : 'Belum kawin',
          occupation: m < 2 ? 'Buruh tani' : 'Pelajar',
          education: 'SD',
          row_hash: `seed-${i}-${m}`,
        })),
      )
      .execute();
    if (h.history) {
      await db
        .insertInto('household_history')
        .values({ household_id: id, changes: JSON.stringify(h.history) })
        .execute();
    }
  }
  return ids;
}

/** The name of a region code, as the UI shows it. */
/** The program period the field journeys work in (Gesek Ekstrem 2026 of kabupaten 35.13); its id. */
export async function seedPeriod(db: Kysely<DB>): Promise<number> {
  const p = await db
    .insertInto('program_period')
    .values({
      kabupaten_code: '35.13',
      program: 'Gesek Ekstrem',
      name: 'Gesek Ekstrem 2026',
      start_date: '2026-01-01',
      end_date: '2026-12-31',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return p.id;
}

export async function regionName(db: Kysely<DB>, code: string): Promise<string> {
  const r = await db.selectFrom('region').select('name').where('code', '=', code).executeTakeFirstOrThrow();
  return r.name;
}
