import { type Kysely, sql } from 'kysely';

/**
 * Boundaries of kecamatan and desa for the maps (issue 23): one GeoJSON geometry per region,
 * in WGS84 longitude/latitude, simplified on upload. `synthetic` marks the demo's generated
 * boundaries, which the map labels as such.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
    create table region_boundary (
      region_code text not null references region(code),
      kabupaten_code text not null,
      kecamatan_code text not null,
      level int not null check (level in (3, 4)),
      geometry jsonb not null,
      synthetic boolean not null default false,
      source text not null,
      updated_by int,
      updated_at timestamptz not null default now(),
      -- Led by the distribution column (docs/scaling.md); a region code implies its kabupaten.
      primary key (kabupaten_code, region_code)
    );
    create index region_boundary_kab_level_idx on region_boundary (kabupaten_code, level, region_code);
  `)
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('drop table region_boundary').execute(db);
}
