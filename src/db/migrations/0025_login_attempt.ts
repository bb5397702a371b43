import { type Kysely, sql } from 'kysely';

/**
 * Failed-login throttling keyed by the attempted user name (lower-cased, trimmed), whether or
 * not such an account exists: an unknown name is locked exactly like a real one, so the answer
 * does not reveal which accounts exist. `attempts` counts attempts claimed since the last
 * success or the end of the last lock; a login first claims its attempt with one atomic
 * UPDATE … RETURNING, so parallel requests cannot lose a count, and an attempt beyond the limit
 * is refused before its password is checked. app_user.failed_logins/locked_until are no longer
 * read by login.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table login_attempt (
      username text primary key,
      attempts integer not null default 0,
      locked_until timestamptz,
      last_attempt_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index login_attempt_last_idx on login_attempt (last_attempt_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table login_attempt`.execute(db);
}
