import { type Kysely, sql } from 'kysely';

/**
 * Monitoring: household figures per desa and desil (maintained on write), the extreme-poverty baseline per desa (fixed at the first registry import),
 * macro poverty indicators per kabupaten and year, and the help desk (kendala) with its
 * comment thread.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table monitoring_baseline (
      desa_code text primary key references region(code),
      kabupaten_code text not null,
      kecamatan_code text not null,
      import_id bigint not null references import_batch(id),
      households integer not null,
      extreme_households integer not null,
      captured_at timestamptz not null default now()
    );
    create index monitoring_baseline_kecamatan_idx on monitoring_baseline (kecamatan_code, desa_code);

    create table poverty_indicator (
      id bigint generated always as identity primary key,
      kabupaten_code text not null references region(code),
      year integer not null,
      poverty_rate numeric(5,2) not null,
      extreme_poverty_rate numeric(5,2) not null,
      source text not null,
      updated_by bigint references app_user(id),
      updated_at timestamptz not null default now(),
      unique (kabupaten_code, year)
    );

    create table kendala (
      id bigint generated always as identity primary key,
      kabupaten_code text not null,
      kecamatan_code text not null,
      desa_code text not null references region(code),
      category text not null,                  -- INPUT | DATA | APLIKASI
      title text not null,
      description text not null,
      screenshot_sha256 text,
      screenshot_mime text,
      status text not null default 'BARU',     -- BARU | DIPROSES | SELESAI | DITOLAK
      rejection_reason text,
      reported_by bigint not null references app_user(id),
      created_at timestamptz not null default now(),
      first_response_at timestamptz,
      resolved_at timestamptz,
      updated_at timestamptz not null default now(),
      version integer not null default 1
    );
    create index kendala_desa_idx on kendala (desa_code, created_at desc, id desc);
    create index kendala_kecamatan_idx on kendala (kecamatan_code, created_at desc, id desc);
    create index kendala_status_idx on kendala (status, created_at desc, id desc);
    create index kendala_reporter_idx on kendala (reported_by, created_at desc, id desc);

    create table kendala_comment (
      id bigint generated always as identity primary key,
      kendala_id bigint not null references kendala(id) on delete cascade,
      author_id bigint not null references app_user(id),
      body text not null,
      created_at timestamptz not null default now()
    );
    create index kendala_comment_idx on kendala_comment (kendala_id, id);


    -- Household figures per desa and desil, kept current by statement-level triggers on
    -- household (one grouped delta per statement, from its transition tables), so dashboards
    -- read a few thousand rows instead of scanning the registry. desil_key 0 = no desil.
    -- Derived data lives in its own schema: backups carry the public schema only, and on
    -- restore the triggers rebuild it from the restored households.
    create schema monitoring;
    create table monitoring.desa_summary (
      desa_code text not null,
      desil_key smallint not null,
      kabupaten_code text not null,
      kecamatan_code text not null,
      households bigint not null default 0,
      members bigint not null default 0,
      extreme bigint not null default 0,
      extreme_aided bigint not null default 0,
      no_aid bigint not null default 0,
      extreme_bpnt bigint not null default 0,
      extreme_bpum bigint not null default 0,
      extreme_bst bigint not null default 0,
      extreme_pkh bigint not null default 0,
      extreme_sembako bigint not null default 0,
      primary key (desa_code, desil_key)
    );
    create index desa_summary_kecamatan_idx on monitoring.desa_summary (kabupaten_code, kecamatan_code);

    create function monitoring.summary_insert() returns trigger language plpgsql as $fn$
    begin
      insert into monitoring.desa_summary as s (kabupaten_code, kecamatan_code, desa_code, desil_key, households, members, extreme, extreme_aided, no_aid, extreme_bpnt, extreme_bpum, extreme_bst, extreme_pkh, extreme_sembako)
      select kabupaten_code, kecamatan_code, desa_code, desil_key,
             sum(households), sum(members), sum(extreme), sum(extreme_aided), sum(no_aid),
             sum(extreme_bpnt), sum(extreme_bpum), sum(extreme_bst), sum(extreme_pkh), sum(extreme_sembako)
      from (
        select d.kabupaten_code, d.kecamatan_code, d.desa_code, coalesce(d.desil, 0) as desil_key,
             count(*) * d.sign, sum(d.member_count) * d.sign,
             count(*) filter (where d.target_status = 'MISKIN_EKSTREM') * d.sign,
             count(*) filter (where d.target_status = 'MISKIN_EKSTREM' and (d.aid_bpnt or d.aid_bpum or d.aid_bst or d.aid_pkh or d.aid_sembako)) * d.sign,
             count(*) filter (where not (d.aid_bpnt or d.aid_bpum or d.aid_bst or d.aid_pkh or d.aid_sembako)) * d.sign,
             count(*) filter (where d.target_status = 'MISKIN_EKSTREM' and d.aid_bpnt) * d.sign,
             count(*) filter (where d.target_status = 'MISKIN_EKSTREM' and d.aid_bpum) * d.sign,
             count(*) filter (where d.target_status = 'MISKIN_EKSTREM' and d.aid_bst) * d.sign,
             count(*) filter (where d.target_status = 'MISKIN_EKSTREM' and d.aid_pkh) * d.sign,
             count(*) filter (where d.target_status = 'MISKIN_EKSTREM' and d.aid_sembako) * d.sign
        from (select 1 as sign, * from new_rows) d
        group by d.kabupaten_code, d.kecamatan_code, d.desa_code, coalesce(d.desil, 0), d.sign
      ) x (kabupaten_code, kecamatan_code, desa_code, desil_key, households, members, extreme, extreme_aided, no_aid, extreme_bpnt, extreme_bpum, extreme_bst, extreme_pkh, extreme_sembako)
      group by kabupaten_code, kecamatan_code, desa_code, desil_key
      having sum(households) <> 0 or sum(members) <> 0 or sum(extreme) <> 0 or sum(extreme_aided) <> 0 or sum(no_aid) <> 0 or sum(extreme_bpnt) <> 0 or sum(extreme_bpum) <> 0 or sum(extreme_bst) <> 0 or sum(extreme_pkh) <> 0 or sum(extreme_sembako) <> 0
      order by desa_code, desil_key
      on conflict (desa_code, desil_key) do update set
        households = s.households + excluded.households, members = s.members + excluded.members, extreme = s.extreme + excluded.extreme, extreme_aided = s.extreme_aided + excluded.extreme_aided, no_aid = s.no_aid + excluded.no_aid, extreme_bpnt = s.extreme_bpnt + excluded.extreme_bpnt, extreme_bpum = s.extreme_bpum + excluded.extreme_bpum, extreme_bst = s.extreme_bst + excluded.extreme_bst, extreme_pkh = s.extreme_pkh + excluded.extreme_pkh, extreme_sembako = s.extreme_sembako + excluded.extreme_sembako;
      return null;
    end $fn$;
    create function monitoring.summary_update() returns trigger language plpgsql as $fn$
    begin
      insert into monitoring.desa_summary as s (kabupaten_code, kecamatan_code, desa_code, desil_key, households, members, extreme, extreme_aided, no_aid, extreme_bpnt, extreme_bpum, extreme_bst, extreme_pkh, extreme_sembako)
      select kabupaten_code, kecamatan_code, desa_code, desil_key,
             sum(households), sum(members), sum(extreme), sum(extreme_aided), sum(no_aid),
             sum(extreme_bpnt), sum(extreme_bpum), sum(extreme_bst), sum(extreme_pkh), sum(extreme_sembako)
      from (
        select d.kabupaten_code, d.kecamatan_code, d.desa_code, coalesce(d.desil, 0) as desil_key,
             count(*) * d.sign, sum(d.member_count) * d.sign,
             count(*) filter (where d.target_status = 'MISKIN_EKSTREM') * d.sign,
             count(*) filter (where d.target_status = 'MISKIN_EKSTREM' and (d.aid_bpnt or d.aid_bpum or d.aid_bst or d.aid_pkh or d.aid_sembako)) * d.sign,
             count(*) filter (where not (d.aid_bpnt or d.aid_bpum or d.aid_bst or d.aid_pkh or d.aid_sembako)) * d.sign,
             count(*) filter (where d.target_status = 'MISKIN_EKSTREM' and d.aid_bpnt) * d.sign,
             count(*) filter (where d.target_status = 'MISKIN_EKSTREM' and d.aid_bpum) * d.sign,
             count(*) filter (where d.target_status = 'MISKIN_EKSTREM' and d.aid_bst) * d.sign,
             count(*) filter (where d.target_status = 'MISKIN_EKSTREM' and d.aid_pkh) * d.sign,
             count(*) filter (where d.target_status = 'MISKIN_EKSTREM' and d.aid_sembako) * d.sign
        from (select 1 as sign, * from new_rows union all select -1, * from old_rows) d
        group by d.kabupaten_code, d.kecamatan_code, d.desa_code, coalesce(d.desil, 0), d.sign
      ) x (kabupaten_code, kecamatan_code, desa_code, desil_key, households, members, extreme, extreme_aided, no_aid, extreme_bpnt, extreme_bpum, extreme_bst, extreme_pkh, extreme_sembako)
      group by kabupaten_code, kecamatan_code, desa_code, desil_key
      having sum(households) <> 0 or sum(members) <> 0 or sum(extreme) <> 0 or sum(extreme_aided) <> 0 or sum(no_aid) <> 0 or sum(extreme_bpnt) <> 0 or sum(extreme_bpum) <> 0 or sum(extreme_bst) <> 0 or sum(extreme_pkh) <> 0 or sum(extreme_sembako) <> 0
      order by desa_code, desil_key
      on conflict (desa_code, desil_key) do update set
        households = s.households + excluded.households, members = s.members + excluded.members, extreme = s.extreme + excluded.extreme, extreme_aided = s.extreme_aided + excluded.extreme_aided, no_aid = s.no_aid + excluded.no_aid, extreme_bpnt = s.extreme_bpnt + excluded.extreme_bpnt, extreme_bpum = s.extreme_bpum + excluded.extreme_bpum, extreme_bst = s.extreme_bst + excluded.extreme_bst, extreme_pkh = s.extreme_pkh + excluded.extreme_pkh, extreme_sembako = s.extreme_sembako + excluded.extreme_sembako;
      return null;
    end $fn$;
    create function monitoring.summary_delete() returns trigger language plpgsql as $fn$
    begin
      insert into monitoring.desa_summary as s (kabupaten_code, kecamatan_code, desa_code, desil_key, households, members, extreme, extreme_aided, no_aid, extreme_bpnt, extreme_bpum, extreme_bst, extreme_pkh, extreme_sembako)
      select kabupaten_code, kecamatan_code, desa_code, desil_key,
             sum(households), sum(members), sum(extreme), sum(extreme_aided), sum(no_aid),
             sum(extreme_bpnt), sum(extreme_bpum), sum(extreme_bst), sum(extreme_pkh), sum(extreme_sembako)
      from (
        select d.kabupaten_code, d.kecamatan_code, d.desa_code, coalesce(d.desil, 0) as desil_key,
             count(*) * d.sign, sum(d.member_count) * d.sign,
             count(*) filter (where d.target_status = 'MISKIN_EKSTREM') * d.sign,
             count(*) filter (where d.target_status = 'MISKIN_EKSTREM' and (d.aid_bpnt or d.aid_bpum or d.aid_bst or d.aid_pkh or d.aid_sembako)) * d.sign,
             count(*) filter (where not (d.aid_bpnt or d.aid_bpum or d.aid_bst or d.aid_pkh or d.aid_sembako)) * d.sign,
             count(*) filter (where d.target_status = 'MISKIN_EKSTREM' and d.aid_bpnt) * d.sign,
             count(*) filter (where d.target_status = 'MISKIN_EKSTREM' and d.aid_bpum) * d.sign,
             count(*) filter (where d.target_status = 'MISKIN_EKSTREM' and d.aid_bst) * d.sign,
             count(*) filter (where d.target_status = 'MISKIN_EKSTREM' and d.aid_pkh) * d.sign,
             count(*) filter (where d.target_status = 'MISKIN_EKSTREM' and d.aid_sembako) * d.sign
        from (select -1 as sign, * from old_rows) d
        group by d.kabupaten_code, d.kecamatan_code, d.desa_code, coalesce(d.desil, 0), d.sign
      ) x (kabupaten_code, kecamatan_code, desa_code, desil_key, households, members, extreme, extreme_aided, no_aid, extreme_bpnt, extreme_bpum, extreme_bst, extreme_pkh, extreme_sembako)
      group by kabupaten_code, kecamatan_code, desa_code, desil_key
      having sum(households) <> 0 or sum(members) <> 0 or sum(extreme) <> 0 or sum(extreme_aided) <> 0 or sum(no_aid) <> 0 or sum(extreme_bpnt) <> 0 or sum(extreme_bpum) <> 0 or sum(extreme_bst) <> 0 or sum(extreme_pkh) <> 0 or sum(extreme_sembako) <> 0
      order by desa_code, desil_key
      on conflict (desa_code, desil_key) do update set
        households = s.households + excluded.households, members = s.members + excluded.members, extreme = s.extreme + excluded.extreme, extreme_aided = s.extreme_aided + excluded.extreme_aided, no_aid = s.no_aid + excluded.no_aid, extreme_bpnt = s.extreme_bpnt + excluded.extreme_bpnt, extreme_bpum = s.extreme_bpum + excluded.extreme_bpum, extreme_bst = s.extreme_bst + excluded.extreme_bst, extreme_pkh = s.extreme_pkh + excluded.extreme_pkh, extreme_sembako = s.extreme_sembako + excluded.extreme_sembako;
      return null;
    end $fn$;

    create trigger household_summary_insert after insert on household
      referencing new table as new_rows for each statement execute function monitoring.summary_insert();
    create trigger household_summary_update after update on household
      referencing old table as old_rows new table as new_rows for each statement execute function monitoring.summary_update();
    create trigger household_summary_delete after delete on household
      referencing old table as old_rows for each statement execute function monitoring.summary_delete();

    -- Households already in the registry.
    insert into monitoring.desa_summary (kabupaten_code, kecamatan_code, desa_code, desil_key, households, members, extreme, extreme_aided, no_aid, extreme_bpnt, extreme_bpum, extreme_bst, extreme_pkh, extreme_sembako)
    select d.kabupaten_code, d.kecamatan_code, d.desa_code, coalesce(d.desil, 0),
           count(*), sum(d.member_count),
             count(*) filter (where d.target_status = 'MISKIN_EKSTREM'),
             count(*) filter (where d.target_status = 'MISKIN_EKSTREM' and (d.aid_bpnt or d.aid_bpum or d.aid_bst or d.aid_pkh or d.aid_sembako)),
             count(*) filter (where not (d.aid_bpnt or d.aid_bpum or d.aid_bst or d.aid_pkh or d.aid_sembako)),
             count(*) filter (where d.target_status = 'MISKIN_EKSTREM' and d.aid_bpnt),
             count(*) filter (where d.target_status = 'MISKIN_EKSTREM' and d.aid_bpum),
             count(*) filter (where d.target_status = 'MISKIN_EKSTREM' and d.aid_bst),
             count(*) filter (where d.target_status = 'MISKIN_EKSTREM' and d.aid_pkh),
             count(*) filter (where d.target_status = 'MISKIN_EKSTREM' and d.aid_sembako)
    from household d
    group by d.kabupaten_code, d.kecamatan_code, d.desa_code, coalesce(d.desil, 0);
  `.execute(db);
}
