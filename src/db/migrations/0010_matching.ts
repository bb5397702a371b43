import { type Kysely, sql } from 'kysely';

/** Pemadanan (matching): runs, uploaded external list rows with their result, and candidate pairs to resolve. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table match_run (
      id bigint generated always as identity primary key,
      kabupaten_code text not null,
      kind text not null,                       -- INTERNAL | EXTERNAL | FUZZY
      list_name text,                           -- external lists: the name people gave it
      list_kind text,                           -- DTKS | RECIPIENTS | DECEASED | OTHER
      file_name text,
      file_sha256 text,
      status text not null default 'RUNNING',   -- RUNNING | DONE | FAILED
      counts jsonb not null default '{}',
      error text,
      job_id bigint references job(id),
      started_by bigint references app_user(id),
      started_at timestamptz not null default now(),
      finished_at timestamptz
    );
    create index match_run_kabupaten_idx on match_run (kabupaten_code, id desc);

    create table match_list_row (
      id bigint generated always as identity primary key,
      run_id bigint not null references match_run(id) on delete cascade,
      row_number integer not null,
      nik text,
      kk_number text,
      name text,
      birth_date date,
      region_code text,
      result text not null,                     -- MATCHED | MATCHED_DIFF | NOT_FOUND | INVALID
      differences text[] not null default '{}', -- name | birthDate | region
      reason text,
      member_id bigint references member(id) on delete set null,
      household_id bigint references household(id) on delete set null,
      registry_name text,
      registry_birth_date date,
      kabupaten_code text not null,
      kecamatan_code text,                      -- of the matched household; null when not matched
      desa_code text,
      unique (run_id, row_number)
    );
    create index match_list_row_result_idx on match_list_row (run_id, result, row_number);
    create index match_list_row_kecamatan_idx on match_list_row (run_id, kecamatan_code, row_number);
    create index match_list_row_desa_idx on match_list_row (run_id, desa_code, row_number);
    create index match_list_row_household_idx on match_list_row (household_id);

    create table match_candidate (
      id bigint generated always as identity primary key,
      run_id bigint references match_run(id) on delete set null,
      kind text not null,                       -- HOUSEHOLD_DUPLICATE | MEMBER_TWO_DESA | NIK_TWO_HOUSEHOLDS | FUZZY
      pair_key text not null unique,            -- "<household a>:<household b>", a < b: one candidate per pair
      household_a bigint not null references household(id) on delete cascade,
      household_b bigint not null references household(id) on delete cascade,
      member_a bigint references member(id) on delete set null,
      member_b bigint references member(id) on delete set null,
      kabupaten_code text not null,
      kecamatan_code text not null,             -- of household a
      desa_code text not null,
      kecamatan_code_b text not null,           -- of household b
      desa_code_b text not null,
      score real not null,                      -- 0..1
      reasons jsonb not null default '[]',
      status text not null default 'OPEN',      -- OPEN | SAME | DIFFERENT
      resolution text,                          -- GANDA | DISMISSED
      kept_household_id bigint references household(id) on delete set null,
      duplicate_household_id bigint references household(id) on delete set null,
      note text,
      resolved_by bigint references app_user(id),
      resolved_at timestamptz,
      created_at timestamptz not null default now()
    );
    create index match_candidate_kabupaten_idx on match_candidate (kabupaten_code, status, kind, id);
    create index match_candidate_kecamatan_idx on match_candidate (kecamatan_code, status, id);
    create index match_candidate_kecamatan_b_idx on match_candidate (kecamatan_code_b, status, id);
    create index match_candidate_desa_idx on match_candidate (desa_code, status, id);
    create index match_candidate_desa_b_idx on match_candidate (desa_code_b, status, id);
    create index match_candidate_household_a_idx on match_candidate (household_a, status);
    create index match_candidate_household_b_idx on match_candidate (household_b, status);
  `.execute(db);
}
