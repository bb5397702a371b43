import { type Kysely, sql } from 'kysely';

/**
 * Accounts in bulk (issue 25, ADR 0025): a user may be required to change the password an
 * admin gave them (an initial password, a reset) before doing anything else; and a bulk
 * creation's slips wait, encrypted with a key only the creator's browser holds, until they
 * are downloaded once (never the passwords in clear).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
    alter table app_user add column must_change_password boolean not null default false;
    create table user_slip_batch (
      id text primary key,
      created_by integer not null references app_user(id),
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      payload text not null
    );
  `)
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
    drop table user_slip_batch;
    alter table app_user drop column must_change_password;
  `)
    .execute(db);
}
