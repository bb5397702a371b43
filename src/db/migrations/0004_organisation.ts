import { type Kysely, sql } from 'kysely';

/** Gesek Ekstrem organisation: OPD, pejabat, program periods, penugasan and the stage schedule. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table agency (
      id bigint generated always as identity primary key,
      kabupaten_code text not null references region(code),
      code text not null,
      name text not null,
      short_name text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index agency_code_idx on agency (kabupaten_code, lower(code));
    create index agency_name_idx on agency (kabupaten_code, name);

    create table official (
      id bigint generated always as identity primary key,
      kabupaten_code text not null references region(code),
      agency_id bigint not null references agency(id),
      name text not null,
      nip text not null check (nip ~ '^[0-9]{18}$'),
      position text not null,
      echelon text not null check (echelon in ('II', 'III', 'IV', 'JF', 'STAF')),
      user_id bigint references app_user(id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index official_nip_idx on official (kabupaten_code, nip);
    create unique index official_user_idx on official (user_id) where user_id is not null;
    create index official_agency_idx on official (agency_id, echelon, id);
    create index official_name_idx on official (kabupaten_code, lower(name) text_pattern_ops);

    create table program_period (
      id bigint generated always as identity primary key,
      kabupaten_code text not null references region(code),
      program text not null,
      name text not null,
      start_date date not null,
      end_date date not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (end_date >= start_date)
    );
    create unique index program_period_name_idx on program_period (kabupaten_code, lower(name));
    create index program_period_dates_idx on program_period (kabupaten_code, lower(program), start_date);

    create table agency_assignment (
      id bigint generated always as identity primary key,
      period_id bigint not null references program_period(id),
      agency_id bigint not null references agency(id),
      kabupaten_code text not null,
      kecamatan_code text not null references region(code),
      desa_code text,
      created_by bigint references app_user(id) on delete set null,
      created_at timestamptz not null default now(),
      check (desa_code is null)
    );
    create unique index agency_assignment_uniq on agency_assignment (period_id, agency_id, kecamatan_code);
    create index agency_assignment_kecamatan_idx on agency_assignment (period_id, kecamatan_code);
    create index agency_assignment_agency_idx on agency_assignment (agency_id);

    create table official_assignment (
      id bigint generated always as identity primary key,
      period_id bigint not null references program_period(id),
      official_id bigint not null references official(id),
      role text not null check (role in ('pembina_kecamatan', 'pendamping_desa', 'staf_pendamping')),
      kabupaten_code text not null,
      kecamatan_code text not null references region(code),
      desa_code text references region(code),
      source text not null default 'manual',
      created_by bigint references app_user(id) on delete set null,
      created_at timestamptz not null default now(),
      ended_at timestamptz,
      ended_by bigint references app_user(id) on delete set null,
      check ((role = 'pembina_kecamatan') = (desa_code is null))
    );
    -- The same official twice in the same role on the same region is never meaningful.
    create unique index official_assignment_active_uniq
      on official_assignment (period_id, official_id, role, coalesce(desa_code, kecamatan_code))
      where ended_at is null;
    create index official_assignment_desa_idx on official_assignment (period_id, desa_code) where ended_at is null;
    create index official_assignment_kecamatan_idx on official_assignment (period_id, kecamatan_code, desa_code);
    create index official_assignment_official_idx on official_assignment (official_id, period_id);

    create table stage (
      id bigint generated always as identity primary key,
      period_id bigint not null references program_period(id),
      kind text not null check (kind in ('sosialisasi', 'verval', 'musdes', 'pendampingan')),
      name text not null,
      start_date date not null,
      end_date date not null,
      kabupaten_code text not null,
      kecamatan_code text references region(code),
      desa_code text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (end_date >= start_date),
      check (desa_code is null)
    );
    create index stage_period_idx on stage (period_id, start_date, id);

    create table organisation_setting (
      kabupaten_code text primary key references region(code),
      max_desa_per_official integer not null default 2 check (max_desa_per_official between 1 and 100),
      updated_at timestamptz not null default now()
    );
  `.execute(db);
}
