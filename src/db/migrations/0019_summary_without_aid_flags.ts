import { type Kysely, sql } from 'kysely';

/**
 * monitoring.desa_summary keeps households, members and extreme-poor households per desa and
 * desil; its P3KE aid-flag columns (extreme_aided, no_aid, extreme_bpnt … extreme_sembako) are
 * read by nothing since the dashboard counts aid from receipts (monitoring.aid_summary, 0016).
 * Drop them, and rewrite the three trigger functions of 0008 from one definition: they differed
 * only in which transition rows they read, and every household write paid for nine unused sums.
 */

/** The summary upsert for the rows of `delta` (a relation with sign, region codes, desil, member_count, target_status). */
function summaryUpsert(delta: string): string {
  return `
    insert into monitoring.desa_summary as s (kabupaten_code, kecamatan_code, desa_code, desil_key, households, members, extreme)
    select kabupaten_code, kecamatan_code, desa_code, desil_key, sum(households), sum(members), sum(extreme)
    from (
      select d.kabupaten_code, d.kecamatan_code, d.desa_code, coalesce(d.desil, 0) as desil_key,
             count(*) * d.sign as households, sum(d.member_count) * d.sign as members,
             count(*) filter (where d.target_status = 'MISKIN_EKSTREM') * d.sign as extreme
      from (${delta}) d
      group by d.kabupaten_code, d.kecamatan_code, d.desa_code, coalesce(d.desil, 0), d.sign
    ) x
    group by kabupaten_code, kecamatan_code, desa_code, desil_key
    having sum(households) <> 0 or sum(members) <> 0 or sum(extreme) <> 0
    order by desa_code, desil_key
    on conflict (desa_code, desil_key) do update set
      households = s.households + excluded.households, members = s.members + excluded.members, extreme = s.extreme + excluded.extreme;`;
}

const TRIGGER_FUNCTIONS: Array<[string, string]> = [
  ['summary_insert', 'select 1 as sign, * from new_rows'],
  ['summary_update', 'select 1 as sign, * from new_rows union all select -1, * from old_rows'],
  ['summary_delete', 'select -1 as sign, * from old_rows'],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  const functions = TRIGGER_FUNCTIONS.map(
    ([name, delta]) => `
    create or replace function monitoring.${name}() returns trigger language plpgsql as $fn$
    begin
      ${summaryUpsert(delta)}
      return null;
    end $fn$;`,
  ).join('\n');
  await sql
    .raw(`
    ${functions}
    alter table monitoring.desa_summary
      drop column extreme_aided, drop column no_aid, drop column extreme_bpnt, drop column extreme_bpum,
      drop column extreme_bst, drop column extreme_pkh, drop column extreme_sembako;`)
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error('0019 cannot be undone: the dropped aid-flag sums would have to be recomputed from the registry');
}
