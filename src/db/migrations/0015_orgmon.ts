import { type Kysely, sql } from 'kysely';

/**
 * Access that follows a penugasan lasts only while its program period runs: a user_role row
 * may carry the dates it is valid on (both inclusive, in the kabupaten's calendar). The
 * sign-in/session lookup ignores rows outside them, so access ends on the day after the
 * period's end without a sweep. Manual grants keep null dates (always valid).
 *
 * Verval progress per program period, desa, status and outcome for the dashboard, kept on
 * write by statement-level triggers on verval like monitoring.desa_summary (0008), so the
 * dashboard reads a few thousand rows instead of joining 300k households with their verval.
 * It lives in the derived `monitoring` schema: a restore rebuilds it through the triggers.
 */

const rows = (table: string, sign: number) =>
  `select period_id, desa_code, kabupaten_code, kecamatan_code, status, coalesce(outcome, '') as outcome, ${sign} as sign from ${table}`;

/** A trigger function adding the grouped delta of `source` (rows with a sign) to the summary. */
const applyFunction = (name: string, source: string) => `
  create function monitoring.${name}() returns trigger language plpgsql as $fn$
  begin
    insert into monitoring.verval_summary as s (period_id, desa_code, kabupaten_code, kecamatan_code, status, outcome, n)
    select period_id, desa_code, kabupaten_code, kecamatan_code, status, outcome, sum(sign)
      from (${source}) d
     group by period_id, desa_code, kabupaten_code, kecamatan_code, status, outcome
    having sum(sign) <> 0
     order by period_id, desa_code, status, outcome
    on conflict (period_id, desa_code, status, outcome) do update set n = s.n + excluded.n;
    return null;
  end $fn$;`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table user_role add column valid_from date;
    alter table user_role add column valid_until date;
    update user_role ur set valid_from = p.start_date, valid_until = p.end_date
      from official_assignment oa join program_period p on p.id = oa.period_id
     where ur.source = 'assignment:' || oa.id;

    create table monitoring.verval_summary (
      period_id bigint not null,
      desa_code text not null,
      kabupaten_code text not null,
      kecamatan_code text not null,
      status text not null,
      outcome text not null, -- '' while no outcome is recorded
      n bigint not null default 0,
      primary key (period_id, desa_code, status, outcome)
    );
    create index verval_summary_kecamatan_idx on monitoring.verval_summary (period_id, kecamatan_code);
  `.execute(db);
  await sql
    .raw(
      [
        applyFunction('verval_summary_insert', rows('new_rows', 1)),
        applyFunction('verval_summary_update', `${rows('new_rows', 1)} union all ${rows('old_rows', -1)}`),
        applyFunction('verval_summary_delete', rows('old_rows', -1)),
      ].join('\n'),
    )
    .execute(db);
  await sql`
    create trigger verval_summary_insert after insert on verval
      referencing new table as new_rows for each statement execute function monitoring.verval_summary_insert();
    create trigger verval_summary_update after update on verval
      referencing old table as old_rows new table as new_rows for each statement execute function monitoring.verval_summary_update();
    create trigger verval_summary_delete after delete on verval
      referencing old table as old_rows for each statement execute function monitoring.verval_summary_delete();

    insert into monitoring.verval_summary (period_id, desa_code, kabupaten_code, kecamatan_code, status, outcome, n)
    select period_id, desa_code, kabupaten_code, kecamatan_code, status, coalesce(outcome, ''), count(*)
      from verval group by period_id, desa_code, kabupaten_code, kecamatan_code, status, coalesce(outcome, '');
  `.execute(db);
}
