import { type Kysely, sql } from 'kysely';

/**
 * Verval follow-up: uploads recorded by purpose, so a sweep can remove photos that were
 * uploaded but never attached (the blob store itself keeps no references), and indexes for
 * the review queue and the worklist search.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table blob_upload (
      id bigint generated always as identity primary key,
      sha256 text not null,
      purpose text not null,                   -- 'verval' (others may add theirs: 'musdes', ...)
      household_id bigint references household(id) on delete cascade,
      kabupaten_code text not null,
      kecamatan_code text not null,
      desa_code text not null,
      uploaded_by bigint references app_user(id) on delete set null,
      uploaded_at timestamptz not null default now(),
      unique (sha256, purpose, household_id)
    );
    create index blob_upload_sha_idx on blob_upload (sha256);
    create index blob_upload_sweep_idx on blob_upload (purpose, uploaded_at);
    create index blob_upload_desa_idx on blob_upload (desa_code);
    create index verval_review_idx on verval (period_id, status, submitted_at, id);
    create index verval_photos_idx on verval using gin (photos);
  `.execute(db);
}
