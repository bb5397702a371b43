import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table region (
      code text primary key,
      name text not null,
      level smallint not null check (level between 1 and 4),
      parent_code text references region(code),
      -- 1 provinsi, 2 kabupaten/kota, 3 kecamatan, 4 desa/kelurahan
      is_kelurahan boolean not null default false
    );
    create index region_parent_idx on region (parent_code, code);

    create table app_user (
      id bigint generated always as identity primary key,
      username text not null,
      full_name text not null,
      password_hash text not null,
      active boolean not null default true,
      language text not null default 'id' check (language in ('id', 'en')),
      failed_logins integer not null default 0,
      locked_until timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index app_user_username_idx on app_user (lower(username));

    create table user_role (
      id bigint generated always as identity primary key,
      user_id bigint not null references app_user(id) on delete cascade,
      role text not null,
      region_code text not null references region(code),
      -- 'manual' when granted by an admin; 'assignment:<id>' when derived from a penugasan
      source text not null default 'manual',
      created_at timestamptz not null default now(),
      unique (user_id, role, region_code, source)
    );
    create index user_role_user_idx on user_role (user_id);
    create index user_role_region_idx on user_role (region_code);

    create table session (
      id text primary key, -- sha256 of the cookie token; the token itself is never stored
      user_id bigint not null references app_user(id) on delete cascade,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      ip text,
      user_agent text
    );
    create index session_user_idx on session (user_id);
    create index session_expires_idx on session (expires_at);

    create table audit_log (
      id bigint primary key,
      at timestamptz not null,
      actor_id bigint,
      actor_name text not null,
      action text not null,
      entity text not null,
      entity_id text,
      region_code text,
      before jsonb,
      after jsonb,
      prev_hash text not null,
      hash text not null
    );
    create index audit_entity_idx on audit_log (entity, entity_id, id);
    create index audit_actor_idx on audit_log (actor_id, id);
    create index audit_region_idx on audit_log (region_code, id);

    create table app_setting (
      key text primary key,
      value jsonb not null,
      updated_at timestamptz not null default now()
    );
  `.execute(db);
}
