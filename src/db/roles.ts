/**
 * The PostgreSQL role split (docs/postgresql-roles.md, ADR 0012): migrations run as the role
 * that owns the tables (DATABASE_OWNER_URL), the app as a runtime role (DATABASE_URL) that
 * may read and write what the app writes, but may only read and insert the audit log, its
 * anchors and the decrees, may not truncate them, and owns none of them, so it cannot disable
 * their triggers either.
 *
 * The runtime role does own the few tables the app alters while it runs: household, member
 * and import_issue (a bulk import suspends and rebuilds their indexes and keys) and
 * match_list_row with its partitions (each matching run attaches one). The owner role is made
 * a member of the runtime role so that later migrations can still alter those.
 */

/** Tables the runtime role may only read and insert into: append-only or immutable. */
export const APPEND_ONLY_TABLES = ['audit_log', 'audit_anchor', 'decree', 'decree_household'] as const;

/** Tables the app alters (indexes, keys, partitions) while it runs, so the runtime role owns them. */
export const RUNTIME_OWNED_TABLES = ['household', 'member', 'import_issue', 'match_list_row'] as const;

export interface RuntimeRoleOptions {
  /** Name of the runtime role, e.g. sasmita_app. */
  role: string;
  /** Its password; without one the role is created with LOGIN only (set it with \password). */
  password?: string | undefined;
}

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function isRoleName(name: string): boolean {
  return ROLE_NAME.test(name);
}

const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * SQL that creates (or updates) the runtime role and its grants in the current database.
 * Run it as a superuser after `sasmita migrate` ran as the owner role, and again after each
 * upgrade that adds tables. The owner is whoever owns audit_log.
 */
export function runtimeRoleSql(o: RuntimeRoleOptions): string {
  if (!isRoleName(o.role)) throw new Error(`invalid role name "${o.role}": lower-case letters, digits and _ only`);
  const r = o.role;
  const appendOnly = APPEND_ONLY_TABLES.join(', ');
  const owned = RUNTIME_OWNED_TABLES.map(literal).join(', ');
  const password = o.password === undefined ? '' : ` password ${literal(o.password)}`;
  return `-- Sasmita runtime role "${r}" (docs/postgresql-roles.md). Run as a superuser in the app's
-- database after \`sasmita migrate\` ran as the owner role; run again after every upgrade.
do $do$
begin
  if not exists (select 1 from pg_roles where rolname = ${literal(r)}) then
    create role ${r} login${password};
  end if;
end $do$;
${o.password === undefined ? `-- Without --password the role has none yet: set it with \\password ${r}\n` : `alter role ${r}${password};\n`}
do $do$
declare
  owner_role name := (select tableowner from pg_tables where schemaname = 'public' and tablename = 'audit_log');
  t regclass;
begin
  if owner_role is null then
    raise exception 'audit_log not found: run sasmita migrate (as the owner role) first';
  end if;
  if owner_role = ${literal(r)} then
    raise exception 'the runtime role % owns the tables; migrate as another (owner) role', owner_role;
  end if;
  execute format('grant connect, temporary on database %I to ${r}', current_database());
  -- The owner keeps the right to alter what the runtime role owns (later migrations).
  execute format('grant ${r} to %I', owner_role);

  grant usage on schema public, monitoring to ${r};
  -- Matching stages and run partitions (public), import stages (import_stage).
  grant create on schema public to ${r};
  grant usage, create on schema import_stage to ${r};
  grant select, insert, update, delete, references on all tables in schema public, monitoring to ${r};
  grant usage, select, update on all sequences in schema public, monitoring to ${r};
  execute format('alter default privileges for role %I in schema public, monitoring grant select, insert, update, delete, references on tables to ${r}', owner_role);
  execute format('alter default privileges for role %I in schema public, monitoring grant usage, select, update on sequences to ${r}', owner_role);

  -- Tables the app alters while it runs (bulk import indexes, matching run partitions).
  for t in
    select c.oid::regclass from pg_class c
     where c.oid in (${owned
       .split(', ')
       .map((x) => `${x}::regclass`)
       .join(', ')})
        or c.oid in (select inhrelid from pg_inherits where inhparent = 'match_list_row'::regclass)
  loop
    execute format('alter table %s owner to ${r}', t);
  end loop;

  -- A first import truncates the empty registry: household, member and every table that
  -- references them.
  for t in
    with recursive d(rel) as (
      select 'household'::regclass union select 'member'::regclass
      union select k.conrelid::regclass from pg_constraint k join d on k.confrelid = d.rel where k.contype = 'f')
    select rel from d
  loop
    execute format('grant truncate on %s to ${r}', t);
  end loop;

  -- Append-only and immutable tables: read and insert only; owned by the owner role, so the
  -- runtime role cannot disable their triggers either.
  revoke update, delete, truncate on ${appendOnly} from ${r};
  foreach t in array array['audit_log', 'audit_anchor', 'decree', 'decree_household']::regclass[] loop
    execute format('alter table %s owner to %I', t, owner_role);
  end loop;
end $do$;
`;
}
