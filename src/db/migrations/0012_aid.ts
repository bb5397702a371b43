import { type Kysely, sql } from 'kysely';

/**
 * Bantuan (aid): the catalogue of aid programs (seeded from the national/regional programs of
 * docs/domain/aid-programs.csv plus the historic BPUM and BST of the P3KE flags), receipts per
 * household or member, recipient-list imports with every row kept, usulan (proposals) with
 * their status history, lokus (priority desa) pins and the desa budget (APBDes) with the
 * households it covers. Every region-scoped table carries kabupaten/kecamatan/desa codes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table aid_program (
      id bigint generated always as identity primary key,
      code text not null unique,
      name text not null,
      unit text not null,                      -- HOUSEHOLD | MEMBER
      funding_source text not null,            -- APBDES | APBD_KAB | APBD_PROV | APBN | NON_GOV
      funding_label text not null,             -- as the agency names it, e.g. "APBD / APBN / APBDes"
      agency text not null,
      eligibility_notes text,
      historic boolean not null default false, -- no longer distributed (BPUM, BST)
      active boolean not null default true,
      kabupaten_code text,                     -- null: national catalogue; set: a local program
      created_by bigint references app_user(id),
      created_at timestamptz not null default now()
    );

    insert into aid_program (code, name, unit, funding_source, funding_label, agency, historic) values
      ('BLT_DD', 'BLT Dana Desa', 'HOUSEHOLD', 'APBDES', 'APBDes (Dana Desa)', 'Pemerintah Desa', false),
      ('SEMBAKO', 'Program Sembako / BPNT', 'HOUSEHOLD', 'APBN', 'APBN', 'Kementerian Sosial', false),
      ('PKH', 'Program Keluarga Harapan', 'HOUSEHOLD', 'APBN', 'APBN', 'Kementerian Sosial', false),
      ('PBI_JKN', 'PBI JKN', 'MEMBER', 'APBN', 'APBN', 'Kementerian Sosial / BPJS Kesehatan', false),
      ('PBI_DAERAH', 'PBI Daerah (JKN dibayar APBD)', 'MEMBER', 'APBD_KAB', 'APBD Kabupaten', 'Pemerintah Kabupaten', false),
      ('PIP', 'Program Indonesia Pintar', 'MEMBER', 'APBN', 'APBN', 'Kemendikdasmen / Kemenag', false),
      ('RTLH', 'Rehabilitasi Rumah Tidak Layak Huni', 'HOUSEHOLD', 'APBD_KAB', 'APBD / APBN / APBDes', 'PUPR / Perkim', false),
      ('BANSOS_APBD', 'Bantuan sosial daerah', 'HOUSEHOLD', 'APBD_KAB', 'APBD Kabupaten / Provinsi', 'Dinas Sosial', false),
      ('BAZNAS', 'Bantuan Baznas (zakat)', 'HOUSEHOLD', 'NON_GOV', 'Non-pemerintah', 'Baznas', false),
      ('CSR', 'Bantuan CSR / filantropi', 'HOUSEHOLD', 'NON_GOV', 'Non-pemerintah', 'Perusahaan / lembaga', false),
      ('BPUM', 'Banpres Produktif Usaha Mikro (BPUM)', 'HOUSEHOLD', 'APBN', 'APBN', 'Kementerian Koperasi dan UKM', true),
      ('BST', 'Bantuan Sosial Tunai (BST)', 'HOUSEHOLD', 'APBN', 'APBN', 'Kementerian Sosial', true);

    create table aid_import (
      id bigint generated always as identity primary key,
      kabupaten_code text not null,
      program_id bigint not null references aid_program(id),
      period_year integer not null,
      period_month smallint,
      file_name text not null,
      file_sha256 text not null,
      status text not null default 'RUNNING',  -- RUNNING | DONE | FAILED
      counts jsonb not null default '{}',
      job_id bigint,
      created_by bigint references app_user(id),
      created_at timestamptz not null default now(),
      finished_at timestamptz
    );
    create index aid_import_kabupaten_idx on aid_import (kabupaten_code, id desc);

    -- Every row of a recipient list: matched (with its household/member) or reported with a reason.
    create table aid_import_row (
      id bigint generated always as identity primary key,
      import_id bigint not null references aid_import(id) on delete cascade,
      row_number integer not null,
      kabupaten_code text not null,
      kecamatan_code text,                     -- null when the row matched nothing
      desa_code text,
      nik text,
      kk_number text,
      name text,
      amount numeric(14,0),
      result text not null,                    -- MATCHED | MATCHED_DIFF | NOT_FOUND | INVALID
      reason text,
      household_id bigint references household(id) on delete set null,
      member_id bigint references member(id) on delete set null
    );
    create index aid_import_row_import_idx on aid_import_row (import_id, result, row_number);
    create index aid_import_row_desa_idx on aid_import_row (desa_code, result);

    create table aid_receipt (
      id bigint generated always as identity primary key,
      kabupaten_code text not null,
      kecamatan_code text not null,
      desa_code text not null,
      program_id bigint not null references aid_program(id),
      household_id bigint not null references household(id) on delete cascade,
      member_id bigint references member(id) on delete cascade,
      period_year integer not null,
      period_month smallint,
      amount numeric(14,0),
      funding_source text not null,
      source text not null,                    -- MANUAL | IMPORT | REGISTRY_FLAG
      import_id bigint references aid_import(id) on delete set null,
      proposal_id bigint,
      note text,
      created_by bigint references app_user(id),
      created_at timestamptz not null default now()
    );
    create index aid_receipt_household_idx on aid_receipt (household_id, program_id);
    create index aid_receipt_desa_idx on aid_receipt (desa_code, id desc);
    create index aid_receipt_kecamatan_idx on aid_receipt (kecamatan_code, id desc);
    create index aid_receipt_kabupaten_idx on aid_receipt (kabupaten_code, id desc);
    create index aid_receipt_program_idx on aid_receipt (program_id, period_year);
    create index aid_receipt_member_idx on aid_receipt (member_id) where member_id is not null;
    -- "Ambil dari data P3KE" is idempotent: one flag receipt per program and household/member.
    create unique index aid_receipt_flag_uq on aid_receipt (program_id, household_id, coalesce(member_id, 0))
      where source = 'REGISTRY_FLAG';
    -- One receipt per import row: re-running an import's receipts changes nothing.
    create unique index aid_receipt_import_uq on aid_receipt (import_id, program_id, household_id, coalesce(member_id, 0))
      where source = 'IMPORT';

    create table aid_proposal (
      id bigint generated always as identity primary key,
      kabupaten_code text not null,
      kecamatan_code text not null,
      desa_code text not null,
      household_id bigint not null references household(id) on delete cascade,
      member_id bigint references member(id) on delete cascade,
      program_id bigint not null references aid_program(id),
      status text not null default 'PROPOSED', -- PROPOSED | VERIFIED | APPROVED | DISTRIBUTED | REJECTED
      amount numeric(14,0),                    -- proposed, then approved, then distributed amount
      reason text,                             -- why proposed (the suggestion rule or a note)
      rejection_reason text,
      proposed_by bigint references app_user(id),
      proposed_at timestamptz not null default now(),
      verified_by bigint references app_user(id),
      verified_at timestamptz,
      approved_by bigint references app_user(id),
      approved_at timestamptz,
      distributed_by bigint references app_user(id),
      distributed_at timestamptz,
      rejected_by bigint references app_user(id),
      rejected_at timestamptz,
      receipt_id bigint references aid_receipt(id) on delete set null,
      version integer not null default 1,
      updated_at timestamptz not null default now()
    );
    create index aid_proposal_desa_idx on aid_proposal (desa_code, status, id desc);
    create index aid_proposal_kecamatan_idx on aid_proposal (kecamatan_code, status, id desc);
    create index aid_proposal_kabupaten_idx on aid_proposal (kabupaten_code, status, id desc);
    create index aid_proposal_program_idx on aid_proposal (program_id, status, id desc);
    create index aid_proposal_household_idx on aid_proposal (household_id);
    -- At most one open proposal per household (member) and program.
    create unique index aid_proposal_open_uq on aid_proposal (household_id, program_id, coalesce(member_id, 0))
      where status in ('PROPOSED', 'VERIFIED', 'APPROVED');

    create table aid_proposal_event (
      id bigint generated always as identity primary key,
      proposal_id bigint not null references aid_proposal(id) on delete cascade,
      kabupaten_code text not null,
      kecamatan_code text not null,
      desa_code text not null,
      from_status text,
      to_status text not null,
      amount numeric(14,0),
      note text,
      actor_id bigint references app_user(id),
      at timestamptz not null default now()
    );
    create index aid_proposal_event_idx on aid_proposal_event (proposal_id, id);

    create table aid_lokus_override (
      desa_code text primary key references region(code),
      kabupaten_code text not null,
      kecamatan_code text not null,
      pinned boolean not null,                 -- true: always lokus; false: never lokus
      reason text not null,
      set_by bigint references app_user(id),
      set_at timestamptz not null default now()
    );
    create index aid_lokus_override_kecamatan_idx on aid_lokus_override (kecamatan_code, desa_code);

    create table aid_desa_budget (
      id bigint generated always as identity primary key,
      kabupaten_code text not null,
      kecamatan_code text not null,
      desa_code text not null references region(code),
      year integer not null,
      program_id bigint not null references aid_program(id),
      allocation numeric(16,0) not null,
      note text,
      created_by bigint references app_user(id),
      updated_at timestamptz not null default now(),
      version integer not null default 1,
      unique (desa_code, year, program_id)
    );
    create index aid_desa_budget_kecamatan_idx on aid_desa_budget (kecamatan_code, year);
    create index aid_desa_budget_year_idx on aid_desa_budget (kabupaten_code, year);

    create table aid_desa_budget_household (
      budget_id bigint not null references aid_desa_budget(id) on delete cascade,
      household_id bigint not null references household(id) on delete cascade,
      desa_code text not null,
      primary key (budget_id, household_id)
    );
    create index aid_desa_budget_household_idx on aid_desa_budget_household (household_id);
  `.execute(db);
}
