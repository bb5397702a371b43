import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { ProgressFn } from '../../jobs/service.js';
import { FUZZY_NAME_THRESHOLD, nameSimilarity } from './names.js';

/**
 * Candidate pairs inside the registry. One candidate per household pair (pair_key
 * "a:b", a < b), inserted with `on conflict do nothing`: re-running never duplicates a
 * candidate, and a pair once resolved is not proposed again.
 */

export interface CandidateCounts {
  found: number;
  added: number;
}

/**
 * Exact internal run, one statement: households sharing a No KK or a head NIK (a
 * household listed twice, typically by two sources; also when neither has a No KK), and members sharing a NIK across
 * two households (MEMBER_TWO_DESA when the households are in different desa).
 */
export async function runInternalExact(db: Kysely<DB>, runId: number, kabupatenCode: string): Promise<CandidateCounts> {
  const k = kabupatenCode;
  const res = await sql<{ found: number; added: number }>`
    with raw as (
      select h1.id as a, h2.id as b, null::bigint as ma, null::bigint as mb, 1 as pri, 'HOUSEHOLD_DUPLICATE' as kind,
        array_remove(array['No KK sama',
          case when h1.head_nik = h2.head_nik then 'NIK kepala keluarga sama' end,
          case when h1.source <> h2.source then 'Sumber berbeda: ' || h1.source || ' dan ' || h2.source end], null) as reasons
      from household h1 join household h2 on h2.kk_number = h1.kk_number and h1.id < h2.id
      where h1.kabupaten_code = ${k} and h2.kabupaten_code = ${k}
      union all
      select h1.id, h2.id, null, null, 1, 'HOUSEHOLD_DUPLICATE',
        array_remove(array['NIK kepala keluarga sama',
          case when h1.source <> h2.source then 'Sumber berbeda: ' || h1.source || ' dan ' || h2.source end], null)
      from household h1 join household h2 on h2.head_nik = h1.head_nik and h1.id < h2.id
      where h1.kabupaten_code = ${k} and h2.kabupaten_code = ${k}
        -- the pairs sharing a No KK come from the branch above; two households without a
        -- No KK (every P3KE file) are paired here on their head NIK alone
        and (h1.kk_number is null or h2.kk_number is null or h1.kk_number <> h2.kk_number)
      union all
      select least(m1.household_id, m2.household_id), greatest(m1.household_id, m2.household_id),
        case when m1.household_id < m2.household_id then m1.id else m2.id end,
        case when m1.household_id < m2.household_id then m2.id else m1.id end, 2,
        case when m1.desa_code <> m2.desa_code then 'MEMBER_TWO_DESA' else 'NIK_TWO_HOUSEHOLDS' end,
        array_remove(array['NIK anggota sama di dua keluarga',
          case when m1.desa_code <> m2.desa_code then 'Tercatat di dua desa' end], null)
      from member m1 join member m2 on m2.nik = m1.nik and m1.id < m2.id and m1.household_id <> m2.household_id
      where m1.kabupaten_code = ${k} and m2.kabupaten_code = ${k}
    ),
    best as (select distinct on (a, b) * from raw order by a, b, pri, ma nulls last),
    ins as (
      insert into match_candidate (run_id, kind, pair_key, household_a, household_b, member_a, member_b, kabupaten_code,
        kecamatan_code, desa_code, kecamatan_code_b, desa_code_b, score, reasons)
      select ${runId}, p.kind, p.a || ':' || p.b, p.a, p.b, p.ma, p.mb, ha.kabupaten_code, ha.kecamatan_code, ha.desa_code,
        hb.kecamatan_code, hb.desa_code, 1, to_jsonb(p.reasons)
      from best p join household ha on ha.id = p.a join household hb on hb.id = p.b
      on conflict (pair_key) do nothing
      returning 1
    )
    select (select count(*) from best)::int as found, (select count(*) from ins)::int as added`.execute(db);
  const row = res.rows[0];
  return { found: Number(row?.found ?? 0), added: Number(row?.added ?? 0) };
}

interface BlockedPair {
  ma: number;
  ha: number;
  na: string;
  mb: number;
  hb: number;
  nb: string;
  kab: string;
  keca: string;
  desaa: string;
  kecb: string;
  desab: string;
}

/**
 * Fuzzy run for members whose NIK is missing or not 16 digits. Blocking: only members of
 * the same kecamatan with the same birth date are compared (one hash join), so the work
 * grows with the block sizes, not with the registry squared. Each pair is scored by
 * `nameSimilarity` (normalised Levenshtein, also on sorted name parts) and kept when the
 * score is at least FUZZY_NAME_THRESHOLD (0.85). A birth date typed wrongly is not found:
 * that is the price of the blocking.
 */
export async function runFuzzy(
  db: Kysely<DB>,
  runId: number,
  kabupatenCode: string,
  progress: ProgressFn = () => {},
): Promise<CandidateCounts> {
  progress({ phase: 'blok', done: 0, total: 0 });
  const blocked = await sql<BlockedPair>`
    select m1.id as ma, m1.household_id as ha, m1.name as na, m2.id as mb, m2.household_id as hb, m2.name as nb,
      m1.kabupaten_code as kab, m1.kecamatan_code as keca, m1.desa_code as desaa, m2.kecamatan_code as kecb, m2.desa_code as desab
    from member m1 join member m2 on m2.kecamatan_code = m1.kecamatan_code and m2.birth_date = m1.birth_date
      and m2.household_id <> m1.household_id
    where m1.kabupaten_code = ${kabupatenCode} and m1.birth_date is not null
      and (m1.nik is null or m1.nik !~ '^[0-9]{16}$')
      and (m2.nik ~ '^[0-9]{16}$' or m2.id > m1.id)`.execute(db);
  const total = blocked.rows.length;
  progress({ phase: 'skor', done: 0, total });
  const best = new Map<string, BlockedPair & { score: number }>();
  blocked.rows.forEach((p, i) => {
    const score = nameSimilarity(p.na, p.nb);
    if (i % 50_000 === 0) progress({ phase: 'skor', done: i, total });
    if (score < FUZZY_NAME_THRESHOLD) return;
    const a = Math.min(p.ha, p.hb);
    const b = Math.max(p.ha, p.hb);
    const key = `${a}:${b}`;
    const prev = best.get(key);
    if (!prev || prev.score < score) best.set(key, { ...p, score });
  });
  progress({ phase: 'simpan', done: 0, total: best.size });
  let added = 0;
  const pairs = [...best.entries()];
  for (let i = 0; i < pairs.length; i += 1000) {
    const values = pairs.slice(i, i + 1000).map(([key, p]) => {
      const swap = p.ha > p.hb;
      return {
        run_id: runId,
        kind: 'FUZZY' as const,
        pair_key: key,
        household_a: swap ? p.hb : p.ha,
        household_b: swap ? p.ha : p.hb,
        member_a: swap ? p.mb : p.ma,
        member_b: swap ? p.ma : p.mb,
        kabupaten_code: p.kab,
        kecamatan_code: swap ? p.kecb : p.keca,
        desa_code: swap ? p.desab : p.desaa,
        kecamatan_code_b: swap ? p.keca : p.kecb,
        desa_code_b: swap ? p.desaa : p.desab,
        score: Math.round(p.score * 1000) / 1000,
        reasons: JSON.stringify([
          'NIK kosong atau tidak valid',
          'Tanggal lahir sama',
          'Kecamatan sama',
          `Kemiripan nama ${Math.round(p.score * 100)}%`,
        ]),
      };
    });
    const res = await db
      .insertInto('match_candidate')
      .values(values)
      .onConflict((oc) => oc.column('pair_key').doNothing())
      .returning('id')
      .execute();
    added += res.length;
    progress({ phase: 'simpan', done: Math.min(i + 1000, pairs.length), total: pairs.length });
  }
  return { found: best.size, added };
}
