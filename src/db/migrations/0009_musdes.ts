import { type Kysely, sql } from 'kysely';

/**
 * Musyawarah Desa: meetings per desa with their attendance, evidence documents and a decision
 * per household; a household ended by a finalised musdes (deceased or a duplicate) is marked.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table household
      add column ended_reason text check (ended_reason in ('MENINGGAL', 'GANDA')),
      add column ended_at timestamptz;

    create table musdes_meeting (
      id bigint generated always as identity primary key,
      period_id bigint not null references program_period(id),
      kabupaten_code text not null,
      kecamatan_code text not null,
      desa_code text not null,
      type text not null check (type in ('MUSDES', 'MUSKEL', 'RAKOR', 'SOSIALISASI')),
      status text not null default 'SCHEDULED' check (status in ('SCHEDULED', 'HELD', 'FINALISED')),
      number text,                              -- nomor berita acara
      held_on date not null,
      place text not null,
      chair text,
      agenda text,
      version integer not null default 1,
      created_by bigint references app_user(id),
      created_at timestamptz not null default now(),
      updated_by bigint references app_user(id),
      updated_at timestamptz not null default now(),
      finalised_by bigint references app_user(id),
      finalised_at timestamptz
    );
    create unique index musdes_meeting_number_idx on musdes_meeting (kabupaten_code, number) where number is not null;
    create index musdes_meeting_desa_idx on musdes_meeting (desa_code, held_on desc, id desc);
    create index musdes_meeting_kecamatan_idx on musdes_meeting (kecamatan_code, status, held_on desc);
    create index musdes_meeting_period_idx on musdes_meeting (period_id, status, desa_code);
    create index musdes_meeting_kabupaten_idx on musdes_meeting (kabupaten_code, held_on desc, id desc);

    create table musdes_attendee (
      id bigint generated always as identity primary key,
      meeting_id bigint not null references musdes_meeting(id) on delete cascade,
      kabupaten_code text not null,
      kecamatan_code text not null,
      desa_code text not null,
      name text not null,
      role text not null check (role in ('KECAMATAN', 'BPD', 'KEPALA_DESA', 'PERANGKAT_DESA', 'RT', 'RW',
        'TOKOH_AGAMA', 'TOKOH_MASYARAKAT', 'PENDAMPING_DESA', 'LAINNYA')),
      institution text,
      signed boolean not null default false,
      created_by bigint references app_user(id),
      created_at timestamptz not null default now()
    );
    create index musdes_attendee_meeting_idx on musdes_attendee (meeting_id, id);
    create index musdes_attendee_desa_idx on musdes_attendee (desa_code);

    create table musdes_decision (
      meeting_id bigint not null references musdes_meeting(id) on delete cascade,
      household_id bigint not null references household(id),
      kabupaten_code text not null,
      kecamatan_code text not null,
      desa_code text not null,
      decision text not null check (decision in ('KEEP', 'REMOVE', 'ADD', 'DEFER')),
      reason text,
      verval_outcome text,                      -- the verval result tabled when deciding
      verval_status text,
      decided_by bigint references app_user(id),
      decided_at timestamptz not null default now(),
      primary key (meeting_id, household_id)
    );
    create index musdes_decision_household_idx on musdes_decision (household_id, meeting_id);
    create index musdes_decision_desa_idx on musdes_decision (desa_code, decision);

    create table musdes_document (
      id bigint generated always as identity primary key,
      meeting_id bigint not null references musdes_meeting(id) on delete cascade,
      kabupaten_code text not null,
      kecamatan_code text not null,
      desa_code text not null,
      kind text not null check (kind in ('PHOTO', 'SIGNED_BERITA_ACARA', 'SIGNED_ATTENDANCE', 'OTHER')),
      sha256 text not null,
      mime text not null,
      size integer not null,
      filename text,
      uploaded_by bigint references app_user(id),
      uploaded_at timestamptz not null default now()
    );
    create index musdes_document_meeting_idx on musdes_document (meeting_id, kind, id);
    create index musdes_document_desa_idx on musdes_document (desa_code);
  `.execute(db);
}
