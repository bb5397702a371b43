import { type Kysely, sql } from 'kysely';

/** The household registry: keluarga, anggota keluarga, their history, and the imports that fed them. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table import_batch (
      id bigint generated always as identity primary key,
      kind text not null,                      -- P3KE | DTKS
      status text not null default 'RUNNING',  -- RUNNING | DONE | FAILED
      edition text,                            -- data release, e.g. "P3KE 2024"
      files jsonb not null default '[]',       -- [{name, sha256, rows}]
      counts jsonb not null default '{}',      -- totals per outcome
      error text,
      started_by bigint references app_user(id),
      started_at timestamptz not null default now(),
      finished_at timestamptz
    );

    create table import_issue (
      id bigint generated always as identity primary key,
      import_id bigint not null references import_batch(id) on delete cascade,
      file text not null,
      row_number integer not null,
      column_name text,
      value text,
      severity text not null,                  -- ERROR (row not stored) | WARNING (stored)
      code text not null,
      message text not null
    );
    create index import_issue_import_idx on import_issue (import_id, severity, row_number);

    create table household (
      id bigint generated always as identity primary key,
      kabupaten_code text not null,
      kecamatan_code text not null,
      desa_code text not null references region(code),
      source text not null,                    -- P3KE | DTKS | MANUAL
      source_id text not null,                 -- id_keluarga_p3ke / IDBDT / generated
      edition text,
      kk_number text,
      head_name text not null,
      head_nik text,
      head_sex text,                           -- L | P
      head_birth_date date,
      head_occupation text,
      head_education text,
      address text,
      desil smallint,
      target_status text not null default 'MISKIN', -- MISKIN_EKSTREM | MISKIN | TIDAK_MISKIN
      house_ownership text,
      roof_type text,
      wall_type text,
      floor_type text,
      lighting text,
      cooking_fuel text,
      drinking_water text,
      toilet text,
      has_savings boolean,
      padan_dukcapil boolean,
      aid_bpnt boolean not null default false,
      aid_bpum boolean not null default false,
      aid_bst boolean not null default false,
      aid_pkh boolean not null default false,
      aid_sembako boolean not null default false,
      stunting_risk boolean not null default false,
      indicators jsonb not null default '{}',  -- further household fields used by kriteria
      member_count integer not null default 0,
      data_year integer,
      row_hash text not null,                  -- hash of the normalised source record
      import_id bigint references import_batch(id),
      version integer not null default 1,      -- optimistic concurrency
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (source, source_id)
    );
    create index household_desa_idx on household (desa_code, id);
    create index household_kecamatan_idx on household (kecamatan_code, id);
    create index household_kabupaten_idx on household (kabupaten_code, id);
    create index household_desil_idx on household (desil, id);
    create index household_status_idx on household (target_status, id);
    create index household_kk_idx on household (kk_number);
    create index household_head_nik_idx on household (head_nik);
    create index household_head_name_idx on household (lower(head_name) text_pattern_ops);

    create table member (
      id bigint generated always as identity primary key,
      household_id bigint not null references household(id) on delete cascade,
      kabupaten_code text not null,
      kecamatan_code text not null,
      desa_code text not null,
      source text not null,
      source_id text not null,                 -- id_individu / IDARTBDT
      nik text,
      name text not null,
      sex text,
      relationship text,                       -- hubungan dengan kepala keluarga
      birth_date date,
      marital_status text,
      occupation text,
      education text,
      padan_dukcapil boolean,
      aid_bpnt boolean not null default false,
      aid_bpum boolean not null default false,
      aid_bst boolean not null default false,
      aid_pkh boolean not null default false,
      aid_sembako boolean not null default false,
      stunting_risk boolean not null default false,
      attributes jsonb not null default '{}',
      row_hash text not null,
      import_id bigint references import_batch(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (source, source_id)
    );
    create index member_household_idx on member (household_id);
    create index member_nik_idx on member (nik);
    create index member_desa_idx on member (desa_code);
    create index member_name_idx on member (lower(name) text_pattern_ops);

    create table household_history (
      id bigint generated always as identity primary key,
      household_id bigint not null references household(id) on delete cascade,
      import_id bigint references import_batch(id),
      changed_by bigint references app_user(id),
      changed_at timestamptz not null default now(),
      changes jsonb not null                   -- {field: [before, after]}, members under "members"
    );
    create index household_history_idx on household_history (household_id, id);
  `.execute(db);
}
