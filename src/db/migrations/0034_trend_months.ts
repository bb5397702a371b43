import { type Kysely, sql } from 'kysely';

/**
 * Monthly trend of the registry (issue 23): the households and extreme-poor households each desa
 * had at the end of every closed month, reconstructed from the registry and its history
 * (`monitoring/trends.ts`). A closed month never changes (history is only appended, dated now),
 * so it is computed once, on the first trend read after the month closed, and kept here; the
 * current month is read live from monitoring.desa_summary. Derived data: it lives in the
 * monitoring schema (not backed up) and is rebuilt from the history when missing.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table monitoring.trend_month (
      kabupaten_code text not null,
      kecamatan_code text not null,
      desa_code text not null,
      month date not null,
      households integer not null,
      extreme integer not null,
      primary key (kabupaten_code, desa_code, month)
    );
    create index trend_month_kecamatan_idx on monitoring.trend_month (kecamatan_code, month);
    create index trend_month_desa_idx on monitoring.trend_month (desa_code, month);

    -- The last closed month whose figures trend_month holds, per kabupaten.
    create table monitoring.trend_state (
      kabupaten_code text primary key,
      through_month date not null,
      built_at timestamptz not null default now()
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table monitoring.trend_state; drop table monitoring.trend_month;`.execute(db);
}
