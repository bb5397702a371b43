import { type Kysely, sql } from 'kysely';

/**
 * Named column mappings of registry imports (docs/adr/0026-import-column-mapping.md): a layout
 * mapped once (a DTSEN extract, a Regsosek table) is saved and reused. The P3KE and DTKS layouts
 * are built in (registry/import/mapping.ts) and not stored.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
    create table import_mapping_template (
      id serial primary key,
      name text not null,
      kind text not null check (kind in ('P3KE', 'DTKS')),
      columns jsonb not null,
      created_by integer references app_user(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index import_mapping_template_name_idx on import_mapping_template (lower(name));
  `)
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('drop table import_mapping_template').execute(db);
}
