import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { checkKkStructure, checkNikStructure, readIdentifier } from '../registry/validate/identity.js';
import { plainIsoDate } from '../registry/validate/values.js';
import { EXACT_NAME_TOLERANCE, nameSimilarity } from './names.js';

/** One row of an external list (DTKS, aid recipients, a deceased list...). */
export interface ExternalRow {
  rowNumber: number;
  nik: string | null;
  kkNumber: string | null;
  name: string | null;
  /** yyyy-mm-dd */
  birthDate: string | null;
  /** Desa, kecamatan or kabupaten code, dotted (35.13.06.2005) or digits (3513062005). */
  regionCode: string | null;
}

export type ExactResult = 'MATCHED' | 'MATCHED_DIFF' | 'NOT_FOUND' | 'INVALID';
export type Difference = 'name' | 'birthDate' | 'region';

export interface ExactMatch {
  rowNumber: number;
  result: ExactResult;
  memberId: number | null;
  householdId: number | null;
  desaCode: string | null;
  differences: Difference[];
  reason: string | null;
}

/** A row ready for the matching SQL: identifiers validated, the reason when it cannot match. */
export interface PreparedRow {
  rowNumber: number;
  nik: string | null;
  kkNumber: string | null;
  name: string | null;
  birthDate: string | null;
  regionCode: string | null;
  invalidReason: string | null;
}

/** A real calendar day written yyyy-mm-dd, else null (the registry's check: no regex, no Date per row). */
function validDate(s: string | null): string | null {
  return s ? plainIsoDate(s.trim()) : null;
}

/** `3513062005` → `35.13.06.2005`; dotted codes pass through; anything else is dropped. */
export function normaliseRegionCode(code: string | null): string | null {
  if (!code) return null;
  const s = code.trim();
  if (/^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/.test(s)) return s;
  if (/^\d+$/.test(s) && [2, 4, 6, 10].includes(s.length)) {
    return [s.slice(0, 2), s.slice(2, 4), s.slice(4, 6), s.slice(6, 10)].filter((p) => p !== '').join('.');
  }
  return null;
}

function checkId(raw: string, kind: 'NIK' | 'No KK'): { value: string | null; error: string | null } {
  let error: string | null = null;
  const report = (severity: string, _code: string, message: string) => {
    if (severity === 'ERROR' && error === null) error = message;
  };
  const digits = readIdentifier(raw, kind, report);
  if (digits === null) return { value: null, error };
  const ok = kind === 'NIK' ? checkNikStructure(digits, report) : checkKkStructure(digits, report);
  return ok ? { value: digits, error: null } : { value: null, error };
}

/**
 * Validate one external row with the registry's identifier rules. A NIK that is present but
 * damaged (not 16 digits, scientific notation, impossible structure) makes the row INVALID:
 * it is reported, never repaired by guessing. A row with no NIK can still match on No KK.
 */
export function prepareRow(row: ExternalRow): PreparedRow {
  const base = {
    rowNumber: row.rowNumber,
    name: row.name?.trim() || null,
    birthDate: validDate(row.birthDate),
    regionCode: normaliseRegionCode(row.regionCode),
  };
  const nikRaw = row.nik?.trim() || null;
  const kkRaw = row.kkNumber?.trim() || null;
  if (nikRaw) {
    const nik = checkId(nikRaw, 'NIK');
    if (nik.error) return { ...base, nik: null, kkNumber: null, invalidReason: nik.error };
    const kk = kkRaw ? checkId(kkRaw, 'No KK') : null;
    return { ...base, nik: nik.value, kkNumber: kk?.value ?? null, invalidReason: null };
  }
  if (kkRaw) {
    const kk = checkId(kkRaw, 'No KK');
    if (kk.error) return { ...base, nik: null, kkNumber: null, invalidReason: kk.error };
    return { ...base, nik: null, kkNumber: kk.value, invalidReason: null };
  }
  return { ...base, nik: null, kkNumber: null, invalidReason: 'NIK dan No KK kosong' };
}

/** Columns a source relation passed to `exactMatchSelect` must have. */
export const SOURCE_COLUMNS = ['row_number', 'nik', 'kk_number', 'name', 'birth_date', 'region_code', 'invalid_reason'] as const;

/** Row produced by `exactMatchSelect`. `name_check` is true when the names differ beyond case. */
export interface ExactSqlRow {
  row_number: number;
  nik: string | null;
  kk_number: string | null;
  name: string | null;
  birth_date: Date | string | null;
  region_code: string | null;
  result: ExactResult;
  member_id: number | null;
  household_id: number | null;
  desa_code: string | null;
  kecamatan_code: string | null;
  registry_name: string | null;
  registry_birth_date: Date | string | null;
  differences: Difference[];
  reason: string | null;
  name_check: boolean;
}

/**
 * The one matching query, shared by the small (in-memory rows) and the bulk (staging
 * table) paths. `source` is a from-item aliased `e` with SOURCE_COLUMNS (a table `as e`, or
 * `unnest(...) as e(...)`); it is read where needed rather than through a CTE so that the
 * planner sees the staging table's statistics and hash-joins a million rows. Per row the best
 * hit is: a member with that NIK, else a household whose head has that NIK, else (rows with
 * no NIK) a household with that No KK. Birth date and region are compared here; names
 * that differ beyond case are flagged `name_check` for the tolerant comparison in JS.
 */
export function exactMatchSelect(source: RawBuilder<unknown>, kabupatenCode: string): RawBuilder<ExactSqlRow> {
  return sql<ExactSqlRow>`
    with hits as (
      select e.row_number, 1 as pri, m.id as member_id, m.household_id, m.desa_code, m.kecamatan_code, m.name as reg_name, m.birth_date as reg_birth
      from ${source} join member m on m.nik = e.nik and m.kabupaten_code = ${kabupatenCode}
      where e.invalid_reason is null
      union all
      select e.row_number, 2, null, h.id, h.desa_code, h.kecamatan_code, h.head_name, h.head_birth_date
      from ${source} join household h on h.head_nik = e.nik and h.kabupaten_code = ${kabupatenCode}
      where e.invalid_reason is null
      union all
      select e.row_number, 3, null, h.id, h.desa_code, h.kecamatan_code, null, null
      from ${source} join household h on h.kk_number = e.kk_number and h.kabupaten_code = ${kabupatenCode}
      where e.invalid_reason is null and e.nik is null
    ),
    ranked as (
      select distinct on (row_number) row_number, pri, member_id, household_id, desa_code, kecamatan_code, reg_name, reg_birth,
        -- ordered like the distinct on below, so one sort serves both
        count(*) over (partition by row_number, pri order by member_id nulls last, household_id
          rows between unbounded preceding and unbounded following) as same_pri
      from hits
      order by row_number, pri, member_id nulls last, household_id
    ),
    cmp as (
      select e.row_number, e.nik, e.kk_number, e.name, e.birth_date, e.region_code, e.invalid_reason, r.pri, r.member_id, r.household_id, r.desa_code, r.kecamatan_code, r.reg_name, r.reg_birth, r.same_pri,
        (r.pri < 3 and e.birth_date is not null and r.reg_birth is not null and e.birth_date <> r.reg_birth) as birth_diff,
        (e.region_code is not null and r.desa_code <> e.region_code and r.desa_code not like e.region_code || '.%') as region_diff,
        (r.pri < 3 and e.name is not null and r.reg_name is not null and lower(btrim(e.name)) <> lower(btrim(r.reg_name))) as name_check
      from ${source} left join ranked r on r.row_number = e.row_number
    )
    select row_number, nik, kk_number, name, birth_date, region_code,
      case when invalid_reason is not null then 'INVALID'
           when household_id is null then 'NOT_FOUND'
           when birth_diff or region_diff then 'MATCHED_DIFF'
           else 'MATCHED' end as result,
      member_id, household_id, desa_code, kecamatan_code, reg_name as registry_name, reg_birth as registry_birth_date,
      array_remove(array[case when birth_diff then 'birthDate' end, case when region_diff then 'region' end]::text[], null) as differences,
      case when invalid_reason is not null then invalid_reason
           when household_id is null then null
           when same_pri > 1 and pri = 3 then 'No KK ada di ' || same_pri || ' keluarga'
           when same_pri > 1 and pri = 1 then 'NIK ada di ' || same_pri || ' anggota registri'
           when same_pri > 1 then 'NIK kepala ada di ' || same_pri || ' keluarga'
           when pri = 2 then 'NIK cocok dengan kepala keluarga'
           when pri = 3 then 'Cocok lewat No KK'
           else null end as reason,
      coalesce(name_check, false) as name_check
    from cmp`;
}

/** Whether the external name counts as different from the registry's (below EXACT_NAME_TOLERANCE). */
export function namesDiffer(externalName: string | null, registryName: string | null): boolean {
  return nameSimilarity(externalName, registryName) < EXACT_NAME_TOLERANCE;
}

/** Apply the tolerant name comparison to a row from `exactMatchSelect`. */
export function finishMatch(r: ExactSqlRow, externalName: string | null): ExactMatch {
  const differences = [...r.differences];
  if (r.name_check && namesDiffer(externalName, r.registry_name)) differences.unshift('name');
  const result: ExactResult = r.result === 'MATCHED' && differences.length > 0 ? 'MATCHED_DIFF' : r.result;
  return {
    rowNumber: r.row_number,
    result,
    memberId: r.member_id,
    householdId: r.household_id,
    desaCode: r.desa_code,
    differences,
    reason: r.reason,
  };
}

/** `unnest(...)` of prepared rows: the in-memory source for `exactMatchSelect`. */
export function unnestSource(rows: readonly PreparedRow[]): RawBuilder<unknown> {
  return sql`unnest(
    ${rows.map((r) => r.rowNumber)}::int[], ${rows.map((r) => r.nik)}::text[], ${rows.map((r) => r.kkNumber)}::text[],
    ${rows.map((r) => r.name)}::text[], ${rows.map((r) => r.birthDate)}::date[], ${rows.map((r) => r.regionCode)}::text[],
    ${rows.map((r) => r.invalidReason)}::text[]
  ) as e(${sql.raw(SOURCE_COLUMNS.join(', '))})`;
}

const CHUNK = 5000;

/**
 * Match external rows against the kabupaten's registry on NIK (members, then household
 * heads) or, for rows without NIK, No KK. Set-based: one query per 5,000 rows. Results come
 * back in input order, one per row. Row numbers must be unique within a call. For lists of
 * hundreds of thousands of rows use the staged path (`matchExternalList` in external.ts),
 * which runs the same SQL over a staging table.
 */
export async function matchRowsExact(trx: Kysely<DB>, kabupatenCode: string, rows: readonly ExternalRow[]): Promise<ExactMatch[]> {
  const out: ExactMatch[] = [];
  for (let i = 0; i < rows.length; i += CHUNK) {
    const prepared = rows.slice(i, i + CHUNK).map(prepareRow);
    const names = new Map(prepared.map((p) => [p.rowNumber, p.name]));
    const res = await exactMatchSelect(unnestSource(prepared), kabupatenCode).execute(trx);
    const byRow = new Map(res.rows.map((r) => [r.row_number, finishMatch(r, names.get(r.row_number) ?? null)]));
    for (const p of prepared) {
      const m = byRow.get(p.rowNumber);
      if (m) out.push(m);
    }
  }
  return out;
}
