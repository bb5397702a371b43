import { type Kysely, sql } from 'kysely';

/**
 * Pendampingan (issue 27): the companion named for each target household, the officials'
 * desa visits and per-household accompaniment, and follow-up tasks. Every row carries the
 * region codes (scope filters) and the activity rows the official's agency (the leaders'
 * per-agency view reads them by index without joining the organisation tables).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table pendampingan_companion (
      period_id bigint not null references program_period(id) on delete cascade,
      household_id bigint not null references household(id) on delete cascade,
      official_id bigint not null references official(id) on delete cascade,
      kabupaten_code text not null,
      kecamatan_code text not null,
      desa_code text not null,
      assigned_by bigint references app_user(id) on delete set null,
      assigned_at timestamptz not null default now(),
      primary key (period_id, household_id)
    );
    create index pendampingan_companion_official_idx on pendampingan_companion (official_id, period_id);
    create index pendampingan_companion_desa_idx on pendampingan_companion (period_id, desa_code);

    create table pendampingan_visit (
      id bigint generated always as identity primary key,
      period_id bigint not null references program_period(id) on delete cascade,
      official_id bigint not null references official(id) on delete cascade,
      agency_id bigint not null references agency(id) on delete cascade,
      kabupaten_code text not null,
      kecamatan_code text not null,
      desa_code text not null,
      visit_date date not null,
      place text not null,
      latitude double precision,
      longitude double precision,
      photos jsonb not null default '[]',
      participants jsonb not null default '[]',
      note text,
      created_by bigint references app_user(id) on delete set null,
      created_at timestamptz not null default now()
    );
    create index pendampingan_visit_agency_idx on pendampingan_visit (period_id, agency_id, visit_date);
    create index pendampingan_visit_official_idx on pendampingan_visit (official_id, visit_date);
    create index pendampingan_visit_desa_idx on pendampingan_visit (desa_code, visit_date);
    create index pendampingan_visit_photos_idx on pendampingan_visit using gin (photos);

    create table pendampingan_activity (
      id bigint generated always as identity primary key,
      period_id bigint not null references program_period(id) on delete cascade,
      official_id bigint not null references official(id) on delete cascade,
      agency_id bigint not null references agency(id) on delete cascade,
      household_id bigint not null references household(id) on delete cascade,
      visit_id bigint references pendampingan_visit(id) on delete set null,
      kabupaten_code text not null,
      kecamatan_code text not null,
      desa_code text not null,
      activity_date date not null,
      visited boolean not null,
      problem text,
      aid_action text check (aid_action in ('PROPOSED', 'ADVOCATED')),
      aid_proposal_id bigint references aid_proposal(id) on delete set null,
      referral_agency text,
      document_kind text check (document_kind in ('KTP', 'KK', 'BPJS', 'AKTA', 'LAINNYA')),
      note text,
      created_by bigint references app_user(id) on delete set null,
      created_at timestamptz not null default now(),
      check ((aid_action is null) = (aid_proposal_id is null))
    );
    create index pendampingan_activity_agency_idx on pendampingan_activity (period_id, agency_id, activity_date);
    create index pendampingan_activity_official_idx on pendampingan_activity (official_id, activity_date);
    create index pendampingan_activity_household_idx on pendampingan_activity (household_id, activity_date);
    create index pendampingan_activity_desa_idx on pendampingan_activity (desa_code, activity_date);
    create index pendampingan_activity_proposal_idx on pendampingan_activity (aid_proposal_id) where aid_proposal_id is not null;

    create table pendampingan_followup (
      id bigint generated always as identity primary key,
      period_id bigint not null references program_period(id) on delete cascade,
      activity_id bigint not null references pendampingan_activity(id) on delete cascade,
      household_id bigint not null references household(id) on delete cascade,
      owner_official_id bigint not null references official(id) on delete cascade,
      agency_id bigint not null references agency(id) on delete cascade,
      kabupaten_code text not null,
      kecamatan_code text not null,
      desa_code text not null,
      title text not null,
      due_date date not null,
      status text not null default 'OPEN' check (status in ('OPEN', 'DONE', 'CANCELLED')),
      closed_at timestamptz,
      closed_by bigint references app_user(id) on delete set null,
      created_by bigint references app_user(id) on delete set null,
      created_at timestamptz not null default now(),
      version int not null default 1
    );
    create index pendampingan_followup_agency_idx on pendampingan_followup (period_id, agency_id, status, due_date);
    create index pendampingan_followup_owner_idx on pendampingan_followup (owner_official_id, status, due_date);
    create index pendampingan_followup_household_idx on pendampingan_followup (household_id);
    create index pendampingan_followup_desa_idx on pendampingan_followup (desa_code, status, due_date);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table pendampingan_followup;
    drop table pendampingan_activity;
    drop table pendampingan_visit;
    drop table pendampingan_companion;
  `.execute(db);
}
