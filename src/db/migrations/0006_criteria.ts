import { type Kysely, sql } from 'kysely';

/**
 * Kriteria: versioned criteria sets (a Perbup as data). Every save is a new version; adopting
 * one archives the previously adopted version of the same code. A trigger keeps adopted and
 * archived versions immutable whatever writes to the table.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table criteria_set (
      id bigint generated always as identity primary key,
      code text not null,
      version integer not null check (version > 0),
      title text not null,
      definition jsonb not null,
      status text not null default 'DRAFT' check (status in ('DRAFT', 'ADOPTED', 'ARCHIVED')),
      created_by bigint references app_user(id),
      created_at timestamptz not null default now(),
      adopted_by bigint references app_user(id),
      adopted_at timestamptz,
      note text,
      unique (code, version)
    );
    create unique index criteria_set_adopted_idx on criteria_set (code) where status = 'ADOPTED';
    create index criteria_set_status_idx on criteria_set (status, adopted_at desc);
    create index criteria_set_list_idx on criteria_set (code, version desc);

    create function criteria_set_guard() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        if old.status <> 'DRAFT' then
          raise exception 'criteria set % (%) cannot be deleted', old.id, old.status;
        end if;
        return old;
      end if;
      if new.code <> old.code or new.version <> old.version or new.title <> old.title
         or new.definition <> old.definition or new.note is distinct from old.note
         or new.created_by is distinct from old.created_by or new.created_at <> old.created_at then
        raise exception 'criteria set % is immutable: save a new version instead', old.id;
      end if;
      if not ((old.status = 'DRAFT' and new.status = 'ADOPTED') or (old.status = 'ADOPTED' and new.status = 'ARCHIVED')) then
        raise exception 'criteria set % cannot change from % to %', old.id, old.status, new.status;
      end if;
      if old.status = 'ADOPTED' and (new.adopted_by is distinct from old.adopted_by or new.adopted_at is distinct from old.adopted_at) then
        raise exception 'criteria set % adoption record is immutable', old.id;
      end if;
      return new;
    end $$;

    create trigger criteria_set_guard before update or delete on criteria_set
      for each row execute function criteria_set_guard();
  `.execute(db);
}
