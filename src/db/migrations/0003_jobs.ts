import { type Kysely, sql } from 'kysely';

/**
 * Background jobs with progress (imports, later matching and exports), and what the registry
 * import needs on top of 0002: the job that ran an import, indexes for its reports, and a
 * schema for its staging tables.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table job (
      id bigint generated always as identity primary key,
      kind text not null,                        -- e.g. import.p3ke, import.dtks
      status text not null default 'RUNNING',    -- RUNNING | DONE | FAILED
      phase text,
      done bigint not null default 0,
      total bigint not null default 0,
      message text,
      result jsonb,
      error text,
      owner text,                                -- host:pid of the process running it
      created_by bigint references app_user(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      finished_at timestamptz
    );
    create index job_running_idx on job (kind) where status = 'RUNNING';
    create index job_created_by_idx on job (created_by, id);

    alter table import_batch add column job_id bigint references job(id);
    create index import_batch_job_idx on import_batch (job_id);
    create index import_issue_order_idx on import_issue (import_id, id);
    create index import_issue_severity_order_idx on import_issue (import_id, severity, id);
    create index household_history_import_idx on household_history (import_id);

    -- Scratch tables an import fills while it reads its files (outside public, so backups skip them).
    create schema import_stage;
  `.execute(db);
}
