import { type Kysely, sql } from 'kysely';

/**
 * Verval (verifikasi dan validasi): one record per household and program period, its
 * revisions, and the idempotency keys that make retried writes from a phone safe.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table verval (
      id bigint generated always as identity primary key,
      period_id bigint not null references program_period(id),
      household_id bigint not null references household(id),
      kabupaten_code text not null,
      kecamatan_code text not null,
      desa_code text not null,
      status text not null default 'DRAFT' check (status in ('DRAFT', 'SUBMITTED', 'APPROVED', 'RETURNED')),
      found boolean,
      outcome text check (outcome in ('TETAP', 'MAMPU', 'MENINGGAL', 'PINDAH', 'TIDAK_DITEMUKAN', 'GANDA', 'USULAN_BARU')),
      destination_desa_code text,
      duplicate_of bigint references household(id),
      suggested_class text,                    -- criteria engine's class when saved (adopted set)
      criteria_id bigint references criteria_set(id),
      outcome_reason text,
      changes jsonb not null default '{}',     -- {field: {before, after}}
      member_changes jsonb not null default '[]',
      photos jsonb not null default '[]',      -- [sha256]
      latitude double precision,
      longitude double precision,
      note text,
      review_comment text,
      submitted_by bigint references app_user(id),
      submitted_at timestamptz,
      reviewed_by bigint references app_user(id),
      reviewed_at timestamptz,
      version integer not null default 1,
      created_by bigint references app_user(id),
      created_at timestamptz not null default now(),
      updated_by bigint references app_user(id),
      updated_at timestamptz not null default now(),
      unique (period_id, household_id)
    );
    create index verval_household_idx on verval (household_id);
    create index verval_desa_idx on verval (period_id, desa_code, status);
    create index verval_kecamatan_idx on verval (period_id, kecamatan_code, status);

    create table verval_revision (
      id bigint generated always as identity primary key,
      verval_id bigint not null references verval(id) on delete cascade,
      version integer not null,
      action text not null,                    -- SAVE | SUBMIT | APPROVE | RETURN
      status text not null,
      changed_by bigint references app_user(id),
      changed_at timestamptz not null default now(),
      snapshot jsonb not null,
      unique (verval_id, version)
    );

    create table idempotency_key (
      user_id bigint not null references app_user(id) on delete cascade,
      key text not null,
      request_hash text not null,
      status integer not null,
      response jsonb not null,
      created_at timestamptz not null default now(),
      primary key (user_id, key)
    );
    create index idempotency_key_created_idx on idempotency_key (created_at);
  `.execute(db);
}
